"""Template filters for gallery and video stories."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def video_length(seconds: int | None) -> str:
    """95 -> '1:35', 3725 -> '1:02:05' (a video's length as players show it)."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
