"""Index wagtailcore_page.depth: each site frame lists its home page's children (channels,
partner page) by depth and path prefix. A path LIKE prefix cannot use Wagtail's index under a
non-C collation (PostgreSQL), so without this every frame render scans every page (1.2 s at a
million stories)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS warta_page_depth ON wagtailcore_page (depth)"
DROP = "DROP INDEX IF EXISTS warta_page_depth"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_region_fields"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
