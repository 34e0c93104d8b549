"""Warta's Indonesian catalogue (warta/locale/id: django.po and, for the admin's JavaScript,
djangojs.po) fills the gaps of Wagtail's, allauth's and taggit's: every entry is translated (no
fuzzy or empty msgstr), keeps its msgid's placeholders (a lost %(name)s fails at render time),
overrides a msgid those packages really use, and the committed .mo files are the .po compiled.
Pure Python, like test_english_catalogue: compile with msgfmt as the .po's header says."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from warta.core.tests.test_english_catalogue import po_entries, translated

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"
CATALOGUES = [LOCALE / "django.po", LOCALE / "djangojs.po"]
SITE_PACKAGES = Path(translation.__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

# What issue 22 saw in English on the Indonesian demo, with the Indonesian it now reads.
ISSUE_STRINGS = {
    "Request changes": "Minta perubahan",
    "Approve with comment": "Setujui dengan komentar",
    "Reports": "Laporan",
    "Search all pages…": "Cari di semua halaman…",
    "The page could not be created due to validation errors.": (
        "Halaman tidak dapat dibuat karena ada isian yang salah."
    ),
    'Multi-word tags with spaces will automatically be enclosed in double quotes (").': (
        'Tag yang terdiri dari beberapa kata otomatis diapit tanda kutip ganda (").'
    ),
    "A comma-separated list of tags.": "Daftar tag, dipisah koma.",
    "0 minutes": "0 menit",  # Wagtail compares Django's "0 menit" with it to say "just now"
    "just now": "baru saja",
}


def english_msgids(domain: str) -> set[str]:
    """The msgids of the packages whose Indonesian Warta fills in (their English catalogues)."""
    patterns = [
        f"wagtail/**/locale/en/LC_MESSAGES/{domain}.po",
        f"allauth/locale/en/LC_MESSAGES/{domain}.po",
        f"taggit/locale/en/LC_MESSAGES/{domain}.po",
        f"django/conf/locale/en/LC_MESSAGES/{domain}.po",
        f"django/contrib/*/locale/en/LC_MESSAGES/{domain}.po",
    ]
    found = set()
    for pattern in patterns:
        for path in SITE_PACKAGES.glob(pattern):
            found |= {key[1] for key in po_entries(path.read_text())}
    return found


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    entries = {k: v for k, v in po_entries(po.read_text()).items() if k[1]}
    assert len(entries) > 50
    untranslated = sorted(
        key[1] for key, strings in entries.items() if not strings or not all(strings)
    )
    assert not untranslated, f"{po.name}: fuzzy or empty: {untranslated}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_translations_keep_their_placeholders(po):
    wrong = []
    for (_context, singular, plural), strings in translated(po_entries(po.read_text())).items():
        expected = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural or ""))
        for text in strings:
            if not set(PLACEHOLDER.findall(text)) <= expected:
                wrong.append((singular, text))
            # %(name)s from the plural only is fine; a singular's own must stay
            if plural is None and set(PLACEHOLDER.findall(text)) != expected:
                wrong.append((singular, text))
    assert not wrong


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_every_entry_overrides_a_msgid_the_packages_use(po):
    domain = po.stem
    used = english_msgids(domain)
    assert len(used) > 100
    dead = sorted(key[1] for key in po_entries(po.read_text()) if key[1] and key[1] not in used)
    assert not dead, f"{po.name}: no package uses these msgids: {dead}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_the_committed_mo_is_the_po_compiled(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = {}
    for (context, singular, plural), strings in translated(po_entries(po.read_text())).items():
        msgid = f"{context}\x04{singular}" if context else singular
        if plural is None:
            expected[msgid] = strings[0]
        else:
            expected.update({(msgid, n): text for n, text in enumerate(strings)})
    compiled = {k: v for k, v in compiled.items() if k != ""}
    assert compiled == expected, f"{po.name}: the .mo is stale: run msgfmt (see its header)"


def test_the_strings_the_issue_saw_in_english_read_indonesian():
    with translation.override("id"):
        read = {msgid: translation.gettext(msgid) for msgid in ISSUE_STRINGS}
    assert read == ISSUE_STRINGS
    with translation.override("en"):
        assert translation.gettext("Request changes") == "Request changes"
