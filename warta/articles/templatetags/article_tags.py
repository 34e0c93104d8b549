from urllib.parse import quote, urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from warta.articles.baca_juga import with_baca_juga

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


@register.tag("baca_juga")
def baca_juga_tag(parser, token):
    """{% baca_juga links [template] %}…body…{% endbaca_juga %}: the enclosed body with its
    'Baca juga' boxes placed after the chosen paragraphs (warta.articles.baca_juga), each box
    drawn with `template` (default articles/baca_juga.html) in the page's context."""
    bits = token.split_contents()[1:]
    if len(bits) not in (1, 2):
        raise template.TemplateSyntaxError("baca_juga takes the links and an optional template")
    nodelist = parser.parse(("endbaca_juga",))
    parser.delete_first_token()
    return BacaJugaNode(
        parser.compile_filter(bits[0]),
        parser.compile_filter(bits[1]) if len(bits) == 2 else None,
        nodelist,
    )


class BacaJugaNode(template.Node):
    def __init__(self, links, template_name, nodelist):
        self.links, self.template_name, self.nodelist = links, template_name, nodelist

    def render(self, context) -> str:
        html = self.nodelist.render(context)
        links = self.links.resolve(context)
        if callable(links):
            links = links()
        if not links:
            return html
        name = self.template_name.resolve(context) if self.template_name else DEFAULT_BOX
        box = context.template.engine.get_template(name)

        def render_box(stories: list) -> str:
            with context.push(stories=stories):
                return box.render(context)

        return _safe(with_baca_juga(html, links, render_box))


DEFAULT_BOX = "articles/baca_juga.html"


@register.simple_tag
def share_targets(title: str, url: str) -> list[dict[str, str]]:
    """Where a reader can share a story, WhatsApp first: plain links (no script, no pixel)
    carrying the headline and the story's canonical URL."""
    text = f"{title} {url}"
    return [
        {
            "network": "whatsapp",
            "label": _("Bagikan ke WhatsApp"),
            "href": f"https://wa.me/?text={quote(text, safe='')}",
        },
        {
            "network": "facebook",
            "label": _("Bagikan ke Facebook"),
            "href": f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}",
        },
        {
            "network": "x",
            "label": _("Bagikan ke X"),
            "href": "https://x.com/intent/tweet?"
            + urlencode({"text": title, "url": url}, quote_via=quote),
        },
        {
            "network": "telegram",
            "label": _("Bagikan ke Telegram"),
            "href": "https://t.me/share/url?"
            + urlencode({"url": url, "text": title}, quote_via=quote),
        },
    ]
