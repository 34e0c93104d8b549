from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from warta.core.indonesia import provinces
from warta.core.sites.pages import WartaPageMixin
from warta.newsroom.forms import TenantPageForm


class NetworkPartnerPage(WartaPageMixin, Page):
    """The partner programme ("Gabung Warta Network") for media entrepreneurs who want to run a
    regional site of the network."""

    lead = models.TextField(_("pengantar"), blank=True)
    body = RichTextField(
        _("isi"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    base_form_class = TenantPageForm  # links in the body: see newsroom.isolation
    parent_page_types = ["channels.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def serve(self, request, *args, **kwargs):
        """The page with the application form; POST submits an application."""
        from warta.network.views import partner_page  # views import this module

        return partner_page(self, request)

    class Meta:
        verbose_name = _("halaman program Network")


class TrustPageForm(TenantPageForm):
    """A trust page's address is its kind (/redaksi/, /privasi/…): the slug follows the kind,
    and a site has at most one page of each kind."""

    def clean(self):
        kind = self.cleaned_data.get("kind")
        if kind:
            self.cleaned_data["slug"] = kind
            parent = self.parent_page
            if parent is not None and not Page._slug_is_available(kind, parent, self.instance):
                del self.cleaned_data["slug"]  # one message, on the field the editor chose
                self.add_error(
                    "kind",
                    _("Situs ini sudah punya halaman jenis ini. Sunting halaman yang ada."),
                )
        return super().clean()


class TrustPage(WartaPageMixin, Page):
    """A page readers and the Press Council's Pedoman Pemberitaan Media Siber expect of a news
    site: Redaksi, Pedoman Media Siber, Kode Etik, Tentang Kami, Kontak, Privasi.

    The national site holds the network's defaults; a regional site may hold its own page of a
    kind, which then wins on that site. Each answers at a fixed path (/redaksi/ …, on every
    host and under /r/<slug>/), served by `views.trust_page` through `queries.trust_page`."""

    REDAKSI = "redaksi"
    PEDOMAN = "pedoman-media-siber"
    KODE_ETIK = "kode-etik"
    TENTANG = "tentang-kami"
    KONTAK = "kontak"
    PRIVASI = "privasi"
    KINDS = [
        (TENTANG, _("Tentang Kami")),
        (REDAKSI, _("Redaksi")),
        (PEDOMAN, _("Pedoman Media Siber")),
        (KODE_ETIK, _("Kode Etik Jurnalistik")),
        (PRIVASI, _("Kebijakan Privasi")),
        (KONTAK, _("Kontak")),
    ]

    kind = models.CharField(
        _("jenis halaman"),
        max_length=30,
        choices=KINDS,
        help_text=_(
            "Alamat halaman mengikuti jenisnya (misalnya /redaksi/). Halaman di situs daerah "
            "menggantikan halaman bawaan jaringan di situs itu saja."
        ),
    )
    lead = models.TextField(_("pengantar"), blank=True)
    body = RichTextField(
        _("isi"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ul", "ol"]
    )

    content_panels = [
        FieldPanel("kind"),
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    base_form_class = TrustPageForm
    parent_page_types = ["channels.HomePage"]
    subpage_types = ["network.InfoPage"]  # e.g. a WordPress "Tentang Kami" page's children

    class Meta:
        verbose_name = _("halaman informasi")
        verbose_name_plural = _("halaman informasi")

    def full_clean(self, *args, **kwargs):
        if self.kind:
            self.slug = self.kind
        return super().full_clean(*args, **kwargs)


class InfoPage(WartaPageMixin, Page):
    """A general page of a site ("Halaman"): Sejarah, Lowongan Kerja, Tim Kami … that is none
    of the trust pages' kinds. Nested as the site needs (under the home page, a trust page or
    another such page); served by Wagtail at its own path. A WordPress migration brings a
    site's old pages here (warta.ingest.wp_pages)."""

    lead = models.TextField(_("pengantar"), blank=True)
    body = RichTextField(
        _("isi"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "blockquote", "image"],
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    base_form_class = TenantPageForm  # links in the body: see newsroom.isolation
    parent_page_types = ["channels.HomePage", "network.TrustPage", "network.InfoPage"]
    subpage_types = ["network.InfoPage"]

    class Meta:
        verbose_name = _("halaman")
        verbose_name_plural = _("halaman")

    def get_context(self, request, *args, **kwargs):
        """The way up (pages between the home page and this one) and the pages under it."""
        context = super().get_context(request, *args, **kwargs)
        # Below the site's home page (depth 2: a child of the tree's root).
        context["trail"] = list(
            Page.objects.ancestor_of(self).filter(depth__gt=2).order_by("depth")
        )
        context["subpages"] = list(self.get_children().live().order_by("path"))
        return context


SAFE_SCHEMES = ("http://", "https://")


class PartnerApplication(models.Model):
    """An application to open a regional site ("Gabung Warta Network"), through review to a
    provisioned site. Every change of state is an event in its history."""

    SUBMITTED, IN_REVIEW, APPROVED, REJECTED = "submitted", "in_review", "approved", "rejected"
    STATUSES = [
        (SUBMITTED, _("diajukan")),
        (IN_REVIEW, _("ditinjau")),
        (APPROVED, _("disetujui")),
        (REJECTED, _("ditolak")),
    ]
    LEGAL_ENTITIES = [
        ("pt", "PT (Perseroan Terbatas)"),
        ("cv", "CV"),
        ("yayasan", "Yayasan"),
        ("koperasi", "Koperasi"),
        ("perkumpulan", "Perkumpulan"),
        ("belum", _("Belum berbadan hukum")),
    ]
    NEWSROOM_SIZES = [
        ("1-5", _("1–5 orang")),
        ("6-15", _("6–15 orang")),
        ("16-50", _("16–50 orang")),
        ("50+", _("lebih dari 50 orang")),
    ]

    organisation = models.CharField(_("nama organisasi/media"), max_length=160)
    legal_entity = models.CharField(_("badan hukum"), max_length=20, choices=LEGAL_ENTITIES)
    contact_name = models.CharField(_("narahubung"), max_length=120)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telepon/WhatsApp"), max_length=20)
    province_code = models.CharField(_("provinsi"), max_length=2, choices=provinces.CHOICES)
    regency = models.CharField(_("kabupaten/kota"), max_length=80, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    sample_links = models.TextField(_("contoh karya"), blank=True)  # one URL per line
    newsroom_size = models.CharField(
        _("jumlah awak redaksi"), max_length=10, choices=NEWSROOM_SIZES
    )
    statement = models.TextField(_("pernyataan"))
    status = models.CharField(max_length=12, choices=STATUSES, default=SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    site = models.ForeignKey(
        "wagtailcore.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor_account = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pendaftaran mitra")
        verbose_name_plural = _("pendaftaran mitra")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"

    @property
    def province(self) -> provinces.Province | None:
        return provinces.province(self.province_code)

    @property
    def links(self) -> list[str]:
        """Sample links that may be followed: http(s) only. The form accepts nothing else,
        but a row can come from elsewhere (an import, the shell); a javascript: "link" in the
        reviewer's admin would run in their session."""
        return [line for line in self._sample_lines if line.lower().startswith(SAFE_SCHEMES)]

    @property
    def website_is_link(self) -> bool:
        return self.website.lower().startswith(SAFE_SCHEMES)

    @property
    def other_links(self) -> list[str]:
        """Anything else in the sample links, shown to the reviewer as plain text."""
        return [line for line in self._sample_lines if not line.lower().startswith(SAFE_SCHEMES)]

    @property
    def _sample_lines(self) -> list[str]:
        return [line.strip() for line in self.sample_links.splitlines() if line.strip()]


class PartnerApplicationEvent(models.Model):
    application = models.ForeignKey(
        PartnerApplication, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20)  # submitted, in_review, approved, …, note
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
