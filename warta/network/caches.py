"""Site-wide cached blocks and how to drop them when a story changes."""

from django.core.cache import cache

from warta.core.sites.lookup import all_sites


def site_block_keys(site_id: int) -> list[str]:
    return [f"warta:chrome:v1:{site_id}", f"warta:network-updates:v1:{site_id}:4"]


def forget_site_blocks() -> None:
    cache.delete_many([key for site in all_sites() for key in site_block_keys(site.pk)])
