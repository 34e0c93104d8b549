"""Wagtail's workflow tasks report with its task filter read in one query: Wagtail asks each
task of the filter's drop-down for its workflows (one query per task), and a network of 500
sites has a task per site. Served under Wagtail's own paths (warta/newsroom/admin_urls.py)."""

from __future__ import annotations

from collections import defaultdict

from wagtail.admin.views.reports.workflows import WorkflowTasksReportFilterSet, WorkflowTasksView
from wagtail.models import WorkflowTask


class _Ids:
    """What Wagtail's filtered choice field asks of the accessor's answer."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def values_list(self, *fields: str, flat: bool = False) -> list[int]:
        return self.ids


class WorkflowsByTask:
    """The workflows of each task, read once for the whole drop-down."""

    def __init__(self) -> None:
        self.by_task: dict[int, list[int]] | None = None

    def __call__(self, task) -> _Ids:
        if self.by_task is None:
            self.by_task = defaultdict(list)
            for task_id, workflow_id in WorkflowTask.objects.values_list("task_id", "workflow_id"):
                self.by_task[task_id].append(workflow_id)
        return _Ids(self.by_task.get(task.pk, []))


class OneQueryTasksFilterSet(WorkflowTasksReportFilterSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["task"].extra["filter_accessor"] = WorkflowsByTask()


class WorkflowTasksReport(WorkflowTasksView):
    filterset_class = OneQueryTasksFilterSet
