"""The desk home's actions (newsroom.wagtail_hooks puts them on the dashboard): "Tulis berita"
in a channel of the user's own sites, approving a submission in one click (through Wagtail's
workflow action, after the quality gates), ending a breaking-news flag."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, TaskState

from warta.articles.models import ArticlePage
from warta.newsroom import desk, isolation, services
from warta.newsroom.gates import problems_for_page
from warta.newsroom.roles import may_create_page_type


def write_story(request: HttpRequest, parent_page_id: int | None = None) -> HttpResponse:
    """Start a story: in the given channel if it is one of the user's own sites' (else 404,
    whatever exists elsewhere), or in the user's default channel."""
    channel_id = parent_page_id
    if channel_id is None:
        targets = desk.write_targets(request.user)
        if not targets:
            raise PermissionDenied
        channel_id = targets[0].channel_id
    elif not desk.may_write_in(request.user, channel_id):
        raise Http404
    return redirect("wagtailadmin_pages:add", "articles", "articlepage", channel_id)


workflow_action = page_viewset_registry.as_view("workflow_action", page_id_kwarg="page_id")


def approve_submission(request: HttpRequest, page_id: int, task_state_id: int) -> HttpResponse:
    """Wagtail's workflow "approve" (the dashboard's one-click button, the status panel), with
    the quality gates the story editor runs: a story that fails them is not approved; the
    editor is told why and sent to the story."""
    if request.method != "POST":
        return workflow_action(
            request, page_id=page_id, action_name="approve", task_state_id=task_state_id
        )
    page = get_object_or_404(Page, pk=page_id)
    state = get_object_or_404(
        TaskState.objects.select_related("revision"),
        pk=task_state_id,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    task = state.task.specific
    if not any(name == "approve" for name, *_rest in task.get_actions(page, request.user)):
        raise PermissionDenied
    submitted = state.revision.as_object()
    if isinstance(submitted, ArticlePage):
        problems = problems_for_page(submitted)
        if problems:
            messages.error(
                request,
                _("'%(title)s' belum disetujui: %(problems)s")
                % {"title": submitted.title, "problems": " ".join(p.message for p in problems)},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    response = workflow_action(
        request, page_id=page_id, action_name="approve", task_state_id=task_state_id
    )
    state.refresh_from_db()
    if state.status == TaskState.STATUS_APPROVED:
        page.refresh_from_db()
        if page.live and not page.has_unpublished_changes:
            note = _("'%(title)s' disetujui dan terbit.")
        else:
            note = _("'%(title)s' disetujui.")
        messages.success(request, note % {"title": submitted.title})
    return response


@require_POST
def end_breaking(request: HttpRequest, pk: int) -> HttpResponse:
    """End a story's breaking-news flag now (editors of its site)."""
    story = get_object_or_404(ArticlePage, pk=pk)
    if not isolation.is_own_page(request.user, story):
        raise Http404
    if not story.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    try:
        services.end_breaking(story, user=request.user)
    except services.BreakingError:
        messages.info(request, _("'%(title)s' sudah tidak di ticker.") % {"title": story.title})
    else:
        messages.success(
            request, _("'%(title)s' dikeluarkan dari ticker.") % {"title": story.title}
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = reverse("wagtailadmin_home")
    return redirect(back or reverse("wagtailadmin_home"))


explore = page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")
explore_root = page_viewset_registry.as_view("index", is_base_page=True)


def explore_from_own_site(request: HttpRequest, parent_page_id: int | None = None) -> HttpResponse:
    """The page explorer at the tree root is where sites are made (Wagtail says so there): a
    user who may not make sites starts at the home of their first site instead."""
    at_root = parent_page_id is None or Page.objects.filter(pk=parent_page_id, depth=1).exists()
    if at_root and not request.user.has_perm("wagtailcore.add_site"):
        targets = desk.write_targets(request.user)
        sites = isolation.sites_user_may_edit(request.user)
        if sites:
            home = sorted(sites, key=lambda s: (not s.is_default_site, s.pk))[0].root_page_id
            if targets:  # the site of their default channel
                channel = Page.objects.filter(pk=targets[0].channel_id).only("path").first()
                home = next(
                    (
                        s.root_page_id
                        for s in sites
                        if channel and channel.path.startswith(s.root_page.path)
                    ),
                    home,
                )
            return redirect("wagtailadmin_explore", home)
    if parent_page_id is None:
        return explore_root(request)
    return explore(request, parent_page_id=parent_page_id)


class StoryTypesOnlyAddSubpageView(AddSubpageView):
    """Wagtail's "choose a page type" with the types this user may create here
    (roles.may_create_page_type: reporters add stories, not channels)."""

    def dispatch(self, request, parent_page_id, *args, **kwargs):
        parent = get_object_or_404(Page, id=parent_page_id).specific
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        allowed = [
            model
            for model in type(parent).creatable_subpage_models()
            if model.can_create_at(parent) and may_create_page_type(request.user, model, parent)
        ]
        if not allowed:
            raise PermissionDenied
        if len(allowed) == 1:
            model = allowed[0]
            return redirect(
                "wagtailadmin_pages:add", model._meta.app_label, model._meta.model_name, parent.pk
            )
        self.allowed = allowed
        return super().dispatch(request, parent_page_id, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_types"] = [
            row
            for row in context["page_types"]
            if any(
                (m._meta.app_label, m._meta.model_name) == (row[1], row[2]) for m in self.allowed
            )
        ]
        return context


add_subpage = StoryTypesOnlyAddSubpageView.as_view()
