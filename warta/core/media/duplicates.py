"""The same photo uploaded again: an image whose bytes are those of one already in the
library (Wagtail's `file_hash`), or whose picture is (`perceptual_hash`, a difference hash:
the same photo resized, re-encoded, sent through a chat app). Only images the uploader may
choose are looked at, so another site's library is never shown."""

from __future__ import annotations

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from warta.core.media.fingerprint import NEAR_DUPLICATE_BITS, distance
from warta.core.models import WartaImage

# A flat picture (a blank or one-colour image) hashes to nothing but equal neighbours; it
# says nothing about being the same photo.
FLAT = "0000000000000000"


def image_duplicates(
    image: WartaImage, *, user, permission_policy: CollectionOwnershipPermissionPolicy
) -> list[WartaImage]:
    """Images the user may choose that are `image` again: exact copies first, then the
    closest pictures (at most three)."""
    choosable = permission_policy.instances_user_has_permission_for(user, "choose").exclude(
        pk=image.pk
    )
    exact = list(choosable.filter(file_hash=image.file_hash)[:3]) if image.file_hash else []
    if exact or not image.perceptual_hash or image.perceptual_hash == FLAT:
        return exact
    close = []
    for pk, other in choosable.exclude(perceptual_hash="").values_list("pk", "perceptual_hash"):
        bits = distance(image.perceptual_hash, other)
        if bits <= NEAR_DUPLICATE_BITS and other != FLAT:
            close.append((bits, pk))
    if not close:
        return []
    ranked = [pk for _, pk in sorted(close)[:3]]
    found = WartaImage.objects.in_bulk(ranked)
    return [found[pk] for pk in ranked]


def fingerprint_images() -> tuple[int, int]:
    """Give every image without a difference hash its fingerprints (images stored before
    they existed); returns (fingerprinted, unreadable). Safe to run again."""
    done = unreadable = 0
    for image in WartaImage.objects.filter(perceptual_hash="").iterator():
        if image.set_fingerprints():
            WartaImage.objects.filter(pk=image.pk).update(
                file_hash=image.file_hash, perceptual_hash=image.perceptual_hash
            )
            done += 1
        else:
            unreadable += 1
    return done, unreadable
