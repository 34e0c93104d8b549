"""The admin speaks the newsroom user's language: every page a story passes through (dashboard,
explorer, add and edit, the failed save, submit, the editor's review and its comment dialogs,
reports, search, images, snippets, account) shows no English to an Indonesian reporter or
editor, and English to a user whose admin language is English. Wagtail's gaps are filled in
warta/locale/id (django.po and djangojs.po); the text checked is what a person sees or hears:
text nodes, placeholders, titles, ARIA labels and the sidebar's JSON props."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from warta.articles.models import ArticlePage
from warta.newsroom.tests.conftest import form_from_admin, post_edit

pytestmark = pytest.mark.django_db

# Seen on the demo in Indonesian (issue 22) or found by fetching the newsroom's pages as each
# role and matching their text against Wagtail's msgids.
ENGLISH = [
    "Request changes",
    "Approve with comment",
    "Reports",
    "Search all pages",
    "The page could not be created due to validation errors",
    "The page could not be saved due to validation errors",
    "Multi-word tags",
    "A comma-separated list of tags",
    "0 menit yang lalu",
    "More actions",
    "Set schedule",
    "Save schedule",
    "Go to the first error",
    "Toggle sidebar",
    "Help",
    "Workflows",
    "Site history",
    "Aging pages",
    "Locked pages",
    "Page types usage",
    "Your pages and snippets in a workflow",
    "Edit account avatar",
    "Sort the order of child pages",
    "More options for",
    "Visit the live page",
    "Bulk actions",
    "View history",
    "Page visibility",
    "Choose who can view",
    "Preview in",
    "Content metrics",
    "Page title",
    "Author",
    "For search engines",
    "unsaved edits",
    "Keyboard shortcut",
    "In Moderation",
    "Locked by workflow",
    "is currently awaiting moderation",
    "Needs changes",
    "Requested by",
    "Task submitted by",
    "No pages found",
    "Download XLSX",
    "Sort by",
    "Newest",
    "Grid layout",
    "Usage count",
    "Delete selected",
    "Name and Email",
    "Profile picture",
    "Theme preferences",
    " Pages",
    " Images",
    " Documents",
    # The sign-in page and what the editor's scripts say (seen by the end-to-end browser test,
    # tests/browser/test_desk_end_to_end.py).
    "Forgotten password?",
    "Remember me",
    "Toggle side panel",
]
SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class VisibleText(HTMLParser):
    """Text nodes, spoken attributes and the strings of JSON props (Wagtail's sidebar menu)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._json = tag == "script" and attrs.get("type") == "application/json"
            self._skip += 0 if self._json else 1
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - (0 if self._json else 1))
            self._json = False

    def handle_data(self, data):
        if self._json:
            self.parts.extend(json_strings(json.loads(data)))
        elif not self._skip:
            self.parts.append(data)


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("url", "name") for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def visible_text(response) -> str:
    html = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        html = json.loads(html).get("html", "")
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parts.split()) for parts in parser.parts)


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.fixture
def submitted(client, reporter, ready_story):
    """The ready story, owned by the reporter and submitted just now for review."""
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=reporter)
    client.force_login(reporter)
    post_edit(client, ready_story, action="action-submit")
    ready_story.refresh_from_db()
    assert ready_story.workflow_in_progress
    return ready_story


def reporter_pages(client, channel, story) -> dict[str, str]:
    add_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    data = form_from_admin(client, add_url)
    data["title"] = ""
    failed_save = client.post(add_url, data)
    assert failed_save.status_code == 200
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[channel.pk]),
        "add story": add_url,
        "edit story": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        "search": reverse("wagtailadmin_pages:search") + "?q=siap",
        "images": reverse("wagtailimages:index"),
        "account": reverse("wagtailadmin_account"),
    }
    texts = {name: visible_text(client.get(url)) for name, url in pages.items()}
    texts["failed save"] = visible_text(failed_save)
    return texts


def editor_pages(client, story) -> dict[str, str]:
    task_state = story.current_workflow_task_state
    action = "wagtailadmin_pages:workflow_action"
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "review": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        "request changes dialog": reverse(action, args=[story.pk, "reject", task_state.pk]),
        "approve with comment dialog": reverse(action, args=[story.pk, "approve", task_state.pk]),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "locked pages": reverse("wagtailadmin_reports:locked_pages"),
        "search": reverse("wagtailadmin_pages:search") + "?q=siap",
        "snippets": reverse("wagtailsnippets_articles_author:list"),
    }
    texts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        texts[name] = visible_text(response)
    return texts


def test_a_reporter_sees_no_english_from_writing_to_submitting(
    client, reporter, channel, submitted
):
    client.force_login(reporter)
    texts = reporter_pages(client, channel, submitted)
    found = {name: english_in(text) for name, text in texts.items() if english_in(text)}
    assert not found
    assert "Halaman tidak dapat dibuat karena ada isian yang salah." in texts["failed save"]
    assert "Cari di semua halaman…" in texts["dashboard"]


def test_an_editor_reviews_in_indonesian_and_a_fresh_submission_is_baru_saja(
    client, editor_user, submitted
):
    client.force_login(editor_user)
    texts = editor_pages(client, submitted)
    found = {name: english_in(text) for name, text in texts.items() if english_in(text)}
    assert not found
    # Submitted seconds ago: "Baru saja", not "0 menit yang lalu".
    assert "baru saja" in texts["dashboard"].lower() and "0 menit" not in texts["dashboard"]
    review = texts["review"]
    assert "Minta perubahan" in review and "Setujui dengan catatan" in review
    assert "Laporan" in texts["dashboard"]  # the sidebar's menu


def test_an_english_admin_user_sees_english(client, editor_user, submitted):
    profile = UserProfile.get_for_user(editor_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor_user)
    texts = editor_pages(client, submitted)
    assert "Search all pages" in texts["dashboard"] and "Reports" in texts["dashboard"]
    assert "just now" in texts["dashboard"].lower()
    review = texts["review"]
    assert "Request changes" in review and "Approve with comment" in review
    assert "Choose editor" in review or "Edit this editor" in review
    assert "Required before submitting or publishing." in review  # Warta's own strings too
    assert "Cari di semua halaman" not in texts["dashboard"]


def test_staff_avatars_never_ask_gravatar(client, editor_user):
    client.force_login(editor_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html
    assert "default-user-avatar" in html
