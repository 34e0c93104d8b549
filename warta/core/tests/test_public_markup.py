"""The markup rules the Nu HTML checker enforces that our templates have broken, checked on
every public page type without Java: <time datetime> values are valid HTML dates, ids are
unique, headings skip no level, and no block element opens inside a <p> (issue #21)."""

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.core.indonesia import dates
from warta.network.tests.factories import TrustPageFactory

pytestmark = pytest.mark.django_db

# HTML's "valid date string" and "valid global date and time string": a second has at most
# three fractional digits, and the zone is Z or an offset (WHATWG HTML, 2.3.5).
DATE = r"(?P<year>\d{4,})-(?P<month>\d\d)-(?P<day>\d\d)"
TIME = r"(?P<hour>[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
VALID_DATETIME = re.compile(rf"{DATE}(?:[T ]{TIME}{ZONE})?")

# Elements whose start tag closes an open <p> (HTML parsing, "in body"): in the source they
# cannot be inside one.
CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
    ]
)
VOID = frozenset(
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
        "source",
        "track",
        "wbr",
    ]
)

PUBLIC_PAGES = [
    "/",
    "/internasional/",
    "{story}",
    "{story}2/",
    "{story}all/",
    "/tag/pemilu/",
    "/penulis/dewi-lestari/",
    "/cari/?q=kisah",
    "/cari/?q=tidakadahasilnya",
    "/daerah/",
    "/network/",
    "/koreksi/",
    "/indeks/",
    "/indeks/internasional/",
    "/indeks/?tanggal=2026-13-45",
    "/redaksi/",
    "/untuk-anda/",
    "/akun/login/",
    "/akun/signup/",
    "/akun/password/reset/",
    "/halaman-yang-tidak-ada/",
    # The lite edition (warta.core.sites.lite).
    "/lite/",
    "/lite/internasional/",
    "/lite{story}",
    "/lite{story}2/",
    "/lite/cari/?q=kisah",
    "/lite/indeks/",
    "/lite/indeks/internasional/",
    "/lite/penulis/dewi-lestari/",
    "/lite/tag/pemilu/",
    "/lite/koreksi/",
    "/lite/daerah/",
    "/lite/redaksi/",
    "/en/lite/",
    "/en/lite/indeks/",
    "/en/lite{story}",
]
# What a signed-in reader sees differently (the sign-in pages send them home).
READER_PAGES = ["/", "{story}", "/untuk-anda/", "/akun/saya/"]


def is_valid_html_datetime(value: str) -> bool:
    match = VALID_DATETIME.fullmatch(value)
    if not match:
        return False
    try:
        date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return False
    return True


class _BlockInParagraph(HTMLParser):
    """The source's start tags that a <p> still open would have to contain."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in CLOSES_P and "p" in self.open:
            self.problems.append(
                f"<{tag}> inside <{'> <'.join(self.open[self.open.index('p') :])}>"
            )
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def markup_problems(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    problems = []
    for element in page.find_all("time"):
        value = element.get("datetime", element.get_text())
        if not is_valid_html_datetime(value):
            problems.append(f"<time datetime={value!r}> is not a valid HTML date/time")
    seen: set[str] = set()
    for element in page.find_all(id=True):
        if element["id"] in seen:
            problems.append(f"duplicate id {element['id']!r}")
        seen.add(element["id"])
    previous = 0
    for heading in page.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        if level > previous + 1:
            problems.append(f"<{heading.name}> {heading.get_text(strip=True)!r} after h{previous}")
        previous = level
    checker = _BlockInParagraph()
    checker.feed(html)
    problems += checker.problems
    return problems


@pytest.fixture
def story(channel):
    """Stories for every list, and one told in two parts with a correction; a trust page."""
    TrustPageFactory(
        parent=channel.get_parent(), body="<h2>Penanggung jawab</h2><ul><li>Ratna</li></ul>"
    )
    writer = AuthorFactory(name="Dewi Lestari")
    for n in range(6):
        ArticlePageFactory(
            parent=channel, title=f"Kisah nomor {n}", authors=[writer], tags=["Pemilu"]
        )
    long = ArticlePageFactory(
        parent=channel,
        title="Kisah panjang",
        authors=[writer],
        tags=["Pemilu"],
        body=[
            ("paragraph", "<p>Bagian satu.</p>"),
            ("page_break", None),
            ("paragraph", "<p>Bagian dua.</p>"),
        ],
    )
    long = ArticlePage.objects.get(pk=long.pk)
    long.corrections.add(ArticleCorrection(text="Nama kota diperbaiki."))
    long.save_revision().publish()
    return ArticlePage.objects.get(pk=long.pk)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "reader"])
def test_public_pages_keep_the_markup_rules(client, story, signed_in):
    if signed_in:
        client.force_login(get_user_model().objects.create_user("pembaca", "p@contoh.example"))
    failures = {}
    times = 0
    for pattern in READER_PAGES if signed_in else PUBLIC_PAGES:
        url = pattern.format(story=story.url)
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        html = response.content.decode()
        times += html.count("<time")
        if problems := markup_problems(html):
            failures[url] = problems
    assert times > 10  # the dates are there to check
    assert not failures, failures


def test_markup_checks_catch_what_nu_reported():
    assert markup_problems('<time datetime="2026-12-03T05:17:08.590385+00:00">x</time>')
    assert markup_problems("<time>3 Des 2026</time>")
    assert markup_problems('<h1>a</h1><h3 id="x">b</h3><p id="x"></p>')
    assert markup_problems('<p><span class="helptext"><ul><li>a</li></ul></span></p>')
    assert not markup_problems(
        "<h1>a</h1><h2>b</h2><p><span>c</span></p><div><p>d</div><ul></ul>"
        '<time datetime="2026-12-03T12:17:08+07:00">x</time><time datetime="2026-12-03">y</time>'
    )


@pytest.mark.parametrize(
    "value",
    ["2026-12-03", "2026-12-03T12:17:08+07:00", "2026-12-03 12:17Z", "2026-12-03T12:17:08.5-0930"],
)
def test_valid_html_datetimes(value):
    assert is_valid_html_datetime(value)


@pytest.mark.parametrize(
    "value",
    ["2026-12-03T05:17:08.590385+00:00", "2026-02-30", "2026-12-03T12:17:08", "3 Des 2026", ""],
)
def test_invalid_html_datetimes(value):
    assert not is_valid_html_datetime(value)


def test_machine_dates_are_in_the_site_zone_to_the_second():
    moment = datetime.fromisoformat("2026-12-03T05:17:08.590385+00:00")
    assert dates.format_machine(moment, "Asia/Jakarta") == "2026-12-03T12:17:08+07:00"
    assert dates.format_machine(moment, "Asia/Makassar") == "2026-12-03T13:17:08+08:00"
    assert dates.format_machine(moment, "Asia/Jayapura") == "2026-12-03T14:17:08+09:00"
