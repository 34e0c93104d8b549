"""The gazetteer shipped with Warta (`discovery/data/gazetteer.txt`): the 38 provinces with
their short forms, the 514 regencies and cities, countries and national organisations as
Indonesian newsrooms name them. Reference data, read once per process; never fetched."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from warta.core.indonesia.provinces import PROVINCES
from warta.discovery.entities import KnownName

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.txt"

PROVINCE, REGENCY, CITY, COUNTRY, ORGANISATION = (
    "provinsi",
    "kabupaten",
    "kota",
    "negara",
    "organisasi",
)


class GazetteerError(ValueError):
    """The data file is malformed (the line number says where)."""


@dataclass(frozen=True)
class Place:
    """One entry: the tag name an editor would use, its kind, its other spellings, and
    whether it is also an everyday word ("Batu") that counts only after "Kabupaten"/"Kota"."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    province: str = ""
    needs_prefix: bool = False


def parse(text: str) -> list[Place]:
    places: list[Place] = []
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section in (PROVINCE, COUNTRY, ORGANISATION):
            name, _, rest = line.partition("=")
            aliases = tuple(a.strip() for a in rest.split("|") if a.strip())
            places.append(Place(name.strip(), section, aliases))
        elif section.isdigit():
            kind, colon, names = line.partition(":")
            if not colon or kind.strip() not in (REGENCY, CITY):
                raise GazetteerError(f"line {number}: expected 'kabupaten:' or 'kota:'")
            for entry in names.split(";"):
                name, _, rest = (part.strip() for part in entry.partition("="))
                if name:
                    places.append(
                        Place(
                            name.rstrip("!"),
                            kind.strip(),
                            tuple(a.strip() for a in rest.split("|") if a.strip()),
                            province=section,
                            needs_prefix=name.endswith("!"),
                        )
                    )
        else:
            raise GazetteerError(f"line {number}: outside a known [section]")
    return places


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    found = parse(DATA.read_text(encoding="utf-8"))
    provinces = {p.name for p in found if p.kind == PROVINCE}
    expected = {p.name for p in PROVINCES}
    if provinces != expected:
        raise GazetteerError(f"provinces differ from core.indonesia: {provinces ^ expected}")
    return tuple(found)


KINDS = {PROVINCE: "tempat", REGENCY: "tempat", CITY: "tempat", COUNTRY: "tempat"}


@lru_cache(maxsize=1)
def known_names() -> tuple[KnownName, ...]:
    """The gazetteer as names for `entities.Lexicon`."""
    return tuple(
        KnownName(
            p.name,
            KINDS.get(p.kind, p.kind),
            p.aliases,
            needs_prefix=p.needs_prefix,
        )
        for p in places()
    )
