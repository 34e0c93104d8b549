"""Template helpers shared by every app: dates in the site's time zone and language."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from warta.core.indonesia import dates
from warta.core.pagecache import depends_on, keys
from warta.core.pagecache.fragments import TTL, cached_part
from warta.core.sites import editions, lite

register = template.Library()


def _time_zone(context) -> str:
    settings = context.get("site_settings")
    return getattr(settings, "time_zone", None) or "Asia/Jakarta"


@register.simple_tag(takes_context=True)
def long_date(context, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return dates.format_long(moment, _time_zone(context), translation.get_language())


@register.simple_tag(takes_context=True)
def machine_date(context, moment: datetime | None) -> str:
    """The value of a <time datetime> attribute: '2023-09-07T10:15:00+07:00'."""
    if moment is None:
        return ""
    return dates.format_machine(moment, _time_zone(context))


@register.simple_tag(takes_context=True)
def relative_time(context, moment: datetime | None) -> SafeString:
    """A <time> element with the relative text; site.js keeps it current on cached pages."""
    if moment is None:
        return mark_safe("")  # noqa: S308 - empty string
    lang = translation.get_language()
    zone = _time_zone(context)
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        dates.format_machine(moment, zone),
        dates.format_long(moment, zone, lang),
        dates.format_relative(moment, timezone.now(), zone, lang),
    )


@register.simple_tag(takes_context=True)
def clock_time(context, moment: datetime | None) -> str:
    """'14:05 WIB': the time of day in the site's zone (a list of one day's stories)."""
    if moment is None:
        return ""
    zone = _time_zone(context)
    return f"{dates.localise(moment, zone):%H:%M} {dates.tz_abbreviation(zone)}"


@register.simple_tag(takes_context=True)
def time_zone_abbreviation(context) -> str:
    return dates.tz_abbreviation(_time_zone(context))


@register.simple_tag(takes_context=True)
def today(context) -> str:
    """'Kamis, 7 September 2023' for the header."""
    return long_date(context, timezone.now()).split(" | ")[0]


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """'?q=banjir&page=2': the current query string with another page number, so paging
    keeps the reader's search and filters."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def story_language(story) -> str:
    """The lang attribute of a story's own text (headline, summary, body, caption): in the
    English edition the interface is English and the story stays in its language, so screen
    readers switch voice (warta.core.sites.editions)."""
    return getattr(story, "language", None) or editions.story_language()


@register.filter
def initials(name: str) -> str:
    """Up to two initials of a name ("Dewi Lestari" -> "DL"), for a portrait placeholder."""
    parts = [part for part in str(name).split() if part[:1].isalpha()]
    return "".join(part[0] for part in parts[:2]).upper() or "?"


@register.simple_tag(takes_context=True)
def lite_url(context) -> str:
    """The lite edition of this page (warta.core.sites.lite)."""
    return lite.lite_url(context["request"])


@register.simple_tag(takes_context=True)
def full_url(context) -> str:
    """The full edition of this lite page."""
    return lite.full_url(context["request"])


@register.simple_tag
def shows(story) -> str:
    """Marks that the page being rendered shows this story (a card, a list item), so the
    cached page is purged when the story changes. Renders nothing."""
    pk = story.get("pk") if isinstance(story, dict) else getattr(story, "pk", None)
    if pk is not None:
        depends_on(keys.article(pk))
    return ""


@register.tag
def fragment(parser, token):
    """{% fragment "name" vary1 vary2 keys=list_of_keys ttl=600 %}…{% endfragment %}: the
    enclosed template, rendered once and kept while none of its surrogate keys (declared, and
    registered inside, e.g. by {% shows %}) is purged. See warta.core.pagecache.fragments."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name")
    options = {}
    vary = []
    for bit in bits[1:]:
        name, sep, value = bit.partition("=")
        if sep and name in ("keys", "ttl"):
            options[name] = parser.compile_filter(value)
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[0]), vary, options, nodelist)


class FragmentNode(template.Node):
    def __init__(self, name, vary, options, nodelist):
        self.name, self.vary, self.options, self.nodelist = name, vary, options, nodelist

    def render(self, context) -> str:
        keys = self.options["keys"].resolve(context) if "keys" in self.options else []
        ttl = int(self.options["ttl"].resolve(context)) if "ttl" in self.options else TTL
        vary = [v.resolve(context) for v in self.vary]
        return cached_part(
            f"template:{self.name.resolve(context)}",
            vary,
            keys or [],
            lambda: mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered template
            ttl=ttl,
        )


@register.filter
def teaser(text: str, length: int = 36) -> str:
    """The text cut to at most `length` characters at a word boundary, with "…" ('Gempa
    magnitudo 6,1 guncang selatan…'): never a word cut in half, as the phone's ticker needs."""
    text = str(text)
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[: length + 1] else text[:length]
    return cut.rstrip(" ,.;:-\u2013\u2014") + "\u2026"
