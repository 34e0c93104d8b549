"""The demo's newsletter lists: the national morning edition and breaking news, a weekly
business letter, and each region's morning edition on its own clock (WIB, WITA, WIT)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from wagtail.models import Site

from warta.newsletters.models import NewsletterList


def ensure_newsletters(national: Site, regions: list[Site], log: Callable[[str], object]) -> None:
    lists = [
        (
            national,
            "pagi",
            "Berita Pagi Warta",
            "",
            NewsletterList.DAILY,
            None,
            "digest",
            "Sepuluh berita terpenting pagi ini, setiap hari pukul 06.00 WIB.",
        ),
        (
            national,
            "breaking",
            "Breaking News Nasional",
            "",
            NewsletterList.ON_DEMAND,
            None,
            "breaking",
            "Hanya saat ada berita penting. Paling banyak beberapa kali sepekan.",
        ),
        (
            national,
            "ekonomi-pekanan",
            "Ekonomi Sepekan",
            "ekonomi",
            NewsletterList.WEEKLY,
            0,
            "digest",
            "Rangkuman berita ekonomi setiap Senin pagi.",
        ),
    ]
    for site in regions:
        lists.append(
            (
                site,
                "pagi",
                f"Berita Pagi {site.site_name}",
                "",
                NewsletterList.DAILY,
                None,
                "digest",
                f"Berita terpenting dari {site.site_name}, setiap pagi pukul 06.00.",
            )
        )
    created = 0
    for site, slug, name, channel, schedule, weekday, template, description in lists:
        _, made = NewsletterList.objects.get_or_create(
            site=site,
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "channel_slug": channel,
                "sender_name": site.site_name or "Warta",
                "schedule": schedule,
                "weekday": weekday,
                "send_time": time(7, 0) if schedule == NewsletterList.WEEKLY else time(6, 0),
                "story_count": 10 if slug == "pagi" else 6,
                "template": template,
            },
        )
        created += made
    log(f"Newsletter lists: {created} created, {len(lists) - created} already there.")
