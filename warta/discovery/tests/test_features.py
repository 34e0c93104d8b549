"""The related ranking's features beside stems: multi-word terms and names."""

from collections import Counter

from warta.discovery import text


def test_a_curated_term_counts_when_said_once():
    found = text.collocations("Israel dan Hamas", "Gencatan senjata berlaku pagi ini.")
    assert found["gencatan senjata"] >= 2


def test_a_repeated_word_pair_is_a_term_and_a_single_mention_is_not():
    body = "Harga cabai naik. Pedagang menyebut harga cabai naik lagi. Pasar ramai sekali."
    found = text.collocations("Cabai Mahal", body)
    assert "harga cabai" in found
    assert "pasar ramai" not in found


def test_a_stop_word_or_sentence_end_breaks_a_pair():
    body = "Kota itu banjir. Bandang datang. Kota itu banjir. Bandang datang."
    found = text.collocations("", body)
    assert "banjir bandang" not in found
    assert "kota itu" not in found


def test_names_and_terms_are_marked_and_outweigh_a_common_word():
    vector = text.tfidf(
        Counter({"senjata": 2}),
        {"senjata": 50, "@korea utara": 5, "~rudal balistik": 5},
        100,
        names=Counter({"korea utara": 2}),
        terms=Counter({"rudal balistik": 2}),
    )
    assert vector["@korea utara"] > vector["~rudal balistik"] > vector["senjata"]
