"""The event log split by site (WARTA_ANALYTICS_PARTITIONS): each site's events go to one
partition, each partition has its own cursor and claim, processes rolling at once count every
event once, a change of the number loses and repeats nothing, and one partition is the log as
it always was."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from warta.analytics import buffer, jobs, rollup, store
from warta.analytics.models import DAY, SITE, STORY, ActiveReader, RollCursor, Stat
from warta.analytics.queries import readers_now_of_stories
from warta.analytics.store import FileLog, Partition, hour_label
from warta.analytics.tests.factories import BROWSER, beacon
from warta.articles.models import Listing
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.env import ImproperlyConfiguredEnv, env_bounded

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(tmp_path):
    log = FileLog(tmp_path / "log")
    store.use_log(log)
    return log


@pytest.fixture
def sites(site):
    """The default site and regional sites until every residue of 4 has one."""
    found = [site]
    while len({s.pk % 4 for s in found}) < 4 or len(found) < 5:
        n = len(found)
        found.append(make_site(hostname=f"kota{n}.localhost", name=f"Kota {n}", default=False))
    return found


def read(client, site, story=None, *, readers: int, kind: str = "v", **fields) -> None:
    for n in range(readers):
        beacon(client, site, story, kind=kind, agent=f"{BROWSER} pembaca-{n}", **fields)


def site_views(site) -> int:
    rows = Stat.objects.filter(grain=DAY, dimension=SITE, key=site.pk, site_id=site.pk)
    return sum(row.views for row in rows)


def test_one_partition_is_the_log_as_it_always_was(client, site, log):
    read(client, site, readers=2)
    buffer.flush()
    assert [p.name for p in (log.root / hour_label(time.time())).iterdir()] == [log.name]
    assert log.partitions() == [Partition(0, 1)]
    assert rollup.roll_all() == 2
    assert list(RollCursor.objects.values_list("name", flat=True)) == ["log"]
    assert site_views(site) == 2


def test_each_sites_events_go_to_its_partition(client, sites, log, settings):
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for n, place in enumerate(sites):
        read(client, place, readers=n + 1)
    buffer.flush()
    assert log.partitions() == store.partitions(4)
    for part in store.partitions(4):
        lines, _ = log.read(store.Cursor(), limit=1000, part=part)
        assert lines and all(part.holds(int(line.split("\t")[2])) for line in lines)
    assert not log.hours()  # nothing in the whole log's folders


def test_two_processes_rolling_at_once_count_every_event_once(
    client, sites, log, settings, monkeypatch
):
    """Two rollers take batches of three lines in turn, one from the first partition up and
    the other from the last down, so they meet on the same partitions; a third read every
    cursor before the others moved it (a stale read): its batches are refused."""
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for n, place in enumerate(sites):
        read(client, place, readers=n + 2)
        read(client, place, readers=n + 2, kind="p", e=10, d=10)
    buffer.flush()
    parts = store.partitions(4)
    stale = {p: RollCursor.objects.get_or_create(name=p.name)[0] for p in parts}
    first, second = list(parts), list(reversed(parts))
    rolled = 0
    while first or second:
        for order in (first, second):
            if order:
                result = rollup.roll(order[0], limit=3)
                rolled += result.events
                if result.lines < 3:
                    order.pop(0)
    monkeypatch.setattr(
        rollup.RollCursor.objects,
        "get_or_create",
        lambda name: (next(c for c in stale.values() if c.name == name), False),
    )
    for part in parts:
        assert rollup.roll(part, limit=3).events == 0
    views = sum(n + 2 for n in range(len(sites)))
    assert rolled == 2 * views
    for n, place in enumerate(sites):
        assert site_views(place) == n + 2
    assert sorted(RollCursor.objects.values_list("name", flat=True)) == [p.name for p in parts]


def test_a_stale_roller_of_a_partition_adds_nothing(client, sites, log, settings, monkeypatch):
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    place = sites[1]
    part = store.partition_of(place.pk, 4)
    read(client, place, readers=3)
    buffer.flush()
    stale = RollCursor.objects.get_or_create(name=part.name)[0]
    assert rollup.roll(part).events == 3
    monkeypatch.setattr(rollup.RollCursor.objects, "get_or_create", lambda **kw: (stale, False))
    assert rollup.roll(part).events == 0  # read before the first committed: refused
    assert site_views(place) == 3


def test_a_partition_claimed_by_another_process_is_skipped(client, sites, log, settings):
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for place in sites[:4]:
        read(client, place, readers=1)
    buffer.flush()
    busy = store.partition_of(sites[0].pk, 4)
    assert rollup.claim(busy)  # another process rolls it now
    assert rollup.roll_partition(busy) is None
    assert rollup.roll_all() == 3
    assert site_views(sites[0]) == 0
    assert all(site_views(place) == 1 for place in sites[1:4])
    assert not RollCursor.objects.filter(name=busy.name).exists()
    rollup.release(busy)  # it finished (or its claim ran out): the next roll takes it
    assert rollup.roll_all() == 1
    assert site_views(sites[0]) == 1


def test_rolls_release_their_claims_and_processes_start_apart(sites, log, settings, monkeypatch):
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    claim = rollup.claim
    taken: list[list[str]] = []
    for pid in (100, 101):
        claims: list[str] = []
        monkeypatch.setattr(os, "getpid", lambda pid=pid: pid)
        monkeypatch.setattr(
            rollup, "claim", lambda part, c=claims: c.append(part.name) or claim(part)
        )
        rollup.roll_all()
        taken.append(claims)
    assert taken[0][0] != taken[1][0]  # two processes begin on different partitions
    assert sorted(taken[0]) == sorted(taken[1]) == [p.name for p in store.partitions(4)]
    assert all(claim(part) for part in store.partitions(4))  # none left held


def test_the_workers_roll_fans_the_partitions_out_as_tasks(client, sites, log, settings):
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for n, place in enumerate(sites):
        read(client, place, readers=n + 1)
    buffer.flush()
    assert jobs.roll_events() == 4  # four tasks (run at once by the tests' task backend)
    for n, place in enumerate(sites):
        assert site_views(place) == n + 1


def test_changing_the_number_of_partitions_loses_and_repeats_nothing(client, sites, log, settings):
    """Events written before the change stay in their old partitions and are read there by
    their own cursors; events after it go to the new ones."""
    read(client, sites[1], readers=1)  # one partition
    buffer.flush()
    assert rollup.roll_all() == 1
    read(client, sites[1], readers=2)  # written, not yet rolled, when the number changes
    buffer.flush()
    settings.WARTA_ANALYTICS_PARTITIONS = 2
    read(client, sites[1], readers=3)
    read(client, sites[2], readers=3)
    buffer.flush()
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for place in sites[1:3]:
        read(client, place, readers=4)
    buffer.flush()
    assert [p.name for p in rollup.partitions_to_roll()] == [
        "log",
        "log:0/2",
        "log:1/2",
        *(p.name for p in store.partitions(4)),
    ]
    assert rollup.roll_all() == 2 + 6 + 8
    assert rollup.roll_all() == 0
    assert site_views(sites[1]) == 1 + 2 + 3 + 4
    assert site_views(sites[2]) == 3 + 4


def test_readers_of_a_story_on_sites_in_two_partitions_are_added_at_read_time(
    client, sites, log, settings
):
    """The explorer's badge counts a story's readers on every site that shows it: rows of
    sites in different partitions, rolled by different processes, summed when read."""
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    home, other = sites[0], next(s for s in sites if s.pk % 4 != sites[0].pk % 4)
    story = ArticlePageFactory(parent=ChannelPageFactory(parent=home.root_page, slug="berita"))
    Listing.objects.create(
        site=other, article=story, published_at=timezone.now(), own=False, origin=home
    )
    read(client, home, story, readers=2)
    read(client, other, story, readers=3)
    buffer.flush()
    rollup.roll_partition(store.partition_of(other.pk, 4))
    assert readers_now_of_stories([story.pk]) == {story.pk: 3}
    rollup.roll_partition(store.partition_of(home.pk, 4))
    assert readers_now_of_stories([story.pk]) == {story.pk: 5}
    for place, views in ((home, 2), (other, 3)):
        row = Stat.objects.get(grain=DAY, dimension=STORY, key=story.pk, site_id=place.pk)
        assert row.views == views and row.visitors == views
    # Readers who left are forgotten by their own partition's roll only.
    later = time.time() + rollup.ACTIVE_SECONDS + 1
    rollup.roll(store.partition_of(home.pk, 4), now=later)
    assert set(ActiveReader.objects.values_list("site_id", flat=True)) == {other.pk}
    rollup.roll(store.partition_of(other.pk, 4), now=later)
    assert not ActiveReader.objects.exists()


def test_old_partitions_are_dropped_with_their_hours(log):
    old = hour_label(time.time() - store.KEEP_SECONDS - 7200)
    for part in (Partition(0, 1), Partition(1, 2)):
        folder = log.folder(part) / old
        folder.mkdir(parents=True)
        (folder / "other-1.log").write_text("x\n")
    assert log.prune(time.time()) == 2
    assert not any(Path(log.root).glob("**/*.log"))


@pytest.mark.parametrize("value", ["0", "257", "dua", "-1"])
def test_the_number_of_partitions_is_checked_at_start(monkeypatch, value):
    monkeypatch.setenv("WARTA_ANALYTICS_PARTITIONS", value)
    with pytest.raises(ImproperlyConfiguredEnv, match="WARTA_ANALYTICS_PARTITIONS"):
        env_bounded("WARTA_ANALYTICS_PARTITIONS", 1, low=1, high=256)


def test_the_number_of_partitions_defaults_to_one(monkeypatch, settings):
    monkeypatch.delenv("WARTA_ANALYTICS_PARTITIONS", raising=False)
    assert env_bounded("WARTA_ANALYTICS_PARTITIONS", 1, low=1, high=256) == 1
    monkeypatch.setenv("WARTA_ANALYTICS_PARTITIONS", "256")
    assert env_bounded("WARTA_ANALYTICS_PARTITIONS", 1, low=1, high=256) == 256


def test_a_partition_the_log_refuses_keeps_its_events_for_the_next_write(
    client, sites, log, settings, monkeypatch
):
    """The partitions written are not written again; the refused one's events wait."""
    settings.WARTA_ANALYTICS_PARTITIONS = 4
    for place in sites[:4]:
        read(client, place, readers=1)
    refused = store.partition_of(sites[2].pk, 4)
    append = log.append

    def failing(lines, part=store.WHOLE):
        if part == refused:
            raise ConnectionError("down")
        append(lines, part)

    monkeypatch.setattr(log, "append", failing)
    written = buffer.flush()
    monkeypatch.setattr(log, "append", append)
    assert buffer.flush() + written == 4
    assert rollup.roll_all() == 4
    assert all(site_views(place) == 1 for place in sites[:4])
