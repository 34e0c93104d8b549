import factory
from django.utils.text import slugify

from warta.articles.models import ArticleAuthor, ArticlePage, Author
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
