"""Opaque cursors for keyset pagination: stable under inserts, no OFFSET scans."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from ninja.errors import HttpError


def encode(values: list) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, arity: int) -> list | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, "invalid cursor") from exc
    if not isinstance(values, list) or len(values) != arity:
        raise HttpError(400, "invalid cursor")
    return values
