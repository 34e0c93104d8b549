"""Nothing waits on a running worker: a story scheduled and a task queued while no worker
runs are kept in the database and go out when a worker starts (as after a restart)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    # The production queue (tests otherwise run tasks at once); django-tasks re-reads it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_scheduled_story_and_queued_task_go_out_when_a_worker_starts(channel, database_queue):
    from django_tasks_db.models import DBTaskResult

    from warta.discovery.tasks import refresh_related_task

    draft = ArticlePageFactory(parent=channel, title="Terbit terjadwal", publish=False)
    revision = draft.save_revision()
    # Scheduled for two minutes ago, while no worker was running.
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=2)
    revision.save()
    ArticlePage.objects.filter(pk=draft.pk).update(go_live_at=revision.approved_go_live_at)
    result = refresh_related_task.enqueue(article_id=draft.pk)
    assert not ArticlePage.objects.get(pk=draft.pk).live
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    call_command("worker", once=True, tick=0.5)  # a worker starting after the outage

    assert ArticlePage.objects.get(pk=draft.pk).live
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
