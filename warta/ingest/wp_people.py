"""Authors of a WordPress site: its users (wp:author) and Co-Authors Plus guest authors become
Warta authors with name, bio and photo; a post's co-authors become its bylines, in order.

An author already in Warta (same slug) is reused and only its empty fields are filled: what an
editor wrote or chose since (bio, photo, job title) is never overwritten by a re-import. E-mail
addresses from the export are not stored on the author and never shown. The portrait's credit
stays on the image (`credit_source`): `Author.photo_credit` is what photos this person takes are
credited to, which the export does not say (empty: their name). WordPress has no job title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.html import strip_tags
from django.utils.text import slugify

from warta.articles.models import Author
from warta.ingest.wp_content import ImageRef
from warta.ingest.wxr import WxrAuthor, WxrPost

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressImporter

DEFAULT_NAME = "Redaksi"


def wxr_author(importer: WordPressImporter, login: str) -> WxrAuthor | None:
    """The export's record of a login: a user, else a guest author; a Co-Authors Plus term
    names a user by its nicename, which may differ from the login ("budi.s" → "budi-s")."""
    wxr = importer.wxr
    found = wxr.authors.get(login) or wxr.guest_authors.get(login)
    if found or not login:
        return found
    wanted = slugify(login)
    for known in (*wxr.authors.values(), *wxr.guest_authors.values()):
        if slugify(known.login) == wanted:
            return known
    return None


def byline_logins(post: WxrPost) -> list[str]:
    """Who wrote a post, in order: its Co-Authors Plus authors, else its author."""
    logins = list(dict.fromkeys(login for login in post.coauthors if login))
    return logins or [post.author]


def author_name(known: WxrAuthor | None, login: str) -> str:
    if known is None:
        return login or DEFAULT_NAME
    full = f"{known.first_name} {known.last_name}".strip()
    if known.display_name and known.display_name != known.login:
        return known.display_name
    return full or known.display_name or login or DEFAULT_NAME


def import_author(importer: WordPressImporter, login: str, post: WxrPost) -> tuple[Author, bool]:
    """The Warta author for a login (created, or the existing one with its gaps filled)."""
    known = wxr_author(importer, login)
    name = author_name(known, login)[:120]
    slug = slugify(known.login if known else login or name)[:140] or "redaksi"
    author, created = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    if known is None:
        return author, created
    changed = []
    bio = strip_tags(known.description).strip()
    if bio and not author.bio:
        author.bio = bio
        changed.append("bio")
    if author.photo_id is None and login not in importer.avatars_tried:
        importer.avatars_tried.add(login)  # once per run: a missing photo is reported once
        photo = _avatar(importer, known, post)
        if photo is not None:
            author.photo = photo
            changed.append("photo")
    if changed:
        author.save(update_fields=changed)
    return author, created


def _avatar(importer: WordPressImporter, known: WxrAuthor, post: WxrPost):
    """A guest author's photo is an attachment of the export (its id in avatar_url); a user's
    avatar, where an exporter gives one, is an image URL. Both go through the importer's
    images (the uploads copy or a download), like every other picture."""
    reference = known.avatar_url.strip()
    if not reference:
        return None
    attachment = importer.wxr.attachments.get(reference)
    if attachment is not None:
        return importer.image_for(attachment, post)
    if reference.isdigit():
        importer.report.warnings.append(
            f"penulis {known.login}: foto (lampiran {reference}) tidak ada di ekspor"
        )
        return None
    return importer.image_for(ImageRef(url=reference), post)
