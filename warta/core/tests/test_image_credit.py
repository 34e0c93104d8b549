"""The photo credit a story prints after "Foto: " names the photographer and the source once."""

import pytest

from warta.core.models import WartaImage

pytestmark = pytest.mark.django_db  # a new image looks up its default collection


@pytest.mark.parametrize(
    ("credit", "source", "line"),
    [
        ("Anton Suhartono", "Antara", "Anton Suhartono/Antara"),
        ("", "Antara", "Antara"),
        ("Anton Suhartono", "", "Anton Suhartono"),
        ("", "", ""),
        # A photographer's profile that already says where they work (issue 22's camera roll).
        ("Dewi Lestari/Warta", "Warta", "Dewi Lestari/Warta"),
        ("Dewi Lestari/warta ", "Warta", "Dewi Lestari/warta"),
        ("Warta", "Warta", "Warta"),
        ("Dewi Lestari/Warta", "Antara", "Dewi Lestari/Warta/Antara"),
    ],
)
def test_credit_line(credit, source, line):
    assert WartaImage(credit=credit, credit_source=source).credit_line == line
