"""What a reader was doing when Warta asked them to sign in, and finishing it afterwards.

A signed-out reader who taps "Simpan" (or follows something that needs an account) is sent to
the sign-in page with `next` set to the action's own address, e.g.
`/akun/simpan/12/?next=/ekonomi/kisah/`. Everything travels in that URL, so the story page
stays the same for everyone and cacheable. The sign-in and sign-up pages read it to say why
the reader is asked to sign in; when the sign-in succeeds (a POST with a CSRF token, or the
email confirmation that completes a sign-up) the action is done and the reader goes back to
the story. `next` is only ever a same-site relative path: anything else is dropped."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from taggit.models import Tag

from warta.accounts import preferences, services
from warta.articles.models import ArticlePage, Author
from warta.channels.models import ChannelPage

MAX_LENGTH = 2048
PATH_FALLBACK_PREFIX = "/r/"


def safe_next(url: str | None) -> str | None:
    """`url` if it is a path on this site ("/..."), else None: no scheme, no host, no
    protocol-relative "//host", no backslash (browsers read "/\\host" as "//host"), no
    whitespace or control characters."""
    if not url or len(url) > MAX_LENGTH:
        return None
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url


@dataclass(frozen=True)
class Continuation:
    """An action waiting for the reader to sign in."""

    action: str  # "save" or "follow"
    subject: str  # the story's title, "#Topic", an author's name
    back: str  # where the reader returns: the story (a safe relative path)
    article_id: int | None = None
    kind: str = ""
    value: str = ""

    @property
    def sign_in_reason(self) -> str:
        if self.action == "save":
            return _("Masuk untuk menyimpan berita ini")
        return {
            "topics": _("Masuk untuk mengikuti topik ini"),
            "authors": _("Masuk untuk mengikuti penulis ini"),
            "channels": _("Masuk untuk mengikuti kanal ini"),
        }[self.kind]

    @property
    def sign_up_reason(self) -> str:
        if self.action == "save":
            return _("Daftar untuk menyimpan berita ini")
        return {
            "topics": _("Daftar untuk mengikuti topik ini"),
            "authors": _("Daftar untuk mengikuti penulis ini"),
            "channels": _("Daftar untuk mengikuti kanal ini"),
        }[self.kind]

    @property
    def promise(self) -> str:
        if self.action == "save":
            return _("Setelah itu Anda kembali ke berita ini dan berita langsung tersimpan.")
        return _("Setelah itu Anda kembali ke halaman tadi dan langsung mengikutinya.")


def _site_path(path: str) -> str:
    """The path as the site sees it: without the `/r/<slug>` prefix of a regional site."""
    if path.startswith(PATH_FALLBACK_PREFIX):
        rest = path[len(PATH_FALLBACK_PREFIX) :].partition("/")[2]
        return "/" + rest
    return path


def _first(query: dict[str, list[str]], name: str) -> str:
    values = query.get(name) or [""]
    return values[0]


def pending(next_url: str | None) -> Continuation | None:
    """The action that `next_url` stands for, or None (any other page, a story that is gone,
    something that cannot be followed)."""
    url = safe_next(next_url)
    if url is None:
        return None
    parts = urlsplit(url)
    try:
        match = resolve(_site_path(parts.path))
    except Resolver404:
        return None
    query = parse_qs(parts.query)
    back = safe_next(_first(query, "next"))
    if match.view_name == "accounts:save":
        article = (
            ArticlePage.objects.live()
            .filter(pk=match.kwargs["pk"])
            .only("title", "url_path")
            .first()
        )
        if article is None:
            return None
        if back is None:
            url_parts = article.get_url_parts()
            back = safe_next(url_parts[2] if url_parts else None) or "/"
        return Continuation(action="save", subject=article.title, back=back, article_id=article.pk)
    if match.view_name == "reader:follow":
        kind, value = _first(query, "jenis"), _first(query, "nilai").strip().lower()
        if kind not in preferences.KINDS or not preferences.SLUG.match(value):
            return None
        return Continuation(
            action="follow",
            subject=_follow_name(kind, value),
            back=back or "/untuk-anda/",
            kind=kind,
            value=value,
        )
    return None


def _follow_name(kind: str, value: str) -> str:
    if kind == "topics":
        name = Tag.objects.filter(slug=value).values_list("name", flat=True).first()
        return f"#{name or value}"
    if kind == "authors":
        return Author.objects.filter(slug=value).values_list("name", flat=True).first() or value
    title = ChannelPage.objects.live().filter(slug=value).values_list("title", flat=True).first()
    return title or value


def complete(user, next_url: str | None) -> str | None:
    """Do the action `next_url` stands for, for `user` who has just signed in; return where
    the reader goes next (the story), or None when `next_url` is no action."""
    found = pending(next_url)
    if found is None:
        return None
    if found.action == "save":
        services.save_story(user, ArticlePage.objects.get(pk=found.article_id), saved=True)
    else:
        services.follow_for_user(user, found.kind, found.value)
    return found.back
