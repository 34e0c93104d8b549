"""What the privacy page says about counting, from the numbers the code counts with."""

from __future__ import annotations

from django import template

from warta.analytics.ingest import PING_SECONDS, PINGS_PER_PAGE
from warta.analytics.rollup import ACTIVE_SECONDS, KEEP_MINUTES

register = template.Library()


@register.simple_tag
def counting_facts() -> dict[str, int]:
    """For `analytics/what_we_count.html` (full and lite): `{% counting_facts as counting %}`."""
    return {
        "ping_seconds": PING_SECONDS,
        "ping_minutes": PING_SECONDS * PINGS_PER_PAGE // 60,
        "raw_hours": int(KEEP_MINUTES.total_seconds() // 3600),
        "active_minutes": ACTIVE_SECONDS // 60,
    }
