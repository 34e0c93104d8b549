"""Bounces and complaints reported by the mail provider's webhooks (django-anymail's
normalised tracking events) end the address's subscriptions at once."""

from __future__ import annotations

from typing import Any

from warta.newsletters import services
from warta.newsletters.models import Subscriber

# Anymail's event types that mean "never mail this address again".
SUPPRESSING = {
    "bounced": Subscriber.BOUNCE,
    "rejected": Subscriber.BOUNCE,
    "complained": Subscriber.COMPLAINT,
}


def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    reason = SUPPRESSING.get(event.event_type)
    if reason and event.recipient:
        services.suppress(event.recipient, reason)
    elif event.event_type == "unsubscribed" and event.recipient:
        # The provider's own unsubscribe (e.g. its List-Unsubscribe handling): every list.
        subscriber = Subscriber.objects.filter(email__iexact=event.recipient).first()
        if subscriber is not None:
            for sub in subscriber.subscriptions.select_related("newsletter"):
                services.unsubscribe(subscriber, sub.newsletter, reason="one-click")
