"""Names that recur across the network's stories ("Kamala Harris", "Polda Metro Jaya",
"Jokowi"): the public figures and bodies the gazetteer cannot list, learnt from the stories
themselves. Pure: the caller passes the texts (`discovery.services.refresh_story_names`
reads the published stories and stores the list; `bench/tag_suggestions.py` uses the same
function on a corpus).

A name is a capitalised run of the body (titles, sentence openers and stop words off, see
`entities.new_names`). Words the corpus mostly writes in lower case ("Keuangan" in "Menteri
Keuangan Sri Mulyani") are taken off a run's ends, and a one-word name must be written with a
capital nearly always. A name is kept when at least `min_stories` stories name it (one-word
names: twice as many)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from warta.discovery.entities import Lexicon, key, known_spans, new_names, tokenise

COMMON = 0.3  # a word written in lower case this often is an everyday word, not a name
MAX_NAME = 100


@dataclass(frozen=True)
class RecurringName:
    name: str
    stories: int


def recurring_names(
    texts: Iterable[tuple[str, str]], *, min_stories: int = 3, known: Lexicon | None = None
) -> list[RecurringName]:
    """Names found in at least `min_stories` of the (headline, body) pairs, most named first.
    Names `known` already (the gazetteer) split runs: "Amerika Serikat Donald Trump" gives
    "Donald Trump"."""
    runs_per_story: list[set[tuple[str, ...]]] = []
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for _title, body in texts:
        tokens = tokenise("", body)
        for token in tokens:
            if token.text[:1].islower():
                lower[token.folded] += 1
            elif not token.sentence_start:
                capital[token.folded] += 1
        taken: set[int] = set()
        for _name, start, length in known_spans(tokens, known) if known else ():
            taken.update(range(start, start + length))
        runs_per_story.append({tuple(name.split()) for name, _, _, _ in new_names(tokens, taken)})

    def common(word: str) -> bool:
        folded = key(word)
        return lower[folded] > COMMON * (lower[folded] + capital[folded])

    support: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for runs in runs_per_story:
        seen: set[str] = set()
        for words in runs:
            trimmed = list(words)
            while trimmed and common(trimmed[0]):
                trimmed.pop(0)
            while trimmed and common(trimmed[-1]):
                trimmed.pop()
            name = " ".join(trimmed)
            name_key = key(name)
            if len(name_key) < 3 or len(name) > MAX_NAME or name_key in seen:
                continue
            seen.add(name_key)
            support[name_key] += 1
            spelling.setdefault(name_key, Counter())[name] += 1
    inside: Counter[str] = Counter()  # stories where a word is part of a longer name
    for runs in runs_per_story:
        inside.update({key(w) for words in runs if len(words) > 1 for w in words})
    found = []
    for name_key, stories in support.items():
        one_word = " " not in name_key
        if one_word and inside[name_key] >= stories:
            continue  # "Young", "Miley": mostly part of a full name, which is kept instead
        if stories >= min_stories * (2 if one_word else 1):
            found.append(RecurringName(spelling[name_key].most_common(1)[0][0], stories))
    found.sort(key=lambda n: (-n.stories, n.name))
    return found
