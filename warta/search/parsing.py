"""Reader queries into search terms. Whatever is typed (empty, 10,000 characters, SQL, FTS
operators, punctuation) becomes plain stemmed words and quoted phrases, never syntax.

Words go through `analyze`, the analyzer the index uses. A query of stop words only ("yang
berada di sana") searches those words as written: the index holds every word of the text as
well as the stems, so analysis alone never turns a query into "no results"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warta.core.indonesia.text import analyze, words

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


@dataclass
class ParsedQuery:
    text: str  # the query as shown back to the reader, trimmed
    terms: list[str] = field(default_factory=list)  # stems of single words
    phrases: list[list[str]] = field(default_factory=list)  # stems of quoted phrases
    # Only stop words were typed: `terms` are those words as written (lowercase), unstemmed.
    as_written: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def all_stems(self) -> set[str]:
        return set(self.terms) | {s for p in self.phrases for s in p}


def parse_query(raw: str | None) -> ParsedQuery:
    text = " ".join((raw or "").split())[:MAX_QUERY_CHARS]
    quoted = [analyze(p) for p in QUOTED.findall(text)]
    phrases = [p for p in quoted if len(p) > 1]
    rest = QUOTED.sub(" ", text)
    terms = list(dict.fromkeys(analyze(rest)))
    for phrase in quoted:  # a one-word "phrase" is just a term
        if len(phrase) == 1 and phrase[0] not in terms:
            terms.append(phrase[0])
    if not terms and not phrases:
        written = list(dict.fromkeys(w.lower() for w in words(text)))
        return ParsedQuery(text=text, terms=written[:MAX_TERMS], as_written=bool(written))
    return ParsedQuery(text=text, terms=terms[:MAX_TERMS], phrases=phrases[:3])
