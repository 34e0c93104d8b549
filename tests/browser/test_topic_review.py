""" "Saran topik" as an editor uses it on a phone: a published story without tags has "Korea
Utara" suggested from its text; one tap on Terima publishes the tag and the topic page, already
cached, lists the story. Screenshots go to test-results/."""

import pytest

from tests.browser.helpers import PASSWORD, new_page, no_horizontal_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_accepts_a_topic_and_the_story_is_on_its_topic_page(
    browser, live_server, site, channel, results_dir
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
    from warta.discovery.topics import store_topic_suggestions
    from warta.newsroom.roles import EDITOR, setup_roles

    setup_roles()
    editor = get_user_model().objects.create_user("redaktur", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITOR))
    other = ArticlePageFactory(
        parent=channel, title="Kim Jong Un Tinjau Pabrik", tags=["Korea Utara"]
    )
    story = ArticlePageFactory(
        parent=channel,
        title="Rusia Minta Bantuan Senjata ke Korea Utara",
        body=paragraph_body("Rusia meminta amunisi dari Korea Utara. Pyongyang diam."),
    )
    store_topic_suggestions(story)
    reader = new_page(browser)
    reader.goto(f"{live_server.url}/tag/korea-utara/")
    assert other.title in reader.content() and story.title not in reader.content()

    page = sign_in(browser, live_server.url, "redaktur")
    page.goto(f"{live_server.url}/admin/saran-topik/")
    card = page.locator(f"li[data-story='{story.pk}']")
    no_horizontal_overflow(page)
    page.screenshot(path=results_dir / "topics-1-review.png", full_page=True)
    card.locator("li[data-suggestion='Korea Utara']").get_by_role("button", name="Terima").click()
    page.wait_for_load_state()
    assert "1 topik diterima dan diterbitkan" in page.content()

    # Another reader (the first one's browser keeps the page its max-age of 60 s): the
    # server's cached page was purged.
    reader = new_page(browser)
    reader.goto(f"{live_server.url}/tag/korea-utara/")
    assert story.title in reader.content()
    reader.screenshot(path=results_dir / "topics-2-tag-page.png")
    story.refresh_from_db()
    assert "Korea Utara" in story.tags.names()
