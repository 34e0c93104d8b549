"""Never a dead end: when no story holds every word, the stories holding some of them (those
with all the words the site knows first), a "Mungkin maksud Anda" suggestion from the site's
own vocabulary, and on an empty page the latest and most read stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Site

from warta.search.parsing import ParsedQuery, parse_query
from warta.search.queries import RankedResults, SearchFilters, search_articles
from warta.search.suggestions import suggest, unknown_words


@dataclass
class SearchOutcome:
    results: Any  # RankedResults, or modelsearch's results on other backends
    partial: bool = False  # not every word matched: "Hasil untuk sebagian kata"
    missing: list[str] = field(default_factory=list)  # typed words no story of the site has
    suggestion: str | None = None  # "Mungkin maksud Anda", only when it finds stories


def _merged(first, second):
    """`first`'s stories, then `second`'s not already there."""
    if isinstance(first, RankedResults) and isinstance(second, RankedResults):
        seen = {pk for shown, copies in first.groups for pk in (shown, *copies)}
        rest = [group for group in second.groups if group[0] not in seen]
        return RankedResults(first.queryset, first.groups + rest)
    return first if len(first) else second


def _without(query: ParsedQuery, stems: set[str]) -> ParsedQuery:
    return ParsedQuery(
        text=query.text,
        terms=[t for t in query.terms if t not in stems],
        phrases=[p for p in query.phrases if not stems & set(p)],
    )


def search_with_fallback(
    site: Site, query: ParsedQuery, filters: SearchFilters, zone: str
) -> SearchOutcome:
    results = search_articles(site, query, filters, zone)
    if len(results) or query.as_written:
        return SearchOutcome(results)
    missing = unknown_words(site, query.text)
    outcome = SearchOutcome(results, missing=missing)
    suggestion = suggest(site, query.text) if missing else None
    if suggestion and len(search_articles(site, parse_query(suggestion), filters, zone)):
        outcome.suggestion = suggestion
    if len(query.terms) + len(query.phrases) < 2:
        return outcome
    missing_stems = {s for w in missing for s in parse_query(w).terms}
    known = _without(query, missing_stems)
    found = search_articles(site, known, filters, zone) if known and known != query else []
    some = search_articles(site, query, filters, zone, match_any=True)
    outcome.results = _merged(found, some) if len(found) else some
    outcome.partial = bool(len(outcome.results))
    return outcome
