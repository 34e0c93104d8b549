"""Wagtail admin addresses answered by newsroom.admin_views (the tenant rule applied where
Wagtail has no hook). Included before Wagtail's admin URLs in warta/urls.py, under the same
paths (and, where Wagtail's name has no namespace, the same names)."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.images.views.chooser import viewset as image_chooser
from wagtail.utils.urlpatterns import decorate_urlpatterns

from warta.newsroom import admin_reports, admin_views, desk_views
from warta.newsroom.photodesk import views as photodesk

usage_report = admin_views.ScopedPageTypesUsageReportView


desk = require_admin_access  # signed-in staff only, as Wagtail's own admin URLs

urlpatterns = [
    # Wagtail's workflow tasks report, its task filter in one query (newsroom.admin_reports).
    path(
        "reports/workflow_tasks/",
        admin_reports.WorkflowTasksReport.as_view(),
        name="warta_workflow_tasks_report",
    ),
    path(
        "reports/workflow_tasks/results/",
        admin_reports.WorkflowTasksReport.as_view(results_only=True),
        name="warta_workflow_tasks_report_results",
    ),
    path(
        "bulk/<str:app_label>/<str:model_name>/<str:action>/",
        admin_views.bulk_action,
        name="wagtail_bulk_action",
    ),
    path(
        "choose-page/<int:parent_page_id>/",
        admin_views.PageBrowseView.as_view(),
        name="wagtailadmin_choose_page_child",
    ),
    path(
        "choose-page/chosen-multiple/",
        admin_views.PageChosenMultipleView.as_view(),
        name="wagtailadmin_choose_page_chosen_multiple",
    ),
    path(
        "choose-external-link/",
        admin_views.ScopedExternalLinkView.as_view(),
        name="wagtailadmin_choose_page_external_link",
    ),
    # The desk home (newsroom.desk_views): where a story starts, the explorer's start, the
    # page types a reporter is offered, the gated approve, ending a breaking flag.
    path("desk/tulis/", desk(desk_views.write_story), name="warta_write_story_default"),
    path(
        "desk/tulis/<int:parent_page_id>/", desk(desk_views.write_story), name="warta_write_story"
    ),
    path("desk/sela/<int:pk>/akhiri/", desk(desk_views.end_breaking), name="warta_end_breaking"),
    path("pages/", desk(desk_views.explore_from_own_site), name="warta_explore_root"),
    path(
        "pages/<int:parent_page_id>/",
        desk(desk_views.explore_from_own_site),
        name="warta_explore",
    ),
    path(
        "pages/<int:parent_page_id>/add_subpage/",
        desk(desk_views.add_subpage),
        name="warta_add_subpage",
    ),
    path(
        "pages/workflow/action/<int:page_id>/approve/<int:task_state_id>/",
        desk(desk_views.approve_submission),
        name="warta_workflow_approve",
    ),
    path("reports/page-types-usage/", usage_report.as_view(), name="warta_page_types_usage"),
    path(
        "reports/page-types-usage/results/",
        usage_report.as_view(results_only=True),
        name="warta_page_types_usage_results",
    ),
]

# The photo desk (newsroom.photodesk) at Wagtail's image addresses, behind Wagtail's admin
# access check like the views they stand in for.
photo_desk_patterns = [
    path("images/", photodesk.PhotoIndexView.as_view(), name="warta_images_index"),
    path(
        "images/results/",
        photodesk.PhotoIndexView.as_view(results_only=True),
        name="warta_images_index_results",
    ),
    path("images/<int:image_id>/", photodesk.PhotoEditView.as_view(), name="warta_images_edit"),
    path(
        "images/usage/<int:image_id>/",
        photodesk.PhotoUsageView.as_view(),
        name="warta_images_usage",
    ),
    path("images/multiple/add/", photodesk.PhotoAddView.as_view(), name="warta_images_add"),
    path("images/add/", photodesk.PhotoCreateView.as_view(), name="warta_images_add_one"),
    path(
        "images/chooser/create/",
        image_chooser.construct_view(photodesk.PhotoChooserUploadView),
        name="warta_images_chooser_create",
    ),
]
urlpatterns += decorate_urlpatterns(photo_desk_patterns, require_admin_access)
