import pytest

from warta.ingest.text_format import Quote, TextImportError, parse_article_text, parse_quote

MINIMAL = """Judul Berita Uji

Penulis Satu
Keterangan foto (Foto: Reuters)

JAKARTA, Warta - Paragraf pertama.

Paragraf kedua.

Editor : Redaktur Dua
Artikel Terkait
Sesuatu yang lain
"""


def test_seed_fields(seed_path):
    parsed = parse_article_text(seed_path.read_text(encoding="utf-8"))
    assert parsed.title == "Wapres AS Sebut Rusia Putus Asa Minta Bantuan Senjata ke Korea Utara"
    assert parsed.authors == ["Anton Suhartono"]
    assert parsed.caption == (
        "Kamala Harris menyebut Rusia putus asa karena meminta bantuan senjata ke Korut"
    )
    assert parsed.photo_credit == "Antara"
    assert parsed.dateline_place == "WASHINGTON"
    assert parsed.dateline_site == "iNews.id"
    assert parsed.editor == "Anton Suhartono"
    assert parsed.cited_sources == ["Reuters"]
    assert parsed.paragraphs[0].startswith("Wakil Presiden Amerika Serikat (AS) Kamala Harris")
    quotes = [p for p in parsed.paragraphs if isinstance(p, Quote)]
    assert [(q.speaker, q.source) for q in quotes] == [("Harris", "Reuters"), ("Harris", "")]
    assert quotes[0].text.startswith("Gagasan bahwa mereka akan memasok amunisi")
    assert not quotes[0].text.endswith(",")
    assert len(parsed.paragraphs) == 7
    # The trailing site chrome (related list, footer) is not part of the story.
    assert not any("Venezuela" in str(p) for p in parsed.paragraphs)


def test_quote_with_curly_marks_and_other_verbs():
    quote = parse_quote("“Kami siap bekerja,” ujar Budi, dikutip dari Antara.")
    assert quote == Quote(text="Kami siap bekerja", speaker="Budi", source="Antara")
    assert parse_quote("Ini bukan kutipan, kata dia.") is None


def test_minimal_article_without_chrome_problems():
    parsed = parse_article_text(MINIMAL)
    assert parsed.paragraphs == ["Paragraf pertama.", "Paragraf kedua."]
    assert parsed.photo_credit == "Reuters"


def test_caption_is_optional():
    text = MINIMAL.replace("Keterangan foto (Foto: Reuters)\n", "")
    parsed = parse_article_text(text)
    assert parsed.caption == "" and parsed.photo_credit == ""


def test_multiple_authors():
    parsed = parse_article_text(MINIMAL.replace("Penulis Satu", "Penulis Satu dan Penulis Dua"))
    assert parsed.authors == ["Penulis Satu", "Penulis Dua"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty"),
        ("   \n\n", 1, "empty"),
        ("Judul\n\nPenulis\nbukan dateline sama sekali\n", 4, "dateline"),
        (MINIMAL.replace("Editor : Redaktur Dua\n", ""), 10, "'Artikel Terkait'"),
        ("Judul\nPenulis\nJAKARTA, Warta - Isi.\nParagraf tanpa editor.\n", 4, "Editor"),
        ("JAKARTA, Warta - bukan judul\n", 1, "headline"),
        ("X" * 300 + "\n", 1, "longer than"),
        ("Judul\x00\n", 1, "NUL"),
    ],
)
def test_bad_text_names_the_line(text, line, message):
    with pytest.raises(TextImportError) as error:
        parse_article_text(text)
    assert error.value.line == line
    assert message in error.value.message
