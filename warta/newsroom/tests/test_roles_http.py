"""Every role against every newsroom action, through the admin's HTTP views."""

import pytest
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.newsroom.tests.conftest import edit_form, form_from_admin, post_edit

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "editor", "network_admin"]


def live(page) -> bool:
    return ArticlePage.objects.get(pk=page.pk).live


def own_draft(client, user, channel):
    draft = ArticlePageFactory(parent=channel, title=f"Draf {user.username}", publish=False)
    ArticlePage.objects.filter(pk=draft.pk).update(owner=user)
    return ArticlePage.objects.get(pk=draft.pk)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_in_the_newsroom_can_write_a_draft(client, users, channel, role):
    client.force_login(users[role])
    add_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    data = form_from_admin(client, add_url)
    data["title"] = f"Tulisan {role}"
    data["slug"] = f"tulisan-{role}"
    from warta.articles.tests.factories import AuthorFactory

    data["bylines-TOTAL_FORMS"] = "1"
    data["bylines-0-author"] = str(AuthorFactory(name=f"Penulis {role}").pk)
    data["bylines-0-ORDER"] = "1"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content[:2000]
    story = ArticlePage.objects.get(slug=f"tulisan-{role}")
    assert not story.live and story.owner == users[role]
    assert story.revisions.count() == 1


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_publish_own_story(client, users, ready_story, role, allowed):
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=users[role])
    client.force_login(users[role])
    post_edit(client, ready_story, action="action-publish")
    assert live(ready_story) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_submit_for_review(client, users, channel, role):
    user = users[role]
    client.force_login(user)
    draft = own_draft(client, user, channel)
    post_edit(client, draft, action="action-submit", summary="Ringkasan", dateline_place="JAKARTA")
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    assert not draft.live


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_unpublish(client, users, channel, role, allowed):
    story = ArticlePageFactory(parent=channel, title="Sudah terbit")
    client.force_login(users[role])
    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    assert live(story) is not allowed


@pytest.mark.parametrize(
    ("role", "withdraws", "deletes"),
    [("reporter", False, False), ("editor", True, False), ("network_admin", True, True)],
)
def test_delete_published_story_takes_two_steps(client, users, channel, role, withdraws, deletes):
    """The first delete only withdraws a published story (recoverable); the second, by a
    network admin only, removes it."""
    story = ArticlePageFactory(parent=channel, title="Sudah terbit")
    client.force_login(users[role])
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    assert ArticlePage.objects.filter(pk=story.pk).exists()  # never gone in one click
    assert live(story) is not withdraws
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    assert ArticlePage.objects.filter(pk=story.pk).exists() is not deletes
    if withdraws and not deletes:
        restored = ArticlePage.objects.get(pk=story.pk)
        restored.get_latest_revision().publish()
        assert live(story)  # withdrawn, not lost: publishing again restores it


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_edit_someone_elses_story(client, users, channel, role, allowed):
    story = ArticlePageFactory(parent=channel, title="Milik orang lain", publish=False)
    client.force_login(users[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert (response.status_code == 200) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_schedule_own_story(client, users, ready_story, role, allowed):
    from django.utils import timezone

    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=users[role])
    client.force_login(users[role])
    go_live = (timezone.localtime() + timezone.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    post_edit(client, ready_story, action="action-publish", go_live_at=go_live)
    story = ArticlePage.objects.get(pk=ready_story.pk)
    assert not story.live
    scheduled = story.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert scheduled is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_add_correction(client, users, channel, role, allowed):
    story = ArticlePageFactory(parent=channel, title="Perlu dikoreksi")
    client.force_login(users[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    if not allowed:
        assert response.status_code != 200
        return
    data = edit_form(client, story)
    data["corrections-TOTAL_FORMS"] = "1"
    data["corrections-0-kind"] = "koreksi"
    data["corrections-0-text"] = "Nama menteri sebelumnya salah tulis."
    data["corrections-0-noted_at"] = "2026-11-25 10:00"
    data["corrections-0-ORDER"] = "1"
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert story.corrections.count() == 1


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("network_admin", True)]
)
def test_curate_home_page(client, users, site, role, allowed):
    client.force_login(users[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[site.root_page.pk]))
    assert (response.status_code == 200) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_user_management_but_the_network_admin(client, users, role):
    client.force_login(users[role])
    response = client.get(reverse("wagtailusers_users:index"))
    assert (response.status_code == 200) is (role == "network_admin")
