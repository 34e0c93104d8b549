"""Rich text cleaning for every write path that is not Wagtail's editor (importers, API,
scripts): the same small whitelist the editor allows, applied with nh3."""

import nh3

RICH_TEXT_TAGS = {
    "p",
    "b",
    "i",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "br",
    "h2",
    "h3",
    "h4",
    "embed",
}
RICH_TEXT_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}


def clean_rich_text(html: str) -> str:
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
