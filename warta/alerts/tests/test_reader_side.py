"""The reader's side: the service worker at the site's root, the manifest and icons for the
home screen, the head links and the opt-in script on cached pages (none in the lite edition),
and subscribe / unsubscribe: CSRF-checked JSON, refused with a 400 that says what is wrong."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings

from warta.alerts.models import PushSubscription
from warta.alerts.tests.pushservice import BrowserKeys
from warta.alerts.vapid import vapid_keys
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db
# An https push service the tests' outbound allow list lets through without a DNS lookup.
GOOD = "https://127.0.0.1:8443/fcm/send/abc123"


@pytest.fixture
def story(channel):
    return ArticlePageFactory(parent=channel, title="Gempa di Laut Banda")


def post_json(client: Client, url: str, data) -> object:
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type="application/json")


def test_the_service_worker_is_served_at_the_root_as_javascript(client, site):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    assert "showNotification" in source and "notificationclick" in source
    assert "openWindow" in source


def test_a_regional_site_by_path_has_its_own_worker_and_manifest(client, site):
    from warta.network.services import RegionSpec, provision_site

    provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    assert client.get("/r/jatim/sw.js").status_code == 200
    manifest = client.get("/r/jatim/manifest.webmanifest").json()
    assert manifest["name"] == "Warta Jatim"
    assert manifest["start_url"] == manifest["scope"] == "/r/jatim/"
    assert manifest["icons"][0]["src"].startswith("/r/jatim/peringatan/ikon/")


def test_the_manifest_names_the_site_in_its_colour(client, site):
    SiteSettings.objects.update_or_create(site=site, defaults={"primary_colour": "#0a5c36"})
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] == site.site_name
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#0a5c36"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    icon = client.get(manifest["icons"][1]["src"])
    assert icon["Content-Type"] == "image/png" and icon.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/peringatan/ikon/64.png").status_code == 404


def test_pages_link_the_manifest_and_load_the_opt_in_script_lite_does_not(client, story):
    html = client.get(story.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    assert soup.find("link", rel="apple-touch-icon")
    assert soup.find("meta", attrs={"name": "apple-mobile-web-app-capable"})["content"] == "yes"
    script = soup.find("script", src=lambda s: s and s.endswith("alerts/alerts.js"))
    assert script["data-ask"] == "Dapatkan peringatan berita terkini?"
    assert (script["data-allow"], script["data-later"]) == ("Izinkan", "Nanti saja")
    assert script.has_attr("defer")
    # The same page for every reader: a second request is a cache hit with the same body.
    again = client.get(story.url)
    assert again.content.decode() == html
    lite = client.get("/lite" + story.url).content.decode()
    assert "alerts.js" not in lite and "manifest.webmanifest" not in lite


def test_the_english_edition_asks_in_english(client, story):
    soup = BeautifulSoup(client.get("/en" + story.url).content, "html.parser")
    script = soup.find("script", src=lambda s: s and s.endswith("alerts/alerts.js"))
    assert script["data-ask"] == "Get breaking news alerts?"
    assert (script["data-allow"], script["data-later"]) == ("Allow", "Not now")


def test_subscribe_needs_the_csrf_token_the_keys_address_gives(site):
    client = Client(enforce_csrf_checks=True)
    browser = BrowserKeys(GOOD)
    refused = post_json(client, "/peringatan/langganan/", browser.as_json())
    assert refused.status_code == 403
    keys = client.get("/peringatan/kunci/")
    assert "no-store" in keys["Cache-Control"]
    assert keys.json()["publicKey"] == vapid_keys().public_key
    response = client.post(
        "/peringatan/langganan/",
        json.dumps(browser.as_json(breaking=True, channel="ekonomi")),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=keys.json()["csrf"],
    )
    assert response.status_code == 201, response.content
    subscription = PushSubscription.objects.get()
    assert (subscription.endpoint, subscription.site, subscription.channel) == (
        GOOD,
        site,
        "ekonomi",
    )
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, browser.auth)


def test_subscribing_again_updates_the_one_row_and_unsubscribe_removes_it(client, site):
    browser = BrowserKeys(GOOD)
    assert post_json(client, "/peringatan/langganan/", browser.as_json()).status_code == 201
    data = browser.as_json(breaking=False, region="jatim")
    assert post_json(client, "/peringatan/langganan/", data).status_code == 201
    assert PushSubscription.objects.get().region == "jatim"
    response = post_json(client, "/peringatan/berhenti/", {"endpoint": GOOD})
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


def _with(data: dict, **changes) -> dict:
    copy = json.loads(json.dumps(data))
    for path, value in changes.items():
        target = copy
        *parents, last = path.split("__")
        for name in parents:
            target = target[name]
        target[last] = value
    return copy


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: "{not json", "harus JSON"),
        (lambda d: [d], "objek JSON"),
        (lambda d: _with(d, endpoint=""), "endpoint wajib"),
        (lambda d: _with(d, endpoint=None), "endpoint wajib"),
        (lambda d: _with(d, endpoint="http://push.example/x"), "https"),
        (lambda d: _with(d, endpoint="ftp://push.example/x"), "https"),
        (lambda d: _with(d, endpoint="http://127.0.0.2:9/x"), "https"),
        (lambda d: _with(d, endpoint="https://10.1.2.3/x"), "tidak diizinkan"),
        (lambda d: _with(d, endpoint="https://" + "a" * 1000 + ".example/"), "terlalu panjang"),
        (lambda d: _with(d, keys="x"), "keys wajib"),
        (lambda d: _with(d, keys__p256dh="AAAA"), "65 byte"),
        (lambda d: _with(d, keys__p256dh="BA" + "A" * 85), "kunci publik P-256"),
        (lambda d: _with(d, keys__p256dh="<script>"), "base64url"),
        (lambda d: _with(d, keys__auth="AAAA"), "16 byte"),
        (lambda d: _with(d, keys__auth=None), "base64url"),
        (lambda d: _with(d, topics={"semua": True}), "tidak dikenal"),
        (lambda d: _with(d, topics={"breaking": "ya"}), "true atau false"),
        (lambda d: _with(d, topics={"channel": "../admin"}), "slug"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_clear_400(client, site, mutate, message):
    response = post_json(client, "/peringatan/langganan/", mutate(BrowserKeys(GOOD).as_json()))
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


@override_settings(WARTA_ALERTS_LOCAL_ENDPOINTS=False, DEBUG=False)
def test_a_local_push_service_only_in_debug_or_tests(client, site):
    data = BrowserKeys("http://127.0.0.1:8123/push/1").as_json()
    response = post_json(client, "/peringatan/langganan/", data)
    assert response.status_code == 400 and "https" in response.json()["error"]


@override_settings(
    WARTA_ALERTS_LOCAL_ENDPOINTS=False, DEBUG=False, WARTA_OUTBOUND_ALLOW=["127.0.0.1:8443"]
)
def test_the_wire_feeds_allow_list_never_lets_a_push_endpoint_inside_the_network(client, site):
    # A host the wire pulls may reach (found by a hostile review in the demo) is not a push
    # service: the fan-out would POST to it.
    response = post_json(client, "/peringatan/langganan/", BrowserKeys(GOOD).as_json())
    assert response.status_code == 400 and "alamat publik" in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_subscribe_answers_only_post(client, site):
    assert client.get("/peringatan/langganan/").status_code == 405


@override_settings(WARTA_ALERTS_SUBSCRIBE_RATE=3)
def test_one_address_may_not_flood_the_subscriptions(client, site):
    for n in range(3):
        data = BrowserKeys(f"{GOOD}/{n}").as_json()
        assert post_json(client, "/peringatan/langganan/", data).status_code == 201
    refused = post_json(client, "/peringatan/langganan/", BrowserKeys(f"{GOOD}/x").as_json())
    assert refused.status_code == 429 and "Terlalu banyak" in refused.json()["error"]
    assert PushSubscription.objects.count() == 3
