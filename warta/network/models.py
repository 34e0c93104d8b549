from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from warta.core.pages import WartaPageMixin


class NetworkPartnerPage(WartaPageMixin, Page):
    """The partner programme ("Gabung Warta Network") for media entrepreneurs who want to run a
    regional site of the network."""

    lead = models.TextField(_("pengantar"), blank=True)
    body = RichTextField(
        _("isi"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["channels.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("halaman program Network")
