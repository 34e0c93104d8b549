"""The counting beacon in chromium (warta/analytics/static/analytics/beacon.js), on
Playwright's clock: a story page sends one view; engaged-time pings come every 15 s while the
tab is visible and the reader active, none while hidden or idle, none at all with Do Not
Track or Global Privacy Control; nothing is stored in the browser; the roll-up then moves the
story's "readers now" and engaged time."""

from __future__ import annotations

import json
import threading

import pytest

from warta.analytics.tests.factories import BROWSER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what the page hands to sendBeacon (then sends it as usual), so a test reads exactly
# what left the page, in order, without waiting on the network.
SPY = """(() => {
  const send = navigator.sendBeacon.bind(navigator);
  window.__sent = [];
  navigator.sendBeacon = (url, body) => {
    window.__sent.push([url, body]);
    return send(url, body);
  };
})()"""
HIDE = """(state) => {
  Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
  document.dispatchEvent(new Event('visibilitychange'));
}"""

STORED = "[...Object.keys(localStorage), ...Object.keys(sessionStorage)].sort()"


@pytest.fixture
def story(channel):
    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body

    text = "Warga pesisir utara Jakarta kembali menghadapi banjir rob pagi ini. " * 12
    return ArticlePageFactory(
        parent=channel, title="Banjir rob di pesisir", body=paragraph_body(*[text] * 12)
    )


class Arrivals:
    """Events the live server's beacon view kept (it runs in a thread of this process)."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def wait_for(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count >= count, timeout=10), self.count


@pytest.fixture
def arrivals(monkeypatch):
    from warta.analytics import buffer

    seen = Arrivals()
    add = buffer.add

    def counted(event):
        add(event)
        with seen.changed:
            seen.count += 1
            seen.changed.notify_all()

    monkeypatch.setattr(buffer, "add", counted)
    return seen


def open_story(browser, url: str, *, init: str = ""):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=BROWSER, has_touch=True
    )
    context.add_init_script(SPY + init)
    page = context.new_page()
    page.clock.install()
    page.goto(url)
    page.wait_for_function("window.__sent.length > 0")  # the deferred script ran
    return context, page


def sent(page) -> list[dict]:
    bodies = page.evaluate(
        "Promise.all(window.__sent.map(([url, body]) =>"
        " body.text().then(text => [url, text, body.type])))"
    )
    for url, _text, kind in bodies:
        assert url.endswith("/_e") and kind == "text/plain"
    return [json.loads(text) for _url, text, _kind in bodies]


def pings(page) -> list[dict]:
    return [event for event in sent(page) if event["k"] == "p"]


def active_for(page, seconds: int, every: int = 5) -> None:
    """The reader moves the pointer once every few seconds (the tab visible)."""
    for step in range(seconds // every):
        page.mouse.move(50 + step % 7, 300 + step % 5)
        page.clock.run_for(every * 1000)


def test_a_story_sends_one_view_then_pings_while_visible_and_active(
    browser, live_server, site, story
):
    context, page = open_story(browser, f"{live_server.url}{story.url}")
    assert sent(page) == [{"k": "v", "r": "", "s": site.pk, "a": story.pk}]
    stored = page.evaluate(STORED)
    assert not [key for key in stored if "analytic" in key or "beacon" in key]
    active_for(page, 45)
    first = pings(page)
    assert [p["e"] for p in first] == [15, 15, 15]
    assert all(p["s"] == site.pk and p["a"] == story.pk for p in first)
    # Scrolling to the end: the next ping carries the increase of the deepest point reached.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    active_for(page, 15)
    scrolled = pings(page)
    assert len(scrolled) == 4 and scrolled[-1]["d"] > 0
    assert sum(p["d"] for p in scrolled) == 100
    # An idle reader (visible tab, no input for more than 15 s) adds nothing.
    page.clock.run_for(60_000)
    assert len(pings(page)) == 4
    # Hidden: the seconds since the last ping go out at once, then nothing while hidden.
    active_for(page, 5)
    page.evaluate(HIDE, "hidden")
    assert [p["e"] for p in pings(page)][4:] == [5]
    page.mouse.move(10, 10)
    page.clock.run_for(120_000)
    assert len(pings(page)) == 5
    # Back on the tab: counting starts again from that moment, not from when it was hidden.
    page.evaluate(HIDE, "visible")
    active_for(page, 15)
    engaged = [p["e"] for p in pings(page)]
    assert engaged == [15, 15, 15, 15, 5, 15]
    assert context.cookies() == []  # sendBeacon's answers set none
    # Other scripts keep their own keys (alerts.js counts stories read); counting keeps none.
    assert page.evaluate(STORED) == stored


def test_counted_reads_move_readers_now_and_engaged_time(
    browser, live_server, site, story, arrivals
):
    from warta.analytics.models import DAY, STORY, Stat
    from warta.analytics.queries import readers_now_of_stories
    from warta.analytics.tests.factories import roll

    assert readers_now_of_stories([story.pk]) == {}
    context, page = open_story(browser, f"{live_server.url}{story.url}")
    active_for(page, 30)
    assert [p["e"] for p in pings(page)] == [15, 15]
    arrivals.wait_for(3)
    roll()
    assert readers_now_of_stories([story.pk]) == {story.pk: 1}
    day = Stat.objects.get(grain=DAY, dimension=STORY, key=story.pk)
    assert (day.views, day.visitors, day.pings, day.engaged_seconds) == (1, 1, 2, 30)
    assert context.cookies() == []


@pytest.mark.parametrize(
    "refusal",
    [
        "Object.defineProperty(navigator, 'doNotTrack', {get: () => '1'})",
        "Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})",
    ],
    ids=["dnt", "gpc"],
)
def test_do_not_track_and_gpc_send_the_view_only(browser, live_server, site, story, refusal):
    context, page = open_story(browser, f"{live_server.url}{story.url}", init=f";{refusal};")
    active_for(page, 60)
    page.evaluate(HIDE, "hidden")
    assert [e["k"] for e in sent(page)] == ["v"]
    assert context.cookies() == []


def test_pings_stop_after_thirty_minutes_on_one_page(browser, live_server, site, story):
    context, page = open_story(browser, f"{live_server.url}{story.url}")
    active_for(page, 35 * 60, every=15)  # a move just before each tick: still active
    assert len(pings(page)) == 120  # 30 minutes of 15-second pings
    page.evaluate(HIDE, "hidden")
    page.evaluate(HIDE, "visible")
    active_for(page, 60)
    assert len(pings(page)) == 120


def test_other_pages_send_story_zero_and_lite_pages_have_no_script(
    browser, live_server, site, channel, client
):
    context, page = open_story(browser, f"{live_server.url}{channel.url}")
    assert sent(page) == [{"k": "v", "r": "", "s": site.pk, "a": 0}]
    lite = client.get(f"/lite{channel.url}").content.decode()
    assert "beacon.js" not in lite


@pytest.mark.parametrize("width", [390, 1366])
def test_counting_changes_nothing_on_screen(browser, live_server, site, story, width):
    """A story looks the same with the beacon as without it (the screenshots are equal), and
    /privasi/ shows "Yang kami hitung"; both shot for the notes."""
    from tests.browser.helpers import shot, shots_folder
    from warta.network.models import TrustPage
    from warta.network.tests.factories import TrustPageFactory

    folder = shots_folder() / "an-reader"
    folder.mkdir(exist_ok=True)
    viewport = {"width": width, "height": 844 if width < 500 else 900}
    shots = []
    for beacon in (True, False):
        context = browser.new_context(viewport=viewport, user_agent=BROWSER, has_touch=width < 500)
        if not beacon:
            context.route("**/analytics/beacon.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{live_server.url}{story.url}")
        page.wait_for_load_state("networkidle")
        loaded = page.evaluate("!!document.querySelector('script[src*=\"analytics/beacon.js\"]')")
        assert loaded
        shots.append(page.screenshot(animations="disabled", full_page=True))
        if beacon:
            shot(page, folder / f"story-{width}.png")
        context.close()
    assert shots[0] == shots[1], "the beacon changed what the story shows"

    TrustPageFactory(
        parent=site.root_page,
        kind=TrustPage.PRIVASI,
        title="Kebijakan Privasi",
        lead="Apa yang disimpan Warta tentang Anda, dan apa yang tidak.",
        body="<h2>Tanpa akun</h2><p>Anda dapat membaca semua berita tanpa akun.</p>",
    )
    page = browser.new_context(viewport=viewport, user_agent=BROWSER).new_page()
    page.goto(f"{live_server.url}/privasi/")
    heading = page.get_by_role("heading", name="Yang kami hitung")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    shot(page, folder / f"privasi-{width}.png", full_page=True)
