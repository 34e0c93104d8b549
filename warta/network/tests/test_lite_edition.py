"""The disaster switch: a network admin switches a whole regional site to its lite edition
with one confirmed action (its cached pages are purged; every page is then lite with the
reason shown) and back the same way. Regional editors cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.models import SiteSettings
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles

pytestmark = pytest.mark.django_db


def make(username: str, group: str):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def jatim(site):
    setup_roles()
    region = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    berita = ChannelPage.objects.child_of(region.root_page).get(slug="berita")
    ArticlePageFactory(parent=berita, title="Jembatan Suramadu ditutup")
    return region


def is_lite(response) -> bool:
    return b'class="tag">Edisi ringan' in response.content


def test_a_network_admin_switches_a_region_to_lite_and_back(client, jatim):
    client.force_login(make("jaringan", NETWORK_ADMIN))
    listing = client.get(reverse("lite_editions"))
    assert listing.status_code == 200 and b"Warta Jatim" in listing.content
    assert b"Edisi ringan" in client.get(reverse("wagtailadmin_home")).content  # the menu
    url = reverse("lite_edition_switch", args=[jatim.pk])
    confirm = client.get(url)
    assert b"Ya, aktifkan edisi ringan" in confirm.content
    assert not SiteSettings.objects.get(site=jatim).lite_edition  # a GET changes nothing
    client.logout()
    # A reader fills the cache with the full page.
    before = client.get("/", HTTP_HOST=jatim.hostname)
    assert before["X-Cache"] == "MISS" and not is_lite(before)
    assert client.get("/", HTTP_HOST=jatim.hostname)["X-Cache"] == "HIT"

    client.force_login(get_user_model().objects.get(username="jaringan"))
    done = client.post(url, {"reason": "banjir di Jawa Timur"})
    assert done.status_code == 302 and done["Location"] == reverse("lite_editions")
    client.logout()
    for path in ("/", "/berita/", "/berita/jembatan-suramadu-ditutup/"):
        page = client.get(path, HTTP_HOST=jatim.hostname)
        assert page.status_code == 200 and is_lite(page), path
        assert b"Edisi ringan aktif karena banjir di Jawa Timur." in page.content
        assert b"Edisi lengkap</a>" not in page.content  # nothing to go back to meanwhile
    assert client.get("/", HTTP_HOST=jatim.hostname)["X-Cache"] == "HIT"  # cached as lite
    assert not is_lite(client.get("/"))  # the other sites are left alone

    client.force_login(get_user_model().objects.get(username="jaringan"))
    assert b"Ya, kembalikan edisi lengkap" in client.get(url).content
    client.post(url)
    client.logout()
    after = client.get("/", HTTP_HOST=jatim.hostname)
    assert after["X-Cache"] == "MISS" and not is_lite(after)
    assert SiteSettings.objects.get(site=jatim).lite_reason == ""


def test_switching_on_needs_a_reason(client, jatim):
    client.force_login(make("jaringan", NETWORK_ADMIN))
    response = client.post(reverse("lite_edition_switch", args=[jatim.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert b"Tuliskan alasan yang akan dibaca pembaca." in response.content
    assert not SiteSettings.objects.get(site=jatim).lite_edition


def test_regional_editors_cannot_flip_it(client, jatim):
    editor = make("redaktur-jatim", group_name(EDITOR, jatim))
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    url = reverse("lite_edition_switch", args=[jatim.pk])
    # Wagtail answers a denied admin view by sending the user to the dashboard with a message.
    for response in (
        client.get(reverse("lite_editions")),
        client.get(url),
        client.post(url, {"reason": "uji"}),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not SiteSettings.objects.get(site=jatim).lite_edition
    assert reverse("lite_editions").encode() not in client.get(reverse("wagtailadmin_home")).content
    client.logout()
    anonymous = client.post(url, {"reason": "uji"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not SiteSettings.objects.get(site=jatim).lite_edition


def test_the_site_settings_form_does_not_switch_lite_without_the_confirmed_action(client, jatim):
    """The switch asks for a reason readers see; the settings form, which also saves other
    fields, neither shows it nor changes it."""
    client.force_login(make("jaringan", NETWORK_ADMIN))
    url = reverse("wagtailsettings:edit", args=["core", "sitesettings", jatim.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert b'name="lite_edition"' not in form.content
    assert b'name="tagline"' in form.content
    saved = client.post(
        url,
        {
            "tagline": "Kabar Jawa Timur",
            "time_zone": "Asia/Jakarta",
            "primary_colour": "#b3121f",
            "slug": "jatim",
            "province_code": "35",
            "circulate_channels": "nasional",
            "search_half_life_days": "7",
            "lite_edition": "on",
            "lite_reason": "tanpa konfirmasi",
        },
    )
    assert saved.status_code == 302
    stored = SiteSettings.objects.get(site=jatim)
    assert stored.tagline == "Kabar Jawa Timur"
    assert not stored.lite_edition and stored.lite_reason == ""
