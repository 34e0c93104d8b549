"""Template filters for gallery and video stories."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

register = template.Library()


@register.filter
def video_length(seconds: int | None) -> str:
    """95 -> '1:35', 3725 -> '1:02:05' (a video's length as players show it)."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# The badge a card shows for a story type other than the plain article: a class suffix and
# its label. Looked up by the story's content type (loaded with every page row), so a list of
# plain ArticlePage rows costs no query more for knowing which are galleries or videos.
BADGES = {
    "gallerypage": ("gallery", gettext_lazy("Galeri")),
    "videopage": ("video", gettext_lazy("Video")),
}
_ICONS = {
    # Two stacked frames; a play triangle. Drawn in the text colour, hidden from screen
    # readers (the word beside them says it).
    "gallery": '<path d="M1.5 5.5h10v8h-10z M4.5 2.5h10v8" fill="none" stroke="currentColor" '
    'stroke-width="1.5"/>',
    "video": '<path d="M4 2.5v11l9.5-5.5z" fill="currentColor"/>',
}


def story_kind(story) -> str:
    """'gallery', 'video' or '' (an article, or anything that is not a story page)."""
    content_type_id = getattr(story, "content_type_id", None)
    if content_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached per process
    if content_type.app_label != "articles" or content_type.model not in BADGES:
        return ""
    return BADGES[content_type.model][0]


@register.simple_tag
def story_badge(story, lite: bool = False) -> str:
    """A gallery's or video's badge on a card ("Galeri", "Video"; the lite edition: the
    word alone). Renders nothing for an article."""
    kind = story_kind(story)
    if not kind:
        return ""
    label = next(text for key, text in BADGES.values() if key == kind)
    if lite:
        return format_html('<span class="kind">{}</span> · ', label)
    return format_html(
        '<span class="story-badge story-badge--{}"><svg class="story-badge__icon" '
        'viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">{}</svg>{}</span>',
        kind,
        mark_safe(_ICONS[kind]),  # noqa: S308 - constant markup above
        label,
    )
