"""Indonesian place names that appear in datelines, to tell national from foreign stories when
an import does not name a channel. A heuristic, reported to the user, never silent."""

INDONESIAN_PLACES = {
    "JAKARTA", "BANDUNG", "SURABAYA", "MEDAN", "SEMARANG", "MAKASSAR", "PALEMBANG", "DENPASAR",
    "YOGYAKARTA", "SOLO", "MALANG", "BOGOR", "DEPOK", "BEKASI", "TANGERANG", "SERANG", "CILEGON",
    "BANDA ACEH", "PADANG", "PEKANBARU", "JAMBI", "BENGKULU", "BANDAR LAMPUNG", "PANGKALPINANG",
    "TANJUNGPINANG", "BATAM", "PONTIANAK", "PALANGKA RAYA", "BANJARMASIN", "BANJARBARU",
    "SAMARINDA", "BALIKPAPAN", "TANJUNG SELOR", "MANADO", "GORONTALO", "PALU", "MAMUJU", "KENDARI",
    "AMBON", "SOFIFI", "TERNATE", "MATARAM", "KUPANG", "JAYAPURA", "MANOKWARI", "SORONG",
    "MERAUKE", "NABIRE", "WAMENA", "CIREBON", "TASIKMALAYA", "SUKABUMI", "GARUT", "KEDIRI",
    "JEMBER", "BANYUWANGI", "MADIUN", "SIDOARJO", "GRESIK", "MOJOKERTO", "PEKALONGAN", "TEGAL",
    "PURWOKERTO", "MAGELANG", "KUDUS", "NUSA DUA", "LABUAN BAJO", "IKN", "NUSANTARA",
}  # fmt: skip


def is_indonesian_place(place: str) -> bool:
    return place.strip().upper() in INDONESIAN_PLACES
