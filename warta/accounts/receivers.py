from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from warta.accounts.preferences import from_cookie
from warta.accounts.services import merge_device_choices as merge
from warta.accounts.services import record_read
from warta.core.signals import page_viewed


@receiver(user_logged_in)
def merge_device_choices(sender, request, user, **kwargs) -> None:
    """Choices made on this device before signing in are kept in the account."""
    if request is not None:
        merge(user, from_cookie(request))


@receiver(page_viewed)
def remember_read(sender, request, story_id, **kwargs) -> None:
    """Reading history, only for signed-in readers who turned it on (never for anonymous
    readers, whose pages come from the cache)."""
    user = getattr(request, "user", None)
    if story_id is None or user is None or not user.is_authenticated:
        return

    record_read(user, story_id)
