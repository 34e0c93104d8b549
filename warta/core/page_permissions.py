"""One page permission tester per page and user (issue #27).

Wagtail makes a new `PagePermissionTester` each time `page.permissions_for_user(user)` is
called; the page explorer's action menu asks it for each of its ten buttons of each of its 50
rows, and each tester walks the user's page permissions to keep those above the page. The
tester reads the page's state (live, locked, owner) when asked, and only the user's
permissions on the page's path when made; those permissions come from Wagtail's cache on the
user (`_page_permission_cache`). So a tester is kept on the user, for that page object, while
the page's path and Wagtail's cached permissions are the same objects: the answers are the
ones a new tester would give."""

from __future__ import annotations

from typing import Any

from django.utils.functional import LazyObject, empty

MEMO = "_warta_page_testers"
KEPT = 1000  # testers kept per user object (a request's); a long script starts again after
PAGE_PERMISSION_CACHE = "_page_permission_cache"  # wagtail.permission_policies.pages


def install() -> None:
    from wagtail.models import Page

    by_wagtail = Page.permissions_for_user
    if getattr(by_wagtail, "warta_kept", False):
        return

    def permissions_for_user(self: Any, user: Any) -> Any:
        holder: Any = user
        if isinstance(user, LazyObject):  # request.user: Wagtail's cache is on the user
            lazy: Any = user
            if lazy._wrapped is empty:
                lazy._setup()
            holder = lazy._wrapped
        memo = getattr(holder, "__dict__", None)
        if memo is None:
            return by_wagtail(self, user)
        testers = memo.setdefault(MEMO, {})
        kept = testers.get(id(self))
        cached = memo.get(PAGE_PERMISSION_CACHE)
        if (
            kept is not None
            and kept[0] is self
            and kept[1] == self.path
            and cached is not None
            and kept[2] is cached
        ):
            return kept[3]
        tester = by_wagtail(self, user)
        if len(testers) >= KEPT:
            testers.clear()
        # Wagtail fills its cache on the user while making the tester.
        testers[id(self)] = (self, self.path, memo.get(PAGE_PERMISSION_CACHE), tester)
        return tester

    permissions_for_user.warta_kept = True  # type: ignore[attr-defined]
    Page.permissions_for_user = permissions_for_user
