"""Site-wide models: Warta's image and rendition, and the per-site settings.

Their Wagtail bases are untyped, so django-stubs cannot see these classes as models and the
fields carry their types explicitly (set type, get type)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError
from wagtail.search import index
from wagtail.utils.file import hash_filelike

from warta.core.indonesia import provinces
from warta.core.indonesia.dates import TIME_ZONE_CHOICES
from warta.core.media import fingerprint
from warta.core.media.licences import LICENCE_CHOICES


class WartaImage(AbstractImage):
    """An image whose credit is data: who made it and which organisation supplied it, so the
    page can print "(Foto: Antara)" and feeds and structured data can carry the same."""

    credit: models.CharField[str, str] = models.CharField(
        _("kredit foto"),
        max_length=255,
        blank=True,
        help_text=_("Fotografer atau pemilik hak, mis. 'Anton Suhartono'."),
    )
    credit_source: models.CharField[str, str] = models.CharField(
        _("sumber foto"),
        max_length=120,
        blank=True,
        help_text=_("Organisasi pemasok, mis. 'Antara' atau 'Reuters'."),
    )

    # The photographer when they are one of the network's people (an `articles.Author`,
    # named by its label: core imports no app); `credit` stays the printed name, for staff
    # and outside photographers alike.
    photographer: models.ForeignKey[Any, Any] = models.ForeignKey(
        "articles.Author",
        verbose_name=_("fotografer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        help_text=_("Fotografer dari jaringan; kosongkan untuk fotografer luar."),
    )
    licence: models.CharField[str, str] = models.CharField(
        _("lisensi"), max_length=20, choices=LICENCE_CHOICES, blank=True, default=""
    )
    # A 64-bit difference hash of the picture (hex): close for resized or re-encoded copies.
    perceptual_hash: models.CharField[str, str] = models.CharField(
        max_length=16, blank=True, default="", editable=False, db_index=True
    )

    admin_form_fields = (
        *Image.admin_form_fields,
        "photographer",
        "credit",
        "credit_source",
        "licence",
    )

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("credit"),
        index.SearchField("credit_source"),
    ]

    def _set_image_file_metadata(self) -> None:
        """Wagtail's size and hash of a new file, and its difference hash."""
        super()._set_image_file_metadata()
        self.perceptual_hash = fingerprint.difference_hash(self.file)
        self.file.seek(0)

    def set_fingerprints(self) -> bool:
        """Fill in the file's hashes from the file; False if it cannot be read."""
        try:
            with self.open_file() as f:
                self.file_hash = str(self.file_hash or hash_filelike(f))  # type: ignore[has-type]
                f.seek(0)
                self.perceptual_hash = fingerprint.difference_hash(f)
        except (OSError, SourceImageIOError):
            return False
        return True

    def save(self, *args, **kwargs) -> None:
        # Images stored by code (imports, the demo) get their fingerprints too.
        if kwargs.get("update_fields") is None and self.file and not self.perceptual_hash:
            self.set_fingerprints()
        if self.photographer_id and not self.credit:
            self.credit = self.photographer.name
        super().save(*args, **kwargs)

    @property
    def credit_line(self) -> str:
        """The text after "Foto: ": "credit/source", the one of them there is, or nothing. A
        credit that already names the source ("Dewi Lestari/Warta", as photographers' profiles
        often say it) is not followed by it again."""
        credit, source = self.credit.strip(), self.credit_source.strip()
        named = credit.casefold() in (source.casefold(), "") or credit.casefold().endswith(
            f"/{source}".casefold()
        )
        if source and not named:
            return f"{credit}/{source}"
        return credit or source

    @property
    def alt_text(self) -> str:
        return self.default_alt_text


class WartaRendition(AbstractRendition):
    image: models.ForeignKey[WartaImage, WartaImage] = models.ForeignKey(
        WartaImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What differs between the sites of the network: time zone, tagline, colours, logo."""

    tagline: models.CharField[str, str] = models.CharField(_("slogan"), max_length=160, blank=True)
    time_zone: models.CharField[str, str] = models.CharField(
        _("zona waktu"), max_length=40, choices=TIME_ZONE_CHOICES, default="Asia/Jakarta"
    )
    primary_colour: models.CharField[str, str] = models.CharField(
        _("warna utama"),
        max_length=7,
        default="#b3121f",
        help_text=_("Warna heksadesimal, mis. #b3121f."),
    )
    logo: models.ForeignKey[WartaImage | None, WartaImage | None] = models.ForeignKey(
        WartaImage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slug: models.SlugField[str, str] = models.SlugField(
        _("slug daerah"),
        max_length=40,
        blank=True,
        help_text=_("Untuk alamat cadangan /r/<slug>/ tanpa DNS, mis. 'jatim'. Kosong = nasional."),
    )
    province_code: models.CharField[str, str] = models.CharField(
        _("provinsi"), max_length=2, choices=provinces.CHOICES, blank=True
    )
    regency: models.CharField[str, str] = models.CharField(
        _("kabupaten/kota"), max_length=80, blank=True, help_text=_("Kosong bila seprovinsi.")
    )
    circulate_channels: models.CharField[str, str] = models.CharField(
        _("kanal yang selalu disebarkan"),
        max_length=255,
        blank=True,
        default="nasional",
        help_text=_(
            "Slug kanal dipisah koma: berita di kanal ini otomatis tampil di situs nasional."
        ),
    )
    suspended: models.BooleanField[bool, bool] = models.BooleanField(
        _("dinonaktifkan"),
        default=False,
        help_text=_("Situs berhenti tayang untuk publik; semua konten tetap tersimpan."),
    )
    # The disaster switch (warta.network.services.set_lite_edition, by a network admin): every
    # page of the site is served in its lite edition (warta.core.sites.lite) while it is on.
    lite_edition: models.BooleanField[bool, bool] = models.BooleanField(
        _("edisi ringan untuk semua pembaca"),
        default=False,
        help_text=_("Semua halaman situs tampil dalam edisi ringan, mis. saat bencana."),
    )
    lite_reason: models.CharField[str, str] = models.CharField(
        _("alasan edisi ringan"),
        max_length=200,
        blank=True,
        help_text=_("Ditampilkan kepada pembaca, mis. 'banjir di Jawa Timur'."),
    )
    search_half_life_days: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(
            _("umur paruh kesegaran pencarian (hari)"),
            default=7,
            help_text=_(
                "Hasil pencarian mengutamakan berita baru: bobot berita sebesar ini (hari) "
                "kehilangan separuh keunggulan kesegarannya. 0 = hanya kecocokan kata."
            ),
        )
    )

    # The lite switch is not in this form: it is switched with a reason readers see, from
    # "Edisi ringan" (network admins only; warta.network.services.set_lite_edition).
    panels = [
        FieldPanel(name)
        for name in (
            "tagline",
            "time_zone",
            "primary_colour",
            "logo",
            "slug",
            "province_code",
            "regency",
            "circulate_channels",
            "suspended",
            "search_half_life_days",
        )
    ]

    class Meta:
        verbose_name = _("pengaturan situs")

    @property
    def province(self) -> provinces.Province | None:
        return provinces.province(self.province_code)

    @property
    def circulating_channel_slugs(self) -> list[str]:
        return [s.strip() for s in self.circulate_channels.split(",") if s.strip()]


class PeriodicJobRun(models.Model):
    """When the worker last started a periodic job that runs on a cadence (a nightly one,
    warta.core.ops.periodic), so a restart or a second worker does not run it again early."""

    name: models.CharField[str, str] = models.CharField(max_length=100, primary_key=True)
    last_run_at: models.DateTimeField[Any, Any] = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_run_at}"
