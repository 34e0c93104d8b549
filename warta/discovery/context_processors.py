from django.utils.functional import SimpleLazyObject

from warta.core.sites import site_for_request


def most_read(request):
    """ "Terpopuler" for the last 24 hours and 7 days; queried only if a template shows it."""

    def loader(hours: int):
        def load():
            from warta.discovery.popularity import most_read as query

            site = site_for_request(request)
            return query(site, hours=hours) if site else []

        return SimpleLazyObject(load)

    return {"most_read": loader(24), "most_read_week": loader(24 * 7)}
