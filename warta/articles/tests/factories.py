import factory
from django.utils.text import slugify

from warta.articles.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    VideoPage,
)
from warta.core.tests.factories import WartaImageFactory
from warta.core.tests.page_factory import PageFactory


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Penulis {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    job_title = "Reporter"
    bio = factory.LazyAttribute(lambda o: f"{o.name} menulis untuk Warta.")


def paragraph_body(*paragraphs: str) -> list:
    return [("paragraph", f"<p>{p}</p>") for p in paragraphs]


class ArticlePageFactory(PageFactory):
    """Call with parent=<ChannelPage>; `authors` and `tags` are lists."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Berita nomor {n} hari ini")
    summary = factory.LazyAttribute(lambda o: f"Ringkasan: {o.title}.")
    hero_image = factory.SubFactory(WartaImageFactory)
    hero_caption = "Keterangan foto"
    dateline_place = "JAKARTA"
    editor = factory.SubFactory(AuthorFactory, name="Redaktur Warta", job_title="Editor")
    body = factory.LazyAttribute(
        lambda o: paragraph_body(f"Isi berita {o.title}.", "Paragraf kedua berita ini.")
    )

    @classmethod
    def _build_page(cls, model_class, *, authors=None, tags=None, **kwargs):
        instance = model_class(**kwargs)
        for order, author in enumerate(authors or [AuthorFactory()]):
            instance.bylines.add(ArticleAuthor(author=author, sort_order=order))
        if tags:
            instance.tags.add(*tags)
        return instance


class GalleryPageFactory(ArticlePageFactory):
    """A photo gallery; `photos` is a number of photos or a list of (caption, credit) pairs."""

    class Meta:
        model = GalleryPage

    title = factory.Sequence(lambda n: f"Galeri foto nomor {n}")
    hero_image = None
    hero_caption = ""

    @classmethod
    def _build_page(cls, model_class, *, photos=3, **kwargs):
        instance = super()._build_page(model_class, **kwargs)
        if isinstance(photos, int):
            photos = [(f"Keterangan foto {n}", "") for n in range(1, photos + 1)]
        for order, (caption, credit) in enumerate(photos):
            image = WartaImageFactory(width=640, height=480 if order % 2 == 0 else 853)
            instance.gallery_photos.add(
                GalleryPhoto(image=image, caption=caption, credit=credit, sort_order=order)
            )
        return instance


class VideoPageFactory(ArticlePageFactory):
    """A video story: a YouTube video by default; pass video_url or video_file."""

    class Meta:
        model = VideoPage

    title = factory.Sequence(lambda n: f"Video nomor {n}")
    video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    duration_seconds = 95
