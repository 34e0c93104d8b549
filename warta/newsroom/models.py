from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="warning")
class NewsroomSettings(BaseSiteSetting):
    """Pre-publish quality gates of one site. Each gate blocks publishing (and submitting for
    review) with its own message in the editor."""

    headline_max_length = models.PositiveSmallIntegerField(_("panjang judul maksimum"), default=110)
    require_summary = models.BooleanField(_("wajib ringkasan"), default=True)
    require_hero_alt = models.BooleanField(_("wajib teks alternatif foto utama"), default=True)
    require_hero_credit = models.BooleanField(_("wajib kredit foto utama"), default=True)
    require_dateline = models.BooleanField(_("wajib dateline"), default=True)
    require_editor = models.BooleanField(_("wajib editor"), default=True)

    class Meta:
        verbose_name = _("gerbang mutu redaksi")
