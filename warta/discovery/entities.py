"""People, places and organisations named in a story's text, offered as tags.

Pure functions over text (no database): the caller passes the known names (the network's
topics, the gazetteer, names recurring across published stories). `suggest` finds known names
(case- and accent-insensitive, aliases such as "Korut" for "Korea Utara", longest first),
counts surname mentions for full names ("Harris" after "Kamala Harris"), adds names the
network does not know yet when the text repeats them (capitalised runs with titles such as
"Presiden" and sentence openers taken off), ranks them and leaves out the story's tags."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warta.core.indonesia.text import stop_words

TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'’][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
CLITIC = re.compile(r"-(?:nya|ku|mu|lah|kah|pun)$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?:;\"“”()\n]")
PREFIXES = {"kabupaten", "kab", "kota", "pemkab", "pemkot", "kotamadya"}
CONNECTORS = {"bin", "binti", "van", "der", "de", "da", "al", "el", "von"}
DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "raya"}


def _word_lists(path: Path) -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith("#"):
            lists.setdefault(section, set()).update(line.split())
    return {name: frozenset(words) for name, words in lists.items()}


_WORDS = _word_lists(Path(__file__).resolve().parent / "data" / "name_words.txt")
TITLES, OPENERS, ENGLISH = _WORDS["titles"], _WORDS["openers"], _WORDS["english"]
MAX_NAME_WORDS = 5
HEADLINE_WEIGHT = 3
PERSONS = ("tokoh", "topik", "baru")  # kinds that may be people (places never are)
NEW_NAME_WEIGHT = 0.5  # a name nobody has used yet ranks below a known one said as often


@dataclass(frozen=True)
class KnownName:
    """A name the network knows: an existing topic ("topik"), a gazetteer place or
    organisation, or a name recurring across published stories ("tokoh")."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    needs_prefix: bool = False
    weight: float = 1.0


@dataclass
class Suggestion:
    name: str
    kind: str
    score: float
    mentions: int
    first: int = field(default=0, repr=False)


def key(text: str) -> str:
    """The form names are compared in: accents off, lower case, one space, no quotes."""
    folded = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(t.lower() for t in TOKEN.findall(plain))


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Lexicon:
    """Known names indexed by their key and their aliases' keys. The first name to claim a
    key keeps it, so callers pass the strongest source first (topics, then the gazetteer)."""

    def __init__(self, names: Iterable[KnownName]):
        self.entries: dict[str, tuple[KnownName, bool]] = {}  # key -> (name, acronym form)
        self.longest = 1
        canonical: dict[str, KnownName] = {}
        for known in names:
            # "korea utara" as a topic and "Korea Utara" (alias "Korut") in the gazetteer are
            # one name: the first keeps it, the others' aliases lead to it.
            first = canonical.setdefault(key(known.name), known)
            for form in (known.name, *known.aliases):
                form_key = key(form)
                if form_key and form_key not in self.entries:
                    self.entries[form_key] = (first, _acronym(form))
                    self.longest = max(self.longest, min(form_key.count(" ") + 1, 8))

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: str) -> bool:
        return key(name) in self.entries


@dataclass
class Token:
    text: str
    folded: str
    start: int  # character offset
    sentence_start: bool
    headline: bool


def tokenise(title: str, text: str) -> list[Token]:
    tokens: list[Token] = []
    for part, headline in ((title, True), (text, False)):
        last_end = 0
        boundary = True
        offset = 0 if headline else len(title) + 1
        for match in TOKEN.finditer(part):
            between = part[last_end : match.start()]
            if SENTENCE_END.search(between) or (last_end and "," in between and headline):
                boundary = True
            word = match.group()
            tokens.append(Token(word, key(word), offset + match.start(), boundary, headline))
            boundary = False
            last_end = match.end()
    return tokens


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit() and _acronym(token.text)


def _known_at(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[KnownName, int] | None:
    """The longest known name starting at token i, as (name, number of tokens)."""
    first = tokens[i]
    if not first.text[:1].isupper():
        return None
    for length in range(min(lexicon.longest, len(tokens) - i), 0, -1):
        span = tokens[i : i + length]
        if any(t.headline != first.headline for t in span):
            continue
        hit = lexicon.entries.get(" ".join(t.folded for t in span))
        if hit is None:
            continue
        known, acronym = hit
        if acronym and not _acronym(" ".join(t.text for t in span)):
            continue  # "AS" is the United States, "as" is not
        if not span[-1].text[:1].isupper() and not span[-1].text[:1].isdigit():
            continue
        if known.needs_prefix and (i == 0 or tokens[i - 1].folded not in PREFIXES):
            continue
        return known, length
    return None


def _skippable(token: Token, stop: frozenset[str]) -> bool:
    word = token.folded
    return word in TITLES or word in OPENERS or word in stop or word in PREFIXES or word in ENGLISH


def new_names(tokens: list[Token], taken: set[int]) -> list[tuple[str, int, bool, int]]:
    """Capitalised runs the lexicon did not claim, titles and openers taken off: (name, first
    token, in headline, number of words). Runs of one word are kept only mid-sentence."""
    stop = stop_words()
    found: list[tuple[str, int, bool, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i in taken or not _capitalised(token):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(tokens) and j not in taken and not tokens[j].sentence_start:
            nxt = tokens[j]
            if nxt.headline != token.headline:
                break
            if _capitalised(nxt) or (
                nxt.folded in CONNECTORS and j + 1 < len(tokens) and _capitalised(tokens[j + 1])
            ):
                run.append(j)
                j += 1
            else:
                break
        i = j
        while run and (_skippable(tokens[run[0]], stop) or tokens[run[0]].folded in CONNECTORS):
            run.pop(0)
        while run and (_skippable(tokens[run[-1]], stop) or tokens[run[-1]].folded in CONNECTORS):
            run.pop()
        if not run or len(run) > MAX_NAME_WORDS:
            continue
        if len(run) == 1 and (
            tokens[run[0]].sentence_start
            or tokens[run[0]].headline
            or tokens[run[0]].folded in DIRECTIONS
        ):
            continue  # a capital opening a sentence, any word of a title-case headline, "Barat"
        words = [tokens[k].text for k in run]
        words[-1] = CLITIC.sub("", words[-1])  # "Instagram-nya": "its Instagram"
        if any(c.isdigit() for w in words for c in w) or len("".join(words)) < 3:
            continue
        found.append((" ".join(words), run[0], tokens[run[0]].headline, len(run)))
    return found


def suggest(
    title: str,
    text: str,
    lexicon: Lexicon,
    *,
    exclude: Iterable[str] = (),
    limit: int = 8,
    new: bool = True,
) -> list[Suggestion]:
    """Tags for a story, best first. A name counts once per mention (three times in the
    headline); a known name weighs its source's weight; a new name needs two mentions."""
    tokens = tokenise(title, text)
    mentions: Counter[str] = Counter()
    first_at: dict[str, int] = {}
    kinds: dict[str, KnownName] = {}
    taken: set[int] = set()
    body_seen: set[str] = set()
    i = 0
    while i < len(tokens):
        hit = _known_at(tokens, i, lexicon)
        if hit is None:
            i += 1
            continue
        known, length = hit
        kinds[known.name] = known
        mentions[known.name] += HEADLINE_WEIGHT if tokens[i].headline else 1
        if not tokens[i].headline:
            body_seen.add(known.name)
        first_at.setdefault(known.name, tokens[i].start)
        taken.update(range(i, i + length))
        i += length
    if new:
        runs = new_names(tokens, taken)
        surnames = _surnames([n for n, _, _, words in runs if words >= 2] + list(kinds), kinds)
        headline_key = f" {key(title)} "
        for name, at, headline, words in runs:
            if words >= 2:
                taken.update(range(at, at + words))
            if headline or (words == 1 and key(name) in surnames):
                # Every word of a headline is capitalised: a new name must be in the body.
                # "Harris" alone is counted as a mention of "Kamala Harris" below.
                continue
            if name not in kinds:
                kinds[name] = KnownName(name, "baru", weight=NEW_NAME_WEIGHT)
                mentions[name] += HEADLINE_WEIGHT * headline_key.count(f" {key(name)} ")
                first_at[name] = tokens[at].start
            elif kinds[name].kind != "baru":
                continue
            mentions[name] += 1
            body_seen.add(name)
    _count_surnames(tokens, taken, kinds, mentions, body_seen)
    _merge_short_forms(kinds, mentions, body_seen)
    excluded = {key(name) for name in exclude}
    length = max(len(title) + len(text), 1)
    ranked: list[Suggestion] = []
    for name, count in mentions.items():
        known = kinds[name]
        if key(name) in excluded or any(key(a) in excluded for a in known.aliases):
            continue
        if name not in body_seen and " " not in name and known.kind != "topik":
            continue  # a one-word match only in a title-case headline may be an everyday word
        if known.kind == "baru" and count < 2:
            continue
        early = 1 - first_at[name] / length  # named early: more likely the story's subject
        score = known.weight * (1 + math.log(count)) + 0.5 * early
        ranked.append(Suggestion(name, known.kind, round(score, 4), count, first_at[name]))
    ranked.sort(key=lambda s: (-s.score, s.first))
    return ranked[:limit]


def _surnames(names: list[str], kinds: dict[str, KnownName]) -> dict[str, str]:
    """The last word of each person-like name of two words or more ("harris")."""
    surnames: dict[str, str] = {}
    for name in names:
        parts = key(name).split()
        if len(parts) >= 2 and kinds.get(name, KnownName(name, "baru")).kind in PERSONS:
            last = parts[-1]
            if last not in DIRECTIONS and len(last) >= 3 and not _acronym(name.split()[-1]):
                surnames.setdefault(last, name)
    return surnames


def _merge_short_forms(
    kinds: dict[str, KnownName], mentions: Counter[str], body_seen: set[str]
) -> None:
    """A one-word name that is the first or last word of a person's full name in the same
    story ("Miley" beside "Miley Cyrus", "Reino" beside "Reino Barack") is that person."""
    full: dict[str, str] = {}
    for name in sorted(mentions, key=lambda n: -mentions[n]):
        parts = key(name).split()
        if len(parts) >= 2 and kinds[name].kind in PERSONS:
            for part in (parts[0], parts[-1]):
                if part not in DIRECTIONS and len(part) >= 3:
                    full.setdefault(part, name)
    for name in list(mentions):
        whole = full.get(key(name))
        if " " in name or whole is None or kinds[name].kind not in PERSONS:
            continue
        mentions[whole] += mentions.pop(name)
        if name in body_seen:
            body_seen.add(whole)


def _count_surnames(
    tokens: list[Token],
    taken: set[int],
    kinds: dict[str, KnownName],
    mentions: Counter[str],
    body_seen: set[str],
) -> None:
    """ "Harris" alone, after "Kamala Harris" was named, is another mention of her."""
    surnames = _surnames(list(mentions), kinds)
    if not surnames:
        return
    for i, token in enumerate(tokens):
        if i in taken or not token.text[:1].isupper():
            continue
        name = surnames.get(token.folded)
        if name is None:
            continue
        before = tokens[i - 1] if i else None
        if (
            before is not None
            and before.text[:1].isupper()
            and not before.sentence_start
            and before.folded not in TITLES
            and i - 1 not in taken
        ):
            continue  # part of another capitalised run
        mentions[name] += HEADLINE_WEIGHT if token.headline else 1
        if not token.headline:
            body_seen.add(name)


def known_spans(tokens: list[Token], lexicon: Lexicon) -> list[tuple[KnownName, int, int]]:
    """The known names among the tokens, longest first at each place: (name, start, length)."""
    spans = []
    i = 0
    while i < len(tokens):
        hit = _known_at(tokens, i, lexicon)
        if hit is None:
            i += 1
            continue
        spans.append((hit[0], i, hit[1]))
        i += hit[1]
    return spans


def known_in(text: str, lexicon: Lexicon) -> list[str]:
    """The known names a text contains, in order of first mention (aliases resolved)."""
    spans = known_spans(tokenise("", text), lexicon)
    return list(dict.fromkeys(known.name for known, _, _ in spans))
