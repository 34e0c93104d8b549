"""`warta backup` and `warta restore` round trip on the database the suite runs on (SQLite or
PostgreSQL): content and media after a restore are exactly those at backup time."""

import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.models import WartaImage
from warta.core.tests.factories import WartaImageFactory

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
    }


def test_backup_and_restore_bring_back_every_story_revision_and_file(channel, tmp_path):
    hero = WartaImageFactory(title="Foto banjir")
    story = ArticlePageFactory(parent=channel, title="Banjir rob", hero_image=hero)
    story.title = "Banjir rob meluas"
    story.save_revision().publish()
    ArticlePageFactory(parent=channel, title="Draf pemilu", publish=False)
    before = snapshot()
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    archive = next(tmp_path.glob("warta-backup-*.tar.gz"))
    assert "2 articles" in out.getvalue()
    # Disaster: a story deleted, another changed, an image file lost.
    ArticlePage.objects.get(title="Draf pemilu").delete()
    ArticlePage.objects.filter(pk=story.pk).update(title="DIRUSAK")
    (Path(settings.MEDIA_ROOT) / hero.file.name).unlink()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert snapshot() == before


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bukan.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="not a Warta backup.*Nothing was changed"):
        call_command("restore", str(bogus), "--yes")
