"""Breaking-news alerts in chromium: the opt-in appears only after the reader's second story,
never on arrival and not again after "Nanti saja"; "Izinkan" registers the service worker at
the site's root and subscribes; a push delivered to it through the DevTools Protocol
(ServiceWorker.deliverPushMessage: headless chromium has no push service of its own) shows the
notification, and a click on it opens the story."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import shot, shots_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ASK = "Dapatkan peringatan berita terkini?"
NOTIFICATIONS = """() => navigator.serviceWorker.getRegistration('/')
  .then(r => r.getNotifications())
  .then(ns => ns.map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url})))"""
SUBSCRIBE = """(subscription) => fetch('/peringatan/kunci/').then(r => r.json()).then(keys =>
  fetch('/peringatan/langganan/', {method: 'POST', body: JSON.stringify(subscription),
    headers: {'Content-Type': 'application/json', 'X-CSRFToken': keys.csrf}}))
  .then(r => r.json().then(body => ({status: r.status, body})))"""


@pytest.fixture
def stories(live_server, site, channel):
    from warta.articles.tests.factories import ArticlePageFactory

    titles = [
        "Gempa magnitudo 6,1 guncang Laut Banda",
        "Harga beras turun di Pasar Induk Cipinang",
        "Timnas menang 2-0 atas Vietnam",
    ]
    return [ArticlePageFactory(parent=channel, title=title) for title in titles]


def prompt(page):
    return page.locator(".alerts-prompt")


def read(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_prompt_comes_after_the_second_story_and_not_after_nanti_saja(
    browser, live_server, stories
):
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    read(page, base + "/")  # arrival on the front page: nothing
    expect(prompt(page)).to_have_count(0)
    read(page, base + stories[0].url)  # the first story: nothing
    page.wait_for_timeout(300)
    expect(prompt(page)).to_have_count(0)
    read(page, base + stories[0].url)  # the same story again is not a second story
    expect(prompt(page)).to_have_count(0)
    read(page, base + stories[1].url)  # the second story: the offer
    expect(prompt(page)).to_be_visible()
    expect(prompt(page)).to_contain_text(ASK)
    expect(prompt(page)).to_have_attribute("role", "region")
    assert page.get_by_role("button", name="Izinkan").is_visible()
    # The reader chooses what to get: every breaking alert of the site, or the story's channel.
    everything = page.get_by_label("Semua berita penting Warta")
    expect(everything).to_be_checked()
    assert page.evaluate("wartaAlerts.chosenTopics()") == {"breaking": True}
    page.get_by_label("Hanya berita kanal Internasional").check()
    assert page.evaluate("wartaAlerts.chosenTopics()") == {
        "breaking": False,
        "channel": "internasional",
    }
    shot(page, shots_folder() / "25-alerts-prompt-390.png")
    page.get_by_role("button", name="Nanti saja").click()
    expect(prompt(page)).to_have_count(0)
    read(page, base + stories[2].url)  # a third story: not again for days
    page.wait_for_timeout(300)
    expect(prompt(page)).to_have_count(0)

    desktop = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    read(desktop, base + stories[0].url)
    read(desktop, base + stories[1].url)
    expect(prompt(desktop)).to_be_visible()
    shot(desktop, shots_folder() / "25-alerts-prompt-1366.png")


def registrations(session) -> dict[str, str]:
    """scopeURL -> registrationId, from the DevTools Protocol's ServiceWorker domain."""
    found: dict[str, str] = {}
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update(
            {r["scopeURL"]: r["registrationId"] for r in event["registrations"]}
        ),
    )
    session.send("ServiceWorker.enable")
    return found


def test_izinkan_subscribes_and_a_push_shows_the_alert_that_opens_the_story(
    browser, live_server, stories
):
    from warta.alerts import services
    from warta.alerts.models import PushSubscription
    from warta.alerts.tests.factories import AlertFactory
    from warta.alerts.tests.pushservice import BrowserKeys

    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, permissions=["notifications"]
    )
    page = context.new_page()
    refusals: list[str] = []
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    read(page, base + stories[0].url)
    read(page, base + stories[1].url)
    page.get_by_role("button", name="Izinkan").click()
    # Subscribing needs a push service; headless chromium has none, so the prompt says it
    # could not, or (a browser with one) that alerts are on. The worker is registered either way.
    page.wait_for_function(
        "navigator.serviceWorker.getRegistration('/').then(r => !!(r && r.active))",
        timeout=15000,
    )
    expect(prompt(page)).to_contain_text(
        re.compile("Peringatan berita aktif|Peringatan tidak bisa diaktifkan"), timeout=15000
    )
    shot(page, shots_folder() / "25-alerts-after-izinkan-390.png")
    if not PushSubscription.objects.exists():
        # No push service here: post what a browser with one would, from the page, through
        # the same key, token and address the script uses (CSP connect-src, CSRF).
        posted = page.evaluate(SUBSCRIBE, BrowserKeys("https://127.0.0.1:8443/push/1").as_json())
        assert posted == {"status": 201, "body": {"ok": True}}
    assert PushSubscription.objects.get().site.is_default_site
    assert not refusals, refusals

    session = context.new_cdp_session(page)
    found = registrations(session)
    deadline = time.time() + 5
    while base + "/" not in found and time.time() < deadline:
        page.wait_for_timeout(100)
    registration_id = found[base + "/"]

    story = stories[2]
    alert = AlertFactory(
        title="GEMPA: Laut Banda",
        body="Magnitudo 6,1, tidak berpotensi tsunami.",
        url=story.url.lstrip("/"),
        story=story,
    )
    session.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": base, "registrationId": registration_id, "data": services.payload(alert)},
    )
    shown = None
    deadline = time.time() + 10
    while not shown and time.time() < deadline:
        page.wait_for_timeout(200)
        shown = page.evaluate(NOTIFICATIONS)
    assert shown == [
        {
            "title": "GEMPA: Laut Banda",
            "body": "Magnitudo 6,1, tidak berpotensi tsunami.",
            "tag": f"alert-{alert.pk}",
            "url": base + story.url,
        }
    ]
    # A click on it opens the story. Chromium lets only its own notification UI open a
    # window (clients.openWindow refuses a click a script dispatches, and headless has no
    # notification UI to click), so the reader's open window of the site goes to the story.
    worker = context.service_workers[0]
    assert worker.url == base + "/sw.js"
    worker.evaluate(
        """() => self.registration.getNotifications().then(ns => self.dispatchEvent(
             new NotificationEvent('notificationclick', {notification: ns[0]})))"""
    )
    page.wait_for_url(base + story.url, timeout=10000)
    expect(page.locator("h1")).to_contain_text(story.title)
    assert page.evaluate(NOTIFICATIONS) == []  # the click closed the notification


def test_an_editor_sends_an_alert_from_the_story_with_a_preview(browser, live_server, stories):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.browser.helpers import DESKTOP, PASSWORD, PHONE, sign_in
    from warta.alerts.models import Alert
    from warta.newsroom.roles import EDITOR, setup_roles

    setup_roles()
    editor = get_user_model().objects.create_user("anisa", password=PASSWORD, first_name="Anisa")
    editor.groups.add(Group.objects.get(name=EDITOR))
    story = stories[0]
    base = live_server.url
    for name, viewport in [("390", PHONE), ("1366", {**DESKTOP, "width": 1366})]:
        page = sign_in(browser, base, "anisa", viewport=viewport)
        page.goto(f"{base}/admin/pages/{story.pk}/edit/")
        # The story editor's header menu ("Tindakan") has "Kirim peringatan".
        page.locator("#w-slim-header-buttons [data-w-dropdown-target=toggle]").click()
        page.locator(f"a[href='/admin/peringatan/{story.pk}/']").click()
        page.wait_for_url(f"{base}/admin/peringatan/{story.pk}/")
        expect(page.locator("[data-alert-preview]")).to_contain_text(story.title)
        page.get_by_label("Judul peringatan").fill("GEMPA: Laut Banda, tidak berpotensi tsunami")
        page.get_by_role("button", name="Perbarui pratinjau").click()
        expect(page.locator("[data-alert-preview]")).to_contain_text("tidak berpotensi tsunami")
        shot(page, shots_folder() / f"25-alerts-send-{name}.png", full_page=True)
    page.get_by_role("button", name="Kirim sekarang").click()
    expect(page.locator(".messages")).to_contain_text("dikirim ke pembaca")
    assert Alert.objects.get().title == "GEMPA: Laut Banda, tidak berpotensi tsunami"
