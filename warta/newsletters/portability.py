"""Subscribers in and out as CSV, with each subscription's list, state and consent (time and
source), so moving to or from Warta loses nobody's choice and invents nobody's consent.
Pure: reading and writing the text; the import's writes are services.import_subscriptions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.dateparse import parse_datetime

COLUMNS = [
    "email",
    "site",
    "list",
    "status",
    "consent_at",
    "consent_source",
    "unsubscribed_at",
    "unsubscribe_reason",
    "suppressed",
]
REQUIRED = {"email", "list", "status"}
STATUSES = {"active", "pending", "unsubscribed"}
SUPPRESSIONS = {"", "bounce", "complaint"}


class ImportFileError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    list_slug: str
    status: str
    consent_at: datetime | None
    consent_source: str
    unsubscribed_at: datetime | None
    unsubscribe_reason: str
    suppressed: str


def _moment(value: str, line: int, column: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ImportFileError(
            line, f"{column} {value!r} is not a date and time with a zone (ISO 8601)"
        )
    return parsed


def parse(text: str) -> list[ImportRow]:
    """Every row, or the first problem with its line number (the header is line 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise ImportFileError(1, f"missing column(s): {', '.join(sorted(missing))}")
    rows = []
    for record in reader:
        line = reader.line_num
        email = _read(record.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ImportFileError(line, f"{email!r} is not an email address") from exc
        status = (record.get("status") or "").strip().lower()
        if status not in STATUSES:
            raise ImportFileError(
                line, f"status {status!r} is not one of {', '.join(sorted(STATUSES))}"
            )
        suppressed = (record.get("suppressed") or "").strip().lower()
        if suppressed not in SUPPRESSIONS:
            raise ImportFileError(line, f"suppressed {suppressed!r} is not bounce or complaint")
        slug = (record.get("list") or "").strip()
        if not slug:
            raise ImportFileError(line, "the list is empty")
        for column in ("consent_source", "unsubscribe_reason"):
            if len(_read(record.get(column))) > 12:
                raise ImportFileError(line, f"{column} is longer than 12 characters")
        rows.append(
            ImportRow(
                line=line,
                email=email,
                list_slug=slug,
                status=status,
                consent_at=_moment(record.get("consent_at") or "", line, "consent_at"),
                consent_source=_read(record.get("consent_source")),
                unsubscribed_at=_moment(
                    record.get("unsubscribed_at") or "", line, "unsubscribed_at"
                ),
                unsubscribe_reason=_read(record.get("unsubscribe_reason")),
                suppressed=suppressed,
            )
        )
    return rows


# A spreadsheet runs a cell that starts with one of these as a formula: written with a leading
# apostrophe (OWASP's advice), which `parse` takes off again, so a round trip is exact.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = value.isoformat() if isinstance(value, datetime) else str(value or "")
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _read(value: str | None) -> str:
    text = (value or "").strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def write(rows: Iterable[dict[str, object]], out: io.TextIOBase | None = None) -> str:
    buffer = out or io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue() if isinstance(buffer, io.StringIO) else ""
