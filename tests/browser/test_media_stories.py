"""Gallery and video stories in a browser: swiping and the arrows move through the photos and
the address follows the photo in view; a photo's own page opens with it in view; the video
player is requested only after the reader taps the poster, from the privacy-enhanced host."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/notes/shots")


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"desk-media-test-{name}.png"), full_page=False)


def test_gallery_swipes_and_each_photo_has_its_address(browser, live_server, channel):
    from warta.articles.tasks import generate_gallery_renditions_task
    from warta.articles.tests.factories import GalleryPageFactory

    gallery = GalleryPageFactory(
        parent=channel,
        title="Banjir rob di pesisir utara",
        photos=[(f"Keterangan foto {n}.", "") for n in range(1, 6)],
    )
    generate_gallery_renditions_task.call(page_id=gallery.pk)
    base = f"{live_server.url}{gallery.url}"
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = phone.new_page()
    page.goto(base)
    track = page.locator(".gallery__track")
    first = page.locator("#foto-1 img")
    expect(first).to_be_visible()
    assert track.evaluate("t => getComputedStyle(t).scrollSnapType") == "x mandatory"
    box = page.locator("#foto-1").bounding_box()
    assert box["width"] <= 390 and box["x"] >= 0
    assert page.locator("#foto-2 img").get_attribute("loading") == "lazy"
    shoot(page, "gallery-390")

    # A swipe: the strip scrolls by one photo and snaps; the address becomes the photo's.
    track.evaluate("t => t.scrollBy({left: t.clientWidth, behavior: 'instant'})")
    expect(page).to_have_url(f"{base}foto/2/")
    page.locator("#foto-2 .gallery__step--next").click()
    expect(page).to_have_url(f"{base}foto/3/")
    expect(page.locator("#foto-3 img")).to_be_in_viewport()

    # A photo's own page opens with that photo in view, as does a reader without script.
    page.goto(f"{base}foto/4/")
    expect(page.locator("#foto-4 img")).to_be_in_viewport()
    assert page.title().startswith("Foto 4 dari 5: Banjir rob")
    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    without_script = plain.new_page()
    without_script.goto(base)
    without_script.locator("#foto-1 .gallery__step--next").click()
    expect(without_script).to_have_url(f"{base}foto/2/")
    phone.close()
    plain.close()


def test_the_video_player_is_requested_only_after_a_tap(browser, live_server, channel):
    from warta.articles.tests.factories import VideoPageFactory

    video = VideoPageFactory(parent=channel, title="Wawancara harga beras")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    # No network here: answer the player host with an empty page.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="ok"))
    page.goto(f"{live_server.url}{video.url}")
    facade = page.locator(".video__facade")
    expect(facade).to_be_visible()
    assert outside == []
    shoot(page, "video-390")
    facade.click()
    player = page.locator("iframe.video__player")
    expect(player).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    )
    expect(player).to_be_visible()
    assert outside and all(url.startswith("https://www.youtube-nocookie.com/") for url in outside)
    context.close()
