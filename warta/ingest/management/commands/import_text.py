from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from warta.ingest.services import (
    ImportTargetError,
    import_parsed_article,
    resolve_channel,
    resolve_site,
)
from warta.ingest.text_format import TextImportError, parse_article_text


class Command(BaseCommand):
    help = "Import a scraped plain-text article (shaped like an iNews.id page) as a story."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--site", help="hostname of the site (default: the national site)")
        parser.add_argument("--channel", help="channel slug (default: guessed from the dateline)")
        parser.add_argument("--image", type=Path, help="hero photo file, if you have it")
        parser.add_argument("--publish", action="store_true", help="publish now, not a draft")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        except UnicodeDecodeError as exc:
            reason = f"{exc.reason} at byte {exc.start}"
            raise CommandError(f"{path}: not UTF-8 text ({reason})") from exc
        image = options["image"]
        if image is not None and not image.is_file():
            raise CommandError(f"{image}: no such image file")
        try:
            parsed = parse_article_text(text)
            site = resolve_site(options["site"])
            channel, note = resolve_channel(site, options["channel"], parsed)
            article = import_parsed_article(
                parsed, site=site, channel=channel, publish=options["publish"], image_path=image
            )
        except TextImportError as exc:
            raise CommandError(f"{path}:{exc.line}: {exc.message}. Nothing was imported.") from exc
        except ImportTargetError as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        state = "published" if options["publish"] else "saved as a draft"
        self.stdout.write(f"Imported {parsed.title!r}: {state}, {note}.")
        url = article.full_url if options["publish"] else _admin_edit_url(article)
        self.stdout.write(url)


def _admin_edit_url(article) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[article.pk])
