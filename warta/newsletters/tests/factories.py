import factory
from django.utils import timezone

from warta.newsletters.models import NewsletterList, Subscriber, Subscription


class NewsletterListFactory(factory.django.DjangoModelFactory):
    """Call with site=<Site>."""

    class Meta:
        model = NewsletterList

    name = factory.Sequence(lambda n: f"Berita Pagi {n}")
    slug = factory.Sequence(lambda n: f"berita-pagi-{n}")
    sender_name = "Warta"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"pembaca{n}@contoh.id")


def active_subscription(subscriber: Subscriber, newsletter: NewsletterList) -> Subscription:
    return Subscription.objects.create(
        subscriber=subscriber,
        newsletter=newsletter,
        status=Subscription.ACTIVE,
        consent_at=timezone.now(),
        consent_source=Subscription.FORM,
    )
