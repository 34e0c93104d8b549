"""Reads for alerts: an alert's audience, a site's recent alerts (the rate limit), the
manifest's facts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Site

from warta.alerts.models import Alert, PushSubscription
from warta.core.sites.lookup import site_settings_for

DEFAULT_COLOUR = "#b3121f"


def alert_audience(alert: Alert) -> QuerySet[PushSubscription]:
    """Who an alert reaches: the site's readers who chose breaking news or the story's
    channel, and on the national site those who chose this region."""
    topics = Q(breaking=True)
    if alert.channel:
        topics |= Q(channel=alert.channel)
    audience = Q(site_id=alert.site_id) & topics
    site = Site.objects.filter(pk=alert.site_id).first()
    slug = getattr(site_settings_for(site), "slug", "") if site and not site.is_default_site else ""
    if slug:
        audience |= Q(region=slug, site__is_default_site=True)
    return PushSubscription.objects.filter(audience)


def alerts_in_last_hour(site_id: int) -> int:
    return Alert.objects.filter(
        site_id=site_id, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()


def recent_alerts(site_id: int, limit: int = 5) -> list[Alert]:
    return list(Alert.objects.filter(site_id=site_id).order_by("-created_at")[:limit])


def manifest(site: Site, prefix: str) -> dict[str, Any]:
    """The web app manifest of a site (its name and colour from SiteSettings), so a reader can
    add it to the home screen (iPhone: push works only there)."""
    settings = site_settings_for(site)
    colour = getattr(settings, "primary_colour", "") or DEFAULT_COLOUR
    name = site.site_name or "Warta"
    return {
        "name": name,
        "short_name": name[:12],
        "description": getattr(settings, "tagline", "") or "Berita terkini",
        "lang": "id",
        "start_url": f"{prefix}/",
        "scope": f"{prefix}/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [
            *(
                {
                    "src": f"{prefix}/peringatan/ikon/{size}.png",
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in (192, 512)
            ),
            {  # the initial sits well inside the maskable safe zone (the middle 80 %)
                "src": f"{prefix}/peringatan/ikon/512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
