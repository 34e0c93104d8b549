"""Pre-publish quality gates: what must be true before a story goes out. Pure checks over the
page's field values, so the admin form, services and tests share one definition."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from warta.channels.models import ChannelPage
from warta.core.sites.lookup import all_sites, site_holding
from warta.newsroom.models import NewsroomSettings


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: str


def gate_settings_for(page) -> object:
    path = page.path or ""
    site = site_holding(path) or next((s for s in all_sites() if s.is_default_site), None)
    if site is None:
        return NewsroomSettings()
    return NewsroomSettings.objects.filter(site=site).first() or NewsroomSettings(site=site)


@dataclass(frozen=True)
class Check:
    """One gate as the editor's checklist shows it: what it asks (`label`, shown met) and,
    when it is not met, the problem's message (the same one the form puts on `field`)."""

    key: str
    field: str | None
    label: str
    ok: bool
    message: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "field": self.field,
            "ok": self.ok,
            "label": self.label,
            "text": self.label if self.ok else self.message,
        }


def publishing_checklist(
    *, title, summary, hero_image, dateline_place, editor, channel_ok, settings
) -> list[Check]:
    """Every gate the site's settings switch on, met or not, in the editor's order. The photo's
    alt text and credit are checked once a photo is chosen (before, the photo is the gate)."""
    checks = []
    headline = (title or "").strip()
    limit = settings.headline_max_length
    title_label = _("Judul terisi, paling banyak %(max)d karakter") % {"max": limit}
    if not headline:
        checks.append(Check("title", "title", title_label, False, _("Judul tidak boleh kosong.")))
    elif len(headline) > limit:
        message = _("Judul %(n)d karakter; maksimum %(max)d.") % {"n": len(headline), "max": limit}
        checks.append(Check("title", "title", title_label, False, message))
    else:
        checks.append(Check("title", "title", title_label, True))
    if settings.require_summary:
        checks.append(
            Check(
                "summary",
                "summary",
                _("Ringkasan terisi"),
                bool((summary or "").strip()),
                _("Ringkasan wajib diisi sebelum terbit."),
            )
        )
    if settings.require_hero_alt or settings.require_hero_credit:
        checks.append(
            Check(
                "hero_image",
                "hero_image",
                _("Foto utama dipilih"),
                hero_image is not None,
                _("Foto utama wajib dipilih sebelum terbit."),
            )
        )
    if hero_image is not None and settings.require_hero_alt:
        checks.append(
            Check(
                "hero_alt",
                "hero_image",
                _("Foto utama punya teks alternatif"),
                bool((hero_image.description or "").strip()),
                _("Foto utama belum punya teks alternatif (deskripsi gambar)."),
            )
        )
    if hero_image is not None and settings.require_hero_credit:
        checks.append(
            Check(
                "hero_credit",
                "hero_image",
                _("Foto utama punya kredit"),
                bool(hero_image.credit or hero_image.credit_source),
                _("Foto utama belum punya kredit foto."),
            )
        )
    if settings.require_dateline:
        checks.append(
            Check(
                "dateline_place",
                "dateline_place",
                _("Tempat dateline terisi"),
                bool((dateline_place or "").strip()),
                _("Tempat dateline wajib diisi."),
            )
        )
    if settings.require_editor:
        checks.append(
            Check(
                "editor",
                "editor",
                _("Editor dipilih"),
                editor is not None,
                _("Editor wajib dipilih."),
            )
        )
    checks.append(
        Check(
            "channel",
            None,
            _("Berada di dalam sebuah kanal"),
            bool(channel_ok),
            _("Artikel harus berada di dalam sebuah kanal."),
        )
    )
    return checks


def publishing_problems(
    *, title, summary, hero_image, dateline_place, editor, channel_ok, settings
) -> list[Problem]:
    """The gates not met: what blocks publishing and submitting for review."""
    checklist = publishing_checklist(
        title=title,
        summary=summary,
        hero_image=hero_image,
        dateline_place=dateline_place,
        editor=editor,
        channel_ok=channel_ok,
        settings=settings,
    )
    return [Problem(check.field, check.message) for check in checklist if not check.ok]


def gated_fields(settings) -> dict[str, list[str]]:
    """The fields the gates demand before a story leaves the reporter (field name: the gates'
    messages), found by running the gates over an empty story, so the editor can mark them up
    front from the same rules. Only gates tied to a field; the title, required anyway, too."""
    problems = publishing_problems(
        title="",
        summary="",
        hero_image=None,
        dateline_place="",
        editor=None,
        channel_ok=True,
        settings=settings,
    )
    fields: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field:
            fields.setdefault(problem.field, []).append(problem.message)
    return fields


def missing_photo(page) -> str | None:
    """The editor's to-do when a story names a photo it does not have: the copy came with a
    caption or credit (an import from text) but no picture. None when there is nothing to do."""
    if page.hero_image_id is not None or not (page.hero_caption or page.hero_credit):
        return None
    described = page.hero_caption or _("tanpa keterangan")
    if page.hero_credit:
        described = f"{described} ({_('Foto')}: {page.hero_credit})"
    return _(
        "Foto utama belum ada: sumber berita memuat foto “%(photo)s”. Pilih atau unggah foto "
        "aslinya di “Foto utama”; sampai itu berita tampil tanpa foto."
    ) % {"photo": described}


def problems_for_page(page) -> list[Problem]:
    parent = page.get_parent() if page.pk else None
    return publishing_problems(
        title=page.title,
        summary=page.summary,
        hero_image=page.hero_image,
        dateline_place=page.dateline_place,
        editor=page.editor,
        channel_ok=parent is not None and isinstance(parent.specific, ChannelPage),
        settings=gate_settings_for(page),
    )
