"""Index wagtailcore_page.url_path: warta.core.sites.routing finds pages by url_path on every uncached
request; without an index that is a full scan of the page table (100,000+ stories)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS warta_page_url_path ON wagtailcore_page (url_path)"
DROP = "DROP INDEX IF EXISTS warta_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
