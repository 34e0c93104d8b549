import factory
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory
from warta.live.models import LivePost, LiveStatus, LiveStoryPage


class LiveStoryPageFactory(ArticlePageFactory):
    """Call with parent=<ChannelPage>."""

    class Meta:
        model = LiveStoryPage

    title = factory.Sequence(lambda n: f"Live: Pemilu hari ke-{n}")
    live_status = LiveStatus.LIVE
    coverage_start = factory.LazyFunction(timezone.now)


def text_body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


class LivePostFactory(factory.django.DjangoModelFactory):
    """A published post written straight to the table (services.add_post for the real path)."""

    class Meta:
        model = LivePost

    story = factory.SubFactory(LiveStoryPageFactory)
    body = factory.LazyAttribute(lambda o: text_body("Pembaruan dari lokasi."))
    state = LivePost.State.PUBLISHED
