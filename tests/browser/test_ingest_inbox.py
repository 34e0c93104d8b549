"""The wire inbox as an editor uses it: an Atom feed served from 127.0.0.1 fills the inbox
("Tarik sekarang"), one click turns an item into a draft that opens in the editor with the
wire's credit as its source. Screenshots go to test-results/."""

from pathlib import Path

import pytest

from tests.browser.conftest import admin_login
from warta.ingest.tests.feedserver import FeedServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FEED = Path(__file__).resolve().parents[2] / "warta/ingest/tests/fixtures/antara.atom"


def test_editor_pulls_a_feed_and_opens_an_item_as_a_draft(
    browser, live_server, site, channel, results_dir
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.models import ArticlePage
    from warta.ingest.models import FeedSource
    from warta.newsroom.roles import EDITOR, setup_roles

    setup_roles()
    editor = get_user_model().objects.create_user("redaktur", password="kata-sandi-uji")
    editor.groups.add(Group.objects.get(name=EDITOR))
    with FeedServer() as server:
        FeedSource.objects.create(
            name="Antara",
            organisation="Antara",
            format="atom",
            site=site,
            default_channel=channel,
            url=server.serve("/antara.atom", FEED.read_bytes()),
        )
        page = admin_login(browser, live_server.url, "redaktur", "kata-sandi-uji")
        page.get_by_role("link", name="Ingest").click()
        page.get_by_role("button", name="Tarik sekarang").click()
        page.wait_for_load_state()
        assert "2 baru" in page.locator("#ingest-sources").inner_text()
        rows = page.locator("#ingest-items tr[data-item]")
        assert rows.count() == 2
        page.screenshot(path=results_dir / "ingest-1-inbox.png", full_page=True)
        row = rows.filter(has_text="Putin dan Kim Jong Un")
        row.get_by_role("button", name="Jadikan draf").click()
        page.wait_for_url("**/admin/pages/*/edit/")
        assert page.locator("#id_title").input_value().startswith("Putin dan Kim Jong Un")
        assert page.locator("#id_cited_sources").input_value() == "Antara"
        page.screenshot(path=results_dir / "ingest-2-draft.png")
    story = ArticlePage.objects.get(title__startswith="Putin dan Kim Jong Un")
    assert not story.live and story.owner == editor
