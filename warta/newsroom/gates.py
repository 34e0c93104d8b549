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


def publishing_problems(
    *, title, summary, hero_image, dateline_place, editor, channel_ok, settings
) -> list[Problem]:
    problems = []
    headline = (title or "").strip()
    if not headline:
        problems.append(Problem("title", _("Judul tidak boleh kosong.")))
    elif len(headline) > settings.headline_max_length:
        problems.append(
            Problem(
                "title",
                _("Judul %(n)d karakter; maksimum %(max)d.")
                % {"n": len(headline), "max": settings.headline_max_length},
            )
        )
    if settings.require_summary and not (summary or "").strip():
        problems.append(Problem("summary", _("Ringkasan wajib diisi sebelum terbit.")))
    if hero_image is None:
        if settings.require_hero_alt or settings.require_hero_credit:
            problems.append(Problem("hero_image", _("Foto utama wajib dipilih sebelum terbit.")))
    else:
        if settings.require_hero_alt and not (hero_image.description or "").strip():
            problems.append(
                Problem(
                    "hero_image",
                    _("Foto utama belum punya teks alternatif (deskripsi gambar)."),
                )
            )
        if settings.require_hero_credit and not (hero_image.credit or hero_image.credit_source):
            problems.append(Problem("hero_image", _("Foto utama belum punya kredit foto.")))
    if settings.require_dateline and not (dateline_place or "").strip():
        problems.append(Problem("dateline_place", _("Tempat dateline wajib diisi.")))
    if settings.require_editor and editor is None:
        problems.append(Problem("editor", _("Editor wajib dipilih.")))
    if not channel_ok:
        problems.append(Problem(None, _("Artikel harus berada di dalam sebuah kanal.")))
    return problems


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
