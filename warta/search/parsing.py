"""Reader queries into search terms. Whatever is typed (empty, 10,000 characters, SQL, FTS
operators, punctuation) becomes plain stemmed words and quoted phrases, never syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warta.core.indonesia.text import stem_word, stop_words, words

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


@dataclass
class ParsedQuery:
    text: str  # the query as shown back to the reader, trimmed
    terms: list[str] = field(default_factory=list)  # stems of single words
    phrases: list[list[str]] = field(default_factory=list)  # stems of quoted phrases

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def all_stems(self) -> set[str]:
        return set(self.terms) | {s for p in self.phrases for s in p}


def _stems(text: str) -> list[str]:
    stop = stop_words()
    out = []
    for word in words(text):
        lowered = word.lower()
        if lowered not in stop:
            out.extend(stem_word(lowered).split())
    return out


def parse_query(raw: str | None) -> ParsedQuery:
    text = " ".join((raw or "").split())[:MAX_QUERY_CHARS]
    phrases = [_stems(p) for p in QUOTED.findall(text)]
    phrases = [p for p in phrases if len(p) > 1]
    rest = QUOTED.sub(" ", text)
    terms = list(dict.fromkeys(_stems(rest)))
    for phrase in phrases:  # a one-word "phrase" is just a term
        if len(phrase) == 1:
            terms.append(phrase[0])
    return ParsedQuery(text=text, terms=terms[:MAX_TERMS], phrases=phrases[:3])
