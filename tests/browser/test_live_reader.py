"""A live story in a reader's browser: an editor posts while the reader is scrolled into the
posts; within the poll interval a "1 pembaruan baru" button appears and nothing on the page
moves; a tap shows the post. A finished story, or a reader saving data, never polls."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/notes/shots")


def shoot(page, name: str, *, full_page: bool = False) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"24-reader-{name}.png"), full_page=full_page)


@pytest.fixture
def editor(django_user_model, site):
    from warta.newsroom.roles import EDITOR, setup_roles

    setup_roles()
    user = django_user_model.objects.create_user("redaktur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def live_story(channel, *, posts: int = 8, title: str = "Live: Hitung cepat Pemilu 2029", **fields):
    from warta.live.models import LivePost
    from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body

    story = LiveStoryPageFactory(
        parent=channel,
        title=title,
        summary="Hasil hitung cepat dari lembaga survei dan rekapitulasi KPU, diperbarui terus.",
        **fields,
    )
    start = timezone.now() - timedelta(hours=3)
    texts = [
        "TPS di Surabaya mulai dibuka; antrean pemilih mengular sejak pukul 06.00.",
        "KPU memastikan logistik tiba di seluruh kecamatan di Nusa Tenggara Timur.",
        "Hujan deras di Bekasi, sebagian TPS dipindahkan ke aula kelurahan.",
        "Penghitungan suara dimulai serentak pukul 13.00 WIB.",
        "Lembaga survei pertama merilis hasil hitung cepat dengan data masuk 40 persen.",
        "Bawaslu menerima 12 laporan dugaan pelanggaran di Jawa Barat.",
        "Data masuk hitung cepat mencapai 80 persen; selisih suara tetap stabil.",
        "Kedua kubu meminta pendukung menunggu hasil resmi KPU.",
    ]
    for n in range(posts):
        LivePostFactory(
            story=story,
            title="Hitung cepat dirilis" if n == 4 else "",
            body=text_body(texts[n % len(texts)] + " " + "Laporan lengkap menyusul. " * 3),
            posted_at=start + timedelta(minutes=20 * n),
            key_event=n in (0, 3, 4),
            pinned=n == 6,
            state=LivePost.State.PUBLISHED,
        )
    return story


def updates_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/updates/" in r.url else None)
    return seen


def test_a_new_post_shows_a_button_without_moving_the_page(browser, live_server, channel, editor):
    from warta.live import services
    from warta.live.tests.factories import text_body

    story = live_story(channel, poll_seconds=1)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    polls = updates_requests(page)
    page.goto(f"{live_server.url}{story.url}")
    shoot(page, "390-top")
    shoot(page, "390-full", full_page=True)
    expect(page.locator(".live-reload")).to_be_hidden()  # the script polls: no need for it
    # The reader is reading the third post of the stream.
    third = page.locator(".live-stream > .live-post").nth(2)
    third.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120)")
    before = page.evaluate("scrollY")
    top_before = third.evaluate("el => el.getBoundingClientRect().top")
    assert before > 500

    post = services.add_post(
        story, user=editor, body=text_body("KPU: rekapitulasi nasional dimulai besok pagi.")
    ).post
    button = page.locator(".live-new")
    expect(button).to_have_text("1 pembaruan baru", timeout=5000)
    expect(button).to_be_in_viewport()
    assert page.evaluate("scrollY") == before
    assert third.evaluate("el => el.getBoundingClientRect().top") == top_before
    assert page.locator(f"#{post.anchor}").count() == 0  # not inserted under the reader
    assert page.locator(".live-new-wrap").get_attribute("aria-live") == "polite"
    assert polls and all(url.endswith(f"/live/{story.pk}/updates/") for url in polls)
    shoot(page, "390-button")

    button.click()
    expect(page.locator(f"#{post.anchor}")).to_be_in_viewport()
    expect(page.locator(f"#{post.anchor}")).to_contain_text("rekapitulasi nasional")
    expect(button).to_be_hidden()
    first_in_stream = page.locator(".live-stream > .live-post").first
    assert first_in_stream.get_attribute("id") == post.anchor
    shoot(page, "390-after-click")

    # A correction of a post on screen applies in place, without moving the page.
    services.correct_post(
        post, user=editor, body=text_body("KPU: rekapitulasi nasional dimulai lusa."), note="Jadwal"
    )
    expect(page.locator(f"#{post.anchor} .live-post__corrected")).to_be_visible(timeout=5000)
    expect(page.locator(f"#{post.anchor}")).to_contain_text("dimulai lusa")
    expect(button).to_be_hidden()

    # A post above the one being read is deleted: it goes, and the one being read stays put,
    # also in a browser without scroll anchoring (Safari): live.js keeps it in place itself.
    page.add_style_tag(content="* { overflow-anchor: none !important; }")
    from warta.live.models import LivePost

    stream = page.locator(".live-stream > .live-post")
    reading = page.locator("#" + stream.nth(4).get_attribute("id"))
    reading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 150)")
    reading_top = reading.evaluate("el => el.getBoundingClientRect().top")
    above = LivePost.objects.get(pk=int(stream.nth(1).get_attribute("id").split("-")[1]))
    services.delete_post(above, user=editor)
    expect(page.locator(f"#{above.anchor}")).to_have_count(0, timeout=5000)
    assert abs(reading.evaluate("el => el.getBoundingClientRect().top") - reading_top) < 1
    context.close()


def test_wide_screen_and_dark_mode(browser, live_server, channel):
    story = live_story(channel, posts=8)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{story.url}")
    expect(page.locator(".live-timeline li")).to_have_count(3)
    shoot(page, "1366")
    page.locator(".live-summary").evaluate("el => window.scrollTo(0, el.offsetTop - 16)")
    shoot(page, "1366-posts")
    dark = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    night = dark.new_page()
    night.goto(f"{live_server.url}{story.url}")
    night.locator(".live-pinned").scroll_into_view_if_needed()
    background = night.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 22)"
    shoot(night, "390-dark")
    context.close()
    dark.close()


def test_older_posts_are_appended_by_load_more(browser, live_server, channel):
    from warta.live.queries import FIRST_PAGE

    story = live_story(channel, posts=FIRST_PAGE + 4)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{story.url}")
    stream = page.locator(".live-stream > .live-post")
    expect(stream).to_have_count(FIRST_PAGE)  # and the pinned one, on top
    address = page.url
    page.locator(".live-more__link").click()
    expect(stream).to_have_count(FIRST_PAGE + 3)
    expect(page.locator(".live-more")).to_have_count(0)
    assert page.url == address
    context.close()


def test_no_polling_for_a_finished_story_or_a_reader_saving_data(browser, live_server, channel):
    from warta.live.models import LiveStatus

    finished = live_story(channel, posts=3, live_status=LiveStatus.FINISHED, poll_seconds=1)
    running = live_story(channel, posts=3, poll_seconds=1, title="Live: Piala Presiden")
    context = browser.new_context(viewport={"width": 390, "height": 844})

    def polls_while_open(story, *, save_data: bool = False) -> list[str]:
        page = context.new_page()
        if save_data:
            page.add_init_script(
                "Object.defineProperty(navigator, 'connection', {value: {saveData: true}})"
            )
        page.clock.install()
        seen = updates_requests(page)
        page.goto(f"{live_server.url}{story.url}")
        page.clock.run_for(30_000)  # thirty poll intervals
        page.wait_for_load_state("networkidle")
        return seen

    assert polls_while_open(finished) == []
    assert polls_while_open(running, save_data=True) == []
    saving = context.pages[-1]
    expect(saving.locator(".live-reload a")).to_be_visible()
    assert polls_while_open(running)  # the same clock makes a live page poll

    # A hidden tab stops polling; it starts again when the reader comes back.
    page = context.new_page()
    page.clock.install()
    seen = updates_requests(page)
    page.goto(f"{live_server.url}{running.url}")
    visibility = (
        "hidden => { Object.defineProperty(document, 'hidden',"
        " {value: hidden, configurable: true});"
        " document.dispatchEvent(new Event('visibilitychange')); }"
    )
    page.evaluate(visibility, True)
    page.clock.run_for(30_000)
    page.wait_for_load_state("networkidle")
    assert seen == []
    with page.expect_request(lambda request: "/updates/" in request.url):
        page.evaluate(visibility, False)
        page.clock.run_for(3_000)
    context.close()


def test_a_reader_too_far_behind_reloads_and_a_stopped_story_offers_reload(
    browser, live_server, channel
):
    import json

    story = live_story(channel, posts=3, poll_seconds=1)
    answers = [
        # More changed than one answer carries: the button reloads the page.
        {"version": 60, "covers_from": 30, "poll": 1, "status": "live", "posts": []},
    ]

    def answer(route):
        body = answers[0] if answers else {"version": 0, "covers_from": 0, "poll": 0}
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps({"story": story.pk, **body, "status": "live", "posts": []}),
        )

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route("**/updates/", answer)
    page.goto(f"{live_server.url}{story.url}")
    button = page.locator(".live-new")
    expect(button).to_have_text("Ada pembaruan baru: muat ulang", timeout=5000)
    answers.clear()  # after the reload, the desk has stopped polling
    with page.expect_navigation():
        button.click()
    expect(page.locator(".live-reload")).to_be_visible(timeout=5000)
    context.close()
