"""Wire and partner feeds: fetched from a real HTTP server on 127.0.0.1, parsed, stored as
inbox items (never published), de-duplicated, with every bad feed reported on its source."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from warta.articles.models import ArticlePage
from warta.ingest import wire
from warta.ingest.inbox import pull_due_sources, pull_source
from warta.ingest.models import FeedSource, IngestItem
from warta.ingest.tasks import enqueue_due_sources

pytestmark = pytest.mark.django_db


def make_source(site, url, *, name="Antara", organisation="Antara", format="atom", **extra):
    return FeedSource.objects.create(
        name=name, organisation=organisation, url=url, format=format, site=site, **extra
    )


def test_atom_feed_fills_the_inbox_with_credit_link_and_clean_html(
    site, channel, feed_server, fixture_text
):
    source = make_source(site, feed_server.serve("/antara.atom", fixture_text("antara.atom")))
    report = pull_source(source)
    assert (report.error, report.new) == ("", 2)
    item = IngestItem.objects.get(guid="tag:antaranews.example,2026:4501")
    assert item.title.startswith("Putin dan Kim Jong Un")
    assert item.credit == "Antara"
    assert item.link == "https://antaranews.example/berita/4501/putin-kim"
    assert item.byline == "Rina Suryani"
    assert item.published_at.isoformat() == "2026-11-26T01:30:00+00:00"
    assert "<script" not in item.body_html and "onclick" not in item.body_html
    assert "<h2>Sanksi</h2>" in item.body_html
    assert item.status == IngestItem.NEW
    assert not ArticlePage.objects.exists(), "ingest never creates stories by itself"
    source.refresh_from_db()
    assert source.last_error == "" and source.last_success_at is not None
    assert source.last_report.startswith("2 baru")


def test_pulling_again_adds_nothing_and_updates_changed_items(
    site, channel, feed_server, fixture_text
):
    feed = fixture_text("antara.atom")
    url = feed_server.serve("/antara.atom", feed)
    source = make_source(site, url)
    pull_source(source)
    assert pull_source(source).new == 0
    feed_server.serve("/antara.atom", feed.replace(b"turun jelang panen", b"turun tajam jelang"))
    report = pull_source(source)
    assert (report.new, report.updated) == (0, 1)
    assert IngestItem.objects.count() == 2
    assert IngestItem.objects.filter(title__contains="turun tajam").exists()


def test_same_url_and_near_duplicate_text_across_sources(site, channel, feed_server, fixture_text):
    antara = make_source(site, feed_server.serve("/a.atom", fixture_text("antara.atom")))
    reuters = make_source(
        site,
        feed_server.serve("/r.rss", fixture_text("reuters.rss")),
        name="Reuters",
        organisation="Reuters",
        format="rss",
    )
    pull_source(antara)
    report = pull_source(reuters)
    assert (report.new, report.duplicates) == (0, 2)
    # The rewritten Putin-Kim story is kept (nothing lost) but flagged, pointing at the first.
    copy = IngestItem.objects.get(source=reuters)
    assert copy.status == IngestItem.DUPLICATE
    assert copy.duplicate_of.guid == "tag:antaranews.example,2026:4501"
    # The item whose URL Antara already delivered is not stored twice.
    assert not IngestItem.objects.filter(guid="reuters-88122").exists()


def test_ninjs_one_and_two_are_read_and_bad_items_noted(site, channel, feed_server, fixture_text):
    url = feed_server.serve(
        "/afp.json", fixture_text("afp-ninjs.json"), content_type="application/json"
    )
    source = make_source(site, url, name="AFP", organisation="AFP", format="ninjs")
    report = pull_source(source)
    assert report.new == 2
    assert report.notes == ["item 3: tanpa uri, dilewati"]
    quake = IngestItem.objects.get(guid="urn:afp:ninjs:2026:77")
    assert quake.body_html.count("<p>") == 2
    assert quake.link == "https://afp.example/ninjs/77"
    assert quake.summary == "BMKG menyatakan gempa tidak berpotensi tsunami."
    v2 = IngestItem.objects.get(guid="urn:afp:ninjs:2026:78")
    assert v2.title == "Timnas U-23 lolos ke final Piala Asia"
    assert v2.published_at.isoformat() == "2026-11-25T20:10:00+00:00"  # WIB, stored in UTC
    source.refresh_from_db()
    assert "item 3" in source.last_error  # notes stay visible on the source


BAD_FEEDS = {
    "invalid-xml": ({"body": b"<rss><channel><item><title>x</item></channel>"}, "XML tidak valid"),
    "http-500": ({"body": b"oops", "status": 500}, "HTTP 500"),
    "http-404": ({"body": b"", "status": 404}, "HTTP 404"),
    "slow": ({"body": b"<rss/>", "delay": 2.0}, "waktu habis"),
    "huge-declared": ({"body": b"<rss>" + b" " * 5000 + b"</rss>"}, "terlalu besar"),
    "huge-streamed": (
        {"body": b"<rss>" + b" " * 5000 + b"</rss>", "send_length": False},
        "terlalu besar",
    ),
    "entity": (
        {"body": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'},
        "ENTITY",
    ),
    "not-a-feed": (
        {"body": b"<html><body>hello</body></html>", "content_type": "text/html"},
        "bukan feed",
    ),
    "bad-json": ({"body": b"{not json", "content_type": "application/json"}, "JSON tidak valid"),
    # A valid feed, each byte in time for a per-read timeout: only the total time stops it.
    "slow-body": (
        {"body": b'<rss version="2.0"><channel><title>t</title></channel></rss>', "drip": 0.05},
        "waktu habis setelah 0.5 detik",
    ),
    "redirect-to-metadata": (
        {
            "body": b"",
            "status": 302,
            "headers": {"Location": "http://169.254.169.254/latest/meta-data/"},
        },
        "alamat 169.254.169.254 ditolak",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FEEDS))
def test_a_bad_feed_is_reported_on_its_source_and_never_stops_the_others(
    case, site, channel, feed_server, fixture_text, settings
):
    settings.WARTA_INGEST_TIMEOUT = 0.5
    settings.WARTA_INGEST_MAX_BYTES = 4000
    response, message = BAD_FEEDS[case]
    kind = "ninjs" if case == "bad-json" else "rss"
    bad = make_source(site, feed_server.serve(f"/{case}", **response), name="Rusak", format=kind)
    good = make_source(site, feed_server.serve("/ok.atom", fixture_text("antara.atom")))
    reports = {r.source: r for r in pull_due_sources()}
    assert message in reports["Rusak"].error
    assert reports["Antara"].new == 2
    bad.refresh_from_db()
    assert message in bad.last_error and bad.last_success_at is None
    assert bad.last_report.startswith("gagal")
    assert not IngestItem.objects.filter(source=bad).exists()
    good.refresh_from_db()
    assert good.last_error == ""


def test_wrong_encoding_is_read_and_noted(site, channel, feed_server):
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><guid>1</guid><title>Kafe di Denpasar ramai, kata pemilik caf\xe9</title>"
        "</item></channel></rss>"
    ).encode("latin-1")
    source = make_source(site, feed_server.serve("/latin.rss", body), format="rss")
    report = pull_source(source)
    assert report.new == 1
    assert IngestItem.objects.get().title.endswith("café")
    assert "encoding" in source.last_error


def test_unreachable_host_and_bad_scheme_are_clear_errors():
    with pytest.raises(wire.FeedError, match="tidak dapat dihubungi|koneksi gagal"):
        wire.fetch("http://127.0.0.1:9/feed")  # discard port: connection refused
    with pytest.raises(wire.FeedError, match="http"):
        wire.fetch("file:///etc/passwd")


REFUSED = "ditolak: tujuan di jaringan lokal atau internal tidak diizinkan"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://[::1]:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/feed",
        "http://192.168.0.1/rss",
        "http://2130706433/",
        "http://localhost/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_wire_feeds_never_reach_internal_addresses(url, settings, site):
    settings.WARTA_OUTBOUND_ALLOW = []
    source = make_source(site, url, format="rss")
    report = pull_source(source)
    assert report.error.endswith(REFUSED) and report.new == 0


def test_a_refused_address_reads_the_same_whether_its_port_is_open_or_closed(
    settings, feed_server, fixture_text
):
    settings.WARTA_OUTBOUND_ALLOW = []
    messages = set()
    for url in (
        feed_server.serve("/a.atom", fixture_text("antara.atom")),
        "http://127.0.0.1:9/feed",
    ):
        with pytest.raises(wire.FeedError) as refused:
            wire.fetch(url)
        messages.add(str(refused.value))
    assert messages == {f"alamat 127.0.0.1 {REFUSED}"}
    assert feed_server.requests == []


def test_a_redirect_from_the_allowed_server_to_an_internal_address_is_refused(
    settings, feed_server, fixture_text
):
    settings.WARTA_OUTBOUND_ALLOW = [f"127.0.0.1:{feed_server.port}"]
    feed_server.serve("/a.atom", fixture_text("antara.atom"))
    moved = feed_server.serve("/moved", b"", status=301, headers={"Location": "/a.atom"})
    assert wire.fetch(moved).startswith(b"<?xml")
    for target in ("http://127.0.0.1:9/", "http://[::1]/", "http://10.0.0.1/"):
        url = feed_server.serve("/r", b"", status=302, headers={"Location": target})
        with pytest.raises(wire.FeedError, match=REFUSED):
            wire.fetch(url)


def test_only_http_links_are_kept_from_a_feed():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>u</id>
      <title>t</title><updated>2026-11-30T10:00:00Z</updated>
      <entry><id>1</id><title>Satu</title><link href="javascript:alert(1)"/>
        <updated>2026-11-30T10:00:00Z</updated></entry>
      <entry><id>2</id><title>Dua</title><link href=" JaVa&#x09;script:alert(2)"/>
        <updated>2026-11-30T10:00:00Z</updated></entry>
      <entry><id>3</id><title>Tiga</title><link href="https://antara.example/3"/>
        <updated>2026-11-30T10:00:00Z</updated></entry></feed>"""
    assert [e.link for e in wire.parse(atom, "atom").entries] == [
        "",
        "",
        "https://antara.example/3",
    ]
    ninjs = b"""[{"uri": "u1", "headline": "Satu", "links": [
        {"rel": "canonical", "href": "data:text/html,<script>alert(1)</script>"},
        {"rel": "alternate", "href": "https://afp.example/1"}]},
      {"uri": "u2", "headline": "Dua", "links": [{"rel": "canonical", "href": "javascript:x"}]}]"""
    assert [e.link for e in wire.parse(ninjs, "ninjs").entries] == ["https://afp.example/1", ""]


def test_worker_pulls_sources_when_due_and_not_again_before_the_interval(
    site, channel, feed_server, fixture_text
):
    make_source(site, feed_server.serve("/a.atom", fixture_text("antara.atom")))
    make_source(site, feed_server.url("/never"), name="Mati", enabled=False)
    assert enqueue_due_sources() == 1  # the disabled source is left alone
    assert IngestItem.objects.count() == 2  # tasks run immediately in tests
    assert enqueue_due_sources() == 0


def test_ingest_command_reports_per_source_and_refuses_unknown_names(
    site, channel, feed_server, fixture_text
):
    make_source(site, feed_server.serve("/a.atom", fixture_text("antara.atom")))
    make_source(site, feed_server.serve("/x", b"", status=503), name="Mati", format="rss")
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", stdout=out, stderr=err)
    assert "Antara: 2 baru" in out.getvalue()
    assert "Mati: gagal: HTTP 503" in out.getvalue()
    assert "1 of 2 source(s) failed" in err.getvalue()
    with pytest.raises(CommandError, match="unknown source.*Bernama"):
        call_command("ingest", "Bernama", stdout=out)
