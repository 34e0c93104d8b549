from django.utils.functional import SimpleLazyObject

from warta.core.sites import site_for_request


def most_read(request):
    """`most_read` for the "Terpopuler" block; queried only if a template shows it."""

    def load():
        from warta.discovery.popularity import most_read as query

        site = site_for_request(request)
        return query(site) if site else []

    return {"most_read": SimpleLazyObject(load)}
