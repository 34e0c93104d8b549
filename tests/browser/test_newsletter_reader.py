"""A reader on a phone subscribes with an address alone, confirms from the mail (read off a real
SMTP server on 127.0.0.1), receives the region's morning edition built and sent by the worker's
job at 06:00 on the site's clock, and leaves in one click from the mail's header (RFC 8058)."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings):
    from warta.newsletters import smtpd

    handler = smtpd.MailDrop(mode="keep")
    controller = smtpd.start(handler)
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.WARTA_NEWSLETTER_EMAIL_BACKEND = "warta.newsletters.mail.SMTPBackend"
    yield handler.kept
    controller.stop()


def _plain(received) -> str:
    return received.message.get_body(preferencelist=("plain",)).get_content()


def test_subscribe_confirm_receive_the_morning_edition_and_leave_in_one_click(
    browser, live_server, site, channel, smtp, results_dir
):
    from warta.articles.tests.factories import ArticlePageFactory
    from warta.core.models import SiteSettings
    from warta.newsletters import services
    from warta.newsletters.models import NewsletterList, Subscription

    SiteSettings.objects.update_or_create(site=site, defaults={"time_zone": "Asia/Makassar"})
    pagi = NewsletterList.objects.create(
        site=site,
        name="Berita Pagi Warta",
        slug="pagi",
        sender_name="Warta",
        send_time=time(6, 0),
        description="Berita terpenting setiap pagi pukul 06.00 WITA.",
    )
    ArticlePageFactory(parent=channel, title="Kapal Pinisi Berlayar ke Jepang")
    base = live_server.url
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()

    page.goto(base + "/newsletter/")
    main = page.locator("main")
    main.get_by_label("Alamat email").fill("bukan-email")
    main.get_by_role("button", name="Berlangganan").click()
    assert "Masukkan alamat email yang valid" in main.inner_text()
    assert main.get_by_label("Alamat email").input_value() == "bukan-email"
    main.get_by_label("Alamat email").fill("andi@pembaca.example")
    main.get_by_role("button", name="Berlangganan").click()
    assert "Cek email Anda" in main.locator("h1").inner_text()
    page.screenshot(path=results_dir / "newsletter-1-check-email.png", full_page=True)

    assert [m.rcpt_tos for m in smtp] == [["andi@pembaca.example"]]
    link = re.search(r"https?://\S+/newsletter/konfirmasi/\S+/", _plain(smtp[0])).group(0)
    page.goto(re.sub(r"^https?://[^/]+", base, link))
    assert Subscription.objects.get().status == "pending"  # opening the link is not consent
    page.get_by_role("button", name="Ya, saya berlangganan").click()
    assert "Langganan aktif" in page.locator("main h1").inner_text()
    page.screenshot(path=results_dir / "newsletter-2-confirmed.png", full_page=True)

    # The worker's job on the site's clock: built at 05:00 WITA, sent at 06:00 WITA.
    wita = ZoneInfo("Asia/Makassar")
    services.run_schedule(datetime.now(wita).replace(hour=5, minute=0))
    services.run_schedule(datetime.now(wita).replace(hour=6, minute=0))
    edition = smtp[-1]
    assert edition.rcpt_tos == ["andi@pembaca.example"]
    assert edition.message["Subject"].startswith("Berita Pagi Warta: Kapal Pinisi")
    assert "Kapal Pinisi Berlayar ke Jepang" in _plain(edition)

    header = str(edition.message["List-Unsubscribe"]).strip()
    url = re.fullmatch(r"<(https?://[^>]+)>", header).group(1)
    url = re.sub(r"^https?://[^/]+", base, url)
    # What a mail app does with the header: one POST, no cookie, no page.
    answer = page.request.post(
        url,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200
    sub = Subscription.objects.get(newsletter=pagi)
    assert (sub.status, sub.unsubscribe_reason) == ("unsubscribed", "one-click")

    # The same link followed later says so, with the way back.
    page.goto(url)
    assert "Anda sudah berhenti berlangganan" in page.locator("main h1").inner_text()
    page.screenshot(path=results_dir / "newsletter-3-unsubscribe.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
