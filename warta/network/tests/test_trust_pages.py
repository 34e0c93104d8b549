"""Trust pages (Redaksi, Pedoman Media Siber, Kode Etik, Tentang Kami, Kontak, Privasi): the
network's defaults on the national site, a region's own page wins on that region, every site
serves them at a fixed path on its own host (and /r/<slug>/) with a footer listing them; cached
and purged exactly (editing the default purges the regions that show it); regional desks edit
only their own site's pages."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Site

from warta.network.models import TrustPage
from warta.network.services import RegionSpec, provision_site
from warta.network.tests.factories import TrustPageFactory
from warta.newsroom.roles import EDITOR, group_name

pytestmark = pytest.mark.django_db

JATIM = "jatim.warta.localhost"
BALI = "bali.warta.localhost"


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_site, module_world

    with module_world(django_db_blocker):
        site = build_site()
        jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
        bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
        default = TrustPageFactory(
            parent=site.root_page, title="Redaksi Warta", body="<p>Pemimpin Redaksi Nasional</p>"
        )
        TrustPageFactory(
            parent=site.root_page,
            kind=TrustPage.PRIVASI,
            title="Kebijakan Privasi",
            body="<p>Tanpa cookie pelacak.</p>",
        )
        yield {"national": site.pk, "jatim": jatim.pk, "bali": bali.pk, "default": default.pk}


@pytest.fixture
def network(built_network, db):
    sites = {
        name: Site.objects.get(pk=built_network[name]) for name in ("national", "jatim", "bali")
    }
    return {**sites, "default": TrustPage.objects.get(pk=built_network["default"])}


def get(client, host, path):
    return client.get(path, HTTP_HOST=host)


def test_the_network_default_answers_on_every_site_with_its_frame(client, network):
    national = get(client, "localhost", "/redaksi/")
    assert national.status_code == 200
    assert "Pemimpin Redaksi Nasional" in national.content.decode()
    for host, path, name in [
        (JATIM, "/redaksi/", "Warta Jatim"),
        ("localhost", "/r/bali/redaksi/", "Warta Bali"),
    ]:
        response = get(client, host, path)
        html = response.content.decode()
        assert response.status_code == 200, (host, path)
        assert "Pemimpin Redaksi Nasional" in html
        assert f"<title>Redaksi Warta - {name}</title>" in html  # the reader's site
    # Under /r/<slug>/ every trust link stays on the prefix.
    html = get(client, "localhost", "/r/bali/privasi/").content.decode()
    assert 'href="/r/bali/redaksi/"' in html and 'href="/r/bali/koreksi/"' in html
    assert 'href="/r/bali/indeks/"' in html
    assert 'href="/redaksi/"' not in html


def test_a_regions_own_page_wins_there_only(client, network):
    TrustPageFactory(
        parent=network["jatim"].root_page, title="Redaksi Jatim", body="<p>Redaksi Surabaya</p>"
    )
    jatim = get(client, JATIM, "/redaksi/").content.decode()
    assert "Redaksi Surabaya" in jatim and "Pemimpin Redaksi Nasional" not in jatim
    bali = get(client, BALI, "/redaksi/").content.decode()
    assert "Pemimpin Redaksi Nasional" in bali
    national = get(client, "localhost", "/redaksi/").content.decode()
    assert "Pemimpin Redaksi Nasional" in national


def test_a_kind_nobody_wrote_is_a_404(client, network):
    assert get(client, "localhost", "/kontak/").status_code == 404
    assert get(client, JATIM, "/kontak/").status_code == 404
    assert get(client, "localhost", "/r/nowhere/redaksi/").status_code == 404


def test_footer_lists_the_sites_trust_pages_and_koreksi(client, network):
    html = get(client, JATIM, "/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/redaksi/"' in footer and 'href="/privasi/"' in footer
    assert 'href="/kontak/"' not in footer  # no page of that kind anywhere
    assert 'href="/koreksi/"' in footer and 'href="/indeks/"' in footer
    assert "News updates" not in footer


def test_editing_the_default_purges_the_regions_showing_it(client, network):
    assert "Nasional" in get(client, BALI, "/redaksi/").content.decode()
    again = get(client, BALI, "/redaksi/")
    assert again["X-Cache"] == "HIT"
    assert get(client, "localhost", "/r/jatim/redaksi/").status_code == 200
    default = TrustPage.objects.get(pk=network["default"].pk)
    default.body = "<p>Pemimpin Redaksi Baru</p>"
    default.save_revision().publish()
    for host, path in [(BALI, "/redaksi/"), ("localhost", "/r/jatim/redaksi/")]:
        response = get(client, host, path)
        assert response["X-Cache"] == "MISS", (host, path)
        assert "Pemimpin Redaksi Baru" in response.content.decode()


def test_a_new_override_purges_its_kind_and_a_new_kind_the_footers(client, network):
    get(client, JATIM, "/redaksi/")
    get(client, BALI, "/")
    assert get(client, BALI, "/")["X-Cache"] == "HIT"
    TrustPageFactory(
        parent=network["jatim"].root_page, title="Redaksi Jatim", body="<p>Redaksi Surabaya</p>"
    )
    assert "Redaksi Surabaya" in get(client, JATIM, "/redaksi/").content.decode()
    # A kind the network did not have yet: every footer lists it.
    TrustPageFactory(parent=network["national"].root_page, kind=TrustPage.KONTAK, title="Kontak")
    bali_home = get(client, BALI, "/")
    assert bali_home["X-Cache"] == "MISS"
    assert 'href="/kontak/"' in bali_home.content.decode()
    # Unpublished: gone from the footers and its page.
    TrustPage.objects.get(kind=TrustPage.KONTAK).unpublish()
    assert 'href="/kontak/"' not in get(client, BALI, "/").content.decode()
    assert get(client, BALI, "/kontak/").status_code == 404


def test_slug_follows_the_kind(network):
    page = TrustPage(kind=TrustPage.KODE_ETIK, title="Kode Etik", slug="lain")
    network["national"].root_page.add_child(instance=page)
    page.full_clean()
    assert page.slug == "kode-etik"


# --- Who may edit them ----------------------------------------------------------------------


def login(client, group):
    user = get_user_model().objects.create_user("editor-jatim", "e@w.localhost", "pw")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["network", "trustpage", parent.pk])


def form_data(kind: str, title: str) -> dict:
    return {
        "kind": kind,
        "title": title,
        "slug": kind,
        "lead": "",
        "body": '{"blocks": [], "entityMap": {}}',
        "action-publish": "publish",
    }


def test_a_regional_editor_creates_the_regions_override(client, network):
    jatim = network["jatim"]
    login(client, group_name(EDITOR, jatim))
    assert client.get(add_url(jatim.root_page)).status_code == 200
    response = client.post(add_url(jatim.root_page), form_data("redaksi", "Redaksi Jatim"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = TrustPage.objects.child_of(jatim.root_page).get()
    assert page.live and page.slug == "redaksi"
    client.logout()
    assert "Redaksi Jatim" in get(client, JATIM, "/redaksi/").content.decode()
    # A second page of the same kind on the same site is refused, on the kind.
    login_again = get_user_model().objects.get(username="editor-jatim")
    client.force_login(login_again)
    response = client.post(add_url(jatim.root_page), form_data("redaksi", "Redaksi Dua"))
    assert response.status_code == 200
    assert "Situs ini sudah punya halaman jenis ini" in response.content.decode()
    assert TrustPage.objects.child_of(jatim.root_page).count() == 1


def test_a_regional_editor_cannot_touch_the_default_or_another_region(client, network):
    bali_page = TrustPageFactory(parent=network["bali"].root_page, title="Redaksi Bali")
    login(client, group_name(EDITOR, network["jatim"]))
    for page in (network["default"], bali_page):
        for name in ("edit", "delete", "unpublish", "move", "copy"):
            url = reverse(f"wagtailadmin_pages:{name}", args=[page.pk])
            assert refused(client.get(url)), (name, page.title)
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert refused(client.post(edit, form_data("redaksi", "Dibajak")))
    for parent in (network["national"].root_page, network["bali"].root_page):
        assert refused(client.get(add_url(parent)))
        assert refused(client.post(add_url(parent), form_data("kontak", "Dibajak")))
    assert not TrustPage.objects.filter(title="Dibajak").exists()
    assert TrustPage.objects.get(pk=network["default"].pk).title == "Redaksi Warta"
    assert Site.objects.count() == 3
