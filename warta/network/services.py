"""Writes for the network: provisioning a regional site in one idempotent step, suspending
and restoring one, switching one to its lite edition. Which sites list a story (circulation)
is warta.articles.listing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from warta.articles.queries import forget_network_updates
from warta.channels.models import ChannelPage, HomePage
from warta.core.indonesia import provinces
from warta.core.models import SiteSettings
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import all_sites
from warta.network.context_processors import forget_chrome
from warta.newsroom.roles import setup_site_roles

DEFAULT_CHANNELS = [
    ("Berita", "berita"),
    ("Peristiwa", "peristiwa"),
    ("Ekonomi", "ekonomi"),
    ("Olahraga", "olahraga"),
    ("Gaya Hidup", "gaya-hidup"),
]


class ProvisionError(ValueError):
    """The site cannot be made as asked (a clash with another site); the message says why."""


@dataclass
class RegionSpec:
    name: str  # "Warta Jatim"
    slug: str  # "jatim": hostname jatim.<domain> and path fallback /r/jatim/
    province_code: str
    regency: str = ""
    tagline: str = ""
    colour: str = "#b3121f"
    hostname: str = ""  # default: <slug>.<WARTA_REGIONAL_DOMAIN>
    port: int | None = None  # default: the national site's


def regional_hostname(slug: str) -> str:
    return f"{slug}.{getattr(settings, 'WARTA_REGIONAL_DOMAIN', 'warta.localhost')}"


@transaction.atomic
def provision_site(spec: RegionSpec, *, channels=DEFAULT_CHANNELS) -> Site:
    """The regional site with its home page, default channels, settings (time zone from the
    province), image collection and per-site newsroom groups. Running it again for the same
    slug fixes up what is missing and never makes a second site."""
    province = provinces.province(spec.province_code)
    if province is None:
        raise ProvisionError(f"kode provinsi tidak dikenal: {spec.province_code!r}")
    hostname = spec.hostname or regional_hostname(spec.slug)
    national = Site.objects.filter(is_default_site=True).first()
    port = spec.port or (national.port if national else 80)
    existing = SiteSettings.objects.filter(slug=spec.slug).select_related("site").first()
    site = existing.site if existing else Site.objects.filter(hostname=hostname, port=port).first()
    if (
        site is not None
        and existing is None
        and SiteSettings.objects.filter(site=site).exclude(slug="").exists()
    ):
        raise ProvisionError(f"{hostname} sudah dipakai situs lain")
    if site is None:
        home = HomePage(title=spec.name, slug=f"home-{spec.slug}")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.create(
            hostname=hostname, port=port, site_name=spec.name, root_page=home
        )
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "slug": spec.slug,
            "province_code": province.code,
            "regency": spec.regency,
            "time_zone": province.time_zone,
            "primary_colour": spec.colour,
            "tagline": spec.tagline or f"Berita {spec.regency or province.name} hari ini",
        },
    )
    for title, slug in channels:
        if not ChannelPage.objects.child_of(site.root_page).filter(slug=slug).exists():
            channel = ChannelPage(
                title=title, slug=slug, intro=f"Berita {title.lower()} terbaru.", show_in_menus=True
            )
            site.root_page.add_child(instance=channel)
            channel.save_revision().publish()
    setup_site_roles(site)  # saving Site and SiteSettings above dropped the cached site list
    return site


def set_suspended(site: Site, suspended: bool) -> None:
    """Stop (or resume) serving a site publicly. Nothing is deleted; its pages leave every
    cache and every network list at once."""
    SiteSettings.objects.update_or_create(site=site, defaults={"suspended": suspended})
    forget_chrome()
    forget_network_updates()
    # Its stories leave the lists of every site they circulated to: every frame goes.
    purge_keys(
        [keys.site(s.pk) for s in all_sites()] + [keys.NETWORK_UPDATES, keys.NETWORK_FEED, keys.API]
    )


class LiteEditionError(ValueError):
    """A switch the network admin must correct (a reason is needed to switch on)."""


def set_lite_edition(site: Site, on: bool, reason: str = "") -> SiteSettings:
    """The disaster switch: every page of the site is served in its lite edition
    (warta.core.sites.lite) with the reason shown to readers, or back to the full edition.
    Saving the settings drops the cached site list and purges every cached page of the site
    (warta.core.sites.receivers), so the next reader gets the other edition."""
    reason = " ".join(reason.split())
    if on and not reason:
        raise LiteEditionError("tuliskan alasan yang akan dibaca pembaca")
    if len(reason) > SiteSettings._meta.get_field("lite_reason").max_length:
        raise LiteEditionError("alasan terlalu panjang (paling banyak 200 karakter)")
    site_settings, _ = SiteSettings.objects.get_or_create(site=site)
    site_settings.lite_edition = on
    site_settings.lite_reason = reason if on else ""
    site_settings.save()
    return site_settings
