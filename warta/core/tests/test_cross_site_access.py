"""Generated cross-site access test: Warta Jatim's regional desk (its editor and its reporter)
against every admin URL, enumerated from the URL resolver, with the ids of another site's
objects in its arguments, and every admin listing, chooser, search and report scanned for
another site's unpublished work.

The rule (docs/reliability.md, "Tenant isolation"): nothing unpublished or embargoed of a site
the user may not edit is visible or reachable in the admin. Three invariants per request: no
planted secret in the answer, never a 500, and no row of another site changed by a POST.

A new admin view with an id in its URL is tested without editing this file; one whose
arguments the test cannot fill makes `test_every_admin_route_can_be_driven` fail until it is
listed in EXCLUDED with a reason."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.core.tests.cross_site import (
    GATE_VALUE,
    SECRETS,
    WORD,
    Route,
    World,
    admin_routes,
    build_world,
    foreign_digest,
    undrivable,
    url_kwargs,
)

pytestmark = pytest.mark.django_db
ROLES = ["editor", "reporter"]
# Admin URLs the test does not drive, each with its reason. Keep it short.
EXCLUDED = {
    "wagtailadmin_password_reset_confirm": "a signed token, not an object id",
    "wagtailadmin_logout": "ends the session the test runs in",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's 500 page check)",
    "admin/^.*/$": "the admin's catch-all 404; every other route is tried by name",
}
ROUTES = [r for r in admin_routes() if r.key not in EXCLUDED]
ID_ROUTES = [r for r in ROUTES if r.args and not undrivable(r)]
SCAN_ROUTES = [r for r in ROUTES if not r.args and r.name]
POST_DATA = {
    "comment": "dibajak",
    "title": "Dibajak",
    "slug": "dibajak",
    "note": "dibajak",
    "action-publish": "action-publish",
    "name": "Dibajak",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One network for the whole module (built once per worker, rolled back at the end);
    each test runs in its own savepoint inside it."""
    from conftest import module_world

    with module_world(django_db_blocker):
        built = build_world()
        yield built


@pytest.fixture
def desk(request, world, client):
    client.raise_request_exception = False
    client.force_login(world.roles[request.param])
    return client


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content + response.get("Location", "").encode()


def problems(response, what: str) -> list[str]:
    found = []
    if response.status_code >= 500:
        found.append(f"{what}: {response.status_code}")
    body = body_of(response)
    lower = body.lower()
    found += [f"{what}: shows {name}" for name, token in SECRETS.items() if token.encode() in lower]
    if f'value="{GATE_VALUE}"'.encode() in body:
        found.append(f"{what}: shows Bali's newsroom settings")
    return found


def route_id(route: Route) -> str:
    return f"{route.key}[{','.join(route.args)}]"


def test_the_other_sites_work_is_as_planted(world: World):
    """The secrets sit where the walk assumes: unpublished, scheduled, pending, in review."""
    from wagtail.models import TaskState

    from warta.newsroom.roles import sites_user_may_edit

    other = {
        name: ArticlePage.objects.get(pk=page.pk)
        for name, page in world.other.items()
        if name in ("draft", "embargoed", "live", "national_draft")
    }
    assert not other["draft"].live and not other["national_draft"].live
    assert other["draft"].workflow_in_progress
    assert not other["embargoed"].live and other["embargoed"].approved_schedule
    assert other["embargoed"].locked
    live = other["live"]
    assert live.live and SECRETS["pending"] in live.draft_title
    assert SECRETS["pending"] not in live.title
    assert TaskState.objects.filter(comment=SECRETS["comment"]).exists()
    for role in ROLES:
        assert sites_user_may_edit(world.roles[role]) == [world.own["site"]]


def test_every_admin_route_can_be_driven():
    """A new admin URL whose arguments the test cannot fill must be listed, with a reason."""
    stuck = {route_id(r): undrivable(r) for r in ROUTES if undrivable(r)}
    assert not stuck, f"admin routes the cross-site test cannot drive (add to EXCLUDED): {stuck}"
    names = {r.key for r in admin_routes()}
    assert set(EXCLUDED) <= names, f"stale exclusions: {set(EXCLUDED) - names}"
    assert len(ID_ROUTES) > 100  # Wagtail's and Warta's; a broken walk would find few


@pytest.mark.parametrize("desk", ROLES, indirect=True)
@pytest.mark.parametrize("route", ID_ROUTES, ids=route_id)
def test_another_sites_objects_are_refused(desk, world: World, route: Route):
    before = foreign_digest(world)
    found, tried = [], 0
    ids = "&".join(sorted({f"id={f.pk}" for f in world.foreign}))
    queries = [ids]
    if route.acts_on_query_ids:  # bulk actions: the foreign objects, or "all" in a foreign page
        queries.append(f"id=all&childOf={world.other['channel'].pk}")
    for kwargs in url_kwargs(route, world):
        url = reverse(route.name, kwargs=kwargs)
        for method, query in itertools.product(("get", "post"), queries):
            send = getattr(desk, method)
            response = send(f"{url}?{query}", POST_DATA if method == "post" else {})
            found += problems(response, f"{method.upper()} {url}?{query[:20]}")
            tried += 1
    assert tried, f"{route.route}: no arguments to try"
    assert not found, "\n".join(found)
    assert foreign_digest(world) == before, f"{route.route}: a POST changed another site's rows"


@pytest.mark.parametrize("desk", ROLES, indirect=True)
@pytest.mark.parametrize("route", SCAN_ROUTES, ids=route_id)
def test_admin_listings_show_no_other_sites_work(desk, world: World, route: Route):
    """Listings, choosers, searches, reports and the dashboard: plain, searched for the word in
    every planted title, and asked for the foreign ids (choosers' "chosen" views take ids)."""
    url = reverse(route.name)
    ids = "&".join(f"id={f.pk}" for f in world.foreign)
    found = []
    for query in ("", f"?q={WORD}&search={WORD}&{ids}"):
        found += problems(desk.get(url + query), f"GET {url}{query[:40]}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("desk", ROLES, indirect=True)
def test_own_pages_show_no_other_sites_work(desk, world: World):
    """Jatim's own story pins Bali's live story, whose next headline is a draft: the desk
    sees the published headline only, in its story's form, in the page chooser and when it
    pastes the story's address as a link. Bali's draft pins Jatim's story: its usage list
    does not name the draft."""
    own = world.own
    urls = [
        reverse("wagtailadmin_pages:edit", args=[own["story"].pk]),
        reverse("wagtailadmin_pages:usage", args=[own["story"].pk]),  # cited by Bali's draft
        reverse("wagtailadmin_explore", args=[own["channel"].pk]) + f"?q={WORD}",
        reverse("wagtailadmin_choose_page_child", args=[own["channel"].pk]),
        reverse("wagtailadmin_choose_page_child", args=[world.other["channel"].pk]),
    ]
    found = []
    for url in urls:
        found += problems(desk.get(url), f"GET {url}")
    # Pasting the public address of Bali's live story into the link chooser.
    url = reverse("wagtailadmin_choose_page_external_link")
    link = {"external-link-chooser-url": world.other["live"].get_full_url()}
    found += problems(desk.post(url, link), f"POST {url} {link}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("desk", ROLES, indirect=True)
def test_the_desk_still_finds_its_own_work(desk, world: World):
    """The scans above are not vacuous: the same searches find the desk's own draft and
    image, so an empty answer means scoped, not broken."""
    own_title = world.own["draft"].title
    for url, query in (
        (reverse("wagtailadmin_pages:search"), {"q": WORD}),
        (reverse("wagtailadmin_choose_page_search"), {"q": WORD}),
        (reverse("wagtailadmin_api:pages:listing"), {"search": WORD}),
    ):
        response = desk.get(url, query)
        assert response.status_code == 200, url
        assert own_title in response.content.decode(), url
    chooser = desk.get(reverse("wagtailimages_chooser:choose"), {"q": WORD})
    assert world.own["image"].title in chooser.content.decode()
    draft = desk.get(reverse("wagtailadmin_pages:edit", args=[world.own["draft"].pk]))
    assert draft.status_code == 200


ANALYTICS_SITE_ROUTES = ["site", "live", "breakdown", "export"]


@pytest.mark.parametrize("desk", ROLES, indirect=True)
def test_analytics_of_another_site_is_a_404(desk, world: World):
    """The dashboards (/admin/analitik/): the desk reads its own site's numbers, and every
    address of Bali's (its overview, readers-now JSON, breakdown, CSV, a story's page, the
    network view, the site picker) is a 404, as if Bali did not exist. A beacon may name any
    page id: Bali's drafts "read" on Jatim never show their titles on Jatim's pages."""
    from warta.analytics.tests.factories import BROWSER, beacon, roll

    own, other = world.own["site"], world.other["site"]
    # Beacons anyone can send: Jatim "read" Bali's unpublished stories and the national draft.
    for n, name in enumerate(("draft", "embargoed", "national_draft", "live")):
        beacon(desk, own, world.other[name], agent=f"{BROWSER} {n}")
    beacon(desk, own, world.own["story"], agent=f"{BROWSER} sendiri")
    roll()
    found = []
    for name in ANALYTICS_SITE_ROUTES:
        response = desk.get(reverse(f"analytics_admin_{name}", args=[own.pk]))
        assert response.status_code == 200
        found += problems(response, f"GET own {name}")
    story = reverse("analytics_admin_story", args=[own.pk, world.own["story"].pk])
    assert desk.get(story).status_code == 200
    own_title = world.own["story"].title
    assert own_title in desk.get(reverse("analytics_admin_site", args=[own.pk])).content.decode()
    refused = [reverse(f"analytics_admin_{n}", args=[other.pk]) for n in ANALYTICS_SITE_ROUTES]
    refused += [
        reverse("analytics_admin_network"),
        reverse("analytics_admin_index") + f"?situs={other.pk}",
        reverse("analytics_admin_story", args=[other.pk, world.other["live"].pk]),
        # Bali's unpublished stories through Jatim's own address, though "read" there.
        reverse("analytics_admin_story", args=[own.pk, world.other["draft"].pk]),
        reverse("analytics_admin_story", args=[own.pk, world.other["embargoed"].pk]),
        reverse("analytics_admin_story", args=[own.pk, world.other["national_draft"].pk]),
    ]
    for url in refused:
        response = desk.get(url)
        if response.status_code != 404:
            found.append(f"GET {url}: {response.status_code}")
        found += problems(response, f"GET {url}")
    assert not found, "\n".join(found)
