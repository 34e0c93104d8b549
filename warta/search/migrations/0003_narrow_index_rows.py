"""PostgreSQL: keep the search index's heap rows narrow (every large value out of line), so the
candidate step's bitmap scan reads a few MB, not every story's vectors and texts, and
compress the vectors with lz4 (where the server has it), which `ts_rank` reads three times
faster than uncompressed ones split over several TOAST chunks. See docs/subsystems/search.md
("Speed on PostgreSQL"). Existing rows take the new layout when rewritten:
`warta reorder_search_index --rewrite`."""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


COLUMNS = ("title", "body", "autocomplete", "title_text", "body_text")


def _has_lz4(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _columns(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [TABLE],
        )
        present = {row[0] for row in cursor.fetchall()}
    return [c for c in COLUMNS if c in present]


def narrow(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")
    if _has_lz4(connection):
        for column in _columns(connection):
            schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET COMPRESSION lz4")


def widen(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
    for column in _columns(connection):
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET COMPRESSION default")


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
        ("search", "0002_autocomplete_index"),
    ]

    operations = [migrations.RunPython(narrow, widen)]
