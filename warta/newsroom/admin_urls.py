"""Wagtail admin addresses answered by newsroom.admin_views (the tenant rule applied where
Wagtail has no hook). Included before Wagtail's admin URLs in warta/urls.py, under the same
paths (and, where Wagtail's name has no namespace, the same names)."""

from django.urls import path

from warta.newsroom import admin_views

usage_report = admin_views.ScopedPageTypesUsageReportView

urlpatterns = [
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
    path("reports/page-types-usage/", usage_report.as_view(), name="warta_page_types_usage"),
    path(
        "reports/page-types-usage/results/",
        usage_report.as_view(results_only=True),
        name="warta_page_types_usage_results",
    ),
]
