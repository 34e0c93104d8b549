"""The fan-out against a real local push service: every push is aes128gcm-encrypted for the
browser's own keys (decrypted here with http_ece and the subscription's private key), signed
with our VAPID key (the JWT verified here), sent with a TTL and Urgency: high; 404 and 410
remove the subscription; a stopped send resumes after the last batch it finished, never sending
anyone a second copy of a finished batch and never skipping anyone."""

from __future__ import annotations

import json
import time

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import override_settings

from warta.alerts import services
from warta.alerts.models import Alert, PushSubscription
from warta.alerts.push import Outcome, ProcessPusher, Pusher, Target, make_pusher
from warta.alerts.tests.pushservice import BrowserKeys, PushService
from warta.alerts.vapid import b64url_decode, vapid_keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    with PushService() as running:
        yield running


def subscribe(site, browser: BrowserKeys, **fields) -> PushSubscription:
    return PushSubscription.objects.create(
        site=site, endpoint=browser.endpoint, p256dh=browser.p256dh, auth=browser.auth, **fields
    )


def verify_vapid(authorization: str, audience: str) -> dict:
    """The `vapid t=<JWT>,k=<key>` header: k is our public key, the ES256 signature verifies
    with it, and the claims name the push service's origin, our contact and a future expiry."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in params.split(","))
    keys = vapid_keys()
    assert fields["k"] == keys.public_key
    header, claims, signature = fields["t"].split(".")
    raw = b64url_decode(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), b64url_decode(keys.public_key)
    )
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):  # and a changed claim does not
        public.verify(der, f"{header}.{claims}x".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(b64url_decode(header)) == {"typ": "JWT", "alg": "ES256"}
    decoded = json.loads(b64url_decode(claims))
    assert decoded["aud"] == audience
    assert decoded["sub"].startswith("mailto:")
    assert decoded["exp"] > time.time() + 3600
    return decoded


def test_an_editors_alert_reaches_every_subscription_encrypted_and_signed(
    network, people, service, django_capture_on_commit_callbacks
):
    jatim = network["sites"]["jatim"]
    readers = [BrowserKeys(service.url(f"/push/{n}")) for n in range(3)]
    gone = BrowserKeys(service.url("/gone/1"))
    missing = BrowserKeys(service.url("/missing/1"))
    broken = BrowserKeys(service.url("/broken/1"))
    for browser in [*readers, gone, missing, broken]:
        subscribe(jatim, browser)
    elsewhere = subscribe(network["sites"]["bali"], BrowserKeys(service.url("/push/bali")))
    no_breaking = subscribe(jatim, BrowserKeys(service.url("/push/quiet")), breaking=False)

    with django_capture_on_commit_callbacks(execute=True):
        alert = services.send_alert(
            people["editor"], network["story"], "BANJIR: Surabaya", "Lima kecamatan tergenang."
        )

    alert.refresh_from_db()
    assert (alert.delivered, alert.expired, alert.failed) == (3, 2, 1)
    assert alert.state == Alert.State.DONE and alert.cursor == alert.last_subscription
    by_path = {r.path: r for r in service.received}
    assert set(by_path) == {"/push/0", "/push/1", "/push/2", "/gone/1", "/missing/1", "/broken/1"}
    for browser in readers:
        pushed = by_path[browser.endpoint.removeprefix(service.origin)]
        assert pushed.headers["content-encoding"] == "aes128gcm"
        assert pushed.headers["urgency"] == "high"
        assert int(pushed.headers["ttl"]) > 0
        assert pushed.headers["topic"] == f"alert-{alert.pk}"
        verify_vapid(pushed.headers["authorization"], service.origin)
        message = json.loads(browser.decrypt(pushed.body))
        assert message["title"] == "BANJIR: Surabaya"
        assert message["body"] == "Lima kecamatan tergenang."
        assert message["url"] == "berita/banjir-besar-melanda-surabaya/"
        assert message["tag"] == f"alert-{alert.pk}"
        with pytest.raises(Exception):  # noqa: B017,PT011 - another browser's keys cannot read it
            readers[0 if browser is not readers[0] else 1].decrypt(pushed.body)
    # 404 and 410: the subscription is gone; a 500 is counted and kept for next time.
    remaining = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert gone.endpoint not in remaining and missing.endpoint not in remaining
    assert PushSubscription.objects.get(endpoint=broken.endpoint).failures == 1
    assert PushSubscription.objects.get(endpoint=readers[0].endpoint).last_success is not None
    assert {elsewhere.endpoint, no_breaking.endpoint} <= remaining


def test_a_channel_or_region_subscription_gets_its_alerts(network, people, service):
    jatim, national = network["sites"]["jatim"], network["national"]
    channel = subscribe(
        jatim, BrowserKeys(service.url("/push/channel")), breaking=False, channel="berita"
    )
    region = subscribe(
        national, BrowserKeys(service.url("/push/region")), breaking=False, region="jatim"
    )
    other_region = subscribe(
        national, BrowserKeys(service.url("/push/bali")), breaking=False, region="bali"
    )
    alert = services.send_alert(people["editor"], network["story"], "Banjir", "")
    services.fan_out_alert(alert.pk)
    paths = {r.path for r in service.received}
    assert paths == {"/push/channel", "/push/region"}
    assert other_region.pk and channel.pk and region.pk


def test_a_stopped_send_resumes_after_its_last_finished_batch(network, people, service):
    jatim = network["sites"]["jatim"]
    for n in range(7):
        subscribe(jatim, BrowserKeys(service.url(f"/push/{n}")))
    alert = services.send_alert(people["editor"], network["story"], "Banjir", "")
    with Pusher(ttl=60, workers=3) as pusher:
        stopped = services.fan_out_alert(alert.pk, pusher=pusher, batch=3, stop_after=1)
    assert stopped.state == Alert.State.SENDING and stopped.delivered == 3
    late = subscribe(jatim, BrowserKeys(service.url("/push/late")))  # after the send began
    finished = services.fan_out_alert(alert.pk, batch=3)
    again = services.fan_out_alert(alert.pk)  # a second run of the task: nothing more
    paths = [r.path for r in service.received]
    assert sorted(paths) == sorted(f"/push/{n}" for n in range(7))  # once each, none skipped
    assert late.endpoint.removeprefix(service.origin) not in paths
    assert (finished.delivered, finished.state) == (7, Alert.State.DONE)
    assert again.delivered == 7


@override_settings(WARTA_ALERTS_WORKERS=4)
def test_the_task_runs_the_fan_out(network, people, service):
    from warta.alerts.tasks import fan_out_alert_task

    subscribe(network["sites"]["jatim"], BrowserKeys(service.url("/push/1")))
    alert = services.send_alert(people["editor"], network["story"], "Banjir", "")
    result = fan_out_alert_task.enqueue(alert_id=alert.pk)
    assert result.return_value == {"delivered": 1, "expired": 0, "failed": 0}


def test_a_fan_out_over_processes_sends_the_same(network, people, service):
    jatim = network["sites"]["jatim"]
    browsers = [BrowserKeys(service.url(f"/push/{n}")) for n in range(5)]
    for browser in browsers:
        subscribe(jatim, browser)
    subscribe(jatim, BrowserKeys(service.url("/gone/1")))
    alert = services.send_alert(people["editor"], network["story"], "Banjir", "Siaga satu.")
    with make_pusher(ttl=60, workers=2, processes=2) as pusher:
        assert isinstance(pusher, ProcessPusher)
        done = services.fan_out_alert(alert.pk, pusher=pusher, batch=4)
    assert (done.delivered, done.expired, done.failed) == (5, 1, 0)
    by_path = {r.path: r for r in service.received}
    assert len(service.received) == 6
    for n, browser in enumerate(browsers):
        assert json.loads(browser.decrypt(by_path[f"/push/{n}"].body))["body"] == "Siaga satu."


class CrashingPusher(Pusher):
    """Sends its second batch, then dies before the fan-out can store it (a worker killed)."""

    batches = 0

    def send_all(self, targets, payload, topic):
        results = super().send_all(targets, payload, topic)
        self.batches += 1
        if self.batches == 2:
            raise SystemExit("killed")
        return results


def test_a_crash_mid_batch_resends_only_that_batch_as_the_same_alert(network, people, service):
    jatim = network["sites"]["jatim"]
    for n in range(6):
        subscribe(jatim, BrowserKeys(service.url(f"/push/{n}")))
    alert = services.send_alert(people["editor"], network["story"], "Banjir", "")
    with CrashingPusher(ttl=60, workers=2) as pusher, pytest.raises(SystemExit):
        services.fan_out_alert(alert.pk, pusher=pusher, batch=2)
    assert Alert.objects.get(pk=alert.pk).delivered == 2  # the first batch only was stored
    done = services.fan_out_alert(alert.pk, batch=2)
    paths = [r.path for r in service.received]
    # Never skipped; only the batch in flight at the crash went twice, as the same alert:
    # one Topic (the push service keeps the newest undelivered copy) and one tag (the
    # browser replaces the notification it shows), so the reader sees it once.
    assert sorted(set(paths)) == sorted(f"/push/{n}" for n in range(6))
    twice = sorted(p for p in set(paths) if paths.count(p) == 2)
    assert twice == ["/push/2", "/push/3"] and len(paths) == 8
    assert {r.headers["topic"] for r in service.received} == {f"alert-{alert.pk}"}
    assert done.delivered == 6 and done.state == Alert.State.DONE


def test_a_push_never_reaches_an_inside_address_whatever_dns_says_now(service, monkeypatch):
    """Subscribed when its name resolved to a public address, the push service's name now
    resolves inside the network (DNS rebinding): the push is refused before any connection."""
    from warta.core.security import outbound

    port = service.origin.rsplit(":", 1)[1].rstrip("/")
    browser = BrowserKeys(f"http://push.example:{port}/push/rebound")
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    target = Target(1, browser.endpoint, browser.p256dh, browser.auth)
    with Pusher(ttl=60, workers=1, public_only=True) as pusher:
        assert pusher.send_all([target], "{}", "t") == [(1, Outcome.FAILED)]
    direct = BrowserKeys(service.url("/push/direct"))  # 127.0.0.1 itself: refused as well
    with Pusher(ttl=60, workers=1, public_only=True) as pusher:
        outcome = pusher.send(Target(2, direct.endpoint, direct.p256dh, direct.auth), "{}", "t")
    assert outcome == Outcome.FAILED
    assert service.received == []
    # Where local endpoints are allowed (tests, development), the same address is reached.
    with Pusher(ttl=60, workers=1) as pusher:
        assert pusher.send(Target(2, direct.endpoint, direct.p256dh, direct.auth), "{}", "t") == (
            Outcome.DELIVERED
        )
    assert [r.path for r in service.received] == ["/push/direct"]
