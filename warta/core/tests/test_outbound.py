"""Safe outbound HTTP (warta.core.security.outbound) against a real local server: internal addresses
in every spelling are refused before a connection is made, redirects are checked hop by hop, the
connection goes to the address that was checked (TLS still verifying the real name), and size and
total time are limited."""

import gzip
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from warta.core.security import outbound
from warta.core.security.outbound import OutboundError
from warta.ingest.tests.feedserver import FeedServer

TLS = Path(__file__).parent / "fixtures" / "tls"
INTERNAL = [
    "http://127.0.0.1/",
    "http://127.0.0.1:6379/",
    "http://10.0.0.5/admin",
    "http://172.16.3.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",  # CGNAT
    "http://0.0.0.0/",
    "http://0/",
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0177.0.0.1/",  # octal
    "http://0x7f.1/",  # hexadecimal, short form
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:a9fe:a9fe]/",  # 169.254.169.254, mapped, in hex
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "https://localhost/",
    "http://LOCALHOST./",
]


@pytest.fixture
def no_allow_list(settings):
    settings.WARTA_OUTBOUND_ALLOW = []


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def never_connect(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a refused address must not be connected to")

    monkeypatch.setattr(outbound, "_connect", refuse)


def refusal(host: str) -> str:
    return f"alamat {host} ditolak: tujuan di jaringan lokal atau internal tidak diizinkan"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_in_every_spelling_are_refused_before_connecting(
    url, no_allow_list, never_connect
):
    with pytest.raises(OutboundError) as refused:
        outbound.fetch(url)
    assert str(refused.value).startswith("alamat ")
    assert str(refused.value).endswith("tujuan di jaringan lokal atau internal tidak diizinkan")


def test_a_public_looking_name_that_resolves_inside_is_refused(
    monkeypatch, no_allow_list, never_connect
):
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    with pytest.raises(OutboundError, match="ditolak") as refused:
        outbound.fetch("https://berita-publik.example/rss")
    assert str(refused.value) == refusal("berita-publik.example")
    # One internal address among public ones is enough: the connection could go to either.
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(OutboundError, match="ditolak"):
        outbound.fetch("https://berita-publik.example/rss")


def test_a_closed_and_an_open_port_get_the_same_refusal(server, no_allow_list):
    server.serve("/", b"<rss/>")
    messages = []
    for port in (server.port, closed_port()):
        with pytest.raises(OutboundError) as refused:
            outbound.fetch(f"http://127.0.0.1:{port}/")
        messages.append(str(refused.value))
    assert messages == [refusal("127.0.0.1")] * 2
    assert server.requests == []  # nothing reached the open port


def test_a_redirect_to_an_internal_address_is_refused_at_that_hop(server, settings):
    settings.WARTA_OUTBOUND_ALLOW = [f"127.0.0.1:{server.port}"]  # this test server only
    assert outbound.fetch(server.serve("/ok", b"<rss/>")).body == b"<rss/>"
    for name, target, host in [
        ("metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("other-port", f"http://127.0.0.1:{closed_port()}/", "127.0.0.1"),
        ("ipv6", f"http://[::1]:{server.port}/", "::1"),
        ("decimal", f"http://2130706433:{closed_port()}/", "2130706433"),
    ]:
        url = server.serve(f"/{name}", b"", status=302, headers={"Location": target})
        with pytest.raises(OutboundError) as refused:
            outbound.fetch(url)
        assert str(refused.value) == refusal(host), name


def test_redirects_are_followed_to_a_limit_and_only_to_http(server):
    server.serve("/feed", b"<rss/>")
    server.serve("/b", b"", status=301, headers={"Location": "/feed"})
    a = server.serve("/a", b"", status=307, headers={"Location": server.url("/b")})
    answer = outbound.fetch(a)
    assert (answer.status, answer.body, answer.url) == (200, b"<rss/>", server.url("/feed"))
    loop = server.serve("/loop", b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(OutboundError, match=r"terlalu banyak pengalihan \(lebih dari 3\)"):
        outbound.fetch(loop, max_redirects=3)
    assert len(server.requests) == 3 + 4  # the chain above, then the loop's four hops
    for target in ("file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://x.example/"):
        url = server.serve("/away", b"", status=302, headers={"Location": target})
        with pytest.raises(OutboundError, match=r"alamat harus http\(s\)"):
            outbound.fetch(url)


def test_a_redirect_to_a_path_with_spaces_and_non_ascii_is_followed_escaped(server):
    server.serve("/berita%20baru/caf%C3%A9", b"<rss/>")
    url = server.serve("/r", b"", status=302, headers={"Location": "/berita baru/café"})
    assert outbound.fetch(url).body == b"<rss/>"


def test_error_status_is_an_error(server):
    with pytest.raises(OutboundError, match="^HTTP 503"):
        outbound.fetch(server.serve("/x", b"down", status=503))


def test_oversized_bodies_are_refused_declared_streamed_or_compressed(server):
    big = b"<rss>" + b" " * 5000 + b"</rss>"
    with pytest.raises(OutboundError, match=r"terlalu besar: 5,011 byte \(batas 4,000\)"):
        outbound.fetch(server.serve("/declared", big), max_bytes=4000)
    with pytest.raises(OutboundError, match="terlalu besar: lebih dari 4,000 byte"):
        outbound.fetch(server.serve("/streamed", big, send_length=False), max_bytes=4000)
    bomb = gzip.compress(b"\0" * 10_000_000)  # 10 KB that unpack to 10 MB
    url = server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(OutboundError, match="terlalu besar: lebih dari 20,000 byte"):
        outbound.fetch(url, max_bytes=20_000)
    small = server.serve("/gz", gzip.compress(b"<rss/>"), headers={"Content-Encoding": "gzip"})
    assert outbound.fetch(small, max_bytes=4000).body == b"<rss/>"


def test_a_body_trickling_in_is_cut_at_the_total_time_not_per_read(server):
    url = server.serve("/slow", b"x" * 60, drip=0.05)  # 3 s in all, every byte in time
    started = time.monotonic()
    with pytest.raises(OutboundError, match="waktu habis setelah 0.5 detik"):
        outbound.fetch(url, timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_a_slow_dns_answer_counts_against_the_total_time(monkeypatch):
    release = threading.Event()

    def stuck(host, port):
        release.wait(10)
        return ["93.184.216.34"]

    monkeypatch.setattr(outbound, "resolve", stuck)
    try:
        with pytest.raises(OutboundError, match="waktu habis"):
            outbound.fetch("https://lambat.example/", timeout=0.3)
    finally:
        release.set()


def test_unknown_host_and_bad_addresses_are_clear_errors(monkeypatch):
    def missing(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(outbound, "resolve", missing)
    with pytest.raises(OutboundError, match="nama host tidak-ada.example tidak ditemukan"):
        outbound.fetch("https://tidak-ada.example/")
    for bad in ("http://", "http://[::1/", "http://x.example:99999/", "javascript:alert(1)"):
        with pytest.raises(OutboundError, match="alamat"):
            outbound.fetch(bad)


def test_connects_to_the_checked_address_with_the_real_host_and_a_fixed_user_agent(
    server, monkeypatch
):
    lookups = []

    def rebinding(host, port):  # a DNS server that answers differently the second time
        lookups.append(host)
        return ["127.0.0.1"] if len(lookups) == 1 else ["10.9.9.9"]

    monkeypatch.setattr(outbound, "resolve", rebinding)
    server.serve("/feed", b"<rss/>")
    answer = outbound.fetch(
        f"http://wire.example:{server.port}/feed",
        headers={"user-agent": "curl/8", "HOST": "10.0.0.1", "Accept": "application/rss+xml"},
    )
    assert answer.body == b"<rss/>" and lookups == ["wire.example"]
    sent = server.requests[-1]
    assert sent["Host"] == f"wire.example:{server.port}"
    assert sent["User-Agent"] == outbound.USER_AGENT
    assert sent["Accept"] == "application/rss+xml"


def test_tls_goes_to_the_checked_address_and_verifies_the_real_name(monkeypatch):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "ca.pem"))  # trust the test CA only
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    with FeedServer(tls=context) as server:
        server.serve("/feed", b"<rss/>")
        answer = outbound.fetch(f"https://wire.example:{server.port}/feed")
        assert answer.body == b"<rss/>"
        assert server.requests[-1]["Host"] == f"wire.example:{server.port}"
        # The certificate names wire.example only: another name for the same address fails.
        with pytest.raises(OutboundError, match="sertifikat TLS lain.example tidak sah"):
            outbound.fetch(f"https://lain.example:{server.port}/feed")


@pytest.mark.parametrize(
    "entry, host, network, port",
    [
        ("feeds.example", "feeds.example", None, None),
        ("Feeds.Example.:8443", "feeds.example", None, 8443),
        ("127.0.0.1:8000", None, "127.0.0.1/32", 8000),
        ("10.2.0.0/16", None, "10.2.0.0/16", None),
        ("[::1]:8000", None, "::1/128", 8000),
        ("fd00::/8", None, "fd00::/8", None),
    ],
)
def test_allow_list_entries(entry, host, network, port):
    rule = outbound.parse_allow_rule(entry)
    assert (rule.host, str(rule.network) if rule.network else None, rule.port) == (
        host,
        network,
        port,
    )


def test_a_bad_allow_list_entry_stops_with_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="bad port"):
        outbound.parse_allow_rule("127.0.0.1:delapan")


def test_the_allow_list_lets_exactly_its_hosts_through(server, settings, monkeypatch):
    server.serve("/feed", b"<rss/>")
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    settings.WARTA_OUTBOUND_ALLOW = [f"wire.internal:{server.port}"]
    assert outbound.fetch(f"http://wire.internal:{server.port}/feed").body == b"<rss/>"
    with pytest.raises(OutboundError, match="ditolak"):
        outbound.fetch(f"http://other.internal:{server.port}/feed")
    settings.WARTA_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    assert outbound.fetch(f"http://other.internal:{server.port}/feed").body == b"<rss/>"
