"""The beacon script on the page: which pages load it and with what, and what it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warta.analytics.tests.factories import BROWSER

pytestmark = pytest.mark.django_db
SCRIPT = Path(__file__).resolve().parents[1] / "static" / "analytics" / "beacon.js"
TAG = re.compile(r'<script src="[^"]*/analytics/beacon\.js" defer data-s="(\d+)" data-a="(\d+)">')


@pytest.fixture
def story(channel):
    from warta.articles.tests.factories import ArticlePageFactory

    return ArticlePageFactory(parent=channel, title="Banjir rob di pesisir")


def beacon_tags(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    return TAG.findall(response.content.decode())


def test_the_script_is_under_one_kilobyte_and_stores_nothing():
    source = SCRIPT.read_bytes()
    assert len(source) < 1024
    for word in (b"cookie", b"Storage", b"indexedDB", b"fetch(", b"XMLHttpRequest"):
        assert word not in source
    assert b'sendBeacon("/_e"' in source and b'{type:"text/plain"}' in source


def test_a_story_names_its_site_and_itself_other_pages_send_zero(client, site, channel, story):
    assert beacon_tags(client.get(story.url)) == [(str(site.pk), str(story.pk))]
    assert beacon_tags(client.get(channel.url)) == [(str(site.pk), "0")]
    assert beacon_tags(client.get("/")) == [(str(site.pk), "0")]


def test_a_regional_site_by_path_sends_its_own_id(client, site):
    from warta.network.services import RegionSpec, provision_site

    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    assert beacon_tags(client.get("/r/bali/")) == [(str(bali.pk), "0")]


def test_lite_pages_previews_and_the_admin_load_no_beacon(client, site, story, admin_user):
    assert beacon_tags(client.get(f"/lite{story.url}")) == []
    assert beacon_tags(client.get(story.url, HTTP_SAVE_DATA="on")) == []
    assert beacon_tags(story.make_preview_request()) == []
    client.force_login(admin_user)
    assert beacon_tags(client.get(f"/admin/pages/{story.pk}/edit/")) == []


def test_the_script_is_allowed_by_the_pages_policy(client, site, story):
    response = client.get(story.url, HTTP_USER_AGENT=BROWSER)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy


def test_the_script_counts_with_the_numbers_the_privacy_page_states():
    from warta.analytics.ingest import MAX_ENGAGED, PING_SECONDS, PINGS_PER_PAGE

    source = SCRIPT.read_text()
    assert f"setInterval(ping,{PING_SECONDS}e3)" in source
    assert f"t-A<={PING_SECONDS}e3" in source  # active within the last interval
    assert f"L={PINGS_PER_PAGE}," in source
    assert f"Math.min({MAX_ENGAGED}," in source
