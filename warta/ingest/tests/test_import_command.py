import pytest
from django.core.management import CommandError, call_command

from warta.articles.models import ArticlePage, Author
from warta.core.models import WartaImage

pytestmark = pytest.mark.django_db


def run_import(*args) -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("import_text", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_seed_import_stores_every_field(seed_path, channel, national_channel):
    lines = run_import(str(seed_path), "--publish")
    article = ArticlePage.objects.get()
    assert lines[-1] == article.full_url
    assert lines[-1].startswith("http://localhost/internasional/wapres-as-sebut-rusia")
    assert article.live
    assert article.channel == channel  # WASHINGTON is abroad: guessed Internasional
    assert article.title.startswith("Wapres AS Sebut Rusia Putus Asa")
    assert [b.author.name for b in article.bylines.all()] == ["Anton Suhartono"]
    assert article.editor.name == "Anton Suhartono"
    assert article.dateline_place == "WASHINGTON"
    assert article.summary.startswith("Wakil Presiden Amerika Serikat (AS) Kamala Harris")
    assert article.summary.endswith("perang di Ukraina.")
    assert article.cited_sources == "Reuters"
    assert article.hero_caption.startswith("Kamala Harris menyebut Rusia putus asa")
    assert article.hero_image is None  # the text has no photo: none is drawn in its place
    assert article.hero_credit == "Antara"
    kinds = [block.block_type for block in article.body]
    assert kinds.count("quote") == 2 and kinds.count("paragraph") == 5
    quote = next(b.value for b in article.body if b.block_type == "quote")
    assert (quote["speaker"], quote["source"]) == ("Harris", "Reuters")
    assert article.first_published_at is not None
    assert article.revisions.count() == 1


def test_import_without_publish_leaves_a_draft(seed_path, channel):
    lines = run_import(str(seed_path), "--channel", "internasional")
    article = ArticlePage.objects.get()
    assert not article.live
    assert "/admin/pages/" in lines[-1]


def test_unknown_channel_is_a_clear_error_and_nothing_is_left(seed_path, channel):
    with pytest.raises(CommandError, match="no channel 'olahraga'.*known: internasional"):
        run_import(str(seed_path), "--channel", "olahraga", "--publish")
    assert not ArticlePage.objects.exists()
    assert not WartaImage.objects.exists()
    assert not Author.objects.exists()


def test_unparseable_file_names_the_line(tmp_path, channel):
    bad = tmp_path / "bad.txt"
    bad.write_text("Judul\n\nPenulis\nini bukan dateline\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad.txt:4: expected the dateline"):
        run_import(str(bad), "--publish")
    assert not ArticlePage.objects.exists()


def test_failure_after_parsing_rolls_everything_back(seed_path, channel, monkeypatch):
    from warta.ingest import services

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.ArticlePage, "save_revision", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(str(seed_path), "--publish")
    assert not ArticlePage.objects.exists()
    assert not WartaImage.objects.exists()
    assert not Author.objects.exists()


def test_not_utf8_and_missing_file(tmp_path, channel):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Judul é\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run_import(str(latin))
    with pytest.raises(CommandError, match="no such file"):
        run_import(str(tmp_path / "missing.txt"))


def test_importing_twice_gets_a_new_slug(seed_path, channel):
    run_import(str(seed_path), "--publish")
    run_import(str(seed_path), "--publish")
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs[1] == slugs[0] + "-2"
