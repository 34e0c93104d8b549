"""The photo desk in a browser: a photo sent again from a phone (resized, re-encoded) is
recognised in the library's upload, the desk keeps the existing one with one click, and the
library's filters narrow the list. Screenshots go to test-results/."""

import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_is_offered_the_photo_already_in_the_library(
    browser, live_server, site, results_dir, tmp_path
):
    from django.contrib.auth import get_user_model
    from PIL import Image as PILImage

    from warta.core.media.images import draw_picture, store_image
    from warta.core.models import WartaImage

    get_user_model().objects.create_superuser("admin", "a@w.localhost", "kata-sandi-uji")
    original = draw_picture("Banjir di Demak", width=1200, height=675)
    store_image(
        original,
        title="Banjir Demak",
        filename="banjir.jpg",
        credit_source="Antara",
        licence="antara",
    )
    store_image(draw_picture("Gempa Cianjur"), title="Gempa Cianjur", filename="gempa.jpg")
    copy = tmp_path / "dari-whatsapp.jpg"
    with PILImage.open(io.BytesIO(original)) as picture:
        picture.resize((600, 338)).save(copy, "JPEG", quality=55)

    page = admin_login(browser, live_server.url, "admin", "kata-sandi-uji")
    page.goto(f"{live_server.url}/admin/images/?agency=Antara")
    expect(page.get_by_text("Banjir Demak")).to_be_visible()
    expect(page.get_by_text("Gempa Cianjur")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/images/multiple/add/")
    page.set_input_files("#fileupload", str(copy))
    notice = page.locator(".warta-duplicate-upload")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Foto ini sudah ada di pustaka")
    expect(notice).to_contain_text("Banjir Demak")
    page.screenshot(path=results_dir / "photo-desk-duplicate.png")
    assert WartaImage.objects.count() == 3
    notice.get_by_role("link", name="Hapus unggahan baru, pakai yang sudah ada").click()
    expect(page.locator("#upload-list > li")).to_have_count(0)
    assert list(WartaImage.objects.order_by("pk").values_list("title", flat=True)) == [
        "Banjir Demak",
        "Gempa Cianjur",
    ]
