"""`warta backup` and `warta restore` round trip on the database the suite runs on (SQLite or
PostgreSQL): content, media and private documents after a restore are exactly those at backup
time."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.models import Collection

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.models import WartaImage
from warta.core.tests.factories import WartaImageFactory, make_document

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    media = Path(settings.MEDIA_ROOT)
    return {
        "stories": sorted(ArticlePage.objects.values_list("title", "slug", "live")),
        "revisions": sorted(
            (r.object_id, r.content["title"]) for r in ArticlePage.objects.first().revisions.all()
        ),
        "images": sorted(
            (i.title, hashlib.sha256((media / i.file.name).read_bytes()).hexdigest())
            for i in WartaImage.objects.all()
        ),
        "documents": sorted(
            (d.title, d.file.name, hashlib.sha256(Path(d.file.path).read_bytes()).hexdigest())
            for d in get_document_model().objects.all()
        ),
    }


def test_backup_and_restore_bring_back_every_story_revision_and_file(channel, tmp_path):
    hero = WartaImageFactory(title="Foto banjir")
    story = ArticlePageFactory(parent=channel, title="Banjir rob", hero_image=hero)
    story.title = "Banjir rob meluas"
    story.save_revision().publish()
    ArticlePageFactory(parent=channel, title="Draf pemilu", publish=False)
    minutes = make_document(
        "Notulen", Collection.get_first_root_node(), "notulen.pdf", b"%PDF-1.4 notulen"
    )
    before = snapshot()
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    archive = next(tmp_path.glob("warta-backup-*.tar.gz"))
    assert "2 articles" in out.getvalue()
    # Disaster: a story deleted, another changed, an image file lost.
    ArticlePage.objects.get(title="Draf pemilu").delete()
    ArticlePage.objects.filter(pk=story.pk).update(title="DIRUSAK")
    (Path(settings.MEDIA_ROOT) / hero.file.name).unlink()
    Path(minutes.file.path).unlink()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert snapshot() == before


def test_restore_of_an_older_backup_takes_documents_out_of_public_media(channel, tmp_path):
    document = make_document(
        "Notulen", Collection.get_first_root_node(), "notulen.pdf", b"%PDF-1.4 notulen"
    )
    private_file = Path(document.file.path)
    legacy = Path(settings.MEDIA_ROOT) / document.file.name  # where documents used to live
    legacy.parent.mkdir(parents=True, exist_ok=True)
    private_file.rename(legacy)
    call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    legacy.unlink()
    call_command("restore", str(next(tmp_path.glob("*.tar.gz"))), "--yes", stdout=io.StringIO())
    assert private_file.read_bytes() == b"%PDF-1.4 notulen"
    assert not legacy.exists()


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bukan.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="not a Warta backup.*Nothing was changed"):
        call_command("restore", str(bogus), "--yes")
