"""Indonesia's 38 provinces: reference data written for Warta.

Codes are the Kemendagri region codes (Permendagri 100.1.1-6117/2022, which added the four
new Papua provinces); capitals as set by law, including Banjarbaru for Kalimantan Selatan
(UU 8/2022); time zones per Keppres 41/1987 (WIB = Asia/Jakarta, WITA = Asia/Makassar,
WIT = Asia/Jayapura). Check against the next Permendagri when provinces change."""

from __future__ import annotations

from dataclasses import dataclass

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    capital: str
    time_zone: str
    island_group: str


PROVINCES: tuple[Province, ...] = tuple(
    Province(*row)
    for row in [
        ("11", "Aceh", "Banda Aceh", WIB, "Sumatera"),
        ("12", "Sumatera Utara", "Medan", WIB, "Sumatera"),
        ("13", "Sumatera Barat", "Padang", WIB, "Sumatera"),
        ("14", "Riau", "Pekanbaru", WIB, "Sumatera"),
        ("15", "Jambi", "Jambi", WIB, "Sumatera"),
        ("16", "Sumatera Selatan", "Palembang", WIB, "Sumatera"),
        ("17", "Bengkulu", "Bengkulu", WIB, "Sumatera"),
        ("18", "Lampung", "Bandar Lampung", WIB, "Sumatera"),
        ("19", "Kepulauan Bangka Belitung", "Pangkalpinang", WIB, "Sumatera"),
        ("21", "Kepulauan Riau", "Tanjungpinang", WIB, "Sumatera"),
        ("31", "DKI Jakarta", "Jakarta", WIB, "Jawa"),
        ("32", "Jawa Barat", "Bandung", WIB, "Jawa"),
        ("33", "Jawa Tengah", "Semarang", WIB, "Jawa"),
        ("34", "DI Yogyakarta", "Yogyakarta", WIB, "Jawa"),
        ("35", "Jawa Timur", "Surabaya", WIB, "Jawa"),
        ("36", "Banten", "Serang", WIB, "Jawa"),
        ("51", "Bali", "Denpasar", WITA, "Bali dan Nusa Tenggara"),
        ("52", "Nusa Tenggara Barat", "Mataram", WITA, "Bali dan Nusa Tenggara"),
        ("53", "Nusa Tenggara Timur", "Kupang", WITA, "Bali dan Nusa Tenggara"),
        ("61", "Kalimantan Barat", "Pontianak", WIB, "Kalimantan"),
        ("62", "Kalimantan Tengah", "Palangka Raya", WIB, "Kalimantan"),
        ("63", "Kalimantan Selatan", "Banjarbaru", WITA, "Kalimantan"),
        ("64", "Kalimantan Timur", "Samarinda", WITA, "Kalimantan"),
        ("65", "Kalimantan Utara", "Tanjung Selor", WITA, "Kalimantan"),
        ("71", "Sulawesi Utara", "Manado", WITA, "Sulawesi"),
        ("72", "Sulawesi Tengah", "Palu", WITA, "Sulawesi"),
        ("73", "Sulawesi Selatan", "Makassar", WITA, "Sulawesi"),
        ("74", "Sulawesi Tenggara", "Kendari", WITA, "Sulawesi"),
        ("75", "Gorontalo", "Gorontalo", WITA, "Sulawesi"),
        ("76", "Sulawesi Barat", "Mamuju", WITA, "Sulawesi"),
        ("81", "Maluku", "Ambon", WIT, "Maluku"),
        ("82", "Maluku Utara", "Sofifi", WIT, "Maluku"),
        ("91", "Papua", "Jayapura", WIT, "Papua"),
        ("92", "Papua Barat", "Manokwari", WIT, "Papua"),
        ("93", "Papua Selatan", "Merauke", WIT, "Papua"),
        ("94", "Papua Tengah", "Nabire", WIT, "Papua"),
        ("95", "Papua Pegunungan", "Jayawijaya", WIT, "Papua"),
        ("96", "Papua Barat Daya", "Sorong", WIT, "Papua"),
    ]
)
BY_CODE = {p.code: p for p in PROVINCES}
BY_NAME = {p.name.lower(): p for p in PROVINCES}
CHOICES = [(p.code, p.name) for p in PROVINCES]


def province(code: str) -> Province | None:
    return BY_CODE.get(code)


def by_name(name: str) -> Province | None:
    return BY_NAME.get(name.strip().lower())
