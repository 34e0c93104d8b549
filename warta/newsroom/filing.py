"""Filing a story from the editor on a phone: the publishing gates as a live checklist for a
draft (the same `gates.publishing_checklist` the form runs on submit, so the two cannot
disagree), and the hero photo uploaded from the camera roll into the story's site collection,
its credit prefilled from the photographer's profile (`Author.photo_credit`, else their name,
and the site's name as source)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry

from warta.articles.models import Author
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage
from warta.core.sites.lookup import site_holding
from warta.newsroom import isolation
from warta.newsroom.gates import Check, gate_settings_for, publishing_checklist
from warta.newsroom.roles import site_collection


def _image_policy():
    return policy_registry.get_by_type(get_image_model())


# Wagtail's refusals of a file, by code, said the way a reporter understands them.
NOT_AN_IMAGE = {"invalid_image_extension", "invalid_image_known_format", "invalid_image"}
TOO_LARGE = {"file_too_large", "file_too_large_unknown_size"}


class UploadError(ValueError):
    """A photo the desk cannot take, with the message the reporter sees."""


@dataclass(frozen=True)
class Draft:
    """The fields of an unsaved story that the gates read, as the editor holds them."""

    title: str = ""
    summary: str = ""
    hero_image_id: str = ""
    dateline_place: str = ""
    editor_id: str = ""


def story_parent(user, parent_id) -> Page:
    """The page a story is (or will be) filed under, if it is in a site the user writes for."""
    parent = Page.objects.filter(pk=parent_id).first() if str(parent_id).isdigit() else None
    if parent is None or not isolation.is_own_page(user, parent):
        raise PermissionDenied
    return parent.specific


def _by_id(model, value: str):
    return model._default_manager.filter(pk=value).first() if str(value).isdigit() else None


def draft_checklist(user, parent: Page, draft: Draft) -> list[Check]:
    """The gates for a draft filed under `parent`. A photo the user may not use (another
    site's) counts as no photo: the checklist never tells what another site's file holds."""
    image = _by_id(WartaImage, draft.hero_image_id)
    if image is not None and not isolation.may_reference(user, image):
        image = None
    return publishing_checklist(
        title=draft.title,
        summary=draft.summary,
        hero_image=image,
        dateline_place=draft.dateline_place,
        editor=_by_id(Author, draft.editor_id),
        channel_ok=isinstance(parent, ChannelPage),
        settings=gate_settings_for(parent),
    )


def headline_limit(parent: Page) -> int:
    return gate_settings_for(parent).headline_max_length


def site_of(page: Page) -> Site | None:
    return site_holding(page.path)


def default_credit(user, site: Site | None) -> tuple[str, str]:
    """(credit, source) for a photo the user takes: their profile's photo credit, else their
    author name, else their account's name; the source is the site they file for."""
    author = Author.objects.filter(user=user).first() if user.is_authenticated else None
    credit = (author.photo_credit or author.name) if author else ""
    credit = credit or user.get_full_name() or user.get_username()
    return credit, site.site_name if site else ""


def upload_collection(user, parent: Page):
    """The collection a photo for a story under `parent` goes to: its site's own, where the
    user must be allowed to add images (the tenant rule: never another site's)."""
    site = site_of(parent)
    if site is None:
        raise PermissionDenied
    collection = site_collection(site)
    allowed = _image_policy().collections_user_has_permission_for(user, "add")
    if not allowed.filter(pk=collection.pk).exists():
        raise PermissionDenied
    return collection


def _check_file(upload: UploadedFile) -> None:
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if limit is not None and upload.size is not None and upload.size > limit:
        raise UploadError(
            _("Berkas terlalu besar (%(size)s); maksimum %(max)s. Kecilkan fotonya dulu.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
        )
    content_type = (upload.content_type or "").split(";")[0]
    if content_type and not content_type.startswith("image/"):
        raise UploadError(not_an_image())


def not_an_image() -> str:
    return _("Berkas ini bukan foto. Pilih gambar JPEG, PNG, WebP, GIF atau AVIF.")


def _readable(form) -> str:
    for error in form.errors.as_data().get("file", []):
        if error.code in NOT_AN_IMAGE:
            return not_an_image()
        if error.code in TOO_LARGE:
            return _("Berkas terlalu besar; maksimum %(max)s. Kecilkan fotonya dulu.") % {
                "max": filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
            }
        return " ".join(error.messages)
    return " ".join(" ".join(errors) for errors in form.errors.values())


def upload_hero_photo(
    user,
    parent: Page,
    upload: UploadedFile,
    *,
    caption: str = "",
    credit: str = "",
    credit_source: str = "",
) -> WartaImage:
    """Store a photo taken for a story under `parent` in its site's collection, through
    Wagtail's (hardened) image form: the caption is its alt text, the credit and source
    default to the photographer's profile. UploadError names what is wrong with the file."""
    collection = upload_collection(user, parent)
    _check_file(upload)
    default, source = default_credit(user, site_of(parent))
    model = get_image_model()
    form_class = get_image_form(model)
    title = (caption or upload.name or _("Foto")).strip()[:255]
    data = {
        "title": title,
        "description": caption.strip()[:255],
        "collection": str(collection.pk),
        "credit": (credit.strip() or default)[:255],
        "credit_source": (credit_source.strip() or source)[:120],
    }
    form = form_class(data, {"file": upload}, user=user, instance=model(uploaded_by_user=user))
    if not form.is_valid():
        raise UploadError(_readable(form))
    image = form.save(commit=False)
    image.collection = collection
    image.uploaded_by_user = user
    image.save()
    return image


def describe_hero_photo(
    user, image_id, *, caption: str, credit: str, credit_source: str
) -> WartaImage:
    """Change the alt text and credit of a photo the user may change (one they uploaded: the
    reporter edits the caption after the upload)."""
    image = _by_id(WartaImage, image_id)
    if image is None or not _image_policy().user_has_permission_for_instance(user, "change", image):
        raise PermissionDenied
    image.description = caption.strip()[:255]
    image.credit = credit.strip()[:255]
    image.credit_source = credit_source.strip()[:120]
    image.save(update_fields=["description", "credit", "credit_source"])
    return image
