"""Listing rows (where each published story is listed) stay true through every change that
moves a story in or out of a site's lists, and the lists read from them show exactly what the
tree and the circulation settings say."""

import pytest
from django.db.models import Q
from wagtail.models import Site

from warta.articles.listing import relist
from warta.articles.models import ArticlePage, Listing
from warta.articles.queries import articles_in_site, live_articles
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.channels.queries import section_articles
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def rows(story) -> set[tuple[int, str, bool]]:
    return set(Listing.objects.filter(article=story).values_list("site_id", "channel_slug", "own"))


@pytest.fixture
def region(site):
    region = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    SiteSettings.objects.update_or_create(site=region, defaults={"circulate_channels": "nasional"})
    return region


def test_a_published_story_is_listed_on_its_site_under_its_top_level_channel(site, channel):
    sub = ChannelPageFactory(title="Asia", slug="asia", parent=channel)
    story = ArticlePageFactory(parent=sub)
    assert rows(story) == {(site.pk, "internasional", True)}
    draft = ArticlePageFactory(parent=channel, publish=False)
    assert rows(draft) == set()


def test_unpublishing_removes_the_rows_and_republishing_brings_them_back(site, channel):
    story = ArticlePageFactory(parent=channel)
    story.unpublish()
    assert rows(story) == set()
    story.save_revision().publish()
    assert rows(story) == {(site.pk, "internasional", True)}


def test_circulation_chosen_by_an_editor_takes_effect_on_publish_not_on_a_draft(site, region):
    berita = ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=region.root_page)
    story = ArticlePageFactory(parent=berita)
    assert rows(story) == {(region.pk, "ekonomi", True)}
    story.circulate_to.set([site])
    story.save_revision()  # a draft: readers' lists do not change yet
    assert rows(story) == {(region.pk, "ekonomi", True)}
    story.save_revision().publish()
    assert rows(story) == {(region.pk, "ekonomi", True), (site.pk, "ekonomi", False)}


def test_a_regional_rule_lists_its_channel_on_the_national_site_and_follows_changes(site, region):
    nasional = ChannelPageFactory(title="Nasional", slug="nasional", parent=region.root_page)
    sport = ChannelPageFactory(title="Olahraga", slug="olahraga", parent=region.root_page)
    ruled = ArticlePageFactory(parent=nasional)
    local = ArticlePageFactory(parent=sport)
    assert (site.pk, "nasional", False) in rows(ruled)
    assert rows(local) == {(region.pk, "olahraga", True)}
    settings = SiteSettings.objects.get(site=region)
    settings.circulate_channels = "olahraga"
    settings.save()
    assert rows(ruled) == {(region.pk, "nasional", True)}
    assert rows(local) == {(region.pk, "olahraga", True), (site.pk, "olahraga", False)}
    # Cleared: nothing circulates. Deleted settings: the default rule ("nasional") again.
    settings.circulate_channels = ""
    settings.save()
    assert rows(local) == {(region.pk, "olahraga", True)}
    assert rows(ruled) == {(region.pk, "nasional", True)}
    settings.circulate_channels = "olahraga"
    settings.save()
    settings.delete()
    assert rows(local) == {(region.pk, "olahraga", True)}
    assert (site.pk, "nasional", False) in rows(ruled)


def test_moving_a_story_or_renaming_its_channel_relists_it(site, channel, national_channel):
    story = ArticlePageFactory(parent=channel)
    story.move(national_channel, pos="last-child")
    assert rows(story) == {(site.pk, "nasional", True)}
    assert ArticlePage.objects.get(pk=story.pk).channel_id == national_channel.pk
    renamed = ChannelPage.objects.get(pk=national_channel.pk)
    renamed.slug = "dalam-negeri"
    renamed.save_revision().publish()
    assert rows(story) == {(site.pk, "dalam-negeri", True)}


def test_a_new_root_for_a_site_lists_the_stories_under_it(site, region):
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    story = ArticlePageFactory(parent=berita)
    other = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    other_root = other.root_page
    other.root_page = region.root_page
    other.save()
    assert (other.pk, "berita", True) in rows(story)
    other.root_page = other_root
    other.save()
    assert other.pk not in {site_id for site_id, _, _ in rows(story)}


def test_lists_read_from_rows_match_the_tree_and_circulation(site, channel, region):
    """The same stories, in the same order, as the definition the rows stand for: own stories
    by path, circulated ones by choice or rule."""
    nasional = ChannelPageFactory(title="Nasional", slug="nasional", parent=region.root_page)
    regional_intl = ChannelPageFactory(
        title="Internasional", slug="internasional", parent=region.root_page
    )
    for n in range(4):
        ArticlePageFactory(parent=channel, title=f"Nasional {n}")
        ArticlePageFactory(parent=nasional, title=f"Aturan {n}")
        chosen = ArticlePageFactory(parent=regional_intl, title=f"Pilihan {n}")
        if n % 2:
            chosen.circulate_to.set([site])
            chosen.save_revision().publish()
    ArticlePageFactory(parent=channel, publish=False)
    through = ArticlePage.circulate_to.through
    for target in Site.objects.all():
        own = Q(path__startswith=target.root_page.path)
        chosen_here = Q(pk__in=through.objects.filter(site=target).values("articlepage_id"))
        by_rule = Q(channel__in=[nasional]) if target.is_default_site else Q(pk__in=[])
        expected = list(live_articles().filter(own | chosen_here | by_rule))
        assert list(articles_in_site(target)) == expected, target
    expected_intl = list(
        live_articles().filter(
            Q(path__startswith=channel.path) & ~Q(pk=channel.pk)
            | Q(channel=regional_intl, circulate_to=site)
        )
    )
    assert list(section_articles(channel, site)) == expected_intl
    assert len(expected_intl) == 6


def test_relisting_everything_rebuilds_the_same_rows(site, channel, region):
    nasional = ChannelPageFactory(title="Nasional", slug="nasional", parent=region.root_page)
    for _ in range(3):
        ArticlePageFactory(parent=channel)
        ArticlePageFactory(parent=nasional)
    before = set(Listing.objects.values_list("article_id", "site_id", "channel_slug", "own"))
    Listing.objects.all().delete()
    assert relist() == len(before)
    after = set(Listing.objects.values_list("article_id", "site_id", "channel_slug", "own"))
    assert after == before


def test_a_backdated_story_takes_its_original_place_in_the_lists(site, channel):
    from datetime import timedelta

    from warta.articles.services import backdate

    older, newer = ArticlePageFactory(parent=channel), ArticlePageFactory(parent=channel)
    assert list(articles_in_site(site))[:2] == [newer, older]
    published = ArticlePage.objects.get(pk=older.pk).first_published_at
    backdate(newer.pk, published - timedelta(days=3))  # an imported archive
    assert list(articles_in_site(site))[:2] == [older, newer]


def test_the_relist_command_repairs_rows_written_around_the_models(site, channel):
    from io import StringIO

    from django.core.management import call_command

    story = ArticlePageFactory(parent=channel)
    Listing.objects.all().delete()  # e.g. stories inserted by SQL
    assert list(articles_in_site(site)) == []
    out = StringIO()
    call_command("relist", stdout=out)
    assert list(articles_in_site(site)) == [story]
    assert "1 listing rows" in out.getvalue()


def test_topic_and_author_pages_count_their_pages_from_the_listing_rows(
    client, site, channel, region
):
    from django.test import override_settings

    from warta.articles.tests.factories import AuthorFactory

    writer = AuthorFactory(name="Dewi Lestari")
    for n in range(6):
        ArticlePageFactory(parent=channel, title=f"Gempa {n}", tags=["Gempa"], authors=[writer])
    elsewhere = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=elsewhere, tags=["Gempa"], authors=[writer])  # not listed here
    for url in ("/tag/gempa/", "/penulis/dewi-lestari/"):
        with override_settings(WARTA_ARTICLES_PER_PAGE=3):
            assert "Halaman 1 dari 2" in client.get(url).content.decode(), url
            last = client.get(url + "?page=2").content.decode()
            assert "Halaman 2 dari 2" in last and "Gempa 0" in last
            assert client.get(url + "?page=3").status_code == 404


def test_a_new_headline_leaves_the_rows_alone_and_a_move_between_lists_rewrites_them(site, channel):
    """Republishing a story that stays in the same lists writes nothing (no delete, insert
    and commit before the purge); a change of its lists still rewrites them."""
    story = ArticlePageFactory(parent=channel)
    ids = set(Listing.objects.filter(article=story).values_list("pk", flat=True))
    story = ArticlePage.objects.get(pk=story.pk)  # as an editor opens it
    story.title = "Judul baru"
    story.save_revision().publish()
    assert set(Listing.objects.filter(article=story).values_list("pk", flat=True)) == ids
    Listing.objects.filter(article=story).update(channel_slug="salah")  # drifted
    story.save_revision().publish()
    assert rows(story) == {(site.pk, "internasional", True)}


def test_a_publish_follows_a_circulation_rule_changed_a_moment_ago_in_another_process(
    site, region, monkeypatch, django_assert_max_num_queries
):
    """A story's save reads the sites from the list this process holds (no query for 500
    sites and their settings), but checks the shared version first: a rule changed by another
    worker just now, inside the usual recheck interval, is followed."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warta.core.pagecache import localcache
    from warta.core.sites import lookup

    sport = ChannelPageFactory(title="Olahraga", slug="olahraga", parent=region.root_page)
    story = ArticlePageFactory(parent=sport)
    assert rows(story) == {(region.pk, "olahraga", True)}
    monkeypatch.setattr(localcache, "EPOCH_RECHECK", 60)  # the held list would be trusted
    lookup.all_sites()
    with CaptureQueriesContext(connection) as held:
        relist([story.pk], held_sites=True)
    read = " ".join(q["sql"] for q in held.captured_queries)
    assert "core_sitesettings" not in read and '"wagtailcore_site"' not in read
    # Another process: the rule saved there, its version bumped; this one still holds the list.
    SiteSettings.objects.filter(site=region).update(circulate_channels="olahraga")
    cache.incr(lookup.SITES_VERSION_KEY)
    story.save_revision().publish()
    assert rows(story) == {(region.pk, "olahraga", True), (site.pk, "olahraga", False)}
