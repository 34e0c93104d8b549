"""The English edition's catalogue (warta/locale/en/LC_MESSAGES/django.po) covers every msgid the
project's templates and Python use, and the committed .mo is the .po compiled. Pure Python: a
CI machine without GNU gettext runs these too (`make messages` rebuilds both files).

A failure here names the msgids without English: add them with `make messages`, translate them
in the .po, and run `make messages` again to compile."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.utils.translation.template import templatize

WARTA = Path(__file__).resolve().parents[2]
PO = WARTA / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What `make messages` leaves out (the Makefile's --ignore): tests and the demo content.
SKIPPED = ("tests", "demo", "locale", "migrations")

# The keywords makemessages gives xgettext for Python; `context` is the msgctxt position.
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
# templatize writes gettext(…) for tags and keeps _("…") of filter arguments as it is.
TEMPLATE_CALL = re.compile(rf"(?<![\w.])(n?p?gettext|_)\(((?:{STRING}, ?)*{STRING})(?:, ?count)?\)")


def msgid_key(context: str | None, singular: str, plural: str | None = None) -> tuple:
    return (context, singular, plural)


def python_msgids(source: str) -> set[tuple]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        texts = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                break
            texts.append(arg.value)
        if name in SINGULAR and texts:
            found.add(msgid_key(None, texts[0]))
        elif name in PLURAL and len(texts) >= 2:
            found.add(msgid_key(None, texts[0], texts[1]))
        elif name in CONTEXT and len(texts) >= 2:
            found.add(msgid_key(texts[0], texts[1]))
        elif name in CONTEXT_PLURAL and len(texts) >= 3:
            found.add(msgid_key(texts[0], texts[1], texts[2]))
    return found


def template_msgids(source: str) -> set[tuple]:
    """Django's own conversion for xgettext (templatize), read back without xgettext."""
    found = set()
    for name, args in TEMPLATE_CALL.findall(templatize(source)):
        texts = ast.literal_eval(f"({args},)")
        if name in ("gettext", "_"):
            found.add(msgid_key(None, texts[0]))
        elif name == "ngettext":
            found.add(msgid_key(None, texts[0], texts[1]))
        elif name == "pgettext":
            found.add(msgid_key(texts[0], texts[1]))
        else:
            found.add(msgid_key(*texts[:3]))
    return found


def project_msgids() -> dict[tuple, str]:
    """Every msgid the project uses, with the first file that uses it."""
    found: dict[tuple, str] = {}
    for path in sorted(WARTA.rglob("*")):
        relative = path.relative_to(WARTA)
        if any(part in SKIPPED for part in relative.parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            keys = python_msgids(path.read_text())
        elif path.suffix in (".html", ".txt") and "templates" in relative.parts:
            keys = template_msgids(path.read_text())
        else:
            continue
        for key in keys:
            found.setdefault(key, str(relative))
    return found


def unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def po_entries(text: str) -> dict[tuple, list[str] | None]:
    """{(context, msgid, msgid_plural): [msgstr, …]}; None for a fuzzy entry (msgfmt skips
    those, so they count as untranslated)."""
    entries: dict[tuple, list[str] | None] = {}
    for block in text.strip().split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        key = msgid_key(
            unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
            unquote(fields["msgid"]),
            unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
        )
        strings = [unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[key] = None if fuzzy else strings
    return entries


def translated(entries) -> dict[tuple, list[str]]:
    return {k: v for k, v in entries.items() if k[1] and v and all(v)}


def test_every_msgid_of_the_project_has_english():
    catalogue = translated(po_entries(PO.read_text()))
    used = project_msgids()
    assert len(used) > 300  # the extraction finds the project's strings
    missing = sorted(f"{where}: {key[1]!r}" for key, where in used.items() if key not in catalogue)
    assert not missing, "msgids without English (make messages, then translate):\n" + "\n".join(
        missing
    )


def test_the_committed_mo_is_the_po_compiled():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected = {}
    for (context, singular, plural), strings in translated(po_entries(PO.read_text())).items():
        msgid = f"{context}\x04{singular}" if context else singular
        if plural is None:
            expected[msgid] = strings[0]
        else:
            expected.update({(msgid, n): text for n, text in enumerate(strings)})
    compiled = {k: v for k, v in compiled.items() if k != ""}  # the header
    assert compiled == expected, "the .mo is stale: run `make messages`"


def test_extraction_reads_templates_and_python_like_makemessages():
    template = (
        '{% load i18n %}{% translate "Beranda" %}<a title="{% translate \'Kanal\' %}">'
        "{% blocktranslate count n=k %}{{ n }} berita{% plural %}"
        "{{ n }} berita{% endblocktranslate %}"
        '{{ why|default:_("berita terbaru") }}'
    )
    assert template_msgids(template) == {
        (None, "Beranda", None),
        (None, "Kanal", None),
        (None, "%(n)s berita", "%(n)s berita"),
        (None, "berita terbaru", None),
    }
    python = "x = _('Simpan')\ny = translation.ngettext('satu', 'banyak', n)\nz = _(name)"
    assert python_msgids(python) == {(None, "Simpan", None), (None, "satu", "banyak")}


def test_an_untranslated_or_fuzzy_entry_counts_as_missing():
    text = (
        'msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "Beranda"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Kanal"\nmsgstr "Channels"\n\nmsgid "Cari"\nmsgstr "Search"\n'
    )
    assert set(translated(po_entries(text))) == {(None, "Cari", None)}
