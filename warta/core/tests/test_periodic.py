"""The worker's periodic jobs: every-tick jobs run each tick; a nightly job (the story-names
gazetteer) runs once a day after its hour, catches up after a worker was down, and is never
run twice by a restart or a second worker."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.core.models import PeriodicJobRun
from warta.core.ops import periodic
from warta.discovery.apps import STORY_NAMES_HOUR
from warta.discovery.models import StoryName

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def counted(monkeypatch):
    """A nightly job at 02:00 and an every-tick one, counting their runs, as the only jobs."""
    runs = {"nightly": 0, "tick": 0}
    monkeypatch.setattr(periodic, "_JOBS", {})
    monkeypatch.setattr(periodic, "_NIGHTLY", {})
    periodic.periodic("nightly", nightly_at=2)(
        lambda: runs.__setitem__("nightly", runs["nightly"] + 1)
    )
    periodic.periodic("tick")(lambda: runs.__setitem__("tick", runs["tick"] + 1))
    return runs


def test_a_nightly_job_runs_once_a_day_after_its_hour(counted):
    periodic.run_periodic_jobs(at(4, 15))  # never ran: runs at the worker's first tick
    assert counted == {"nightly": 1, "tick": 1}
    for moment in (at(4, 15, 1), at(4, 23, 59), at(5, 1, 59)):
        assert "nightly" not in periodic.run_periodic_jobs(moment)
    assert counted == {"nightly": 1, "tick": 4}
    assert periodic.run_periodic_jobs(at(5, 2, 0))["nightly"] == "ok"
    periodic.run_periodic_jobs(
        at(
            5,
            2,
            0,
        )
    )
    periodic.run_periodic_jobs(at(5, 14))
    assert counted["nightly"] == 2
    # The worker was down from the 5th to the 7th at noon: one catch-up run, not three.
    periodic.run_periodic_jobs(at(7, 12))
    periodic.run_periodic_jobs(at(7, 13))
    assert counted["nightly"] == 3
    assert PeriodicJobRun.objects.get(name="nightly").last_run_at == at(7, 12)


def test_a_second_worker_does_not_win_a_run_already_claimed(counted):
    assert periodic.claim_nightly_run("nightly", 2, at(5, 3))
    # Another worker read the row before the claim: its conditional update finds it changed.
    assert not periodic.claim_nightly_run("nightly", 2, at(5, 3, 1))
    PeriodicJobRun.objects.filter(name="nightly").update(last_run_at=at(4, 3))
    assert periodic.claim_nightly_run("nightly", 2, at(5, 3, 2))


def test_a_failing_nightly_job_does_not_stop_the_others_nor_rerun_that_night(monkeypatch):
    monkeypatch.setattr(periodic, "_JOBS", {})
    monkeypatch.setattr(periodic, "_NIGHTLY", {})
    ran = []

    def broken():
        raise RuntimeError("boom")

    periodic.periodic("broken", nightly_at=2)(broken)
    periodic.periodic("tick")(lambda: ran.append(1))
    assert periodic.run_periodic_jobs(at(5, 3)) == {"broken": "failed", "tick": "ok"}
    assert periodic.run_periodic_jobs(at(5, 4)) == {"tick": "ok"}


def test_an_hour_outside_the_day_is_refused():
    with pytest.raises(ValueError):
        periodic.periodic("bad", nightly_at=24)


def test_the_story_names_gazetteer_is_rebuilt_by_the_worker_each_night(channel):
    assert periodic._NIGHTLY.get("refresh_story_names") == STORY_NAMES_HOUR
    body = paragraph_body("Wakil Presiden Kamala Harris berbicara di Washington kepada wartawan.")
    for n in range(3):
        ArticlePageFactory(parent=channel, title=f"Berita {n}", body=body)
    outcome = periodic.run_periodic_jobs(at(5, STORY_NAMES_HOUR, 5))
    assert outcome["refresh_story_names"] == "ok"
    assert list(StoryName.objects.values_list("name", flat=True)) == ["Kamala Harris"]
    StoryName.objects.all().delete()
    assert "refresh_story_names" not in periodic.run_periodic_jobs(at(5, 23))
    assert not StoryName.objects.exists()
    periodic.run_periodic_jobs(at(6, STORY_NAMES_HOUR))
    assert StoryName.objects.exists()
