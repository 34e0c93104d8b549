"""Filters for the site's own pages (trust pages, `InfoPage`)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'\b(src|alt)="([^"]*)"')


@register.filter
def photo_links(html: SafeString) -> SafeString:
    """Rendered rich text for the lite edition: each picture becomes a "Lihat foto" link (the
    lite edition fetches no image; warta.core.sites.lite)."""

    def link(match: re.Match) -> str:
        attrs = dict(ATTR.findall(match.group(0)))
        label = _("Lihat foto")
        alt = f": {attrs['alt']}" if attrs.get("alt") else ""  # already escaped in the tag
        return f'<a href="{attrs.get("src", "")}">{escape(label)}</a>{alt}'

    return mark_safe(IMG.sub(link, str(html)))  # noqa: S308 - rebuilt from escaped attributes
