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

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.tests.factories import WartaImageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.models import NewsroomSettings
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles
from warta.newsroom.tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site):
    setup_roles()
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
                           channels=[("Berita", "berita")])  # fmt: skip
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"),
                          channels=[("Berita", "berita")])  # fmt: skip
    channel = {s.site_name: ChannelPage.objects.child_of(s.root_page).get(slug="berita")
               for s in (jatim, bali)}  # fmt: skip
    bali_collection = Collection.objects.get(name="Warta Bali")
    return {
        "jatim": jatim, "bali": bali, "national": site,
        "story": ArticlePageFactory(parent=channel["Warta Jatim"], title="Berita Jatim"),
        "bali_draft": ArticlePageFactory(parent=channel["Warta Bali"], publish=False,
                                         title="Draf rahasia Bali"),
        "bali_live": ArticlePageFactory(parent=channel["Warta Bali"], title="Terbit Bali"),
        "bali_image": WartaImageFactory(title="Foto Bali", collection=bali_collection),
        "jatim_image": WartaImageFactory(
            title="Foto Jatim", collection=Collection.objects.get(name="Warta Jatim")),
    }  # fmt: skip


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
