"""The story editor's live helpers (newsroom.filing), as small JSON answers under the admin:
the gate checklist for the draft being typed, and the hero photo upload. Registered with
Wagtail's admin URLs (so only signed-in staff reach them); thin: parse, call, shape."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.images.shortcuts import get_rendition_or_not_found

from warta.core.models import WartaImage
from warta.newsroom import filing


def refusing_in_json(view):
    """A refusal as JSON the editor's script can show (Wagtail's admin would redirect)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return JsonResponse(
                {
                    "error": _(
                        "Halaman ini bukan milik situs Anda, atau Anda tidak boleh mengubah "
                        "foto ini."
                    )
                },
                status=403,
            )

    return wrapped


@require_POST
@refusing_in_json
def checklist(request: HttpRequest) -> JsonResponse:
    parent = filing.story_parent(request.user, request.POST.get("parent"))
    post = request.POST
    draft = filing.Draft(
        title=post.get("title", ""),
        summary=post.get("summary", ""),
        hero_image_id=post.get("hero_image", ""),
        dateline_place=post.get("dateline_place", ""),
        editor_id=post.get("editor", ""),
    )
    checks = filing.draft_checklist(request.user, parent, draft)
    return JsonResponse(
        {
            "ok": all(check.ok for check in checks),
            "headline_max_length": filing.headline_limit(parent),
            "checks": [check.as_json() for check in checks],
        }
    )


def _photo(image: WartaImage) -> dict[str, object]:
    preview = get_rendition_or_not_found(image, "max-165x165")
    return {
        "id": image.pk,
        "title": image.title,
        "description": image.description,
        "credit": image.credit,
        "credit_source": image.credit_source,
        "edit_url": reverse("wagtailimages:edit", args=[image.pk]),
        "preview": {"url": preview.url, "width": preview.width, "height": preview.height},
    }


@require_POST
@refusing_in_json
def hero_photo(request: HttpRequest) -> JsonResponse:
    """A new photo (`file`) or new words for the one just uploaded (`image`)."""
    post = request.POST
    words = {
        "caption": post.get("caption", ""),
        "credit": post.get("credit", ""),
        "credit_source": post.get("credit_source", ""),
    }
    if post.get("image"):
        image = filing.describe_hero_photo(request.user, post["image"], **words)
        return JsonResponse(_photo(image))
    parent = filing.story_parent(request.user, post.get("parent"))
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Pilih foto dulu.")}, status=400)
    try:
        image = filing.upload_hero_photo(request.user, parent, upload, **words)
    except filing.UploadError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(_photo(image), status=201)
