"""Terpopuler's hourly read counts (discovery.ArticleViews) become the analytics roll-ups'
hourly story rows, counted for each story's own site, so no read is lost in the move."""

from django.db import migrations


def copy_views(apps, schema_editor):
    ArticleViews = apps.get_model("discovery", "ArticleViews")
    Listing = apps.get_model("articles", "Listing")
    Stat = apps.get_model("analytics", "Stat")
    home = dict(Listing.objects.filter(own=True).values_list("article_id", "site_id"))
    rows = []
    for article_id, hour, count in ArticleViews.objects.values_list("article_id", "hour", "count"):
        site_id = home.get(article_id)
        if site_id is None or not count:
            continue
        rows.append(
            Stat(grain="h", dimension="a", key=article_id, site_id=site_id, bucket=hour, views=count)
        )
    Stat.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("discovery", "0005_topic_suggestions"),
        ("articles", "0010_listing_origin"),
    ]

    operations = [migrations.RunPython(copy_views, migrations.RunPython.noop)]
