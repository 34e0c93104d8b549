"""/privasi/ says what counting counts, in the full and lite editions, with the code's numbers."""

from __future__ import annotations

import re

import pytest
from django.utils.html import strip_tags

from warta.analytics.ingest import PING_SECONDS, PINGS_PER_PAGE
from warta.analytics.rollup import ACTIVE_SECONDS, KEEP_MINUTES
from warta.network.models import TrustPage
from warta.network.tests.factories import TrustPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy(site):
    TrustPageFactory(parent=site.root_page, title="Redaksi")
    return TrustPageFactory(
        parent=site.root_page,
        kind=TrustPage.PRIVASI,
        title="Kebijakan Privasi",
        body="<p>Tanpa cookie pelacak.</p>",
    )


def section(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<section aria-labelledby="yang-kami-hitung">.*?</section>', html, re.S)
    assert found, f"no 'Yang kami hitung' on {path}"
    return " ".join(strip_tags(found.group()).split())


@pytest.mark.parametrize("path", ["/privasi/", "/lite/privasi/"])
def test_privasi_says_what_is_counted_with_the_codes_numbers(client, privacy, path):
    text = section(client, path)
    assert "Yang kami hitung" in text
    hours = int(KEEP_MINUTES.total_seconds() // 3600)
    for said in (
        "Tampilan halaman",
        f"setiap {PING_SECONDS} detik, selama tab terlihat",
        f"paling lama {PING_SECONDS * PINGS_PER_PAGE // 60} menit per halaman",
        "Kedalaman gulir",
        "Asal kunjungan, hanya golongannya",
        "kunci acak harian",
        "Kunci itu dihapus setiap hari",
        f"dalam {ACTIVE_SECONDS // 60} menit terakhir",
        "tidak memasang cookie",
        "skrip pihak ketiga",
        "Do Not Track dan Global Privacy Control",
        f"paling lama {hours} jam",
        "Robot dan perayap tidak dihitung",
        "dihitung oleh server",
    ):
        assert said in text, said
    assert "Tanpa cookie pelacak." in client.get(path).content.decode()  # the editors' text too


def test_other_trust_pages_do_not_carry_it(client, privacy):
    assert "yang-kami-hitung" not in client.get("/redaksi/").content.decode()
    assert "yang-kami-hitung" not in client.get("/lite/redaksi/").content.decode()
