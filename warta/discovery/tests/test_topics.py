"""Topics from the text (discovery.topics): suggestions stored on publish and by
`suggest_topics`, decided on the "Saran topik" screen by those who may publish on the story's
site, accepted ones published as tags (topic page, related lists), rejected ones gone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.channels.models import ChannelPage
from warta.discovery.models import TopicSuggestion
from warta.discovery.topics import store_topic_suggestions
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles
from warta.newsroom.tests.conftest import make_user

pytestmark = pytest.mark.django_db

REVIEW = "/admin/saran-topik/"
DECIDE = "/admin/saran-topik/putuskan/"
TITLE = "Rusia Minta Bantuan Senjata ke Korea Utara"
BODY = (
    "Pemerintah Amerika Serikat menyebut Rusia putus asa karena meminta amunisi dari Korea "
    "Utara untuk perang di Ukraina.",
    "Pyongyang belum menanggapi. Pejabat Korea Utara hanya menyebut kerja sama kedua negara "
    "sah. Rusia membantah.",
)


def story(parent, title: str = TITLE, *paragraphs: str, **kwargs) -> ArticlePage:
    return ArticlePageFactory(
        parent=parent, title=title, body=paragraph_body(*(paragraphs or BODY)), **kwargs
    )


def pending(article: ArticlePage) -> list[str]:
    rows = TopicSuggestion.objects.filter(article=article, status=TopicSuggestion.SUGGESTED)
    return list(rows.order_by("-score").values_list("name", flat=True))


def suggestion(article: ArticlePage, name: str) -> TopicSuggestion:
    return TopicSuggestion.objects.get(article=article, name=name)


@pytest.fixture
def roles(site, channel):
    setup_roles()


@pytest.fixture
def redaktur(roles):
    return make_user("redaktur", EDITOR)


@pytest.fixture
def published(channel, django_capture_on_commit_callbacks) -> ArticlePage:
    with django_capture_on_commit_callbacks(execute=True):
        return story(channel)


def test_publishing_a_story_stores_topics_from_its_text(published):
    names = pending(published)
    assert {"Korea Utara", "Rusia"} <= set(names[:4])
    assert "Amerika Serikat" in names
    assert len(names) <= 6


def test_existing_tags_are_never_suggested(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tagged = story(channel, tags=["korea utara"])
    assert "Rusia" in pending(tagged)
    assert not {"Korea Utara", "korea utara", "Korut"} & set(pending(tagged))


def test_the_command_fills_existing_stories_once(channel):
    first = story(channel)  # on_commit callbacks not run: as if published before this feature
    second = story(channel, "Banjir Rob Rendam Semarang", "Banjir rob kembali merendam Semarang.")
    assert not TopicSuggestion.objects.exists()
    out = StringIO()
    call_command("suggest_topics", "--quiet", stdout=out)
    assert "for 2 stories" in out.getvalue()
    assert "Korea Utara" in pending(first) and "Semarang" in pending(second)
    suggestion(first, "Korea Utara").delete()
    TopicSuggestion.objects.filter(article=first, name="Rusia").update(
        status=TopicSuggestion.REJECTED
    )
    count = TopicSuggestion.objects.count()
    call_command("suggest_topics", "--quiet", stdout=StringIO())
    assert TopicSuggestion.objects.count() == count + 1  # Korea Utara back, nothing doubled
    assert suggestion(first, "Rusia").status == TopicSuggestion.REJECTED
    with pytest.raises(Exception, match="no site with hostname"):
        call_command("suggest_topics", "--site", "nowhere.example", stdout=StringIO())


def test_accepting_publishes_the_tag_and_the_topic_page_lists_the_story_at_once(
    client, published, channel, redaktur, django_capture_on_commit_callbacks
):
    other = story(channel, "Kim Jong Un Tinjau Pabrik Amunisi", "Korea Utara menambah produksi.")
    other.tags.add("Korea Utara")
    other.save_revision().publish()
    assert TITLE not in client.get("/tag/korea-utara/").content.decode()  # now cached
    revisions = published.revisions.count()

    client.force_login(redaktur)
    korea = suggestion(published, "Korea Utara")
    assert f'value="{korea.pk}"' in client.get(REVIEW).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DECIDE, {"terima": korea.pk})
    assert response.status_code == 302

    published.refresh_from_db()
    assert "Korea Utara" in published.tags.names()
    assert published.revisions.count() == revisions + 1
    assert not published.has_unpublished_changes
    assert published.live_revision.user == redaktur
    korea.refresh_from_db()
    assert (korea.status, korea.decided_by) == (TopicSuggestion.ACCEPTED, redaktur)
    entry = PageLogEntry.objects.get(page=published, action="warta.topics.accept")
    assert entry.user == redaktur and entry.data == {"tags": ["Korea Utara"]}
    client.logout()
    assert TITLE in Client().get("/tag/korea-utara/").content.decode()
    # The next refresh of suggestions keeps the decision and does not offer the tag again.
    store_topic_suggestions(published)
    assert "Korea Utara" not in pending(published)


def test_bulk_accept_adds_every_ticked_tag_in_one_revision(client, published, redaktur):
    client.force_login(redaktur)
    ticked = [suggestion(published, n).pk for n in ("Korea Utara", "Rusia")]
    revisions = published.revisions.count()
    client.post(DECIDE, {"pilih": ticked, "semua": "terima"})
    published.refresh_from_db()
    assert {"Korea Utara", "Rusia"} <= set(published.tags.names())
    assert published.revisions.count() == revisions + 1
    client.post(DECIDE, {"terima_berita": published.pk})
    published.refresh_from_db()
    assert not pending(published)
    assert set(published.tags.names()) >= {"Korea Utara", "Rusia", "Amerika Serikat"}


def test_a_rejected_suggestion_is_never_offered_again(client, published, redaktur):
    client.force_login(redaktur)
    rusia = suggestion(published, "Rusia")
    client.post(DECIDE, {"tolak": rusia.pk})
    rusia.refresh_from_db()
    assert rusia.status == TopicSuggestion.REJECTED
    assert "Rusia" not in published.tags.names()
    store_topic_suggestions(published)
    assert "Rusia" not in pending(published)
    assert f'value="{rusia.pk}"' not in client.get(REVIEW).content.decode()
    # Nor by the story editor's panel, which puts the stored suggestions first.
    answer = client.post(
        "/admin/saran-tag/", {"title": TITLE, "text": "\n".join(BODY), "page": published.pk}
    ).json()["suggestions"]
    assert "Rusia" not in [s["name"] for s in answer]
    assert answer[0]["stored"] and answer[0]["name"] == pending(published)[0]


def test_a_pending_draft_is_not_published_along_with_the_tag(client, published, redaktur):
    draft = published.get_latest_revision_as_object()
    draft.title = "Judul baru yang belum diperiksa"
    draft.save_revision()
    client.force_login(redaktur)
    korea = suggestion(published, "Korea Utara")
    response = client.post(DECIDE, {"terima": korea.pk})
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("belum diterbitkan" in note for note in notes)
    published.refresh_from_db()
    assert published.title == TITLE and "Korea Utara" not in published.tags.names()
    korea.refresh_from_db()
    assert korea.status == TopicSuggestion.SUGGESTED


def test_post_only_with_csrf(client, published, redaktur):
    client.force_login(redaktur)
    assert client.get(DECIDE).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(redaktur)
    korea = suggestion(published, "Korea Utara")
    assert strict.post(DECIDE, {"terima": korea.pk}).status_code == 403
    assert client.post(DECIDE, {"terima": "x"}).status_code == 404


@pytest.fixture
def regions(site, django_capture_on_commit_callbacks):
    setup_roles()
    made = {}
    for slug, name, code in (("jatim", "Warta Jatim", "35"), ("bali", "Warta Bali", "51")):
        region = provision_site(
            RegionSpec(name=name, slug=slug, province_code=code), channels=[("Berita", "berita")]
        )
        made[slug] = (region, ChannelPage.objects.child_of(region.root_page).get(slug="berita"))
    return made


def test_a_regional_editor_never_sees_or_decides_another_sites_suggestions(
    client, regions, django_capture_on_commit_callbacks
):
    (jatim, jatim_channel), (_bali, bali_channel) = regions["jatim"], regions["bali"]
    with django_capture_on_commit_callbacks(execute=True):
        ours = story(jatim_channel, "Rusia Minta Senjata ke Korea Utara, Kata Warga Surabaya")
        theirs = story(bali_channel)
    editor = make_user("redaktur-jatim", group_name(EDITOR, jatim))
    client.force_login(editor)
    page = client.get(REVIEW).content.decode()
    assert f'data-story="{ours.pk}"' in page and f'data-story="{theirs.pk}"' not in page
    forged = suggestion(theirs, "Korea Utara")
    assert client.post(DECIDE, {"terima": forged.pk}).status_code == 404
    assert client.post(DECIDE, {"tolak": forged.pk}).status_code == 404
    assert client.post(DECIDE, {"terima_berita": theirs.pk}).status_code == 404
    mixed = {"pilih": [suggestion(ours, "Rusia").pk, forged.pk], "semua": "terima"}
    assert client.post(DECIDE, mixed).status_code == 404
    theirs.refresh_from_db()
    assert not list(theirs.tags.names())
    assert TopicSuggestion.objects.filter(status=TopicSuggestion.SUGGESTED).count() == (
        len(pending(ours)) + len(pending(theirs))
    )
    # A reporter may not publish: no screen (Wagtail turns the 403 into a way home), no
    # decisions.
    client.force_login(make_user("reporter-jatim", group_name(REPORTER, jatim)))
    refused = client.get(REVIEW)
    assert refused.status_code in (302, 403) and b"Rusia" not in refused.content
    refused = client.post(DECIDE, {"terima": suggestion(ours, "Rusia").pk})
    assert refused.status_code in (302, 403)
    assert suggestion(ours, "Rusia").status == TopicSuggestion.SUGGESTED


def test_another_sites_drafts_never_lend_a_name(regions, django_capture_on_commit_callbacks):
    (_, jatim_channel), (_, bali_channel) = regions["jatim"], regions["bali"]
    ArticlePageFactory(parent=bali_channel, publish=False, tags=["Operasi Senyap"])
    text = "Polisi menggelar Operasi Senyap di pelabuhan, kata juru bicara."
    with django_capture_on_commit_callbacks(execute=True):
        jatim_story = story(jatim_channel, "Razia di Pelabuhan", text)
        bali_story = story(bali_channel, "Razia di Pelabuhan", text)
    # Named once, it is only suggested as a known topic: Bali's own draft makes it one for
    # Bali's story; Jawa Timur's story never learns the name.
    assert "Operasi Senyap" in pending(bali_story)
    assert "Operasi Senyap" not in pending(jatim_story)


def test_the_menu_and_screen_are_in_the_desk(client, published, redaktur):
    client.force_login(redaktur)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert REVIEW in home and "Saran topik" in home
    page = client.get(REVIEW)
    assert page.status_code == 200
    assert "Terima yang dipilih" in page.content.decode()
