"""The gate checklist stays in sight while a reporter scrolls the story form (issue 22 polish):
a one-line bar sticky at the top of the form, on a 390 px phone and a 1366 px screen, never
covering the field being typed in, its unmet gates buttons that bring their field into view.
Screenshots: /work/notes/shots/22-polish-filing-*.png (test-results/ without that folder)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.browser.test_desk_write import newsroom, shots  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECT = "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; }"
# Whether the element is what one sees at its centre (nothing, e.g. Wagtail's header, on it).
ON_TOP = """e => { const r = e.getBoundingClientRect();
  const seen = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return seen !== null && (e.contains(seen) || seen.contains(e)); }"""


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_gates_stay_in_sight_without_covering_the_field(
    browser,
    newsroom,  # noqa: F811
    shots,  # noqa: F811
    width,
    height,
):
    channel = newsroom["channel"]
    page = sign_in(browser, newsroom["url"], "dewi", viewport={"width": width, "height": height})
    page.goto(f"{newsroom['url']}/admin/pages/add/articles/articlepage/{channel.pk}/")
    bar = page.locator(".warta-gates-bar")
    expect(bar).to_contain_text("gerbang terpenuhi")
    expect(bar.locator(".warta-gates-bar__gate[data-key='summary']")).to_be_visible()
    page.locator("#id_title").fill("Banjir Rob Genangi Pesisir Utara Surabaya")
    expect(bar.locator(".warta-gates-bar__count")).to_have_text("41/110")
    expect(bar.locator(".warta-gates-bar__gate[data-key='title']")).to_have_count(0)
    page.screenshot(path=str(shots / f"22-polish-filing-top-{width}.png"))

    # Far down the form: the bar is still at the top of the screen, one line tall, and the
    # field being typed in lies below it.
    dateline = page.locator("#id_dateline_place")
    dateline.focus()
    dateline.type("SURABAYA")
    tags = page.locator("#id_tags").locator("xpath=ancestor::*[@data-field-wrapper][1]")
    for target in (dateline, tags):
        target.scroll_into_view_if_needed()
        field = target.evaluate(RECT)
        stuck = bar.evaluate(RECT)
        assert stuck[0] >= 0 and stuck[1] <= height / 5, (width, stuck)
        assert bar.locator(".warta-gates-bar__met").evaluate(ON_TOP), (width, "bar covered")
        assert not overlaps(stuck, field), (width, stuck, field)
        assert target.evaluate(ON_TOP), (width, "field covered")
    page.screenshot(path=str(shots / f"22-polish-filing-scrolled-{width}.png"))

    # An unmet gate's button brings its field into view, below the bar, focused.
    bar.locator(".warta-gates-bar__gate[data-key='summary']").click()
    summary = page.locator("#id_summary")
    expect(summary).to_be_focused()
    assert summary.evaluate(ON_TOP)
    assert not overlaps(bar.evaluate(RECT), summary.evaluate(RECT))
    assert bar.locator(".warta-gates-bar__met").evaluate(ON_TOP)
    summary.fill("Air laut naik setinggi lutut di tiga kelurahan.")
    expect(bar.locator(".warta-gates-bar__gate[data-key='summary']")).to_have_count(0)
    page.screenshot(path=str(shots / f"22-polish-filing-gate-button-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()
