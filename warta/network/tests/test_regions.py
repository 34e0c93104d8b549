"""Regional sites as readers and operators meet them: provisioned in one step, reached by
hostname or by the /r/<slug>/ path fallback, suspended without losing anything."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Collection, Site

from warta.articles.models import ArticlePage
from warta.articles.queries import network_updates
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.indonesia.provinces import PROVINCES, WIT, by_name
from warta.core.models import SiteSettings
from warta.network.services import ProvisionError, RegionSpec, provision_site, set_suspended

pytestmark = pytest.mark.django_db
JATIM = "jatim.warta.localhost"


@pytest.fixture
def jatim(site):
    return provision_site(
        RegionSpec(name="Warta Jatim", slug="jatim", province_code="35", regency="Kota Surabaya")
    )


def test_38_provinces_with_capital_and_time_zone():
    assert len(PROVINCES) == 38
    assert len({p.code for p in PROVINCES}) == 38
    assert by_name("Jawa Timur").capital == "Surabaya"
    assert by_name("Papua Pegunungan").time_zone == WIT
    assert {p.time_zone for p in PROVINCES} == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}


def test_provisioning_makes_a_working_site_and_is_idempotent(client, site):
    papua = provision_site(RegionSpec(name="Warta Papua", slug="papua", province_code="91"))
    assert papua.hostname == "papua.warta.localhost"
    settings = SiteSettings.objects.get(site=papua)
    assert (settings.time_zone, settings.slug, settings.province.name) == (WIT, "papua", "Papua")
    channels = list(ChannelPage.objects.child_of(papua.root_page).values_list("slug", flat=True))
    assert channels == ["berita", "peristiwa", "ekonomi", "olahraga", "gaya-hidup"]
    assert Collection.objects.filter(name="Warta Papua").exists()
    again = provision_site(RegionSpec(name="Warta Papua", slug="papua", province_code="91"))
    assert again.pk == papua.pk
    assert Site.objects.filter(hostname="papua.warta.localhost").count() == 1
    assert ChannelPage.objects.child_of(papua.root_page).count() == 5
    home = client.get("/", HTTP_HOST="papua.warta.localhost")
    assert home.status_code == 200 and "Warta Papua" in home.content.decode()
    with pytest.raises(ProvisionError, match="provinsi"):
        provision_site(RegionSpec(name="X", slug="x", province_code="99"))


def test_path_fallback_serves_the_regional_site_and_keeps_links_inside(client, jatim):
    channel = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    story = ArticlePageFactory(parent=channel, title="Banjir rob di Surabaya utara")
    assert client.get("/r/jatim").status_code == 301
    home = client.get("/r/jatim/")
    assert home.status_code == 200
    page = BeautifulSoup(home.content, "html.parser")
    assert page.select_one(".brand").get_text(strip=True) == "Warta Jatim"
    assert page.select_one(".brand")["href"] == "/r/jatim/"
    links = {a["href"] for a in page.select("a[href]")}
    assert "/r/jatim/berita/" in links
    assert f"/r/jatim/berita/{story.slug}/" in links
    article = client.get(f"/r/jatim/berita/{story.slug}/")
    assert article.status_code == 200
    canonical = BeautifulSoup(article.content, "html.parser").select_one("link[rel=canonical]")
    assert canonical["href"] == f"http://{JATIM}/berita/{story.slug}/"  # the real address
    assert client.get("/r/tidak-ada/").status_code == 404
    # The same story through its own hostname.
    assert client.get(f"/berita/{story.slug}/", HTTP_HOST=JATIM).status_code == 200


def test_a_suspended_site_stops_serving_and_loses_nothing(client, site, jatim, editor):
    channel = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    story = ArticlePageFactory(parent=channel, title="Festival rujak uleg")
    assert client.get("/", HTTP_HOST=JATIM).status_code == 200  # now in the page cache
    assert network_updates(site).region_count == 1
    set_suspended(jatim, True)
    for path in ("/", f"/berita/{story.slug}/"):
        response = client.get(path, HTTP_HOST=JATIM)
        assert response.status_code == 503, path
        assert "sedang tidak aktif" in response.content.decode()
    assert client.get("/r/jatim/").status_code == 503
    assert network_updates(site).region_count == 0
    assert story.title not in client.get("/").content.decode()
    assert ArticlePage.objects.filter(pk=story.pk, live=True).exists()  # nothing lost
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # the desk still works, on the admin host
    client.logout()
    set_suspended(jatim, False)
    assert client.get("/", HTTP_HOST=JATIM).status_code == 200
    assert network_updates(site).region_count == 1


def titles_on(client, path="/", **headers) -> list[str]:
    """Story links in the page's lists (Network Updates, a block of its own, left out)."""
    page = BeautifulSoup(client.get(path, **headers).content, "html.parser")
    updates = page.find(id="network-updates-heading")
    if updates is not None:
        updates.parent.decompose()
    return [a.get_text(strip=True) for a in page.select("main a")]


def test_circulated_story_shows_on_the_national_site_once_linking_to_its_origin(
    client, site, jatim
):
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    chosen = ArticlePageFactory(parent=berita, title="Jembatan Suramadu ditutup sementara")
    local = ArticlePageFactory(parent=berita, title="Pasar takjil Ampel ramai")
    assert chosen.title not in titles_on(client)  # regional until an editor circulates it
    chosen.circulate_to.set([site])
    chosen.save_revision().publish()
    page = BeautifulSoup(client.get("/").content, "html.parser")
    links = [a for a in page.select("main a") if a.get_text(strip=True) == chosen.title]
    assert links, "a circulated story is listed on the national home page"
    assert {a["href"] for a in links} == {f"http://{JATIM}/berita/{chosen.slug}/"}
    assert local.title not in titles_on(client)
    # No copy exists: the only page of the story is at the origin, canonical to itself.
    assert client.get(f"/berita/{chosen.slug}/").status_code == 404
    story = BeautifulSoup(
        client.get(f"/berita/{chosen.slug}/", HTTP_HOST=JATIM).content, "html.parser"
    )
    assert (
        story.select_one("link[rel=canonical]")["href"] == f"http://{JATIM}/berita/{chosen.slug}/"
    )
    # Network Updates on the national site: the live count of regions and this story.
    updates = page.find(id="network-updates-heading").parent.get_text(" ", strip=True)
    assert "1 daerah" in updates and chosen.title in updates
    # Un-publishing at the origin removes it everywhere, cached pages included.
    ArticlePage.objects.get(pk=chosen.pk).unpublish()
    assert chosen.title not in client.get("/").content.decode()


def test_a_site_rule_circulates_a_whole_channel(client, site, jatim):
    SiteSettings.objects.filter(site=jatim).update(circulate_channels="peristiwa")
    from warta.core.sites.lookup import forget_sites

    forget_sites()
    peristiwa = ChannelPage.objects.child_of(jatim.root_page).get(slug="peristiwa")
    ekonomi = ChannelPage.objects.child_of(jatim.root_page).get(slug="ekonomi")
    event = ArticlePageFactory(parent=peristiwa, title="Kebakaran gudang di Sidoarjo")
    business = ArticlePageFactory(parent=ekonomi, title="Ekspor kopi Jatim naik")
    event.circulate_to.set([site])  # chosen by an editor as well
    event.save_revision().publish()
    national = titles_on(client)
    assert event.title in national and business.title not in national
    assert national.count(event.title) == 1  # rule and editor's choice never make a copy


def test_regions_directory_lists_active_sites_by_province(client, site, jatim):
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    provision_site(
        RegionSpec(name="Warta Malang", slug="malang", province_code="35", regency="Kota Malang")
    )
    page = BeautifulSoup(client.get("/daerah/").content, "html.parser")
    assert "3 situs daerah di 2 provinsi" in page.select_one(".article__summary").get_text()
    east_java = page.select_one("#provinsi-35")
    assert [a.get_text() for a in east_java.select(".region-card__title a")] == [
        "Warta Jatim",
        "Warta Malang",
    ]
    assert "Surabaya · WIB" in east_java.h3.get_text(" ", strip=True)
    assert "Denpasar · WITA" in page.select_one("#provinsi-51").h3.get_text(" ", strip=True)
    assert "Papua Pegunungan" in page.get_text()  # open to partners
    set_suspended(bali, True)
    page = BeautifulSoup(client.get("/daerah/").content, "html.parser")  # cache purged
    assert page.select_one("#provinsi-51") is None
    links = {
        a["href"]
        for a in BeautifulSoup(client.get("/r/jatim/daerah/").content, "html.parser").select(
            "#provinsi-35 .region-card__title a"
        )
    }
    assert links == {"/r/jatim/", "/r/malang/"}


def test_regions_directory_groups_by_island_with_each_sites_latest_headlines(client, site, jatim):
    """/daerah/ is a directory a reader can use: island groups west to east, each site with
    its newest headlines (linked on the reader's host) and its story count of the week."""
    provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    stories = [
        ArticlePageFactory(parent=berita, title=f"Kabar Surabaya nomor {n}") for n in range(4)
    ]
    page = BeautifulSoup(client.get("/daerah/").content, "html.parser")
    islands = [h.get_text(strip=True) for h in page.select(".regions__island > h2")]
    assert islands == ["Jawa", "Bali dan Nusa Tenggara"]
    east_java = page.select_one("#provinsi-35")
    headlines = [a.get_text() for a in east_java.select(".region-card__headlines a")]
    assert headlines == [s.title for s in reversed(stories)][:3]  # newest first, three
    link = east_java.select_one(".region-card__headlines a")["href"]
    assert link == f"http://{JATIM}/berita/{stories[-1].slug}/"
    assert "4 berita dalam sepekan" in east_java.get_text(" ", strip=True)
    assert "Belum ada berita" in page.select_one("#provinsi-51").get_text()
    via_path = BeautifulSoup(client.get("/r/jatim/daerah/").content, "html.parser")
    link = via_path.select_one("#provinsi-35 .region-card__headlines a")["href"]
    assert link == f"/r/jatim/berita/{stories[-1].slug}/"
    # A new story on the site shows at once (the cached directory is purged).
    fresh = ArticlePageFactory(parent=berita, title="Kabar Surabaya paling baru")
    page = BeautifulSoup(client.get("/daerah/").content, "html.parser")
    assert page.select_one("#provinsi-35 .region-card__headlines a").get_text() == fresh.title


def test_public_labels_are_indonesian(client, site, jatim):
    """'Network Updates' and 'News updates dari semua daerah' were English on public pages."""
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    story = ArticlePageFactory(parent=berita, title="Jembatan Suramadu ditutup sementara")
    story.circulate_to.set([site])
    story.save_revision().publish()
    html = client.get("/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.find(id="network-updates-heading").get_text(strip=True) == "Kabar Daerah"
    assert (
        page.select_one(".site-footer a[href='/daerah/']")
        .get_text(strip=True)
        .startswith("Berita dari semua daerah")
    )
    for english in ("Network Updates", "News updates"):
        assert english not in html


def test_each_site_has_its_own_branding(client, site, jatim):
    from warta.core.sites.lookup import forget_sites
    from warta.core.tests.factories import WartaImageFactory

    settings = SiteSettings.objects.get(site=jatim)
    settings.primary_colour, settings.logo = "#0b5394", WartaImageFactory(title="Logo Jatim")
    settings.save()
    forget_sites()
    page = BeautifulSoup(client.get("/", HTTP_HOST=JATIM).content, "html.parser")
    assert "--brand:#0b5394" in page.style.get_text()
    assert page.select_one(".brand img")["alt"] == "Warta Jatim"
    national = BeautifulSoup(client.get("/").content, "html.parser")
    assert national.select_one(".brand img") is None and "#0b5394" not in national.style.get_text()


def test_a_directory_of_many_regions_lists_names_and_counts_under_two_keys(
    client, site, jatim, monkeypatch
):
    """Hundreds of regions: names and weekly counts, no headlines (500 sites with three each
    was 636 KB), and the same two surrogate keys whatever the number of sites and stories (a
    key per headline made a 25 KB header that Varnish refuses with a 502)."""
    from warta.network import views

    provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    ArticlePageFactory(parent=berita, title="Kabar Surabaya pertama")
    full = client.get("/daerah/")
    frame = {f"site:{site.pk}", f"stories:{site.pk}"}  # the serving site's own header, menu
    assert set(full["Surrogate-Key"].split()) == {"network-sites", "any-story", *frame}
    assert BeautifulSoup(full.content, "html.parser").select(".region-card__headlines a")
    monkeypatch.setattr(views, "COMPACT_FROM", 1)  # two regional sites count as many here
    ArticlePageFactory(parent=berita, title="Kabar Surabaya kedua")
    response = client.get("/daerah/")
    assert set(response["Surrogate-Key"].split()) == {"network-sites", "any-story", *frame}
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.select(".region-card__headlines")
    east_java = page.select_one("#provinsi-35").get_text(" ", strip=True)
    assert "Warta Jatim" in east_java and "2 berita dalam sepekan" in east_java
    assert "Belum ada berita" not in page.get_text()


def test_network_updates_are_forgotten_by_regional_stories_and_kept_by_national_ones(
    site, jatim, channel
):
    """A national story is in no site's Network Updates: its publish leaves every site's
    block cached (the first pages rendered after its purge need not compute it again). A
    regional story's publish, and a story moved out of a region, forget them."""
    from django.core.cache import cache

    from warta.articles.queries import NETWORK_UPDATES_PREFIX

    key = f"{NETWORK_UPDATES_PREFIX}{site.pk}"
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    regional = ArticlePageFactory(parent=berita, title="Festival rujak uleg")
    national = ArticlePageFactory(parent=channel, title="Sidang kabinet")
    network_updates(site)
    national = ArticlePage.objects.get(pk=national.pk)
    national.title = "Sidang kabinet dimulai"
    national.save_revision().publish()
    assert cache.get(key) is not None
    regional = ArticlePage.objects.get(pk=regional.pk)
    regional.title = "Festival rujak uleg ramai"
    regional.save_revision().publish()
    assert cache.get(key) is None
    network_updates(site)
    regional.move(channel, pos="last-child")  # now a national story
    assert cache.get(key) is None
    network_updates(site)
    regional = ArticlePage.objects.get(pk=regional.pk)
    regional.save_revision().publish()
    assert cache.get(key) is not None
