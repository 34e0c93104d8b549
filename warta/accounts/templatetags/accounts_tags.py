"""Template helpers for the sign-in and sign-up pages."""

from __future__ import annotations

from django import template

from warta.accounts import continuation

register = template.Library()


@register.simple_tag(takes_context=True)
def safe_next(context) -> str:
    """The request's `next` if it is a path on this site, else "" (never another host)."""
    request = context.get("request")
    if request is None:
        return ""
    target = request.POST.get("next") or request.GET.get("next")
    return continuation.safe_next(target) or ""


@register.simple_tag(takes_context=True)
def pending_action(context) -> continuation.Continuation | None:
    """What the reader was doing when asked to sign in (save a story, follow a topic)."""
    return continuation.pending(safe_next(context))
