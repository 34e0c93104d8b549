"""Reading WXR files as WordPress writes them: every namespace it has used, titles with emoji
and bidi controls, exports that are not well-formed XML, truncated files, comments, and a large
export read in bounded memory. Each fixture was written for these tests."""

import io
import os
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.articles.models import ArticlePage
from warta.ingest.wxr import BIDI_CONTROLS as BIDI
from warta.ingest.wxr import WxrError, WxrPost, parse_wxr, slug_for

FIXTURES = Path(__file__).parent / "fixtures"
COM = FIXTURES / "wordpress-com.xml"  # https namespaces, as WordPress.com writes them
TITLES = FIXTURES / "wordpress-titles.xml"
BROKEN = FIXTURES / "wordpress-broken.xml"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def line_of(path: Path, marker: str) -> int:
    """The line (1-based) of the first line of `path` holding `marker`."""
    lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines(): \x0b is no line end
    return next(n for n, line in enumerate(lines, 1) if marker in line)


NAMESPACES = [
    f"{scheme}://wordpress.org/export/{version}/"
    for scheme in ("http", "https")
    for version in ("1.0", "1.1", "1.2")
]


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_wxr_namespace_wordpress_has_written_is_read(tmp_path, namespace):
    export = tmp_path / "export.xml"
    export.write_text(
        COM.read_text()
        .replace("https://wordpress.org/export/1.2/excerpt/", namespace + "excerpt/")
        .replace('xmlns:wp="https://wordpress.org/export/1.2/"', f'xmlns:wp="{namespace}"')
    )
    site = parse_wxr(export)
    assert site.namespace == namespace
    assert site.version == namespace.rsplit("/", 2)[1]
    assert site.title == "Warta Pesisir"
    assert [p.id for p in site.posts] == ["301", "302"]
    post = site.posts[0]
    assert post.title == "Nelayan Tegal menunda melaut"
    assert post.excerpt == "Gelombang tinggi di pantai utara."  # the excerpt namespace too
    assert post.status == "publish" and post.categories == ["nelayan"] and post.tags == ["Cuaca"]
    assert site.issues == []


@pytest.mark.django_db
def test_a_wordpress_com_export_imports_and_the_format_is_named(site):
    out, _ = run(COM)
    assert "Format: WXR 1.2 (https://wordpress.org/export/1.2/)" in out
    assert ArticlePage.objects.get(title="Nelayan Tegal menunda melaut").live


def test_comments_and_author_bios_are_read():
    site = parse_wxr(COM)
    assert site.authors["rina"].description == "Wartawan pesisir sejak 2009."
    first, reply, spam = site.posts[0].comments
    assert (first.id, first.author, first.author_email, first.author_url) == (
        "41",
        "Pak Darto",
        "darto@mail.example",
        "https://darto.example",
    )
    assert first.content == "Semoga cepat reda & aman."
    assert first.date == datetime(2026, 11, 2, 5, 15, tzinfo=UTC)  # the GMT date
    assert (first.approved, first.parent_id, first.comment_type) == ("1", "", "comment")
    assert (reply.parent_id, reply.author) == ("41", "Rina Kusuma")
    assert (spam.approved, spam.comment_type) == ("spam", "")
    assert spam.date == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # no GMT date: the local one
    assert site.posts[1].comments == []


def test_titles_keep_emoji_and_lose_bidi_controls():
    site = parse_wxr(TITLES)
    titles = {p.id: p.title for p in site.posts}
    assert titles["401"] == "Festival kuliner tsiruot ramai \U0001f389\U0001f35c"
    assert titles["402"] == "Juara lomba dayung \U0001f6a3"
    assert titles["403"] == "\U0001f525\U0001f525\U0001f525"
    for title in titles.values():
        assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in title)
    assert [str(issue) for issue in site.issues] == [
        # the line where the item starts, the one before its title
        f"baris {line_of(TITLES, 'tsiruot') - 1}, pos 401: kontrol arah teks (bidi) "
        "dihapus dari judul — diperbaiki",
        f"baris {line_of(TITLES, 'dayung') - 1}, pos 402: kontrol arah teks (bidi) "
        "dihapus dari judul — diperbaiki",
    ]


def test_slugs_are_always_derivable():
    posts = {p.id: p for p in parse_wxr(TITLES).posts}
    assert slug_for(posts["401"]) == "festival-kuliner"  # decoded; the emoji cannot be a slug
    assert slug_for(posts["402"]) == "juara-lomba-dayung"  # no slug: from the title
    assert slug_for(posts["403"]) == "post-403"  # nothing left but the id
    assert slug_for(posts["404"]) == "日本の祭り"  # non-Latin, percent-decoded
    empty = WxrPost("9", "", "", "", "draft", "post", None, "", "")
    assert slug_for(empty) == "post-9"


@pytest.mark.django_db
def test_emoji_and_bidi_titles_import_with_valid_slugs(site):
    out, err = run(TITLES)
    assert "Pos: 4 dibuat" in out, out
    assert "Tidak dapat diimpor" not in out and not err
    festival = ArticlePage.objects.get(title="Festival kuliner tsiruot ramai \U0001f389\U0001f35c")
    assert festival.slug == "festival-kuliner" and festival.live
    assert ArticlePage.objects.get(title="\U0001f525\U0001f525\U0001f525").slug == "post-403"
    assert ArticlePage.objects.get(title="Pekan budaya Jepang").slug == "日本の祭り"
    assert "kontrol arah teks (bidi) dihapus dari judul — diperbaiki" in out


def test_a_malformed_export_is_repaired_item_by_item():
    site = parse_wxr(BROKEN)
    posts = {p.id: p for p in site.posts}
    assert sorted(posts) == ["501", "502", "503", "504", "505", "506", "507", "509"]
    assert posts["502"].content == (
        "<p>Contoh kode:</p>\n<pre>if (a[b[0]]> 1) {}</pre>\n<p>Selesai.</p>"
    )
    assert posts["503"].content == (
        "<p>Skrip lama:</p>\n<script>//<![CDATA[\nvar x = 1;\n//]]></script>\n<p>Akhir.</p>"
    )
    assert posts["504"].content == "<p>Teks dari Word dengan tab vertikal.</p>"
    assert posts["505"].title == "Kopi & teh\xa0di pasar"
    assert posts["506"].title == "Awalan tak dideklarasikan"
    # read with patterns, as WordPress's regex parser would
    seven = posts["507"]
    assert (seven.title, seven.status, seven.categories) == (
        "Tag tidak seimbang",
        "publish",
        ["arsip"],
    )
    assert seven.content == "<p>Ringkasan di bawah rusak.</p>"
    assert seven.date == datetime(2011, 3, 7, 8, 0, tzinfo=UTC)
    assert posts["509"].line == line_of(BROKEN, "Pos utuh terakhir") - 1
    assert [str(issue) for issue in site.issues] == [
        f"baris {line_of(BROKEN, 'a[b[0]]')}, pos 502: ]]> di dalam isi — diperbaiki",
        f"baris {line_of(BROKEN, '<script>')}, pos 503: CDATA bersarang di dalam isi — diperbaiki",
        f"baris {line_of(BROKEN, 'Teks dari Word')}, pos 504: karakter kendali tidak sah "
        "(U+000B) — diperbaiki",
        f"baris {line_of(BROKEN, 'Kopi &')}, pos 505: & tanpa escape — diperbaiki",
        f"baris {line_of(BROKEN, 'Kopi &')}, pos 505: entitas HTML &nbsp; di luar CDATA"
        " — diperbaiki",
        f"baris {line_of(BROKEN, 'media:thumbnail')}, pos 506: awalan media: tidak dideklarasikan"
        " — diperbaiki",
        f"baris {line_of(BROKEN, '<p>Ringkas</description>')}, pos 507: XML rusak (mismatched tag),"
        " dibaca dengan pola — diperbaiki",
        f"baris {line_of(BROKEN, 'Sisa <b>')}: XML rusak (mismatched tag) — dilewati",
    ]


@pytest.mark.django_db
def test_the_sound_items_of_a_malformed_export_import_and_the_rest_is_listed(site):
    out, err = run(BROKEN)
    assert "Format: WXR 1.0 (http://wordpress.org/export/1.0/)" in out
    assert "Pos: 8 dibuat" in out and not err
    assert ArticlePage.objects.filter(title="Kode CDATA dalam isi").exists()
    assert "Selesai." in str(ArticlePage.objects.get(title="Kode CDATA dalam isi").body)
    assert ArticlePage.objects.filter(title="Pos utuh terakhir", live=True).exists()
    assert "Diperbaiki atau dilewati saat membaca berkas (8):" in out
    assert f"  - baris {line_of(BROKEN, 'a[b[0]]')}, pos 502: ]]> di dalam isi — diperbaiki" in out
    assert f"  - baris {line_of(BROKEN, 'Sisa <b>')}: XML rusak (mismatched tag) — dilewati" in out


@pytest.mark.django_db
def test_a_truncated_export_keeps_what_is_whole(site, tmp_path):
    text = COM.read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("Warta Pesisir meliput")])  # in the middle of the page
    wxr = parse_wxr(cut)
    assert [p.id for p in wxr.posts] == ["301"]
    page_line = line_of(COM, "<title><![CDATA[Tentang Kami]]></title>") - 1
    assert [str(i) for i in wxr.issues] == [
        f"baris {page_line}: butir tidak lengkap (berkas terpotong?) — dilewati"
    ]
    out, _ = run(cut)
    assert "Pos: 1 dibuat" in out
    assert f"baris {page_line}: butir tidak lengkap (berkas terpotong?) — dilewati" in out
    # cut between two items: what is missing cannot be counted, but it is said
    between = tmp_path / "between.xml"
    between.write_text(text[: text.index("\t<item>\n\t\t<title><![CDATA[Tentang")])
    wxr = parse_wxr(between)
    assert len(wxr.posts) == 1
    assert [i.what for i in wxr.issues] == ["berkas terpotong (tidak ada </rss>)"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("<rss><channel><item></channel></rss>", "XML tidak valid di baris 1"),
        ("<feed><entry>bukan WordPress</entry></feed>", "bukan ekspor WordPress"),
        # a DTD in the middle of an export, outside any CDATA: refused, not skipped
        (
            COM.read_text().replace("\t<item>", '<!DOCTYPE x [<!ENTITY a "b">]>\n\t<item>', 1),
            "ditolak demi keamanan: deklarasi DOCTYPE di baris 22",
        ),
        ("", "berkas kosong"),
    ],
)
def test_files_that_are_not_wxr_are_refused_clearly(tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_text(content)
    with pytest.raises(WxrError, match=message):
        parse_wxr(bad)


def test_doctype_inside_cdata_is_only_text(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(COM.read_text().replace("<p>Gelombang", "<!DOCTYPE html><p>Gelombang"))
    assert parse_wxr(export).posts[0].content.startswith("<!DOCTYPE html><p>Gelombang")


def write_big_export(path: Path, posts: int, body_size: int) -> None:
    head, rest = COM.read_text().split("\t<item>", 1)
    item = "\t<item>" + rest.split("\t</item>", 1)[0] + "\t</item>\n"
    body = "<p>" + "Gelombang tinggi di pantai utara Jawa. " * (body_size // 40) + "</p>"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(head)
        for n in range(posts):
            stream.write(
                item.replace("<wp:post_id>301", f"<wp:post_id>{1000 + n}").replace(
                    "<p>Gelombang tinggi membuat nelayan Tegal menunda melaut.</p>", body
                )
            )
        stream.write("</channel>\n</rss>\n")


def test_a_large_export_is_read_in_bounded_memory(tmp_path):
    export = tmp_path / "big.xml"
    write_big_export(export, posts=4000, body_size=10_000)
    size = export.stat().st_size
    assert size > 40_000_000
    tracemalloc.start()
    try:
        site = parse_wxr(export)
        assert len(site.posts) == 4000
        seen = 0
        for post in site.posts:
            seen += 1
            assert len(post.comments) == 3
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == 4000 and post.id == "4999"
    print(f"export {size / 1e6:.1f} MB, peak traced memory {peak / 1e6:.2f} MB")
    assert peak < size / 10, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB export"


@settings(
    max_examples=int(os.environ.get("WARTA_FUZZ_EXAMPLES") or 200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["<", ">", "&", "]]>", "<![CDATA[", "</item>", "<item>", "\n", "wp:"]),
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=3),
        ),
        max_size=20,
    ).map("".join),
    st.integers(min_value=0, max_value=6000),
)
def test_any_damage_reads_or_refuses_clearly(tmp_path, damage, where):
    text = COM.read_text()
    where = min(where, len(text))
    export = tmp_path / "damaged.xml"
    export.write_text(text[:where] + damage + text[where:], encoding="utf-8")
    try:
        site = parse_wxr(export)
    except WxrError as error:
        assert str(error)
        return
    posts = list(site.posts)
    assert len(posts) == len(site.posts)
    for post in posts:
        assert slug_for(post)
        assert not BIDI.search(post.title)


@pytest.mark.parametrize(
    "old, new, issue",
    [
        # very old exports used the wp: prefix without declaring it
        (
            'xmlns:wp="https://wordpress.org/export/1.2/"',
            "",
            "baris 1: awalan wp: tidak dideklarasikan",
        ),
        (
            "<title>Warta Pesisir</title>",
            "<title>Warta & Pesisir</title>",
            "baris 11: & tanpa escape",
        ),
        (
            "<description>Kabar dari pesisir utara</description>",
            "<description><p>Kabar</description>",
            "baris 13: XML rusak (mismatched tag), dibaca dengan pola",
        ),
        ('encoding="UTF-8"', 'encoding="x-tidak-ada"', None),  # read as UTF-8
    ],
)
def test_a_damaged_header_is_repaired_or_read_with_patterns(tmp_path, old, new, issue):
    export = tmp_path / "export.xml"
    export.write_text(COM.read_text().replace(old, new, 1))
    site = parse_wxr(export)
    assert site.title in ("Warta Pesisir", "Warta & Pesisir")
    assert list(site.authors) == ["rina"] and list(site.categories) == ["nelayan"]
    assert site.tags == {"cuaca": "Cuaca"}
    assert [p.title for p in site.posts] == ["Nelayan Tegal menunda melaut", "Tentang Kami"]
    assert [str(i) for i in site.issues] == ([f"{issue} — diperbaiki"] if issue else [])


def test_a_cdata_section_never_closed_does_not_swallow_the_next_item(tmp_path):
    export = tmp_path / "export.xml"
    broken = "<wp:comment_type><![CDATA[</wp:comment_type>"  # the last CDATA of item 301
    export.write_text(
        COM.read_text().replace("<wp:comment_type><![CDATA[]]></wp:comment_type>", broken)
    )
    site = parse_wxr(export)
    first, page = site.posts
    assert (first.id, first.title, len(first.comments)) == (
        "301",
        "Nelayan Tegal menunda melaut",
        3,
    )
    assert (page.id, page.title, page.post_type) == ("302", "Tentang Kami", "page")
    assert [str(i) for i in site.issues] == [
        f"baris {line_of(export, broken)}, pos 301: CDATA tidak ditutup, dibaca dengan pola"
        " — diperbaiki"
    ]
    # and a post that shows RSS markup in its text is not cut at it
    export.write_text(
        COM.read_text().replace("<p>Gelombang", "<pre>\n</item>\n<item>\n</pre><p>Gelombang")
    )
    assert [p.title for p in parse_wxr(export).posts] == [first.title, page.title]
