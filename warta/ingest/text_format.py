"""Parser for scraped plain-text articles shaped like an iNews.id page:

    Title
    Author[, Author …]
    Caption of the hero photo (Foto: Antara)
    PLACE, Site.id - First paragraph …
    paragraphs, quotes ("…," kata X, dikutip dari Reuters.)
    Editor : Name
    <site chrome: related list, latest, footer - ignored>

Pure functions, no database: the service in ingest.services turns the result into a page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUOTE_CHARS = '"“”„«»'
SPEECH_VERBS = r"kata|ujar|ucap|tutur|ungkap|jelas|tegas|sebut|imbuh|tambah"
QUOTE_RE = re.compile(
    rf"^[{QUOTE_CHARS}](?P<text>.+?)[{QUOTE_CHARS}],?\s+(?:{SPEECH_VERBS})(?:nya)?\s+"
    r"(?P<speaker>[^,.]+?)(?:,\s*(?:dikutip dari|seperti dikutip dari|mengutip)\s+"
    r"(?P<source>[^.,]+))?\.?\s*$",
    re.DOTALL,
)
CAPTION_RE = re.compile(r"^(?P<caption>.*?)\s*\((?:Foto|Photo)\s*:\s*(?P<credit>[^)]+)\)\s*$")
DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý .'-]{1,60}?),\s*(?P<site>[^-–—]{2,60}?)\s*[-–—]\s+(?P<rest>.+)$",
    re.DOTALL,
)
EDITOR_RE = re.compile(r"^Editor\s*:\s*(?P<name>.+?)\s*$")
CITED_RE = re.compile(
    r"(?:dikutip dari|seperti dikutip dari|mengutip)\s+([A-Z][\w.]+(?: [A-Z][\w.]+)?)"
)
CHROME_MARKERS = {
    "Artikel Terkait",
    "Berita Terkini",
    "Network",
    "Network Updates",
    "Kanal",
    "Personalize Your News",
    "Berita Terkait",
    "Baca Juga",
}
MAX_TITLE = 255


class TextImportError(ValueError):
    """The text is not shaped like a scraped article; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class Quote:
    text: str
    speaker: str
    source: str = ""


@dataclass
class ParsedArticle:
    title: str
    authors: list[str]
    dateline_place: str
    dateline_site: str
    paragraphs: list[str | Quote]
    editor: str
    caption: str = ""
    photo_credit: str = ""
    cited_sources: list[str] = field(default_factory=list)


def _split_names(line: str) -> list[str]:
    names = re.split(r",\s*|\s+dan\s+|\s*&\s*", line)
    return [n.strip() for n in names if n.strip()]


def parse_quote(paragraph: str) -> Quote | None:
    match = QUOTE_RE.match(paragraph.strip())
    if not match:
        return None
    text = match["text"].strip().rstrip(",").strip()
    source = (match["source"] or "").strip()
    return Quote(text=text, speaker=match["speaker"].strip(), source=source)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def parse_article_text(text: str) -> ParsedArticle:
    if "\x00" in text:
        raise TextImportError(1, "the file contains NUL bytes; is it really text?")
    lines = _blocks(text)
    if not lines:
        raise TextImportError(1, "the file is empty")
    cursor = iter(lines)

    title_no, title = next(cursor)
    if len(title) > MAX_TITLE:
        raise TextImportError(title_no, f"the title is longer than {MAX_TITLE} characters")
    if EDITOR_RE.match(title) or DATELINE_RE.match(title):
        raise TextImportError(title_no, "expected the headline on the first line")

    author_no, author_line = next(cursor, (title_no + 1, ""))
    if not author_line or DATELINE_RE.match(author_line) or len(author_line) > 120:
        raise TextImportError(author_no, "expected the author line (one or more names)")
    authors = _split_names(author_line)

    line_no, line = next(cursor, (author_no + 1, ""))
    caption = credit = ""
    caption_match = CAPTION_RE.match(line)
    if caption_match:
        caption, credit = caption_match["caption"].strip(), caption_match["credit"].strip()
        line_no, line = next(cursor, (line_no + 1, ""))

    dateline = DATELINE_RE.match(line)
    if not dateline:
        raise TextImportError(
            line_no,
            "expected the dateline paragraph, e.g. 'WASHINGTON, iNews.id - First sentence…'"
            + ("" if caption_match else " (or a photo caption ending in '(Foto: Source)')"),
        )
    paragraphs: list[str | Quote] = [dateline["rest"].strip()]
    editor = ""
    for line_no, line in cursor:  # noqa: B020 - the loop continues the same cursor
        editor_match = EDITOR_RE.match(line)
        if editor_match:
            editor = editor_match["name"]
            break
        if line in CHROME_MARKERS:
            raise TextImportError(
                line_no, f"reached the site's '{line}' list before an 'Editor : Name' line"
            )
        paragraphs.append(parse_quote(line) or line)
    if not editor:
        raise TextImportError(line_no, "no 'Editor : Name' line after the body")

    sources: list[str] = []
    for item in paragraphs:
        found = [item.source] if isinstance(item, Quote) and item.source else []
        found += CITED_RE.findall(item.text if isinstance(item, Quote) else item)
        sources += [s for s in found if s and s not in sources]

    return ParsedArticle(
        title=title,
        authors=authors,
        dateline_place=dateline["place"].strip(),
        dateline_site=dateline["site"].strip(),
        paragraphs=paragraphs,
        editor=editor,
        caption=caption,
        photo_credit=credit,
        cited_sources=sources,
    )
