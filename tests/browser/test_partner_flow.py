"""The partner programme as people use it, in chromium: a media entrepreneur fills in the
form on /network/ (first with mistakes), a network admin reviews and approves it in the admin,
and the new regional site serves its home page (here through the /r/<slug>/ fallback, as the
test server has no DNS). Screenshots go to test-results/."""

import time

import pytest

from tests.browser.conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_application_to_live_regional_site(browser, live_server, site, results_dir):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.network.models import PartnerApplication
    from warta.newsroom.roles import NETWORK_ADMIN, setup_roles

    setup_roles()
    admin = get_user_model().objects.create_user("jaringan", password="kata-sandi-uji")
    admin.groups.add(Group.objects.get(name=NETWORK_ADMIN))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/network/")
    page.fill("#id_organisation", "Suara Kediri")
    page.fill("#id_phone", "12345")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    assert "Masukkan nomor seluler Indonesia" in page.locator(".field__error").all_inner_texts()[3]
    assert page.locator("#id_organisation").input_value() == "Suara Kediri"  # nothing lost
    page.select_option("#id_legal_entity", "cv")
    page.fill("#id_contact_name", "Siti Aminah")
    page.fill("#id_email", "siti@suarakediri.example")
    page.fill("#id_phone", "0813 5555 1234")
    page.select_option("#id_province_code", "35")
    page.fill("#id_regency", "Kabupaten Kediri")
    page.select_option("#id_newsroom_size", "1-5")
    page.fill(
        "#id_statement",
        "Kami tim kecil jurnalis Kediri yang ingin meliput pertanian, "
        "pendidikan dan pemerintahan desa secara rutin.",
    )
    time.sleep(3.2)  # a person takes longer than the form's bot threshold
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.wait_for_url("**/network/?terkirim=1*")
    page.screenshot(path=results_dir / "partner-1-sent.png")
    assert PartnerApplication.objects.get().status == "submitted"

    desk = admin_login(browser, live_server.url, "jaringan", "kata-sandi-uji")
    desk.get_by_role("link", name="Mitra Network").click()
    desk.get_by_role("link", name="Suara Kediri").click()
    desk.get_by_role("button", name="Mulai tinjau").click()
    assert desk.locator("#site_name").input_value() == "Warta Kediri"
    desk.get_by_role("button", name="Setujui dan buat situs").click()
    desk.wait_for_load_state()
    assert "Situs Warta Kediri siap" in desk.content()
    desk.screenshot(path=results_dir / "partner-2-approved.png", full_page=True)

    response = page.goto(f"{live_server.url}/r/kediri/")
    assert response.status == 200
    assert page.locator(".brand").inner_text() == "Warta Kediri"
    assert page.get_by_role("link", name="Peristiwa").first.get_attribute("href") == (
        "/r/kediri/peristiwa/"
    )
    page.screenshot(path=results_dir / "partner-3-new-site.png")
