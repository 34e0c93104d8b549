"""The story editor's "Saran tag" endpoint: the draft's text in, suggested tags out (JSON).
Under the admin's URLs, so Wagtail's admin-access check runs first (a reader is sent to the
sign-in); then only newsroom staff who may write on some site, POST with CSRF, answering from
the user's sites' topics (newsroom.suggestions); with `page` (a story's id), its stored
topic suggestions (discovery.topics) come first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from warta.newsroom.roles import sites_user_may_edit
from warta.newsroom.suggestions import StoredTopics, stored_topics, tag_suggestions


@require_POST
def suggest_tags(request: HttpRequest) -> JsonResponse:
    user = request.user
    if not user.has_perm("wagtailadmin.access_admin") or not sites_user_may_edit(user):
        raise PermissionDenied
    page_id = request.POST.get("page", "")
    stored = stored_topics(user, int(page_id)) if page_id.isdigit() else StoredTopics()
    found = tag_suggestions(
        user,
        title=request.POST.get("title", ""),
        text=request.POST.get("text", ""),
        tags=request.POST.get("tags", ""),
        stored=stored,
    )
    saved = {s.name for s in stored.pending}
    return JsonResponse(
        {
            "suggestions": [
                {"name": s.name, "kind": s.kind, "mentions": s.mentions, "stored": s.name in saved}
                for s in found
            ]
        }
    )
