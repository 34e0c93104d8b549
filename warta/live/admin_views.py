"""The live desk in the admin (registered by live.wagtail_hooks under /admin/live/<id>/,
behind Wagtail's admin access check): the phone posting screen, its per-post actions and the
story's status and polling controls. Thin: the form parses, `live.desk` and `live.services`
decide (each service checks permission itself: a refusal is a 403 page). Every action answers
a plain form POST with a redirect back to the screen and a message, and the screen's script
(static live/admin/live-desk.js), which asks for JSON, with the message and the new lists."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.live import desk, services
from warta.live.forms import ControlsForm, CorrectionForm, LivePostForm, text_of_body
from warta.live.models import LivePost, LiveStoryPage
from warta.newsroom import filing


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def refusing_with_403(view):
    """A refusal (a service's PermissionDenied) as a 403 that says why, with the way back;
    Wagtail's admin would turn it into a redirect to the dashboard, losing the reason."""

    @wraps(view)
    def wrapped(request: HttpRequest, page_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, page_id, *args, **kwargs)
        except PermissionDenied as refusal:
            message = str(refusal) or _("Anda tidak boleh melakukan ini di berita live ini.")
            if wants_json(request):
                return JsonResponse({"ok": False, "message": message}, status=403)
            context = {
                "message": message,
                "back_url": reverse("live_desk", args=[page_id]),
                "header_title": _("Tidak diizinkan"),
            }
            return render(request, "live/admin/refused.html", context, status=403)

    return wrapped


def _lists_context(request: HttpRequest, story: LiveStoryPage) -> dict[str, Any]:
    trusted = services.is_trusted(request.user, story)
    posts = desk.desk_posts(story)
    for post in [*posts.pending, *posts.latest]:
        post.may_change = desk.may_change(request.user, post, trusted)  # type: ignore[attr-defined]
        post.plain_text = text_of_body(post.body)  # type: ignore[attr-defined]
    return {"story": story, "trusted": trusted, "posts": posts}


def _lists_html(request: HttpRequest, story: LiveStoryPage) -> str:
    return render_to_string("live/admin/posts.html", _lists_context(request, story), request)


def _done(request: HttpRequest, story: LiveStoryPage, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, "lists": _lists_html(request, story)})
    messages.success(request, message)
    return redirect("live_desk", story.pk)


def _refused(request: HttpRequest, story: LiveStoryPage, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=400)
    messages.error(request, message)
    return redirect("live_desk", story.pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _screen(
    request: HttpRequest, story: LiveStoryPage, form: LivePostForm, status: int = 200
) -> HttpResponse:
    context = _lists_context(request, story)
    context.update(
        {
            "form": form,
            "controls": ControlsForm(
                initial={"status": story.live_status, "poll_seconds": story.poll_seconds}
            ),
            "header_title": story.title,
            "page_title": _("Layar live"),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Meja")},
                {"url": reverse("wagtailadmin_pages:edit", args=[story.pk]), "label": story.title},
                {"url": "", "label": _("Layar live")},
            ],
            "feed_url": reverse("live_desk_lists", args=[story.pk]),
        }
    )
    return render(request, "live/admin/screen.html", context, status=status)


@refusing_with_403
def screen(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: the form and the lists. POST: a new post, then back to a fresh form."""
    story = desk.story_for(request.user, page_id)
    trusted = services.is_trusted(request.user, story)
    if request.method != "POST":
        return _screen(request, story, LivePostForm(trusted=trusted))
    form = LivePostForm(request.POST, request.FILES, trusted=trusted)
    problem = ""
    if form.is_valid():
        try:
            result = desk.post_from_screen(
                story, request.user, form, upload=request.FILES.get("photo")
            )
        except filing.UploadError as error:
            form.add_error("photo", str(error))
        except ValidationError as error:
            problem = _error_text(error)
        else:
            if result.needs_review:
                message = _("Terkirim, menunggu tinjauan editor.")
            else:
                message = _("Terkirim, tayang.")
            return _done(request, story, message)
    if not problem:
        problem = _("Belum terkirim: periksa isian yang ditandai. Teks Anda masih di sini.")
    if wants_json(request):  # the script keeps the chosen photo in the form
        return JsonResponse(
            {"ok": False, "message": problem, "errors": dict(form.errors.items())},
            status=400,
        )
    if form.errors.get("photo"):  # a browser never fills a file input again
        problem += " " + _("Pilih fotonya lagi.")
    messages.error(request, problem)
    return _screen(request, story, form, status=400)


@refusing_with_403
@require_GET
def lists(request: HttpRequest, page_id: int) -> JsonResponse:
    """The lists alone, for the screen's script to refresh every few seconds (others' posts
    appear on the desk)."""
    story = desk.story_for(request.user, page_id)
    return JsonResponse({"ok": True, "lists": _lists_html(request, story)})


@refusing_with_403
@require_POST
def approve(request: HttpRequest, page_id: int) -> HttpResponse:
    story = desk.story_for(request.user, page_id)
    post = desk.post_of(story, request.POST.get("post"))
    try:
        services.approve_post(post, user=request.user)
    except ValidationError as error:
        return _refused(request, story, _error_text(error))
    return _done(request, story, _("Pembaruan ditayangkan."))


@refusing_with_403
@require_POST
def correct(request: HttpRequest, page_id: int) -> HttpResponse:
    story = desk.story_for(request.user, page_id)
    post = desk.post_of(story, request.POST.get("post"))
    published = post.state == LivePost.State.PUBLISHED
    form = CorrectionForm(request.POST, published=published)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        return _refused(request, story, _("Koreksi belum disimpan: %(p)s") % {"p": problems})
    body = desk.text_blocks(form.cleaned_data["text"], keep_from=post.body)
    try:
        services.correct_post(
            post,
            user=request.user,
            body=body,
            title=form.cleaned_data["title"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, story, _error_text(error))
    return _done(request, story, _("Koreksi tayang.") if published else _("Perubahan disimpan."))


@refusing_with_403
@require_POST
def delete(request: HttpRequest, page_id: int) -> HttpResponse:
    story = desk.story_for(request.user, page_id)
    post = desk.post_of(story, request.POST.get("post"))
    services.delete_post(post, user=request.user)
    return _done(request, story, _("Pembaruan dihapus."))


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "1"


@refusing_with_403
@require_POST
def flags(request: HttpRequest, page_id: int) -> HttpResponse:
    story = desk.story_for(request.user, page_id)
    post = desk.post_of(story, request.POST.get("post"))
    services.set_flags(
        post,
        user=request.user,
        pinned=_flag(request.POST.get("pinned")),
        key_event=_flag(request.POST.get("key_event")),
    )
    return _done(request, story, _("Tanda pembaruan diubah."))


@refusing_with_403
@require_POST
def controls(request: HttpRequest, page_id: int) -> HttpResponse:
    story = desk.story_for(request.user, page_id)
    form = ControlsForm(request.POST)
    if not form.is_valid():
        problems = " ".join(e for errors in form.errors.values() for e in errors)
        return _refused(request, story, problems)
    try:
        services.set_live_controls(
            story,
            user=request.user,
            status=form.cleaned_data["status"] or None,
            poll_seconds=form.cleaned_data["poll_seconds"],
        )
    except ValidationError as error:
        return _refused(request, story, _error_text(error))
    return _done(request, story, _("Pengaturan siaran disimpan."))
