"""The dashboards' CSV export: one row per story read on a site in a range of days. A cell a
spreadsheet would run as a formula (a title starting with "=", "+", "-", "@") is written with
a leading apostrophe, as newsletters.portability does (OWASP's advice)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from warta.analytics.dashboards import Ranked
from warta.analytics.models import REFERRER_CLASSES

COLUMNS = [
    "story_id",
    "title",
    "views",
    "visitors",
    "engaged_seconds",
    "engaged_per_view",
    "recirculated",
    "recirculation_pct",
    "lite_views",
    *(f"ref_{c}" for c in REFERRER_CLASSES),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def write_stories(rows: Iterable[Ranked]) -> str:
    """Visitors are summed one-day visitors (a reader of two days counts twice)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        totals = row.totals
        assert totals is not None
        writer.writerow(
            [
                cell(v)
                for v in (
                    row.key,
                    row.name,
                    totals.views,
                    totals.visitors,
                    totals.engaged_seconds,
                    f"{totals.engaged_per_view:.1f}",
                    totals.recirculated,
                    f"{totals.recirculation:.1f}",
                    totals.lite_views,
                    *(totals.refs[c] for c in REFERRER_CLASSES),
                )
            ]
        )
    return out.getvalue()
