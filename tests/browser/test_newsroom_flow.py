"""The newsroom in the real admin, as people use it: a reporter writes and submits, cannot
publish; an editor requests changes with a comment the reporter then sees; the editor
approves with a go-live time (scheduled, not public); a quality gate blocks a faulty story.
Screenshots of each step go to test-results/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import DESKTOP, PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(live_server, site, channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import AuthorFactory
    from warta.core.tests.factories import WartaImageFactory
    from warta.newsroom.roles import setup_roles

    setup_roles()
    users = {}
    for username, role in [("reporter", "Reporter"), ("redaktur", "Editor")]:
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    AuthorFactory(name="Anisa Putri")
    WartaImageFactory(title="Genangan rob")
    return {"url": live_server.url, "channel": channel, "users": users}


def choose_first(page, button_name: str, nth: int = 0) -> None:
    page.get_by_role("button", name=button_name).nth(nth).click()
    choice = page.locator(
        ".modal-dialog a[data-chooser-modal-choice], .modal-dialog a.image-choice"
    )
    choice.first.wait_for(timeout=10000)
    choice.first.click()
    page.wait_for_timeout(500)


def write_story(page, base: str, channel_id: int, title: str) -> None:
    page.goto(f"{base}/admin/pages/add/articles/articlepage/{channel_id}/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_title").press_sequentially(title)  # typing fills the slug too
    page.fill("#id_summary", "Air laut pasang merendam permukiman di pesisir utara.")
    page.fill("#id_dateline_place", "JAKARTA")
    page.fill("#id_hero_caption", "Warga melintasi genangan rob")
    choose_first(page, "Pilih sebuah gambar")
    page.locator("[data-contentpath='body'] button").first.click()
    page.get_by_text("Paragraf", exact=True).click()
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Banjir rob kembali menggenangi permukiman warga di pesisir utara.")
    choose_first(page, "Pilih penulis")  # byline
    choose_first(page, "Pilih editor")  # editor
    submit(page, page.get_by_role("button", name="Simpan konsep"))


def footer_action(page, name: str) -> None:
    """Click a submitting action in the editor's footer menu and wait for the page it loads."""
    page.get_by_role("button", name="Tindakan lain").click()
    page.wait_for_timeout(300)
    submit(page, page.get_by_role("button", name=name))


def submit(page, locator) -> None:
    with page.expect_navigation(timeout=20000):
        locator.click()
    page.wait_for_load_state("networkidle")


def test_reporter_submits_editor_requests_changes_then_schedules(browser, newsroom, results_dir):
    from warta.articles.models import ArticlePage

    base, channel = newsroom["url"], newsroom["channel"]
    reporter = sign_in(browser, base, "reporter", viewport=DESKTOP)
    write_story(reporter, base, channel.pk, "Banjir Rob Genangi Pesisir Utara Jakarta")
    story = ArticlePage.objects.get(title="Banjir Rob Genangi Pesisir Utara Jakarta")
    assert story.slug == "banjir-rob-genangi-pesisir-utara-jakarta" and not story.live

    reporter.get_by_role("button", name="Tindakan lain").click()
    actions = reporter.locator("footer button:visible").all_inner_texts()
    assert not any("Publikasi" in a for a in actions), actions  # reporters cannot publish
    submit(reporter, reporter.get_by_role("button", name="Ajukan ke Persetujuan redaksi"))
    reporter.screenshot(path=str(results_dir / "newsroom-1-reporter-submitted.png"))
    assert ArticlePage.objects.get(pk=story.pk).workflow_in_progress

    editor = sign_in(browser, base, "redaktur", viewport=DESKTOP)
    editor.goto(f"{base}/admin/pages/{story.pk}/edit/")
    editor.wait_for_load_state("networkidle")
    editor.get_by_role("button", name="Tindakan lain").click()
    editor.get_by_role("button", name="Minta perubahan").click()  # opens a comment dialog
    editor.locator(".modal-dialog textarea").fill("Tambahkan keterangan dari BPBD DKI.")
    submit(editor, editor.locator(".modal-dialog button[type=submit]"))
    editor.screenshot(path=str(results_dir / "newsroom-2-editor-requested-changes.png"))

    reporter.goto(f"{base}/admin/pages/{story.pk}/edit/")
    reporter.wait_for_load_state("networkidle")
    reporter.screenshot(path=str(results_dir / "newsroom-3-reporter-sees-comment.png"))
    banner = reporter.locator(".messages", has_text="Perubahan diminta oleh redaktur")
    assert banner.get_by_text("Tambahkan keterangan dari BPBD DKI.").is_visible()
    reporter.get_by_role("button", name="Tindakan lain").click()
    reporter.wait_for_timeout(300)
    resubmit = reporter.locator("footer button:visible", has_text="Persetujuan")
    submit(reporter, resubmit.first)
    assert ArticlePage.objects.get(pk=story.pk).workflow_in_progress

    editor.goto(f"{base}/admin/pages/{story.pk}/edit/")
    editor.wait_for_load_state("networkidle")
    editor.locator("button[data-side-panel-toggle='status']").click()
    editor.get_by_role("button", name="Atur jadwal").click()
    go_live = timezone.localtime() + timedelta(days=1)
    editor.fill("#id_go_live_at", go_live.strftime("%Y-%m-%d %H:%M"))
    # Save from the keyboard, as a keyboard user would: the date picker the field opened can
    # cover the button at some hours (its time list), and it reopens after a blur.
    editor.get_by_role("button", name="Simpan jadwal").press("Enter")
    footer_action(editor, "Setujui dan terbitkan")
    editor.wait_for_load_state("networkidle")
    editor.screenshot(path=str(results_dir / "newsroom-4-editor-approved-scheduled.png"))
    story = ArticlePage.objects.get(pk=story.pk)
    assert not story.live  # scheduled for tomorrow: approved, not yet public
    assert story.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_quality_gate_blocks_publishing_with_a_readable_message(browser, newsroom, results_dir):
    from warta.articles.models import ArticlePage

    base, channel = newsroom["url"], newsroom["channel"]
    editor = sign_in(browser, base, "redaktur", viewport=DESKTOP)
    write_story(editor, base, channel.pk, "Berita Tanpa Ringkasan")
    editor.fill("#id_summary", "")
    editor.fill("#id_dateline_place", "")
    footer_action(editor, "Publikasi")
    editor.wait_for_load_state("networkidle")
    assert editor.locator(
        "p.error-message", has_text="Ringkasan wajib diisi sebelum terbit."
    ).is_visible()
    assert editor.locator("p.error-message", has_text="Tempat dateline wajib diisi.").is_visible()
    editor.screenshot(path=str(results_dir / "newsroom-5-gate-blocks.png"))
    assert not ArticlePage.objects.get(title="Berita Tanpa Ringkasan").live
