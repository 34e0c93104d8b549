"""Reads for the photo desk: where a photo is used, as the user may know it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, ReferenceIndex

from warta.core.models import WartaImage
from warta.newsroom import isolation


@dataclass(frozen=True)
class Usage:
    """One object using a photo: its label, where the user may go (the editor, or the public
    page of another site's public story; None for what they may not open), what kind of
    object, and the fields that hold the photo."""

    label: str
    url: str | None
    kind: str
    fields: tuple[str, ...]
    is_story: bool


def image_usage(image: WartaImage, user) -> list[Usage]:
    """Who uses `image` (Wagtail's reference index: hero photos, photo blocks in a story's
    body, an author's portrait, a site's logo). Another site's story is named by its
    published headline when it is public, and by no headline at all when it is not."""
    rows = []
    finder = AdminURLFinder(user)
    everything = isolation.sees_everything(user)
    own_paths = [] if everything else isolation.own_site_paths(user)  # once, not per row
    for obj, references in ReferenceIndex.get_references_to(image).group_by_source_object():
        fields = tuple(dict.fromkeys(str(ref.describe_source_field()) for ref in references))
        if isinstance(obj, Page):
            if everything or obj.path.startswith(tuple(own_paths)):
                label = obj.get_admin_display_title()
                url = reverse("wagtailadmin_pages:edit", args=(obj.pk,))
            elif isolation.is_public_page(obj):
                label, url = obj.title, obj.get_url()
            else:
                label, url = isolation.display_title(user, obj), None
            kind = str(obj.specific_class._meta.verbose_name) if obj.specific_class else ""
            rows.append(Usage(label, url, kind, fields, True))
            continue
        url = finder.get_edit_url(obj)
        label = (
            str(obj)
            if url
            else _("(%(kind)s yang tidak dapat Anda buka)") % {"kind": obj._meta.verbose_name}
        )
        rows.append(Usage(label, url, str(obj._meta.verbose_name), fields, False))
    return rows


def images_by_credit(images: QuerySet[WartaImage], name: str) -> QuerySet[WartaImage]:
    """The images credited to `name`: as printed, or by the network photographer's name."""
    return images.filter(Q(credit__iexact=name) | Q(photographer__name__iexact=name))


def credit_names(images: QuerySet[WartaImage]) -> list[str]:
    """The photographers of these images, by name, once each, sorted."""
    printed = images.exclude(credit="").values_list("credit", flat=True).distinct()
    people = images.filter(photographer__isnull=False).values_list("photographer__name", flat=True)
    names: dict[str, str] = {}
    for name in [*printed, *people]:
        names.setdefault(name.strip().casefold(), name.strip())
    return sorted(names.values(), key=str.casefold)


def agencies(images: QuerySet[WartaImage]) -> list[str]:
    """The sources (agencies) of these images, once each, sorted."""
    values = images.exclude(credit_source="").values_list("credit_source", flat=True)
    return sorted(set(values.distinct()), key=str.casefold)
