"""What readers see of the newsroom's work: corrections, home-page curation, breaking news."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import HomePageSlot

pytestmark = pytest.mark.django_db


def soup(client, url, **extra):
    return BeautifulSoup(client.get(url, **extra).content, "html.parser")


def correct(story, text, kind="koreksi", minutes_ago=0):
    story = ArticlePage.objects.get(pk=story.pk)
    story.corrections.add(
        ArticleCorrection(
            kind=kind, text=text, noted_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
    )
    story.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def test_correction_shows_on_the_story_and_updates_its_time(client, channel):
    story = ArticlePageFactory(parent=channel, title="Berita dengan salah ketik")
    first_published = ArticlePage.objects.get(pk=story.pk).last_published_at
    story = correct(story, "Jumlah korban sebelumnya tertulis 12, yang benar 21.")
    assert story.last_published_at > first_published
    page = soup(client, story.url)
    note = page.select_one(".corrections .correction--koreksi").get_text(" ", strip=True)
    assert note.startswith("Koreksi") and "yang benar 21" in note
    assert "Diperbarui" in page.select_one(".byline").get_text()


def test_corrections_page_lists_all_newest_first_and_only_published(client, channel):
    older = correct(
        ArticlePageFactory(parent=channel, title="Satu"), "Koreksi lama", minutes_ago=60
    )
    newer = correct(
        ArticlePageFactory(parent=channel, title="Dua"), "Pembaruan baru", kind="pembaruan"
    )
    hidden = correct(ArticlePageFactory(parent=channel, title="Ditarik"), "Tak terlihat")
    hidden.unpublish()
    items = soup(client, "/koreksi/").select(".corrections-list li")
    texts = [item.get_text(" ", strip=True) for item in items]
    assert len(texts) == 2
    assert "Pembaruan baru" in texts[0] and newer.title in texts[0]
    assert "Koreksi lama" in texts[1] and older.title in texts[1]


def test_home_slots_lead_and_headlines_with_expiry_and_no_duplicates(client, site, channel):
    stories = [ArticlePageFactory(parent=channel, title=f"Cerita {n}") for n in range(8)]
    home = site.root_page.specific
    chosen_lead, chosen_headline, expired = stories[0], stories[1], stories[2]
    home.slots.add(HomePageSlot(article=chosen_lead, kind=HomePageSlot.LEAD))
    home.slots.add(HomePageSlot(article=chosen_headline, kind=HomePageSlot.HEADLINE))
    home.slots.add(HomePageSlot(article=chosen_lead, kind=HomePageSlot.HEADLINE))  # twice
    home.slots.add(
        HomePageSlot(
            article=expired,
            kind=HomePageSlot.HEADLINE,
            expires_at=timezone.now() - timedelta(minutes=1),
        )
    )
    home.save_revision().publish()
    page = soup(client, "/")
    assert page.select_one(".lead__title").get_text(strip=True) == chosen_lead.title
    headlines = [a.get_text() for a in page.select(".headlines .card__title a")]
    assert headlines[0] == chosen_headline.title
    assert expired.title != headlines[0]
    assert len(headlines) == 4
    everything = [a.get_text() for a in page.select(".lead__title a, .card__title a")]
    assert len(everything) == len(set(everything))


def test_unpublished_slot_story_falls_back_to_newest(client, site, channel):
    old = ArticlePageFactory(parent=channel, title="Pilihan editor")
    newest = ArticlePageFactory(parent=channel, title="Terbaru")
    home = site.root_page.specific
    home.slots.add(HomePageSlot(article=old, kind=HomePageSlot.LEAD))
    home.save_revision().publish()
    ArticlePage.objects.get(pk=old.pk).unpublish()
    assert soup(client, "/").select_one(".lead__title").get_text(strip=True) == newest.title


def test_breaking_ticker_on_every_page_of_the_site_until_its_end(client, site, channel):
    from warta.channels.tests.factories import make_site

    other = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    story = ArticlePageFactory(parent=channel, title="Gempa guncang Jakarta")
    story.breaking_until = timezone.now() + timedelta(hours=1)
    story.save_revision().publish()
    for url in ["/", "/internasional/", story.url, "/koreksi/"]:
        ticker = soup(client, url).select_one(".ticker")
        assert ticker is not None and "Gempa guncang Jakarta" in ticker.get_text(), url
    assert soup(client, "/", HTTP_HOST=other.hostname).select_one(".ticker") is None

    story = ArticlePage.objects.get(pk=story.pk)
    story.breaking_until = timezone.now() - timedelta(seconds=1)
    story.save_revision().publish()
    assert soup(client, "/").select_one(".ticker") is None
