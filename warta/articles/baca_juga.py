"""'Baca juga' inside a story's body, as Indonesian portals place them: a box of related links
after a chosen paragraph. The stories are read once (queries.baca_juga_links); the boxes are
placed on the rendered body in one pass (`with_baca_juga`), so the cost does not grow with the
number of paragraphs or boxes. Any rendering of a story (the article page, a lite edition)
can call `with_baca_juga` on its own body HTML with its own box template.

Placement rules:
- automatic (no editor's pick): the first related story after paragraph 2 (or the editor's
  paragraph N), and in a long story (N + 5 paragraphs or more) the second after N + 3; an
  automatic box is placed only where text follows it (a short story has the related list
  right below its body already);
- the editor's picks (up to three): one box after paragraph N, or after the last paragraph
  of a story shorter than that (the editor asked for them);
- turned off: nothing.
"Paragraph" is a top-level <p> of the rendered body: quotes, captions and lists do not count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from warta.articles.models import BACA_JUGA_DEFAULT_PARAGRAPH

# A story this many paragraphs past the first box gets a second automatic one, three later.
LONG_STORY_EXTRA = 5
SECOND_BOX_GAP = 3

VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass
class BacaJugaLinks:
    """What a story links to from inside its body (see queries.baca_juga_links)."""

    picks: list = field(default_factory=list)  # the editor's, in order, published only
    automatic: list = field(default_factory=list)  # the related list, best first
    paragraph: int | None = None  # the editor's paragraph; None: automatic

    def __bool__(self) -> bool:
        return bool(self.picks or self.automatic)


def placements(links: BacaJugaLinks | None, paragraph_count: int) -> list[tuple[int, list]]:
    """(after paragraph n, stories) for each box, in body order."""
    if not links or paragraph_count < 1:
        return []
    first = links.paragraph or BACA_JUGA_DEFAULT_PARAGRAPH
    if links.picks:
        return [(min(first, paragraph_count), list(links.picks))]
    boxes = []
    if paragraph_count > first:
        boxes.append((first, links.automatic[:1]))
        second = first + SECOND_BOX_GAP
        if paragraph_count >= first + LONG_STORY_EXTRA and len(links.automatic) > 1:
            boxes.append((second, links.automatic[1:2]))
    return boxes


class _ParagraphEnds(HTMLParser):
    """Offsets just past each top-level </p> of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for n, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(n + 1)
        self.depth = 0
        self.ends: list[int] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(self.depth - 1, 0)
        if tag == "p" and self.depth == 0:
            start = self._offset()
            self.ends.append(self.html.index(">", start) + 1)


def paragraph_ends(html: str) -> list[int]:
    """Where each top-level paragraph of the rendered body ends (offsets into `html`)."""
    return _ParagraphEnds(html).ends


def insert_after_paragraphs(html: str, ends: Sequence[int], boxes: dict[int, str]) -> str:
    """`html` with boxes[n] placed after paragraph n (1-based), in one pass."""
    parts, last = [], 0
    for n in sorted(boxes):
        at = ends[n - 1]
        parts += [html[last:at], boxes[n]]
        last = at
    parts.append(html[last:])
    return "".join(parts)


def with_baca_juga(
    html: str, links: BacaJugaLinks | None, render_box: Callable[[list], str]
) -> str:
    """The rendered body with its 'Baca juga' boxes; `render_box(stories)` draws one box."""
    if not links:
        return html
    ends = paragraph_ends(html)
    boxes = {n: render_box(stories) for n, stories in placements(links, len(ends)) if stories}
    return insert_after_paragraphs(html, ends, boxes) if boxes else html
