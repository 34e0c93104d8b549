"""Cache invalidation for the cached site list, site settings and view-restriction flag."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site

from warta.core.models import SiteSettings
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import forget_site_settings, forget_sites
from warta.core.sites.pages import forget_view_restrictions


@receiver([post_save, post_delete], sender=Site)
def site_changed(sender, instance, **kwargs):
    forget_sites()
    purge_keys([keys.NETWORK_SITES, keys.NETWORK_UPDATES, keys.API])  # directory, counts, API


# Settings other sites show: the regions directory and Network Updates (which regions count,
# where their links go, which channels circulate).
NETWORK_FIELDS = ("slug", "province_code", "regency", "circulate_channels", "suspended")


@receiver(pre_save, sender=SiteSettings)
def remember_network_fields(sender, instance, **kwargs):
    before = SiteSettings.objects.filter(pk=instance.pk).values(*NETWORK_FIELDS).first()
    instance._network_fields_before = before


@receiver([post_save, post_delete], sender=SiteSettings)
def site_settings_changed(sender, instance, **kwargs):
    forget_site_settings(instance.site_id)
    forget_sites()  # the list carries each site's slug and suspension
    # Tagline, colour and logo are in its every page; the API lists its name and time zone.
    stale = [keys.site(instance.site_id), keys.API]
    before = getattr(instance, "_network_fields_before", None)
    after = {field: getattr(instance, field) for field in NETWORK_FIELDS}
    if before != after or kwargs.get("signal") is post_delete:
        stale += [keys.NETWORK_SITES, keys.NETWORK_UPDATES]
    purge_keys(stale)


@receiver(post_save)
def root_page_changed(sender, instance, **kwargs):
    # Sites hold their root page (with its url_path); a change to a root drops the list.
    if isinstance(instance, Page) and instance.depth == 2:
        forget_sites()


@receiver([post_save, post_delete], sender=PageViewRestriction)
def view_restriction_changed(sender, instance, **kwargs):
    forget_view_restrictions()
