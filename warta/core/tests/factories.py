import factory
from django.core.files.base import ContentFile

from warta.core.media.images import draw_picture
from warta.core.models import WartaImage


class WartaImageFactory(factory.django.DjangoModelFactory):
    """A real JPEG drawn with Pillow; small by default so tests stay fast."""

    class Meta:
        model = WartaImage

    class Params:
        width = 320
        height = 180

    title = factory.Sequence(lambda n: f"Foto {n}")
    description = factory.LazyAttribute(lambda o: f"Ilustrasi: {o.title}")
    credit = "Fotografer Warta"
    credit_source = "Antara"
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            draw_picture(o.title, width=o.width, height=o.height), name="foto.jpg"
        )
    )


def make_document(title: str, collection, name: str, content: bytes):
    """A Wagtail document with these bytes in `collection` (a wagtail Collection)."""
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, collection=collection, file=ContentFile(content, name=name)
    )
