import factory
from wagtail.models import Site

from warta.alerts.models import Alert, PushSubscription
from warta.alerts.tests.pushservice import BrowserKeys


class PushSubscriptionFactory(factory.django.DjangoModelFactory):
    """Call with site=<Site>; `browser` (BrowserKeys) gives the endpoint and real keys."""

    class Meta:
        model = PushSubscription

    class Params:
        browser = factory.Sequence(lambda n: BrowserKeys(f"https://push.example/send/{n}"))

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    endpoint = factory.LazyAttribute(lambda o: o.browser.endpoint)
    p256dh = factory.LazyAttribute(lambda o: o.browser.p256dh)
    auth = factory.LazyAttribute(lambda o: o.browser.auth)


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    title = factory.Sequence(lambda n: f"Peringatan {n}")
    body = "Ringkasan peringatan."
    url = "berita/contoh/"
