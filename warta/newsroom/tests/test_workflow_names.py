"""Workflow and task names stored in the database (Warta's "Persetujuan redaksi" and
"Persetujuan editor" from setup_roles, Wagtail's own "Moderators approval") read in the admin
user's language, on the pages that show them: the review, the dashboard, the workflow report
and the workflow and task lists. Stored names never change with the reader's language."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow
from wagtail.users.models import UserProfile

from warta.newsroom.roles import TASK_NAME, WORKFLOW_NAME, setup_roles
from warta.newsroom.tests.test_admin_language import (  # noqa: F401 - fixture
    editor_pages,
    submitted,
    visible_text,
)

pytestmark = pytest.mark.django_db

INDONESIAN = ["Persetujuan redaksi", "Persetujuan editor", "Persetujuan moderator"]
ENGLISH = ["Editorial approval", "Editor approval", "Moderators approval"]


@pytest.fixture
def moderators(db):
    """Wagtail's default workflow, as its migration leaves it on a fresh site."""
    workflow, _ = Workflow.objects.get_or_create(name="Moderators approval")
    GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    return workflow


def in_language(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def list_texts(client) -> dict[str, str]:
    pages = {
        "workflows": reverse("wagtailadmin_workflows:index"),
        "tasks": reverse("wagtailadmin_workflows:task_index"),
    }
    return {name: visible_text(client.get(url)) for name, url in pages.items()}


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("id", INDONESIAN, ENGLISH), ("en", ENGLISH, INDONESIAN)]
)
def test_workflow_and_task_names_read_in_the_users_language(
    client,
    editor_user,
    submitted,  # noqa: F811 - the fixture imported above
    moderators,
    language,
    shown,
    hidden,
):
    client.force_login(in_language(editor_user, language))
    review = editor_pages(client, submitted)
    assert shown[1] in review["review"]  # the task the story waits in
    assert shown[0] in review["workflow report"]

    admin = get_user_model().objects.create_superuser("kepala", "k@w.localhost", "pw")
    client.force_login(in_language(admin, language))
    lists = list_texts(client)
    for name in shown:
        assert name in lists["workflows"] + lists["tasks"], name
    for name in hidden:
        assert name not in " ".join([*review.values(), *lists.values()]), name


def test_a_name_saved_from_the_english_admin_is_stored_as_setup_roles_names_it(
    client, site, channel
):
    setup_roles()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    admin = get_user_model().objects.create_superuser("kepala", "k@w.localhost", "pw")
    client.force_login(in_language(admin, "en"))
    url = reverse("wagtailadmin_workflows:edit", args=[workflow.pk])
    page = client.get(url).content.decode()
    assert 'value="Editorial approval"' in page
    task = GroupApprovalTask.objects.get(name=TASK_NAME)
    response = client.post(
        url,
        {
            "name": "Editorial approval",
            "workflow_tasks-TOTAL_FORMS": "1",
            "workflow_tasks-INITIAL_FORMS": "1",
            "workflow_tasks-MIN_NUM_FORMS": "0",
            "workflow_tasks-MAX_NUM_FORMS": "1000",
            "workflow_tasks-0-id": str(workflow.workflow_tasks.get().pk),
            "workflow_tasks-0-task": str(task.pk),
            "workflow_tasks-0-ORDER": "1",
            "workflow_tasks-0-DELETE": "",
            "pages-TOTAL_FORMS": "0",
            "pages-INITIAL_FORMS": "0",
            "pages-MIN_NUM_FORMS": "0",
            "pages-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, visible_text(response)[:2000]
    assert Workflow.objects.filter(pk=workflow.pk, name=WORKFLOW_NAME).exists()
    count = Workflow.objects.count()
    setup_roles()  # idempotent still: finds its workflow by the stored name
    assert Workflow.objects.count() == count
