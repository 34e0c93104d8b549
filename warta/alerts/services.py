"""Writes for alerts: a reader's subscription, an editor's alert (who may send, the per-site
rate limit) and the fan-out that pushes it to every subscription of its audience."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from warta.alerts.models import Alert, PushSubscription
from warta.alerts.push import Outcome, ProcessPusher, Pusher, Target
from warta.alerts.queries import alert_audience, alerts_in_last_hour
from warta.alerts.validation import SubscriptionSpec
from warta.articles.models import ArticlePage
from warta.articles.queries import top_channel_slug
from warta.core.sites.lookup import site_holding
from warta.newsroom import isolation

logger = logging.getLogger(__name__)
BATCH = 1000  # subscriptions pushed between two saves of the cursor
TITLE_MAX = 120
BODY_MAX = 240


# --- Readers ----------------------------------------------------------------------------


def subscribe(site: Site, spec: SubscriptionSpec, language: str = "id") -> PushSubscription:
    """Store (or move to this site and these topics) a browser's subscription. The endpoint
    is the browser's: a second subscribe from it updates the one row."""
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=spec.endpoint,
        defaults={
            "site": site,
            "p256dh": spec.p256dh,
            "auth": spec.auth,
            "breaking": spec.breaking,
            "channel": spec.channel,
            "region": spec.region,
            "language": language[:8],
            "failures": 0,
        },
    )
    return subscription


def unsubscribe(endpoint: str) -> bool:
    deleted, _rows = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


# --- Editors ----------------------------------------------------------------------------


class AlertRefused(ValidationError):
    """An alert that may not go out now (the rate limit, a story readers cannot open)."""


def story_for_alert(user: Any, page_id: int) -> Page:
    """The story if it is in one of the user's own sites (another site's story is not found,
    whatever exists there) and the user may publish it (else refused)."""
    page = Page.objects.filter(pk=page_id).first() if 0 < page_id < 2**31 else None
    if page is None or not isolation.is_own_page(user, page):
        raise Http404
    if not may_send(user, page):
        raise PermissionDenied(
            _("Hanya yang boleh menerbitkan berita ini yang boleh mengirim peringatan.")
        )
    return page.specific


def may_send(user: Any, page: Page) -> bool:
    """Whoever may publish the story on its own site (editors, network admins)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not isolation.is_own_page(user, page):
        return False
    return page.permissions_for_user(user).can_publish()


def check_story(page: Page) -> None:
    if not isinstance(page.specific, ArticlePage):
        raise AlertRefused(_("Peringatan hanya dikirim dari berita."))
    if not page.live or not isolation.is_public_page(page):
        raise AlertRefused(
            _("Peringatan hanya untuk berita yang sudah terbit dan bisa dibuka pembaca.")
        )


def story_path(page: Page, site: Site) -> str:
    """The story's path within its site, without the leading slash: the service worker
    resolves it against its own scope (/, /r/<slug>/ or a site's own host)."""
    root = site.root_page.url_path
    return page.url_path[len(root) :] if page.url_path.startswith(root) else ""


def send_alert(user: Any, page: Page, title: str, body: str) -> Alert:
    """Create an alert for the story and queue its fan-out, or refuse (AlertRefused with the
    reason, PermissionDenied)."""
    if not may_send(user, page):
        raise PermissionDenied(_("Anda tidak boleh mengirim peringatan untuk berita ini."))
    check_story(page)
    title = " ".join(title.split())[:TITLE_MAX]
    body = " ".join(body.split())[:BODY_MAX]
    if not title:
        raise AlertRefused(_("Judul peringatan wajib diisi."))
    site = site_holding(page.path)
    if site is None:
        raise AlertRefused(_("Berita ini tidak berada di situs mana pun."))
    limit = settings.WARTA_ALERTS_PER_HOUR
    with transaction.atomic():
        Site.objects.select_for_update().filter(pk=site.pk).first()  # one sender at a time
        if alerts_in_last_hour(site.pk) >= limit:
            raise AlertRefused(
                _(
                    "Batas peringatan tercapai: paling banyak %(limit)s peringatan per jam untuk "
                    "%(site)s, agar pembaca tidak dibanjiri. Coba lagi nanti."
                )
                % {"limit": limit, "site": site.site_name}
            )
        alert = Alert.objects.create(
            site=site,
            story=page,
            title=title,
            body=body,
            url=story_path(page, site),
            channel=top_channel_slug(page) or "",
            created_by=user if user.is_authenticated else None,
        )
        # tasks imports this module (the task calls fan_out_alert): imported here.
        from warta.alerts.tasks import fan_out_alert_task

        transaction.on_commit(lambda: fan_out_alert_task.enqueue(alert_id=alert.pk))
    return alert


# --- Fan-out ----------------------------------------------------------------------------


def payload(alert: Alert) -> str:
    """What the service worker shows (warta/alerts/static/alerts/sw.js): addresses relative to
    its scope; `tag` makes a second copy of the same alert replace the first."""
    return json.dumps(
        {
            "title": alert.title,
            "body": alert.body,
            "url": alert.url,
            "icon": "peringatan/ikon/192.png",
            "tag": f"alert-{alert.pk}",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _start(alert_id: int) -> Alert | None:
    """The alert, its audience fixed on the first run (the highest subscription id then)."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None or alert.state == Alert.State.DONE:
            return alert
        if alert.state == Alert.State.QUEUED:
            last = alert_audience(alert).order_by("-pk").values_list("pk", flat=True).first()
            alert.last_subscription = last or 0
            alert.state = Alert.State.SENDING
            alert.save(update_fields=["last_subscription", "state"])
        return alert


def _record(alert: Alert, cursor: int, results: list[tuple[int, Outcome]]) -> None:
    """One batch's results and the new cursor, together: a crash before this commits resends
    the batch (its copies collapse into one notification: the same Topic at the push service,
    the same tag in the browser); after, it is never sent again."""
    ids: dict[Outcome, list[int]] = {outcome: [] for outcome in Outcome}
    for subscription_id, outcome in results:
        ids[outcome].append(subscription_id)
    now = timezone.now()
    with transaction.atomic():
        if ids[Outcome.EXPIRED]:
            PushSubscription.objects.filter(pk__in=ids[Outcome.EXPIRED]).delete()
        if ids[Outcome.DELIVERED]:
            PushSubscription.objects.filter(pk__in=ids[Outcome.DELIVERED]).update(
                last_success=now, failures=0
            )
        if ids[Outcome.FAILED]:
            PushSubscription.objects.filter(pk__in=ids[Outcome.FAILED]).update(
                failures=F("failures") + 1
            )
        Alert.objects.filter(pk=alert.pk).update(
            cursor=cursor,
            delivered=F("delivered") + len(ids[Outcome.DELIVERED]),
            expired=F("expired") + len(ids[Outcome.EXPIRED]),
            failed=F("failed") + len(ids[Outcome.FAILED]),
        )


def fan_out_alert(
    alert_id: int,
    *,
    pusher: Pusher | ProcessPusher | None = None,
    batch: int = BATCH,
    stop_after: int = 0,
) -> Alert:
    """Push the alert to every subscription of its audience, in id order, `batch` at a time
    on the pusher's threads; resumable at the cursor. `stop_after` (tests, the benchmark)
    stops after that many batches, as a crash would."""
    alert = _start(alert_id)
    if alert is None:
        raise Alert.DoesNotExist(alert_id)
    if alert.state == Alert.State.DONE:
        return alert
    own = pusher is None
    pusher = pusher or Pusher(ttl=settings.WARTA_ALERTS_TTL, workers=settings.WARTA_ALERTS_WORKERS)
    data, topic = payload(alert), f"alert-{alert.pk}"
    audience = alert_audience(alert).filter(pk__lte=alert.last_subscription).order_by("pk")
    cursor, batches = alert.cursor, 0
    try:
        while True:
            rows = list(
                audience.filter(pk__gt=cursor).values_list("pk", "endpoint", "p256dh", "auth")[
                    :batch
                ]
            )
            if not rows:
                break
            results = pusher.send_all([Target(*row) for row in rows], data, topic)
            cursor = rows[-1][0]
            _record(alert, cursor, results)
            batches += 1
            if stop_after and batches >= stop_after:
                alert.refresh_from_db()
                return alert
    finally:
        if own:
            pusher.close()
    Alert.objects.filter(pk=alert.pk).update(state=Alert.State.DONE, finished_at=timezone.now())
    alert.refresh_from_db()
    logger.info(
        "alert %s: %s delivered, %s expired, %s failed",
        alert.pk,
        alert.delivered,
        alert.expired,
        alert.failed,
    )
    return alert
