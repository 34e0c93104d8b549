"""Counting: the beacon's answers, what reaches the roll-ups, visitors for one day only, no
cookie and no database write on the request path."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.analytics import buffer, rollup, salts
from warta.analytics.models import (
    AUTHOR,
    CHANNEL,
    DAY,
    HOUR,
    MINUTE,
    SITE,
    STORY,
    ActiveReader,
    DailySalt,
    RollCursor,
    Stat,
)
from warta.analytics.queries import most_read_periods, readers_now_of_stories
from warta.analytics.tests.factories import BROWSER, beacon, roll
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    return ArticlePageFactory(parent=channel, title="Banjir di Kota", authors=[AuthorFactory()])


def stat(dimension, key, grain=HOUR, site=None):
    rows = Stat.objects.filter(grain=grain, dimension=dimension, key=key)
    if site is not None:
        rows = rows.filter(site_id=site.pk)
    return rows.get()


def test_a_view_and_pings_reach_every_roll_up(client, site, story):
    assert (
        beacon(client, site, story, r="https://www.google.com/search?q=banjir").status_code == 204
    )
    beacon(client, site, story, kind="p", e=15, d=40)
    beacon(client, site, story, kind="p", e=12, d=30)
    assert roll() == 3
    author_id = story.bylines.get().author_id
    for dimension, key in (
        (SITE, site.pk),
        (STORY, story.pk),
        (CHANNEL, story.channel_id),
        (AUTHOR, author_id),
    ):
        for grain in (MINUTE, HOUR, DAY):
            row = stat(dimension, key, grain)
            assert (row.views, row.pings, row.engaged_seconds) == (1, 2, 27)
            assert (row.ref_search, row.scroll_total, row.scroll_views) == (1, 70, 1)
    assert stat(STORY, story.pk, DAY).visitors == 1
    assert readers_now_of_stories([story.pk]) == {story.pk: 1}


def test_referrer_classes_and_recirculation(client, site, story):
    for referrer in (
        "",
        "https://l.facebook.com/",
        "android-app://com.whatsapp/",
        f"http://{site.hostname}/",
        "https://example.org/",
    ):
        beacon(client, site, story, r=referrer, agent=f"{BROWSER} {referrer}")
    roll()
    row = stat(STORY, story.pk)
    assert (row.ref_direct, row.ref_social, row.ref_apps, row.ref_internal, row.ref_other) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert row.recirculated == 1 and row.views == 5
    assert stat(SITE, site.pk, DAY).visitors == 5


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty body"),
        (b"not json", "body is not JSON"),
        (b"[1]", "body is not a JSON object"),
        (b'{"k": "x", "s": 1}', "'k' must be"),
        (b'{"k": "v"}', "'s' is missing"),
        (b'{"k": "p", "s": 1, "e": 999}', "'e' must be between 0 and 30"),
        (b'{"k": "v", "s": 1, "a": "12"}', "'a' must be a whole number"),
    ],
)
def test_bad_beacons_get_a_clear_error(client, site, body, reason):
    body = body.replace(b'"s": 1', f'"s": {site.pk}'.encode())
    answer = client.post("/_e", data=body, content_type="text/plain", HTTP_USER_AGENT=BROWSER)
    assert answer.status_code == 400
    assert reason in answer.content.decode()
    assert buffer.take() == []


def test_other_methods_unknown_sites_and_large_bodies_are_refused(client, site):
    assert client.get("/_e").status_code == 405
    unknown = client.post("/_e", data='{"k":"v","s":99999}', content_type="text/plain")
    assert unknown.status_code == 400 and b"unknown site" in unknown.content
    big = json.dumps({"k": "v", "s": site.pk, "r": "x" * 2000})
    assert client.post("/_e", data=big, content_type="text/plain").status_code == 413
    assert buffer.take() == []


def test_counting_sets_no_cookie_and_writes_nothing_to_the_database(client, site, story):
    beacon(client, site, story)  # the site list is read once per process, then cached
    buffer.take()
    with CaptureQueriesContext(connection) as queries:
        answer = beacon(client, site, story, kind="p", e=10)
    assert answer.status_code == 204
    assert not answer.cookies and "Set-Cookie" not in answer.headers
    assert answer["Cache-Control"] == "no-store"
    assert [q["sql"] for q in queries] == []


def test_bots_are_not_counted_and_do_not_track_sends_no_engaged_time(client, site, story):
    beacon(client, site, story, agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    beacon(client, site, story, agent="")
    beacon(client, site, story, kind="p", e=15, HTTP_DNT="1")
    beacon(client, site, story, kind="p", e=15, HTTP_SEC_GPC="1")
    beacon(client, site, story)
    roll()
    row = stat(STORY, story.pk)
    assert (row.views, row.pings, row.engaged_seconds) == (1, 0, 0)


def test_a_visitor_is_a_new_visitor_the_next_day(client, site, story):
    today = time.time()
    beacon(client, site, story)
    beacon(client, site, story)
    roll(now=today)
    assert stat(SITE, site.pk, DAY).visitors == 1  # the same reader twice in a day: one
    first_salt = salts.salt_for(salts.day_of(today))
    tomorrow = today + 86400
    # The same reader, the same address and browser, tomorrow.
    for event in _events_of(client, site, story):
        buffer.add(event.__class__(**{**_fields(event), "at": tomorrow}))
    buffer.flush()
    rollup.roll_all(now=tomorrow)
    days = Stat.objects.filter(grain=DAY, dimension=SITE, key=site.pk).order_by("bucket")
    assert [d.visitors for d in days] == [1, 1]
    assert salts.salt_for(salts.day_of(tomorrow)) != first_salt
    salts.rotate(tomorrow)
    kept = {salts.day_of(today), salts.day_of(tomorrow)}
    kept = {day for day in kept if day >= salts.day_of(tomorrow - salts.ROTATE_AFTER)}
    assert set(DailySalt.objects.values_list("day", flat=True)) == kept


def _events_of(client, site, story):
    beacon(client, site, story)
    return buffer.take()


def _fields(event):
    return {name: getattr(event, name) for name in event.__dataclass_fields__}


def test_a_batch_is_counted_once_when_two_processes_roll_it(client, site, story, monkeypatch):
    beacon(client, site, story)
    buffer.flush()
    stale = RollCursor.objects.get_or_create(name="log")[0]
    assert rollup.roll().events == 1
    # A second process read the cursor before the first committed: its batch is refused.
    monkeypatch.setattr(rollup.RollCursor.objects, "get_or_create", lambda **kw: (stale, False))
    assert rollup.roll().events == 0
    assert stat(STORY, story.pk).views == 1


def test_a_flood_from_one_visitor_is_capped(client, site, story):
    for _ in range(50):
        beacon(client, site, story)
    for _ in range(20):
        beacon(client, site, story, kind="p", e=30)
    roll()
    row = stat(STORY, story.pk, MINUTE)
    assert row.views <= rollup.MAX_VIEWS_PER_MINUTE
    assert row.engaged_seconds <= rollup.MAX_ENGAGED_PER_MINUTE


def test_readers_now_forget_a_reader_after_five_minutes(client, site, story):
    beacon(client, site, story)
    roll()
    assert readers_now_of_stories([story.pk]) == {story.pk: 1}
    rollup.roll(now=time.time() + rollup.ACTIVE_SECONDS + 1)
    assert not ActiveReader.objects.exists()


def test_terpopuler_ranks_this_sites_reads_from_the_roll_ups(client, site, channel):
    quiet = ArticlePageFactory(parent=channel, title="Sepi")
    busy = ArticlePageFactory(parent=channel, title="Ramai")
    for n in range(3):
        beacon(client, site, busy, agent=f"{BROWSER} {n}")
    beacon(client, site, quiet)
    old = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=9)
    Stat.objects.create(
        grain=HOUR, dimension=STORY, key=quiet.pk, site_id=site.pk, bucket=old, views=500
    )
    roll()
    periods = most_read_periods(site)
    assert [a.title for a in periods["day"]] == ["Ramai", "Sepi"]
    assert [a.title for a in periods["week"]] == ["Ramai", "Sepi"]


def test_a_beacon_naming_a_draft_counts_for_the_site_alone(client, site, channel):
    draft = ArticlePageFactory(parent=channel, title="Belum terbit")
    type(draft).objects.filter(pk=draft.pk).update(live=False)  # a draft (never published)
    beacon(client, site, draft)
    roll()
    assert stat(SITE, site.pk).views == 1
    assert not Stat.objects.filter(dimension=STORY, key=draft.pk).exists()
    assert not Stat.objects.filter(dimension=CHANNEL).exists()


def test_another_sites_story_read_here_counts_for_this_site_alone(client, site):
    """A beacon naming a story that this site does not list (neither its own nor circulated
    to it) cannot put it in this site's Terpopuler, trending or desk lists."""
    from warta.channels.tests.factories import ChannelPageFactory, make_site

    papua = make_site(hostname="papua.localhost", name="Papua", default=False)
    theirs = ArticlePageFactory(
        parent=ChannelPageFactory(parent=papua.root_page, slug="berita"), title="Pupuk Langka"
    )
    for n in range(5):
        beacon(client, site, theirs, agent=f"{BROWSER} {n}")
    roll()
    assert stat(SITE, site.pk).views == 5
    assert not Stat.objects.filter(dimension__in=[STORY, CHANNEL, AUTHOR]).exists()
    assert most_read_periods(site)["day"] == []
    beacon(client, papua, theirs, host="papua.localhost")  # on its own site: its story
    roll()
    assert stat(STORY, theirs.pk, site=papua).views == 1


def test_beacons_from_other_web_sites_or_hosts_are_refused(client, site):
    from warta.channels.tests.factories import make_site

    jatim = make_site(hostname="jatim.localhost", name="Jatim", default=False)
    bali = make_site(hostname="bali.localhost", name="Bali", default=False)
    refused = [
        beacon(client, site, HTTP_ORIGIN="https://evil.example"),
        beacon(client, site, HTTP_SEC_FETCH_SITE="cross-site"),
        beacon(client, bali, host="jatim.localhost"),  # another region's host
    ]
    assert [(r.status_code, r.content.decode().strip()) for r in refused] == [
        (400, "not sent from a page of this network"),
        (400, "not sent from a page of this network"),
        (400, "unknown site"),
    ]
    kept = [
        beacon(client, site, HTTP_ORIGIN="http://localhost", HTTP_SEC_FETCH_SITE="same-origin"),
        beacon(client, jatim, host="jatim.localhost", HTTP_ORIGIN="http://jatim.localhost"),
        beacon(client, bali),  # /r/bali/ pages on the national host
    ]
    assert [r.status_code for r in kept] == [204, 204, 204]


@pytest.mark.parametrize(
    ("agent", "bot"),
    [
        ("Mozilla/5.0 (Linux; Android 12; Cubot KingKong 7) AppleWebKit/537.36 Chrome/120", False),
        (BROWSER, False),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
        ("python-httpx/0.27.0", True),
        ("axios/1.7.2", True),
        ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", True),
        ("Python/3.11 aiohttp/3.9.5", True),
        ("PostmanRuntime/7.39.0", True),
        ("", True),
    ],
)
def test_bots_and_scripts_are_told_from_browsers(agent, bot):
    from warta.analytics.ingest import is_bot

    assert is_bot(agent) is bot


def test_one_address_cannot_pose_as_a_crowd(client, site, story, monkeypatch):
    from warta.analytics import beacon as beacon_module

    monkeypatch.setattr(beacon_module, "_allowance", beacon_module.Allowance(per_minute=5))
    answers = [beacon(client, site, story, agent=f"{BROWSER} {n}").status_code for n in range(8)]
    assert answers == [204] * 5 + [429] * 3
    roll()
    assert stat(STORY, story.pk).views == 5


def test_a_reader_of_a_wita_site_is_one_visitor_for_the_whole_local_day(client, channel):
    """Bali's day starts an hour before Jakarta's: a reader there at 00:30 and at 01:30 WITA
    (23:30 and 00:30 WIB) is one visitor of that WITA day, not two."""
    from warta.channels.tests.factories import ChannelPageFactory, make_site
    from warta.core.models import SiteSettings
    from warta.core.sites.lookup import forget_site_settings, forget_sites

    bali = make_site(hostname="bali.localhost", name="Bali", default=False)
    SiteSettings.objects.update_or_create(site=bali, defaults={"time_zone": "Asia/Makassar"})
    forget_sites()
    forget_site_settings(bali.pk)
    story = ArticlePageFactory(parent=ChannelPageFactory(parent=bali.root_page, slug="berita"))
    wita_midnight = datetime.now(UTC).replace(hour=16, minute=0, second=0, microsecond=0)
    if wita_midnight.timestamp() > time.time() - 3 * 3600:
        wita_midnight -= timedelta(days=1)  # a past night, so both reads are in the past
    beacon(client, bali, story, host="bali.localhost")
    (read,) = buffer.take()
    for minutes in (30, 90):  # 00:30 and 01:30 WITA
        buffer.add(
            read.__class__(**{**_fields(read), "at": wita_midnight.timestamp() + 60 * minutes})
        )
    buffer.flush()
    rollup.roll_all()
    day = Stat.objects.get(grain=DAY, dimension=SITE, key=bali.pk)
    assert (day.views, day.visitors) == (2, 1)
    assert set(DailySalt.objects.values_list("zone", flat=True)) == {"Asia/Makassar"}
