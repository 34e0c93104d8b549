"""Search-box suggestions ("saran"): headlines and topics of a site whose words start with
what the reader has typed. Reads only `Suggestion` rows (warta.search.autocomplete_models),
kept by warta.search.autocomplete_index, so an answer costs at most five queries (usually
three) whatever the size.

Matching: every typed word but the last must be a whole word of the headline or topic, the
last its beginning ("korea ut" finds "Korea Utara …"); case and accents aside. Stories newest
first, topics by their number of published stories on the site.

How it stays fast: one query counts, for each typed word, its index rows up to ANCHOR_LIMIT
(an index range of (site, kind, word)). The anchor is the rarest whole word typed, else the
last word's beginning when it has at most that many rows: its rows are read best first from
the index alone (it holds the weight) and the newest FIRST_CANDIDATES of them are checked for
the other words; only when too few match, the next ANCHOR_LIMIT. A lone common beginning
("k", "ya") reads the site's newest SCAN_LIMIT suggestions in order until enough match (a
common beginning matches early). Either way a bounded number of rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection

from warta.search.autocomplete_models import Suggestion, SuggestionWord

MAX_QUERY_CHARS = 100  # longer is not a search box being typed into: a 400
MAX_WORDS = 5  # the last five typed words are matched
MAX_WORD_CHARS = 40
HEADLINES = 6
TOPICS = 4
ANCHOR_LIMIT = 2000
FIRST_CANDIDATES = 200
SCAN_LIMIT = 3000
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadQuery(ValueError):
    """What was typed cannot be a search-box prefix (too long)."""


def fold(text: str) -> str:
    """Lower case without accents or control characters: "Kórea" and "KOREA" read "korea"."""
    text = CONTROL.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def index_words(text: str) -> list[str]:
    """The words of a headline or topic as the index holds them, in order."""
    return [w[:MAX_WORD_CHARS] for w in WORD.findall(fold(text))]


def index_text(text: str) -> str:
    """The `Suggestion.text` of a headline or topic: " word word word "."""
    return " " + " ".join(index_words(text)) + " "


@dataclass(frozen=True)
class Prefix:
    """What the reader typed, as words: `words` whole, then `last` as a beginning."""

    words: tuple[str, ...] = ()
    last: str = ""
    last_whole: bool = False  # a space typed after it: the reader finished the word

    def __bool__(self) -> bool:
        return bool(self.last)

    @property
    def terms(self) -> list[tuple[str, bool]]:
        """(term, whole) for each typed word: earlier words whole, the last a beginning."""
        return [(w, True) for w in self.words] + [(self.last, self.last_whole)]


def parse_prefix(raw: str | None) -> Prefix:
    """Typed text to a prefix; empty, punctuation and SQL give an empty one (no
    suggestions), more than MAX_QUERY_CHARS raises BadQuery. Nothing typed reaches SQL
    except as a parameter of folded letters and digits."""
    raw = raw or ""
    if len(raw) > MAX_QUERY_CHARS:
        raise BadQuery(f"at most {MAX_QUERY_CHARS} characters")
    folded = fold(raw)
    found = [w[:MAX_WORD_CHARS] for w in WORD.findall(folded)]
    if not found:
        return Prefix()
    found = found[-MAX_WORDS:]
    earlier = tuple(w for w in dict.fromkeys(found[:-1]) if w != found[-1])
    # A space (or punctuation) after the last word: the reader finished it; matched whole.
    finished = not WORD.fullmatch(folded[-1])
    return Prefix(words=earlier, last=found[-1], last_whole=finished)


@dataclass
class Suggestions:
    headlines: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)


def suggestions(site_id: int, prefix: Prefix) -> Suggestions:
    """Up to HEADLINES headlines and TOPICS topics of the site matching `prefix`."""
    if not prefix:
        return Suggestions()
    counts = _word_counts(site_id, prefix)
    # A few spare rows: a headline filed twice (a re-filed story, a regional copy) is offered
    # once, as search collapses it.
    stories = _matching(site_id, Suggestion.STORY, prefix, counts[Suggestion.STORY], HEADLINES + 4)
    return Suggestions(
        headlines=_distinct(stories)[:HEADLINES],
        topics=_matching(site_id, Suggestion.TOPIC, prefix, counts[Suggestion.TOPIC], TOPICS),
    )


def _distinct(items: list[dict]) -> list[dict]:
    """Without an item whose label reads the same (case, accents, punctuation aside) as one
    before it."""
    seen: set[str] = set()
    out = []
    for item in items:
        label = " ".join(index_words(item["label"]))
        if label not in seen:
            seen.add(label)
            out.append(item)
    return out


# --- SQL ---------------------------------------------------------------------------------
# Table and column names come from model metadata, never from input; every value typed is a
# parameter. SQLite compares text by bytes (a prefix is a range); PostgreSQL's LIKE 'pre%'
# uses the varchar_pattern_ops index whatever the database's collation.


def _term_sql(term: str, whole: bool) -> tuple[str, list]:
    if whole:
        return "word = %s", [term]
    if connection.vendor == "postgresql":
        return "word LIKE %s", [term + "%"]  # letters and digits only: nothing to escape
    return "word >= %s AND word < %s", [term, term[:-1] + chr(ord(term[-1]) + 1)]


def _word_counts(site_id: int, prefix: Prefix) -> dict[int, list[int]]:
    """Per kind, each term's index rows, counted up to ANCHOR_LIMIT + 1: one query."""
    table = SuggestionWord._meta.db_table
    selects, params = [], []
    for kind in (Suggestion.STORY, Suggestion.TOPIC):
        for term, whole in prefix.terms:
            test, values = _term_sql(term, whole)
            selects.append(
                f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} "  # noqa: S608
                f"WHERE site_id = %s AND kind = %s AND {test} LIMIT %s) AS t)"
            )
            params += [site_id, kind, *values, ANCHOR_LIMIT + 1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = cursor.fetchone()
    n = len(prefix.terms)
    return {Suggestion.STORY: list(row[:n]), Suggestion.TOPIC: list(row[n:])}


def _matching(site_id: int, kind: int, prefix: Prefix, counts: list[int], limit: int) -> list:
    terms = prefix.terms
    if min(counts) == 0:
        return []  # a word no suggestion has: nothing can match (no query)
    table = Suggestion._meta.db_table
    words_table = SuggestionWord._meta.db_table
    # Every term as a test on the stored text (LIKE; letters and digits only, no wildcards).
    likes = " AND ".join(["text LIKE %s"] * len(terms))
    like_params = [f"% {t} %" if whole else f"% {t}%" for t, whole in terms]
    columns = "id, label, url, weight"
    # A whole word's rows are in weight order in the index however many there are: its
    # newest candidates cost no sort. A beginning's rows span many words and must be sorted:
    # only when there are few of them.
    whole = [i for i, (_, is_whole) in enumerate(terms) if is_whole]
    anchor = min(whole or range(len(terms)), key=lambda i: counts[i])
    if whole or counts[anchor] <= ANCHOR_LIMIT:
        # The anchor's rows best first, from the index alone; their text checked for the
        # other words, FIRST_CANDIDATES of them, then (rarely: the words seldom go together)
        # the rest.
        test, values = _term_sql(*terms[anchor])
        found: list = []
        for offset, count in ((0, FIRST_CANDIDATES), (FIRST_CANDIDATES, ANCHOR_LIMIT)):
            if len(found) >= limit or offset >= counts[anchor]:  # counts stop past the limit
                break
            sql = (
                f"SELECT {columns} FROM {table} WHERE id IN ("  # noqa: S608
                f"SELECT suggestion_id FROM {words_table} "
                f"WHERE site_id = %s AND kind = %s AND {test} "
                "ORDER BY weight DESC, suggestion_id DESC LIMIT %s OFFSET %s) "
                # "+ 0": sort the few candidates; SQLite would otherwise walk the site's
                # whole newest-first index, testing each row against them.
                f"AND {likes} ORDER BY weight + 0 DESC, id + 0 DESC LIMIT %s"
            )
            found += _rows(sql, [site_id, kind, *values, count, offset, *like_params, limit])
        return _shaped(found)
    # Every word is common: the newest suggestions match early; read at most SCAN_LIMIT.
    sql = (
        f"SELECT {columns} FROM (SELECT {columns}, text FROM {table} "  # noqa: S608
        "WHERE site_id = %s AND kind = %s ORDER BY weight DESC, id DESC LIMIT %s) AS newest "
        f"WHERE {likes} LIMIT %s"
    )
    return _shaped(_rows(sql, [site_id, kind, SCAN_LIMIT, *like_params, limit]))


def _rows(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return rows


def _shaped(rows: list) -> list[dict]:
    rows.sort(key=lambda r: (r[3], r[0]), reverse=True)
    return [{"label": label, "url": url} for _, label, url, _ in rows]
