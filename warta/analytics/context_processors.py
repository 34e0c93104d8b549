from django.utils.functional import SimpleLazyObject

from warta.analytics.queries import most_read_periods
from warta.analytics.trending import trending_topics
from warta.core.sites.lookup import site_for_request


def most_read(request):
    """ "Terpopuler" for the last 24 hours and 7 days; queried only if a template shows it."""

    def loader(period: str):
        def load():
            site = site_for_request(request)
            return most_read_periods(site)[period] if site else []

        return SimpleLazyObject(load)

    return {"most_read": loader("day"), "most_read_week": loader("week")}


def trending(request):
    """ "Sedang tren": the site's trending topics; read only if a template shows them."""

    def load():
        site = site_for_request(request)
        return trending_topics(site) if site else []

    return {"trending_topics": SimpleLazyObject(load)}
