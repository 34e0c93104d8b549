"""The newsletter admin as an editor uses it on a phone: the issue page fits a 390 px screen,
she moves the last story to the top, saves, sees the preview of the real mail and sends a test
to herself (a real SMTP server on 127.0.0.1). Screenshots at 390 and 1366 px go to the notes'
shots folder (or test-results/)."""

import pytest

from tests.browser.helpers import PASSWORD, PHONE, shot, shots_folder, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_edits_previews_and_test_sends_an_issue(browser, live_server, site, settings):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.newsletters import services, smtpd
    from warta.newsletters.models import Issue
    from warta.newsletters.tests.factories import (
        NewsletterListFactory,
        SubscriberFactory,
        active_subscription,
    )
    from warta.newsroom.roles import EDITOR, setup_roles

    handler = smtpd.MailDrop(mode="keep")
    server = smtpd.start(handler)
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = False
    settings.WARTA_NEWSLETTER_EMAIL_BACKEND = "warta.newsletters.mail.SMTPBackend"
    try:
        setup_roles()
        editor = get_user_model().objects.create_user(
            "redaktur", "redaktur@warta.localhost", PASSWORD
        )
        editor.groups.add(Group.objects.get(name=EDITOR))
        pagi = NewsletterListFactory(site=site, name="Berita Pagi Warta", slug="pagi")
        for reader in [SubscriberFactory() for _ in range(3)]:
            active_subscription(reader, pagi)
        titles = [
            "Banjir Rob Genangi Pesisir Utara Jakarta, Ribuan Warga Mengungsi",
            "Harga Beras Turun di Pasar Induk Cipinang",
            "Timnas Indonesia Menang 2-0 atas Vietnam di Gelora Bung Karno",
            "Gempa Magnitudo 5,1 Guncang Laut Banda, Tidak Berpotensi Tsunami",
        ]
        stories = [ArticlePageFactory(parent=site.root_page, title=t) for t in titles]
        issue = services.build_issue(pagi)
        issue_url = f"{live_server.url}/admin/newsletter/edisi/{issue.pk}/"

        page = sign_in(browser, live_server.url, "redaktur", viewport=PHONE)
        page.goto(issue_url)
        page.fill("#id_intro", "Selamat pagi. Ini berita pilihan redaksi hari ini.")
        page.fill(f"input[name='order-{stories[0].pk}']", "0")
        page.get_by_role("button", name="Simpan edisi").click()
        page.wait_for_load_state()
        assert "Edisi disimpan" in page.content()
        assert Issue.objects.get(pk=issue.pk).entries.first().story_id == stories[0].pk
        frame = page.frame_locator("iframe[title='Pratinjau email']")
        assert "Selamat pagi" in frame.locator("body").inner_text()
        folder = shots_folder()
        shot(page, folder / "25-nl-admin-issue-390-top.png")
        # The admin scrolls inside its layout: a tall screen shows the whole page at once.
        page.set_viewport_size({"width": 390, "height": 2400})
        shot(page, folder / "25-nl-admin-issue-390.png")
        page.set_viewport_size(PHONE)

        page.get_by_role("button", name="Kirim tes ke saya").click()
        page.wait_for_load_state()
        assert "Email tes dikirim ke redaktur@warta.localhost" in page.content()
        assert [m.rcpt_tos for m in handler.kept] == [["redaktur@warta.localhost"]]

        services.start_send(Issue.objects.get(pk=issue.pk))
        services.build_issue(pagi)
        page.goto(f"{live_server.url}/admin/newsletter/daftar/{pagi.pk}/")
        shot(page, folder / "25-nl-admin-issues-390.png")

        page.set_viewport_size({"width": 1366, "height": 1300})
        page.goto(issue_url)
        shot(page, folder / "25-nl-admin-issue-1366.png")
    finally:
        server.stop()
