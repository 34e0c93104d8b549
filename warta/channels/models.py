from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from warta.core.sites.pages import WartaPageMixin


class SectionPage(WartaPageMixin, Page):
    """Shared behaviour of the home page and channel pages: a lead story and a paginated list."""

    intro = models.TextField(_("pengantar"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from warta.channels.queries import section_context  # queries imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self, request, per_page=settings.WARTA_ARTICLES_PER_PAGE))
        return context


class HomePageSlot(Orderable):
    """An editor's choice for the front page: the lead or one of the headlines, until expiry."""

    LEAD = "utama"
    HEADLINE = "headline"
    KINDS = [(LEAD, _("Berita utama")), (HEADLINE, _("Headline"))]

    page = ParentalKey("channels.HomePage", related_name="slots", on_delete=models.CASCADE)
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="home_slots"
    )
    kind = models.CharField(_("posisi"), max_length=20, choices=KINDS, default=HEADLINE)
    expires_at = models.DateTimeField(_("berakhir"), null=True, blank=True)

    panels = [FieldPanel("article"), FieldPanel("kind"), FieldPanel("expires_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("slot beranda")


class HomePage(SectionPage):
    """The front of one site of the network (national or regional)."""

    content_panels = [
        *SectionPage.content_panels,
        InlinePanel("slots", label=_("Slot beranda (utama dan headline)")),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "channels.ChannelPage",
        "network.NetworkPartnerPage",
        "network.TrustPage",
        "network.InfoPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("beranda")


class ChannelPage(SectionPage):
    """A channel ("Kanal") such as Internasional, or a sub-channel such as Sepak Bola."""

    parent_page_types = ["channels.HomePage", "channels.ChannelPage"]
    subpage_types = [
        "channels.ChannelPage",
        "articles.ArticlePage",
        "articles.GalleryPage",
        "articles.VideoPage",
        "live.LiveStoryPage",
    ]

    class Meta:
        verbose_name = _("kanal")
        verbose_name_plural = _("kanal")
