"""The tenant rule (newsroom.isolation) where a regional desk saves something: per-site
settings only for its own site, and every chooser (related pins, home slots, the hero photo,
photos in the body, an author's photo) refusing another site's unpublished pages and files
with a form error naming the field, while another site's published story may still be
pinned. The generated walk over every admin URL is warta/core/tests/test_cross_site_access.py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from warta.articles.models import ArticlePage, Author, RelatedPin
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.models import ChannelPage, HomePage, HomePageSlot
from warta.core.tests.factories import WartaImageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.models import NewsroomSettings
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles
from warta.newsroom.tests.conftest import edit_form, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site):
    setup_roles()
    jatim = provision_site(
        RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
        channels=[("Berita", "berita")],
    )
    bali = provision_site(
        RegionSpec(name="Warta Bali", slug="bali", province_code="51"),
        channels=[("Berita", "berita")],
    )
    channel = {
        s.site_name: ChannelPage.objects.child_of(s.root_page).get(slug="berita")
        for s in (jatim, bali)
    }
    bali_collection = Collection.objects.get(name="Warta Bali")
    return {
        "jatim": jatim,
        "bali": bali,
        "national": site,
        "story": ArticlePageFactory(parent=channel["Warta Jatim"], title="Berita Jatim"),
        "bali_draft": ArticlePageFactory(
            parent=channel["Warta Bali"], publish=False, title="Draf rahasia Bali"
        ),
        "bali_live": ArticlePageFactory(parent=channel["Warta Bali"], title="Terbit Bali"),
        "bali_image": WartaImageFactory(title="Foto Bali", collection=bali_collection),
        "jatim_image": WartaImageFactory(
            title="Foto Jatim", collection=Collection.objects.get(name="Warta Jatim")
        ),
    }


@pytest.fixture
def desk(client, network):
    client.force_login(make_user("redaktur-jatim", group_name(EDITOR, network["jatim"])))
    return client


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# ---- per-site settings (finding 6) ----------------------------------------------------------


def settings_url(site=None) -> str:
    args = ["newsroom", "newsroomsettings"] + ([site.pk] if site else [])
    return reverse("wagtailsettings:edit", args=args)


def test_a_regional_editor_edits_only_its_own_sites_quality_gates(desk, network):
    jatim, bali = network["jatim"], network["bali"]
    NewsroomSettings.objects.create(site=bali, headline_max_length=90)
    own = desk.get(settings_url(jatim))
    assert own.status_code == 200
    desk.post(settings_url(jatim), {"headline_max_length": "120", "require_summary": "on"})
    assert NewsroomSettings.objects.get(site=jatim).headline_max_length == 120
    # Another site's settings: neither shown nor changed, and no 500.
    assert desk.get(settings_url(bali)).status_code in (302, 403)
    assert desk.post(settings_url(bali), {"headline_max_length": "20"}).status_code in (302, 403)
    assert desk.get(settings_url(network["national"])).status_code in (302, 403)
    assert NewsroomSettings.objects.get(site=bali).headline_max_length == 90
    # The settings menu opens the desk's own site, whatever host the admin is on.
    assert desk.get(settings_url())["Location"] == settings_url(jatim)


def test_the_site_switcher_offers_only_the_sites_one_edits(client, network):
    jatim, bali = network["jatim"], network["bali"]
    both = make_user("redaktur-dua", group_name(EDITOR, jatim))
    both.groups.add(Group.objects.get(name=group_name(EDITOR, bali)))
    client.force_login(both)
    switcher = BeautifulSoup(client.get(settings_url(jatim)).content, "html.parser")
    offered = {o.get_text(strip=True) for o in switcher.select("select[name=site] option")}
    assert offered == {str(jatim), str(bali)}
    client.force_login(make_user("jaringan", NETWORK_ADMIN))
    admin = BeautifulSoup(client.get(settings_url(bali)).content, "html.parser")
    assert len(admin.select("select[name=site] option")) == 3  # network admins: every site


# ---- choosers on save (finding 7) -----------------------------------------------------------


def add_pin(data, target_pk: int) -> None:
    count = int(data["related_pins-TOTAL_FORMS"])
    data.update(
        {
            "related_pins-TOTAL_FORMS": str(count + 1),
            f"related_pins-{count}-target": str(target_pk),
            f"related_pins-{count}-ORDER": str(count + 1),
            f"related_pins-{count}-id": "",
            f"related_pins-{count}-DELETE": "",
        }
    )


def save_story(desk, story, change) -> tuple[str, ArticlePage]:
    data = edit_form(desk, story)
    change(data)
    response = desk.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert response.status_code in (200, 302)
    return text_of(response), ArticlePage.objects.get(pk=story.pk)


def test_a_pin_to_another_sites_draft_is_refused_naming_the_field(desk, network):
    story = network["story"]
    text, saved = save_story(desk, story, lambda d: add_pin(d, network["bali_draft"].pk))
    assert "Artikel: halaman ini milik situs lain dan belum terbit" in text
    assert "Draf rahasia Bali" not in text
    assert not RelatedPin.objects.filter(page=story).exists()
    assert saved.get_latest_revision().object_id == str(story.pk)
    assert saved.revisions.count() == 1  # nothing saved


def test_a_pin_to_another_sites_published_story_is_a_legitimate_choice(desk, network):
    story, live = network["story"], network["bali_live"]
    found = desk.get(reverse("wagtailadmin_choose_page_search"), {"q": "Bali"}).content.decode()
    assert "Terbit Bali" in found and "Draf rahasia Bali" not in found
    save_story(desk, story, lambda d: add_pin(d, live.pk))
    assert saved_pins(story) == [live.pk]
    # Bali then drafts a new headline: Jatim's form shows the published one only.
    bali_live = ArticlePage.objects.get(pk=live.pk)
    bali_live.title = "Judul baru rahasia"
    bali_live.save_revision()
    form = desk.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Terbit Bali" in form and "Judul baru rahasia" not in form
    # Once withdrawn, it shows no headline at all; the story still saves with it.
    bali_live.unpublish()
    form = desk.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Halaman situs lain yang belum terbit" in form and "Terbit Bali" not in form
    text, _ = save_story(desk, story, lambda d: d.update(summary="Ringkasan baru."))
    assert "milik situs lain" not in text
    assert ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().summary == (
        "Ringkasan baru."
    )


def saved_pins(story) -> list[int]:
    revision = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    return [pin.target_id for pin in revision.related_pins.all()]


def test_another_sites_photo_is_refused_as_hero_and_in_the_body(desk, network):
    story, foreign = network["story"], network["bali_image"]
    text, _ = save_story(desk, story, lambda d: d.update(hero_image=str(foreign.pk)))
    assert "Foto utama: berkas ini ada di koleksi situs lain" in text
    body = nested_form_data(
        {
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Isi.</p>")),
                    ("image", {"image": foreign.pk, "caption": "", "credit": ""}),
                ]
            )
        }
    )
    text, saved = save_story(desk, story, lambda d: d.update(body))
    assert "Isi berita: berkas ini ada di koleksi situs lain" in text
    assert saved.revisions.count() == 1
    own = network["jatim_image"]
    save_story(desk, story, lambda d: d.update(hero_image=str(own.pk)))
    assert ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object().hero_image == own


def test_a_home_slot_takes_another_sites_public_story_not_its_draft(desk, network):
    home = HomePage.objects.get(pk=network["jatim"].root_page.pk)
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])

    def with_slot(article) -> dict:
        from wagtail.test.utils.form_data import querydict_from_html

        data = querydict_from_html(desk.get(url).content.decode(), form_id="page-edit-form")
        data.update(
            {
                "slots-TOTAL_FORMS": "1",
                "slots-0-article": str(article.pk),
                "slots-0-kind": HomePageSlot.HEADLINE,
                "slots-0-expires_at": "",
                "slots-0-id": "",
                "slots-0-ORDER": "1",
                "slots-0-DELETE": "",
            }
        )
        return data

    refused = desk.post(url, with_slot(network["bali_draft"]))
    assert "halaman ini milik situs lain dan belum terbit" in text_of(refused)
    assert home.revisions.count() == HomePage.objects.get(pk=home.pk).revisions.count()
    desk.post(url, with_slot(network["bali_live"]))
    latest = HomePage.objects.get(pk=home.pk).get_latest_revision_as_object()
    assert [slot.article_id for slot in latest.slots.all()] == [network["bali_live"].pk]


def test_an_authors_photo_comes_from_the_desks_own_collection(desk, network):
    author = AuthorFactory(name="Penulis Jatim")
    url = reverse("wagtailsnippets_articles_author:edit", args=[author.pk])
    data = {
        "name": author.name,
        "slug": author.slug,
        "job_title": "",
        "bio": "",
        "user": "",
        "photo": str(network["bali_image"].pk),
    }
    response = desk.post(url, data)
    assert "berkas ini ada di koleksi situs lain" in text_of(response)
    assert Author.objects.get(pk=author.pk).photo is None
    desk.post(url, {**data, "photo": str(network["jatim_image"].pk)})
    assert Author.objects.get(pk=author.pk).photo == network["jatim_image"]
