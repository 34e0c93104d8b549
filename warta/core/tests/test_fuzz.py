"""Property-based tests (hypothesis) on the parsers that take outside text: the scraped-text
importer, WordPress post HTML, wire feeds, and date formatting. Each either returns a
well-formed result or refuses with its own clear error; never anything else. Case counts are
printed (pytest -s) and reported in the issue notes."""

import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.core.indonesia import dates
from warta.ingest import wire, wp_content
from warta.ingest.text_format import ParsedArticle, Quote, TextImportError, parse_article_text

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not os.environ.get("WARTA_FUZZ_RANDOM"),
)
# Text shaped like the seed: lines that look like headlines, bylines, datelines and quotes,
# mixed with arbitrary unicode (NUL, RTL marks, emoji, lone surrogates are excluded by utf-8).
LINE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "WASHINGTON, iNews.id - Presiden berbicara.",
            "Editor : Anton",
            "Foto: Antara",
            '"Kami siap," kata Menteri, dikutip dari Reuters.',
            "Artikel Terkait",
            "Anton Suhartono, Dewi Lestari",
            "",
        ]
    ),
)
TEXTS = st.lists(LINE, max_size=40).map("\n".join)


@FUZZ
@given(TEXTS)
def test_text_importer_returns_an_article_or_a_clear_error(text):
    try:
        parsed = parse_article_text(text)
    except TextImportError as error:
        assert error.args and str(error)  # a line number and a reason
        return
    assert isinstance(parsed, ParsedArticle)
    assert parsed.title.strip() and len(parsed.title) <= 255
    assert all(isinstance(p, str | Quote) for p in parsed.paragraphs)
    assert "\x00" not in parsed.title


HTML_BITS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<script>alert(1)</script>",
        '[caption id="attachment_5"]',
        "[/caption]",
        '<img src="https://contoh.localhost/a.jpg" onerror=alert(1)>',
        "<!-- wp:paragraph -->",
        "<!-- /wp:paragraph -->",
        "<blockquote>",
        "</blockquote>",
        "<h2>",
        "</h2>",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=x>",
        "&amp;",
        "<ul><li>",
        "</li></ul>",
        "\n\n",
    ]
)
HTML = st.lists(st.one_of(HTML_BITS, st.text(max_size=80)), max_size=40).map("".join)


DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed)\b|<[^>]*\son\w+\s*=|<[^>]*(href|src)\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)  # real tags only: escaped text (&lt;script&gt;) is harmless


def markup(value) -> str:
    return value if isinstance(value, str) else repr(value)


@FUZZ
@given(HTML)
def test_wordpress_html_converts_to_safe_blocks(html):
    converted = wp_content.convert(html)
    for _kind, value in converted.blocks:
        assert not DANGEROUS.search(markup(value)), value


FEEDS = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=1500).map(
        lambda t: f"<?xml version='1.0'?><rss><channel>{t}</channel></rss>".encode()
    ),
    st.text(max_size=1500).map(lambda t: ('{"items": [' + t + "]}").encode()),
)


@FUZZ
@given(FEEDS, st.sampled_from(["rss", "atom", "ninjs"]))
def test_wire_feeds_parse_or_refuse_clearly(data, kind):
    try:
        parsed = wire.parse(data, kind)
    except wire.FeedError as error:
        assert str(error)
        return
    for entry in parsed.entries:
        assert not DANGEROUS.search(entry.body_html or ""), entry.body_html
        assert len(entry.title) <= 255


MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
ZONES = st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])


@FUZZ
@given(
    MOMENTS,
    st.timedeltas(min_value=timedelta(days=-30), max_value=timedelta(days=3000)),
    ZONES,
    st.sampled_from(["id", "en", None, "xx"]),
)
def test_dates_format_in_every_zone_and_language(moment, ago, zone, language):
    long = dates.format_long(moment, zone, language)
    assert dates.tz_abbreviation(zone) in long  # WIB, WITA or WIT
    assert str(dates.localise(moment, zone).year) in long
    relative = dates.format_relative(moment, moment + ago, zone, language)
    assert relative and "{" not in relative
    if timedelta(hours=1) <= ago < timedelta(days=1) and language in ("id", None, "xx"):
        assert relative.endswith("jam lalu")


@pytest.mark.parametrize(
    "zone,abbr", [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT")]
)
def test_zone_abbreviations(zone, abbr):
    assert dates.tz_abbreviation(zone) == abbr
