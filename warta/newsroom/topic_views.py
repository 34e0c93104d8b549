"""The "Saran topik" review screen: published stories of the editor's sites with topics
suggested from their text (`discovery.topics`), accepted or rejected one by one or in bulk.
Only those who may publish on a story's site see or decide its suggestions; a suggestion id
outside them is answered 404, as if it did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from warta.discovery.topics import (
    decide_topics,
    publishing_paths,
    reviewable_suggestions,
    stories_with_pending_topics,
)

STORIES_PER_PAGE = 20


def kind_labels() -> dict[str, str]:
    """Where a suggested name comes from (`discovery.entities` kinds), for the editor."""
    return {
        "topik": _("topik yang sudah ada"),
        "tempat": _("tempat"),
        "organisasi": _("lembaga"),
        "tokoh": _("nama yang sering muncul"),
        "baru": _("nama baru"),
    }


def may_review(user) -> bool:
    paths = publishing_paths(user)
    return user.has_perm("wagtailadmin.access_admin") and (paths is None or bool(paths))


def review(request: HttpRequest) -> HttpResponse:
    if not may_review(request.user):
        raise PermissionDenied
    stories = stories_with_pending_topics(request.user)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("p"))
    labels = kind_labels()
    for story in page:
        for suggestion in story.pending:
            suggestion.kind_label = labels.get(suggestion.kind, suggestion.kind)
    return TemplateResponse(request, "newsroom/topics/review.html", {"page_obj": page})


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values if v]
    except ValueError:
        raise Http404 from None


@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    """One suggestion (`terima`/`tolak` = its id), the ticked ones (`pilih` ids with
    `semua` = terima|tolak) or all of one story's (`terima_berita` = the story's id)."""
    if not may_review(request.user):
        raise PermissionDenied
    accept = _ids(request.POST.getlist("terima"))
    reject = _ids(request.POST.getlist("tolak"))
    bulk = request.POST.get("semua", "")
    if bulk in ("terima", "tolak"):
        (accept if bulk == "terima" else reject).extend(_ids(request.POST.getlist("pilih")))
    story_ids = _ids(request.POST.getlist("terima_berita"))
    if story_ids:
        pending = reviewable_suggestions(request.user).filter(article_id__in=story_ids)
        found_stories = set(pending.values_list("article_id", flat=True))
        if found_stories != set(story_ids):
            raise Http404  # another site's story or nothing left to decide
        accept.extend(pending.values_list("pk", flat=True))
    wanted = set(accept) | set(reject)
    if not wanted:
        messages.warning(request, _("Pilih dulu saran topik yang akan diputuskan."))
        return _back(request)
    mine = reviewable_suggestions(request.user).filter(pk__in=wanted)
    found = set(mine.values_list("pk", flat=True))
    if found != wanted:
        raise Http404  # another site's story, a decided or an unknown suggestion
    accepted, rejected, conflicts = decide_topics(request.user, accept=accept, reject=reject)
    if accepted:
        messages.success(
            request,
            ngettext(
                "%(n)d topik diterima dan diterbitkan.",
                "%(n)d topik diterima dan diterbitkan.",
                accepted,
            )
            % {"n": accepted},
        )
    if rejected:
        messages.success(
            request,
            ngettext("%(n)d saran ditolak.", "%(n)d saran ditolak.", rejected) % {"n": rejected},
        )
    for conflict in conflicts:
        messages.error(request, conflict)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("newsroom_topic_review")
