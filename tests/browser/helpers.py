"""What the newsroom's browser tests share: signing in to the admin (on a phone or a desktop
screen), a photo as a phone's camera roll hands it over, and screenshots that first check the
page fits the screen."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

PASSWORD = "kata-sandi-uji"  # noqa: S105 - the test accounts'
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
NOTES_SHOTS = Path("/work/notes/shots")


def new_page(browser: Browser, viewport: dict | None = None) -> Page:
    """A page in a fresh browser context (its own cookies: one person). At phone width it is a
    touch screen, so tests can tap."""
    viewport = viewport or PHONE
    phone = viewport["width"] <= PHONE["width"]
    context = browser.new_context(viewport=viewport, device_scale_factor=1, has_touch=phone)
    return context.new_page()


def sign_in(
    browser: Browser,
    base: str,
    username: str,
    password: str = PASSWORD,
    *,
    viewport: dict | None = None,
    page: Page | None = None,
) -> Page:
    """Sign in on the admin's login page, as a person does (a new context unless `page` is
    given); returns the page the admin lands on, having checked it is no longer the login."""
    page = page or new_page(browser, viewport)
    page.goto(f"{base}/admin/login/")
    sign_in_here(page, username, password)
    return page


def sign_in_here(page: Page, username: str, password: str = PASSWORD) -> None:
    """Fill in and send the admin login form the page shows."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    expect(page.locator("#id_password")).to_have_count(0)


def photo_file(name: str = "IMG_20261203_0712.jpg") -> dict:
    """A JPEG as a phone's camera roll names it, for `set_input_files`."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 450), "#1b4965")
    ImageDraw.Draw(picture).rectangle((200, 150, 600, 400), fill="#b5651d")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return {"name": name, "mimeType": "image/jpeg", "buffer": out.getvalue()}


def shots_folder() -> Path:
    """The notes' screenshot folder when there is one (the session's), else test-results/."""
    from tests.browser.conftest import RESULTS

    folder = NOTES_SHOTS if NOTES_SHOTS.is_dir() else RESULTS
    folder.mkdir(exist_ok=True)
    return folder


# Visible elements (inside the admin's main content, or the whole page) that straddle the
# screen's right or left edge: a button cut in half, a table too wide (the admin's content
# container hides its sideways overflow, so what it cuts off counts). Not overflow: what a box
# inside it that fits the screen scrolls or clips (a table scrolling sideways in its wrapper),
# screen-reader-only text, closed dialogs, and panels parked wholly off the screen.
OVERFLOWING = """(width) => {
  const root = document.querySelector('#main') || document.body;
  const out = [];
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || (r.left >= -2 && r.right <= width + 1)) continue;
    if (r.left >= width || r.right <= 0) continue;  // parked off the screen (a closed panel)
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (el.closest('.w-sr-only, .visuallyhidden, [hidden], [aria-hidden=true], dialog:not([open])'))
      continue;
    let box = el.parentElement, inside = false;
    while (box && box !== root && !inside) {
      const b = box.getBoundingClientRect();
      const clips = getComputedStyle(box).overflowX !== 'visible';
      inside = clips && b.left >= -2 && b.right <= width + 1;
      box = box.parentElement;
    }
    if (inside) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.classList.length ? '.' + [...el.classList].join('.') : '');
    out.push(`${name} ${Math.round(r.left)}..${Math.round(r.right)}`);
    if (out.length >= 8) break;
  }
  // A container that hides its overflow but was scrolled sideways anyway (focus, a script):
  // everything in it is shifted and cut at the left edge.
  for (const el of document.querySelectorAll('*')) {
    if (el.scrollLeft <= 0 || el.matches('input, textarea')) continue;
    if (!['hidden', 'clip'].includes(getComputedStyle(el).overflowX)) continue;
    const name = el.tagName.toLowerCase() + '.' + [...el.classList].join('.');
    out.push(`${name} scrolled ${el.scrollLeft} px sideways`);
  }
  return out;
}"""


def no_horizontal_overflow(page: Page, width: int = PHONE["width"]) -> None:
    """The page is no wider than the screen and nothing shown sticks out of it."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide on a {width} px screen"
    outside = page.evaluate(OVERFLOWING, width)
    assert not outside, f"past the {width} px screen's edge: {outside}"


def shot(page: Page, path: Path, *, full_page: bool = False) -> Path:
    """Check the page fits a phone's width, then take its screenshot."""
    no_horizontal_overflow(page, page.viewport_size["width"] if page.viewport_size else 390)
    # Transitions finished (a menu fading in is shown open, as a person sees it a moment later).
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path
