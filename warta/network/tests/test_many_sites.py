"""Hundreds of sites (issue #27): admin pages of a network admin and a regional editor, and a
regional story's routing, cost the same number of queries with 3 regional sites as with 30
(no query per site), and each site is provisioned without work that grows with the network."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.core.models import SiteSettings
from warta.core.pagecache import localcache
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles

pytestmark = pytest.mark.django_db

PROVINCES = ["35", "51", "91", "12", "73"]  # WIB, WITA, WIT, WIB, WITA


def add_sites(start: int, count: int) -> list[Site]:
    """Regional sites made by the provisioning service (one channel each, to be quick)."""
    return [
        provision_site(
            RegionSpec(
                name=f"Warta Daerah {n}",
                slug=f"daerah-{n}",
                province_code=PROVINCES[n % len(PROVINCES)],
            ),
            channels=[("Berita", "berita")],
        )
        for n in range(start, start + count)
    ]


def login(client, username: str, group: str):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


# Pages Wagtail paginates per site (the page chooser's 25 rows) are left out: below a page's
# worth of sites they grow with each site by design. The workflows list (one workflow a site,
# 20 a page) names each workflow's pages from its prefetch, so it is in.
ADMIN_URLS = {
    "dashboard": lambda region: reverse("wagtailadmin_home"),
    "explorer region": lambda region: reverse("wagtailadmin_explore", args=[region.root_page_id]),
    "page chooser region": lambda region: reverse(
        "wagtailadmin_choose_page_child", args=[region.root_page_id]
    ),
    "image chooser": lambda region: reverse("wagtailimages_chooser:choose"),
    "document chooser": lambda region: reverse("wagtaildocs_chooser:choose"),
    "locked pages": lambda region: reverse("wagtailadmin_reports:locked_pages"),
}
NETWORK_ADMIN_URLS = {
    "explorer root": lambda region: reverse("wagtailadmin_explore_root"),
    "site settings": lambda region: reverse(
        "wagtailsettings:edit",
        args=[SiteSettings._meta.app_label, SiteSettings._meta.model_name, region.pk],
    ),
    "sites": lambda region: reverse("wagtailsites:index"),
    "lite editions": lambda region: reverse("lite_editions"),
    "analytics network": lambda region: reverse("analytics_admin_network"),
    "workflows": lambda region: reverse("wagtailadmin_workflows:index"),
}


RENUMBERING = (
    'UPDATE "wagtailcore_collection" SET "path"',
    'UPDATE "wagtailsearch_indexentry" SET "title_norm"',
)


def warm_queries(client, url: str) -> tuple[int, int]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def cold_story_queries(client, path: str, host: str) -> int:
    client.get(path, HTTP_HOST=host)
    cache.clear()
    localcache.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def test_admin_pages_routing_and_provisioning_cost_the_same_with_3_and_30_sites(site):
    """One network, measured at 3 regional sites and again at 30: a network admin's and a
    regional editor's admin pages, a regional story's routing with every cache empty, and
    provisioning one more site."""
    setup_roles()
    regions = add_sites(0, 3)
    region = regions[0]
    story = ArticlePageFactory(parent=ChannelPage.objects.child_of(regions[1].root_page).get())
    story_path = story.url_path[len(regions[1].root_page.url_path) - 1 :]
    clients = {"network admin": Client(), "regional editor": Client()}
    login(clients["network admin"], "jaringan", NETWORK_ADMIN)
    login(clients["regional editor"], "redaktur-daerah", group_name(EDITOR, region))

    def measure(new_site: int) -> dict:
        found = {}
        for role, client in clients.items():
            urls = ADMIN_URLS | (NETWORK_ADMIN_URLS if role == "network admin" else {})
            for name, url in urls.items():
                found[f"{role}: {name}"] = warm_queries(client, url(region))
        found["reader: regional story"] = (
            200,
            cold_story_queries(Client(), story_path, regions[1].hostname),
        )
        with CaptureQueriesContext(connection) as queries:
            add_sites(new_site, 1)
        # Wagtail keeps collections sorted by name: a new one renumbers those after it (one
        # UPDATE each, Wagtail's own), and the SQLite search fallback renormalises titles.
        found["provisioning one site"] = (
            200,
            sum(1 for q in queries.captured_queries if not q["sql"].startswith(RENUMBERING)),
        )
        return found

    few = measure(100)
    refused = {name: status for name, (status, _) in few.items() if status != 200}
    assert not refused, refused
    add_sites(3, 27)
    many = measure(101)
    grown = {name: (few[name][1], many[name][1]) for name in few if few[name] != many[name]}
    assert not grown, f"queries with 3 sites, with 30: {grown}"
