"""A regional desk sees and edits only its own site's pages, images and documents in the
admin, and cannot reach another site's through the URL either: every check goes through HTTP,
as a browser (or an attacker typing URLs) would."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.tests.factories import WartaImageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, REPORTER, group_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def desks(site):
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    content = {}
    for region in (jatim, bali):
        berita = ChannelPage.objects.child_of(region.root_page).get(slug="berita")
        collection = Collection.objects.get(name=region.site_name)
        content[region.site_name] = {
            "channel": berita,
            "live": ArticlePageFactory(parent=berita, title=f"Terbit {region.site_name}"),
            "draft": ArticlePageFactory(
                parent=berita, title=f"Draf {region.site_name}", publish=False
            ),
            "image": WartaImageFactory(title=f"Foto {region.site_name}", collection=collection),
            "document": get_document_model().objects.create(
                title=f"Dokumen {region.site_name}",
                collection=collection,
                file=ContentFile(b"%PDF-1.4 contoh", name="contoh.pdf"),
            ),
        }
    return content


def login(client, role):
    user = get_user_model().objects.create_user(f"{role}-jatim", "j@w.localhost", "pw")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


def refused(response) -> bool:
    """Wagtail answers a denied admin request with 403 or by sending the user home."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize("role", [EDITOR, REPORTER])
def test_regional_desk_cannot_reach_another_sites_pages(client, desks, role):
    from warta.network.services import Site

    jatim = Site.objects.get(site_name="Warta Jatim")
    user = login(client, group_name(role, jatim))
    own, other = desks["Warta Jatim"], desks["Warta Bali"]
    ArticlePage.objects.filter(pk=own["draft"].pk).update(owner=user)  # reporters edit their own
    # Its own site works.
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own["draft"].pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_explore", args=[own["channel"].pk])).status_code == 200
    add_own = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", own["channel"].pk])
    assert client.get(add_own).status_code == 200
    # Another site's pages: not through any admin URL.
    for story in (other["draft"], other["live"]):
        for name in ("edit", "view_draft", "delete", "unpublish", "history", "move", "copy"):
            url = reverse(f"wagtailadmin_pages:{name}", args=[story.pk])
            assert refused(client.get(url)), (name, story.title)
        assert refused(
            client.post(
                reverse("wagtailadmin_pages:edit", args=[story.pk]),
                {"title": "Dibajak", "action-publish": "1"},
            )
        )
        assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[story.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[other["live"].pk])))
    add_other = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", other["channel"].pk]
    )
    assert refused(client.get(add_other))
    assert refused(client.post(add_other, {"title": "Sisipan", "slug": "sisipan"}))
    explore = client.get(reverse("wagtailadmin_explore", args=[other["channel"].pk]))
    assert refused(explore) or other["draft"].title not in explore.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Bali"})
    assert other["draft"].title not in search.content.decode()
    assert other["live"].title not in search.content.decode()
    # Nothing changed on the other site.
    live = ArticlePage.objects.get(pk=other["live"].pk)
    assert live.live and live.title == "Terbit Warta Bali"
    assert ArticlePage.objects.filter(pk=other["draft"].pk).exists()


@pytest.mark.parametrize("role", [EDITOR, REPORTER])
def test_regional_desk_sees_only_its_own_images_and_documents(client, desks, role):
    from warta.network.services import Site

    jatim = Site.objects.get(site_name="Warta Jatim")
    login(client, group_name(role, jatim))
    own, other = desks["Warta Jatim"], desks["Warta Bali"]
    for listing in (
        "wagtailimages:index",
        "wagtailimages_chooser:choose",
        "wagtaildocs:index",
        "wagtaildocs_chooser:choose",
    ):
        html = client.get(reverse(listing)).content.decode()
        kind = "image" if "images" in listing else "document"
        if role == EDITOR or "chooser" in listing:  # reporters manage only their own uploads
            assert own[kind].title in html, listing
        assert other[kind].title not in html, listing
    for name in ("wagtailimages:edit", "wagtailimages:delete"):
        assert refused(client.get(reverse(name, args=[other["image"].pk])))
    assert refused(client.post(reverse("wagtailimages:delete", args=[other["image"].pk])))
    for name in ("wagtaildocs:edit", "wagtaildocs:delete"):
        assert refused(client.get(reverse(name, args=[other["document"].pk])))
    assert refused(client.post(reverse("wagtaildocs:delete", args=[other["document"].pk])))
    assert other["image"].__class__.objects.filter(pk=other["image"].pk).exists()
    assert get_document_model().objects.filter(pk=other["document"].pk).exists()
    # Uploads land in the desk's own collection: it is the only one offered.
    add_form = client.get(reverse("wagtailimages:add")).content.decode()
    assert "Warta Bali" not in add_form


def test_stories_in_moderation_stay_with_their_own_sites_editors(client, desks):
    from wagtail.models import Site

    from warta.newsroom.roles import setup_roles

    setup_roles(per_site=True)
    bali = Site.objects.get(site_name="Warta Bali")
    jatim = Site.objects.get(site_name="Warta Jatim")
    draft = ArticlePage.objects.get(pk=desks["Warta Bali"]["draft"].pk)
    workflow = draft.get_workflow()
    assert workflow.name.endswith("Warta Bali")
    workflow.start(draft, get_user_model().objects.create_user("penulis-bali"))
    login(client, group_name(EDITOR, jatim))
    for name in ("edit", "view_draft"):
        assert refused(client.get(reverse(f"wagtailadmin_pages:{name}", args=[draft.pk]))), name
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert draft.title not in dashboard
    bali_editor = get_user_model().objects.create_user("redaktur-bali")
    bali_editor.groups.add(Group.objects.get(name=group_name(EDITOR, bali)))
    client.force_login(bali_editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200
    assert draft.title in client.get(reverse("wagtailadmin_home")).content.decode()
