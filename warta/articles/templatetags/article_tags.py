from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def paragraph_with_dateline(context, value, place: str) -> str:
    """The first paragraph opens with "WASHINGTON, <site name> - ", set in the paragraph itself
    as newspapers do, with the site's own name rather than whatever the source said."""
    html = str(value)
    site = context.get("current_site")
    name = getattr(site, "site_name", "") or "Warta"
    lead = format_html('<span class="dateline">{}, {}</span> - ', place.upper(), name)
    if html.startswith("<p>"):
        return format_html("<p>{}{}", lead, _safe(html[3:]))
    return format_html("{}{}", lead, _safe(html))


def _safe(html: str):
    # Rich text has already been through Wagtail's whitelist when it was saved.
    return mark_safe(html)  # noqa: S308
