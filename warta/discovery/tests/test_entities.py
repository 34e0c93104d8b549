"""Tag suggestions from a story's text (discovery.entities, pure) and the shipped gazetteer."""

import pytest

from warta.core.indonesia.provinces import PROVINCES
from warta.discovery.entities import KnownName, Lexicon, key, known_in, suggest
from warta.discovery.gazetteer import GazetteerError, known_names, parse, places


def gazetteer(*extra: KnownName) -> Lexicon:
    return Lexicon([*extra, *known_names()])


def names(found) -> list[str]:
    return [s.name for s in found]


def test_the_gazetteer_lists_every_province_regency_and_city():
    kinds = [p.kind for p in places()]
    assert {p.name for p in places() if p.kind == "provinsi"} == {p.name for p in PROVINCES}
    assert (kinds.count("kabupaten"), kinds.count("kota")) == (416, 98)


@pytest.mark.parametrize("province", [p.name for p in PROVINCES])
def test_every_province_is_recognised_by_name(province):
    text = f"Banjir melanda wilayah {province} sejak pekan lalu. Warga {province} mengungsi."
    assert names(suggest("", text, gazetteer()))[0] == province


def test_provinces_are_recognised_by_their_short_forms_and_without_accents_or_case():
    text = "Gubernur Jatim meninjau banjir. Pemprov Jatim dan pemerintah SULAWESI SELATAN bekerja."
    assert set(names(suggest("", text, gazetteer()))) >= {"Jawa Timur", "Sulawesi Selatan"}
    assert key("Sulawési  Selatan") == "sulawesi selatan"


def test_an_everyday_word_is_a_place_only_after_kabupaten_or_kota():
    lexicon = gazetteer()
    assert "Batu" not in known_in("Warga membawa Batu besar. Serang balik!", lexicon)
    assert known_in("Wali Kota Batu dan Bupati Kabupaten Serang hadir.", lexicon) == [
        "Batu",
        "Serang",
    ]


def test_aliases_count_as_mentions_of_one_name():
    text = "Korut meluncurkan rudal. Korea Utara menyebut uji coba sukses. Korut diam."
    (first,) = suggest("", text, gazetteer(), limit=1)
    assert (first.name, first.mentions) == ("Korea Utara", 3)


def test_a_full_name_collects_later_surname_mentions_and_titles_are_not_names():
    text = (
        "Presiden Vladimir Putin menerima tamu. Menurut Putin, hubungan kedua negara baik. "
        "Kata Putin, kerja sama akan berlanjut."
    )
    (first,) = suggest("", text, gazetteer(), limit=1)
    assert (first.name, first.mentions, first.kind) == ("Vladimir Putin", 3, "baru")


def test_a_new_name_needs_two_mentions_and_a_title_case_headline_adds_no_new_names():
    found = names(suggest("Rapat Besar Digelar Hari Ini", "Andi Wijaya datang.", gazetteer()))
    assert found == []


def test_tags_the_story_already_has_are_left_out_whatever_their_spelling():
    text = "Korut dan Rusia bertemu. Korea Utara memasok senjata ke Rusia."
    found = names(suggest("", text, gazetteer(), exclude=["korea utara"]))
    assert found == ["Rusia"]


def test_an_existing_topic_keeps_its_spelling_and_outranks_a_gazetteer_name():
    topic = KnownName("Pilkada Jawa Barat", "topik", weight=1.3)
    text = "Pilkada Jawa Barat digelar. Jawa Barat bersiap. Pilkada Jawa Barat aman."
    found = suggest("", text, gazetteer(topic))
    assert names(found)[:2] == ["Pilkada Jawa Barat", "Jawa Barat"]


def test_a_malformed_gazetteer_line_names_its_line():
    with pytest.raises(GazetteerError, match="line 2"):
        parse("[35]\nkecamatan: Lowokwaru")


def test_regencies_and_cities_are_recognised_with_their_short_forms():
    text = "Begal di Pondok Aren, Tangsel. Polres Tangerang Selatan dan Polda Jaksel bergerak."
    assert known_in(text, gazetteer()) == ["Tangerang Selatan", "Jakarta Selatan"]
