"""The desk home on a phone (390 px): an editor signs in, finds the submission in the review
queue with its age and approves it in one click, and the story is live; a reporter signs in,
taps "Tulis berita" and lands in the story editor under their channel. Screenshots go to
test-results/."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, PHONE, new_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(live_server, site, channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.newsroom.roles import setup_roles

    setup_roles()
    users = {}
    for username, role in [("reporter", "Reporter"), ("redaktur", "Editor")]:
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    story = ArticlePageFactory(
        parent=channel,
        title="Banjir Rob Genangi Pesisir Utara Jakarta",
        owner=users["reporter"],
        publish=False,
    )
    story.save_revision(user=users["reporter"])
    story.get_workflow().start(story, users["reporter"])
    return {"url": live_server.url, "channel": channel, "story": story}


def test_editor_approves_from_the_review_queue_in_one_click(browser, desk, results_dir):
    from warta.articles.models import ArticlePage

    base, story = desk["url"], desk["story"]
    editor = sign_in(browser, base, "redaktur")
    expect(editor).to_have_url(f"{base}/admin/")
    queue = editor.locator("#desk-review")
    row = queue.locator(f"[data-story='{story.pk}']")
    expect(row).to_contain_text("Banjir Rob Genangi Pesisir Utara Jakarta")
    expect(row).to_contain_text("menunggu")
    editor.screenshot(path=str(results_dir / "desk-1-editor-queue-390.png"), full_page=True)

    with editor.expect_navigation():
        row.get_by_role("button", name="Setujui dan terbitkan").click()
    expect(editor.locator(".messages")).to_contain_text("disetujui dan terbit")
    expect(queue.locator(f"[data-story='{story.pk}']")).to_have_count(0)
    editor.screenshot(path=str(results_dir / "desk-2-editor-approved-390.png"), full_page=True)

    live = ArticlePage.objects.get(pk=story.pk)
    assert live.live and not live.workflow_in_progress
    reader = new_page(browser, PHONE)
    reader.goto(f"{base}{live.url}")
    expect(reader.locator("h1")).to_contain_text("Banjir Rob Genangi Pesisir Utara Jakarta")


def test_reporter_taps_tulis_berita_and_lands_in_the_editor(browser, desk, results_dir):
    base, channel = desk["url"], desk["channel"]
    reporter = sign_in(browser, base, "reporter")
    write = reporter.get_by_role("link", name="Tulis berita")
    expect(write).to_be_visible()
    expect(reporter.locator("#desk-waiting")).to_contain_text("Banjir Rob")
    reporter.screenshot(path=str(results_dir / "desk-3-reporter-home-390.png"), full_page=True)
    with reporter.expect_navigation():
        write.click()
    expect(reporter).to_have_url(f"{base}/admin/pages/add/articles/articlepage/{channel.pk}/")
    expect(reporter.locator("#id_title")).to_be_visible()
    reporter.screenshot(path=str(results_dir / "desk-4-reporter-editor-390.png"))
