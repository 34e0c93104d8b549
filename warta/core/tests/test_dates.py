from datetime import UTC, datetime, timedelta

import pytest

from warta.core.indonesia import dates

# 7 September 2023 03:15 UTC is 10:15 in Jakarta, 11:15 in Makassar, 12:15 in Jayapura.
MOMENT = datetime(2023, 9, 7, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "Kamis, 7 September 2023 | 10:15 WIB"),
        ("Asia/Makassar", "Kamis, 7 September 2023 | 11:15 WITA"),
        ("Asia/Jayapura", "Kamis, 7 September 2023 | 12:15 WIT"),
    ],
)
def test_long_date_uses_the_site_time_zone(zone, expected):
    assert dates.format_long(MOMENT, zone) == expected


def test_long_date_in_english():
    assert (
        dates.format_long(MOMENT, "Asia/Jakarta", "en") == "Thursday, 7 September 2023 | 10:15 WIB"
    )


def test_day_changes_across_zones_at_midnight():
    late = datetime(2023, 9, 7, 16, 30, tzinfo=UTC)  # 23:30 WIB, 01:30 WIT next day
    assert dates.format_long(late, "Asia/Jakarta").startswith("Kamis, 7 September")
    assert dates.format_long(late, "Asia/Jayapura").startswith("Jumat, 8 September")


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(seconds=20), "baru saja"),
        (timedelta(minutes=5), "5 menit lalu"),
        (timedelta(hours=4, minutes=59), "4 jam lalu"),
        (timedelta(days=2, hours=3), "2 hari lalu"),
        (timedelta(days=30), "8 Agu 2023, 10:15 WIB"),
    ],
)
def test_relative_time(ago, expected):
    now = MOMENT + ago if ago < timedelta(days=7) else datetime(2023, 9, 7, 3, 15, tzinfo=UTC)
    moment = MOMENT if ago < timedelta(days=7) else MOMENT - ago
    assert dates.format_relative(moment, now) == expected


def test_future_time_is_not_called_past():
    assert dates.format_relative(MOMENT + timedelta(hours=1), MOMENT) == "7 Sep 2023, 11:15 WIB"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        dates.format_long(datetime(2023, 9, 7, 10, 15))


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=1), "1 min ago"),
        (timedelta(hours=1, minutes=5), "1 hour ago"),
        (timedelta(hours=4), "4 hours ago"),
        (timedelta(days=1, hours=2), "1 day ago"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=8), "30 Aug 2023, 10:15 WIB"),
    ],
)
def test_relative_time_in_english_says_one_hour_not_one_hours(ago, expected):
    assert dates.format_relative(MOMENT - ago, MOMENT, "Asia/Jakarta", "en") == expected
