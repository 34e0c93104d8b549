"""The newsroom's dashboards: who sees which site's numbers (a regional desk its own site,
404 elsewhere; the network desk every site), that the numbers shown are the roll-ups' numbers,
the SVG charts, the readers-now JSON, the CSV export, and a fixed query count."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from warta.analytics import dashboards
from warta.analytics.models import DAY, HOUR, MINUTE, SITE, STORY, Stat
from warta.analytics.tests.factories import BROWSER, beacon, roll
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.models import ChannelPage
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, group_name, setup_roles

pytestmark = pytest.mark.django_db


def make_user(username: str, group: str | None = None):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_site, module_world

    with module_world(django_db_blocker):
        site = build_site()
        setup_roles()
        jatim = provision_site(
            RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
            channels=[("Berita", "berita")],
        )
        berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
        yield {"national": site.pk, "jatim": jatim.pk, "berita": berita.pk}


@pytest.fixture
def network(built_network, db):
    return {
        "national": Site.objects.get(pk=built_network["national"]),
        "jatim": Site.objects.get(pk=built_network["jatim"]),
        "berita": ChannelPage.objects.get(pk=built_network["berita"]),
    }


@pytest.fixture
def stories(network):
    writer = AuthorFactory(name="Dewi Lestari")
    berita = network["berita"]
    return {
        "banjir": ArticlePageFactory(parent=berita, title="Banjir di Sidoarjo", authors=[writer]),
        "pasar": ArticlePageFactory(parent=berita, title="Pasar Turi buka lagi", authors=[writer]),
        "national": ArticlePageFactory(
            parent=network["national"].root_page, title="Kabinet baru dilantik"
        ),
    }


def reader(n: int) -> str:
    return f"{BROWSER} pembaca-{n}"


@pytest.fixture
def traffic(client, network, stories):
    """Jatim: three readers of Banjir (search, social, a Jatim link), one of Pasar, with
    engaged-time pings; one reader of the national story on the national site."""
    jatim = network["jatim"]
    host = f"http://{jatim.hostname}/"
    for n, referrer in enumerate(("https://www.google.com/", "https://l.facebook.com/", host)):
        beacon(client, jatim, stories["banjir"], r=referrer, agent=reader(n))
        beacon(client, jatim, stories["banjir"], kind="p", e=15, d=50, agent=reader(n))
    beacon(client, jatim, stories["pasar"], r="", agent=reader(9))
    beacon(client, jatim, stories["pasar"], kind="p", e=9, d=20, agent=reader(9))
    beacon(client, network["national"], stories["national"], agent=reader(20))
    roll()
    return network


@pytest.fixture
def jatim_editor(client, network):
    client.force_login(make_user("redaktur-jatim", group_name(EDITOR, network["jatim"])))
    return client


@pytest.fixture
def jatim_reporter(client, network):
    client.force_login(make_user("reporter-jatim", group_name(REPORTER, network["jatim"])))
    return client


@pytest.fixture
def network_admin(client, network):
    client.force_login(make_user("admin-jaringan", NETWORK_ADMIN))
    return client


def url(name: str, *args) -> str:
    return reverse(f"analytics_admin_{name}", args=args)


def day_row(site, dimension=SITE, key=None) -> Stat:
    start = dashboards.local_day_start(site, dashboards.local_today(site))
    return Stat.objects.get(
        grain=DAY,
        dimension=dimension,
        key=site.pk if key is None else key,
        site_id=site.pk,
        bucket=start,
    )


def shown(response, name: str) -> str:
    """The text of a `data-stat` figure on the page."""
    found = re.search(rf'data-stat="{name}">([^<]*)<', response.content.decode())
    assert found, name
    return found.group(1).strip()


# ---- permissions ---------------------------------------------------------------------------


def test_a_regional_editor_sees_only_their_site(jatim_editor, traffic, stories):
    jatim, national = traffic["jatim"], traffic["national"]
    assert jatim_editor.get(url("index")).url == url("site", jatim.pk)
    assert jatim_editor.get(url("site", jatim.pk)).status_code == 200
    assert jatim_editor.get(url("story", jatim.pk, stories["banjir"].pk)).status_code == 200
    for refused in (
        url("site", national.pk),
        url("live", national.pk),
        url("breakdown", national.pk),
        url("export", national.pk),
        url("story", national.pk, stories["national"].pk),
        url("story", jatim.pk, stories["national"].pk),  # not Jatim's, never read there
        url("network"),
        url("index") + f"?situs={national.pk}",
    ):
        assert jatim_editor.get(refused).status_code == 404, refused
    page = jatim_editor.get(url("site", jatim.pk)).content.decode()
    assert "Kabinet baru dilantik" not in page
    assert f'value="{national.pk}"' not in page  # no site picker entry for the national site


def test_a_reporter_reads_their_sites_numbers(jatim_reporter, traffic):
    jatim, national = traffic["jatim"], traffic["national"]
    response = jatim_reporter.get(url("site", jatim.pk))
    assert response.status_code == 200
    assert "Analitik" in jatim_reporter.get(reverse("wagtailadmin_home")).content.decode()
    assert jatim_reporter.get(url("site", national.pk)).status_code == 404
    assert jatim_reporter.get(url("network")).status_code == 404


def test_someone_writing_for_no_site_is_refused(client, network):
    user = make_user("tamu", None)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers PermissionDenied with a redirect to the dashboard and a message.
    for refused in (url("index"), url("site", network["jatim"].pk), url("network")):
        response = client.get(refused)
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert "/admin/analitik/" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_network_desk_sees_every_site_side_by_side(network_admin, traffic):
    jatim, national = traffic["jatim"], traffic["national"]
    assert network_admin.get(url("index")).url == url("network")
    response = network_admin.get(url("network"))
    assert response.status_code == 200
    regions = {r.site.pk: r for r in response.context["regions"]}
    assert (regions[jatim.pk].readers_now, regions[jatim.pk].views_today) == (4, 4)
    assert (regions[national.pk].readers_now, regions[national.pk].views_today) == (1, 1)
    assert regions[jatim.pk].views_today == day_row(jatim).views
    assert network_admin.get(url("site", national.pk)).status_code == 200
    assert network_admin.get(url("index") + f"?situs={jatim.pk}").url == url("site", jatim.pk)


# ---- the numbers -----------------------------------------------------------------------------


def test_the_overview_shows_the_roll_ups(jatim_editor, traffic, stories):
    jatim = traffic["jatim"]
    response = jatim_editor.get(url("site", jatim.pk))
    row = day_row(jatim)
    assert (row.views, row.visitors, row.engaged_seconds, row.recirculated) == (4, 4, 54, 1)
    assert shown(response, "views") == "4"
    assert shown(response, "visitors") == "4"
    assert shown(response, "engaged").startswith("14")  # 54 s over 4 views
    assert shown(response, "recirculation").startswith("25")  # 1 of 4 story views
    numbers = response.context["numbers"]
    assert numbers.now.total == 4
    assert [(s.name, s.value) for s in numbers.now.stories] == [
        ("Banjir di Sidoarjo", 3),
        ("Pasar Turi buka lagi", 1),
    ]
    assert [(d.name, d.value) for d in numbers.now.desks] == [("Berita", 4)]
    assert [(s.key, s.value) for s in numbers.top_today] == [
        (stories["banjir"].pk, 3),
        (stories["pasar"].pk, 1),
    ]
    referrers = {b.key: b.value for b in response.context["referrers"]}
    assert referrers == {
        "search": 1,
        "social": 1,
        "apps": 0,
        "direct": 1,
        "internal": 1,
        "network": 0,
        "other": 0,
    }
    assert sum(c.value for c in response.context["hour_chart"].columns) == 4
    body = response.content.decode()
    assert body.count("<svg") >= 3 and 'class="warta-an__column"' in body
    assert "Kabinet baru dilantik" not in body


def test_readers_now_json_for_the_refresh(jatim_editor, traffic, stories):
    jatim = traffic["jatim"]
    response = jatim_editor.get(url("live", jatim.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = response.json()
    assert data["total"] == 4
    assert data["desks"] == [{"id": traffic["berita"].pk, "name": "Berita", "readers": 4}]
    banjir = data["stories"][0]
    assert (banjir["id"], banjir["readers"]) == (stories["banjir"].pk, 3)
    assert banjir["url"] == url("story", jatim.pk, stories["banjir"].pk)


def test_the_overview_page_loads_the_refresh_script(jatim_editor, traffic):
    body = jatim_editor.get(url("site", traffic["jatim"].pk)).content.decode()
    assert "analytics/admin/live.js" in body
    assert f'data-url="{url("live", traffic["jatim"].pk)}"' in body
    assert 'data-interval="15"' in body


def test_rising_and_falling_from_minute_rows(network, stories):
    jatim = network["jatim"]
    now = timezone.now().replace(second=0, microsecond=0)
    banjir, pasar = stories["banjir"].pk, stories["pasar"].pk
    for key, before, recent in ((banjir, 2, 12), (pasar, 10, 2)):
        Stat.objects.create(
            grain=MINUTE,
            dimension=STORY,
            key=key,
            site_id=jatim.pk,
            bucket=now - timedelta(minutes=45),
            views=before,
        )
        Stat.objects.create(
            grain=MINUTE,
            dimension=STORY,
            key=key,
            site_id=jatim.pk,
            bucket=now - timedelta(minutes=10),
            views=recent,
        )
    assert dashboards.trends(jatim, [banjir, pasar], now=now) == {banjir: "up", pasar: "down"}


def test_the_story_page_against_the_sites_median_story(jatim_editor, network, stories):
    jatim = network["jatim"]
    hour = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    published = hour - timedelta(hours=5)
    banjir = stories["banjir"]
    others = [ArticlePageFactory(parent=network["berita"], title=f"Lain {n}") for n in range(3)]
    for page in [banjir, stories["pasar"], *others]:
        type(page).objects.filter(pk=page.pk).update(first_published_at=published)
    # Hour 0: Banjir 10, the others 1, 2, 3 and Pasar 0 (no row): the median is 2.
    for page, views in ((banjir, 10), (others[0], 1), (others[1], 2), (others[2], 3)):
        Stat.objects.create(
            grain=HOUR,
            dimension=STORY,
            key=page.pk,
            site_id=jatim.pk,
            bucket=published,
            views=views,
        )
    Stat.objects.create(
        grain=HOUR,
        dimension=STORY,
        key=banjir.pk,
        site_id=jatim.pk,
        bucket=published + timedelta(hours=2),
        views=7,
    )
    Stat.objects.create(
        grain=DAY,
        dimension=STORY,
        key=banjir.pk,
        site_id=jatim.pk,
        bucket=published,
        views=17,
        visitors=12,
        engaged_seconds=340,
        recirculated=5,
        ref_search=9,
        ref_internal=5,
        ref_direct=3,
    )
    cache.clear()
    response = jatim_editor.get(url("story", jatim.pk, banjir.pk))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [c.value for c in chart.columns] == [10, 0, 7, 0, 0, 0]
    assert chart.line_values[:3] == [2.0, 0.0, 0.0]
    assert shown(response, "views") == "17"
    assert shown(response, "engaged").startswith("20")
    assert shown(response, "recirculation").startswith("29")
    assert {b.key: b.value for b in response.context["referrers"]}["search"] == 9
    assert "<polyline" in response.content.decode()


def test_a_draft_has_no_story_page(jatim_editor, network):
    draft = ArticlePageFactory(parent=network["berita"], title="Draf", publish=False)
    assert jatim_editor.get(url("story", network["jatim"].pk, draft.pk)).status_code == 404
    assert jatim_editor.get(url("story", network["jatim"].pk, 2**40)).status_code == 404


def test_desks_and_authors_over_a_range(jatim_editor, traffic, stories):
    jatim = traffic["jatim"]
    response = jatim_editor.get(url("breakdown", jatim.pk))
    assert response.status_code == 200
    assert [(d.name, d.value) for d in response.context["desks"]] == [("Berita", 4)]
    authors = response.context["authors"]
    assert [(a.name, a.value, a.totals.engaged_seconds) for a in authors] == [
        ("Dewi Lestari", 4, 54)
    ]
    assert [s.key for s in response.context["stories"]] == [
        stories["banjir"].pk,
        stories["pasar"].pk,
    ]


# ---- export --------------------------------------------------------------------------------


def test_the_csv_export_of_a_range(jatim_editor, traffic, stories):
    jatim = traffic["jatim"]
    banjir = stories["banjir"]
    type(banjir).objects.filter(pk=banjir.pk).update(title='=HYPERLINK("http://x")')
    today = dashboards.local_today(jatim)
    old = today - timedelta(days=10)
    Stat.objects.create(
        grain=DAY,
        dimension=STORY,
        key=banjir.pk,
        site_id=jatim.pk,
        bucket=dashboards.local_day_start(jatim, old),
        views=100,
    )
    response = jatim_editor.get(url("export", jatim.pk), {"dari": today, "sampai": today})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["story_id"] for r in rows] == [str(banjir.pk), str(stories["pasar"].pk)]
    first = rows[0]
    assert first["title"] == '\'=HYPERLINK("http://x")'
    assert (first["views"], first["visitors"], first["engaged_seconds"]) == ("3", "3", "45")
    assert (first["recirculated"], first["recirculation_pct"]) == ("1", "33.3")
    assert (first["ref_search"], first["ref_social"], first["ref_internal"]) == ("1", "1", "1")
    wide = jatim_editor.get(url("export", jatim.pk), {"dari": old, "sampai": today})
    rows = list(csv.DictReader(io.StringIO(wide.content.decode())))
    assert rows[0]["views"] == "103"


# ---- cost ----------------------------------------------------------------------------------


def test_the_overview_costs_the_same_with_more_stories(client, network):
    client.force_login(make_user("redaktur-jatim", group_name(EDITOR, network["jatim"])))
    jatim = network["jatim"]

    def read_by(count: int, start: int) -> int:
        for n in range(start, start + count):
            story = ArticlePageFactory(parent=network["berita"], title=f"Kisah {n}")
            beacon(client, jatim, story, agent=reader(n))
        roll()
        client.get(url("site", jatim.pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("site", jatim.pk)).status_code == 200
        return len(queries)

    few = read_by(2, 0)
    many = read_by(12, 100)
    assert few == many
    assert many <= 20


def test_the_day_starts_at_the_sites_midnight(network):
    jatim = network["jatim"]  # Asia/Jakarta, UTC+7
    start = dashboards.local_day_start(jatim, datetime(2026, 3, 1).date())
    assert start == datetime(2026, 2, 28, 17, tzinfo=UTC)


def test_a_beacon_naming_a_draft_never_shows_its_title(client, jatim_editor, network, stories):
    """Anyone may send a beacon with any page id; the draft is counted in the site's totals
    but its title is in no list, JSON or CSV, and it has no story page."""
    jatim = network["jatim"]
    draft = ArticlePageFactory(parent=network["berita"], title="Draf rahasia", publish=False)
    beacon(client, jatim, draft, agent=reader(1))
    beacon(client, jatim, stories["banjir"], agent=reader(2))
    roll()
    pages = [url("site", jatim.pk), url("live", jatim.pk), url("breakdown", jatim.pk)]
    pages.append(url("export", jatim.pk))
    for address in pages:
        response = jatim_editor.get(address)
        assert response.status_code == 200
        assert "Draf rahasia" not in response.content.decode(), address
    assert "Banjir di Sidoarjo" in jatim_editor.get(url("site", jatim.pk)).content.decode()
    assert jatim_editor.get(url("live", jatim.pk)).json()["total"] == 2
    assert jatim_editor.get(url("story", jatim.pk, draft.pk)).status_code == 404


def test_one_authors_or_one_desks_stories(jatim_editor, traffic, stories):
    jatim = traffic["jatim"]
    other_writer = AuthorFactory(name="Budi")
    berita = traffic["berita"]
    solo = ArticlePageFactory(parent=berita, title="Tulisan Budi", authors=[other_writer])
    beacon(jatim_editor, jatim, solo, agent=reader(30))
    roll()
    dewi = stories["banjir"].bylines.get().author_id
    response = jatim_editor.get(url("breakdown", jatim.pk), {"penulis": dewi})
    assert response.status_code == 200
    assert [s.key for s in response.context["stories"]] == [
        stories["banjir"].pk,
        stories["pasar"].pk,
    ]
    assert "Berita teratas: Dewi Lestari" in response.content.decode()
    response = jatim_editor.get(url("breakdown", jatim.pk), {"kanal": traffic["berita"].pk})
    assert len(response.context["stories"]) == 3
    export = jatim_editor.get(url("export", jatim.pk), {"penulis": other_writer.pk})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [r["title"] for r in rows] == ["Tulisan Budi"]
    assert jatim_editor.get(url("breakdown", jatim.pk), {"penulis": 2**30}).status_code == 404
    # The author table links to the narrowed view.
    page = jatim_editor.get(url("breakdown", jatim.pk)).content.decode()
    assert f"penulis={dewi}" in page


@pytest.mark.parametrize(
    "dates",
    [
        {"dari": "9999-12-31"},
        {"sampai": "0001-01-01"},
        {"dari": "0001-01-01", "sampai": "9999-12-31"},
        {"dari": "2026-13-45", "sampai": "kemarin"},
    ],
)
def test_any_range_an_editor_types_is_answered(jatim_editor, traffic, dates):
    jatim = traffic["jatim"]
    for view in ("breakdown", "export"):
        assert jatim_editor.get(url(view, jatim.pk), dates).status_code == 200


def test_an_author_or_desk_with_no_numbers_here_is_not_named(jatim_editor, traffic):
    from warta.articles.tests.factories import AuthorFactory

    elsewhere = AuthorFactory(name="Anisa Putri")
    jatim = traffic["jatim"]
    for view in ("breakdown", "export"):
        assert jatim_editor.get(url(view, jatim.pk), {"penulis": elsewhere.pk}).status_code == 404
        assert jatim_editor.get(url(view, jatim.pk), {"kanal": 3}).status_code == 404


def test_each_site_counts_its_own_local_day_on_the_network_page(network):
    """Sites in other time zones share one query: each counts only its own row of its own
    local day (not another site's row, not a row of another midnight)."""
    from warta.core.models import SiteSettings
    from warta.core.sites.lookup import forget_sites

    jatim, national = network["jatim"], network["national"]
    papua = provision_site(RegionSpec(name="Warta Papua", slug="papua", province_code="91"))
    SiteSettings.objects.filter(site=papua).update(time_zone="Asia/Jayapura")
    forget_sites()
    now = datetime(2026, 3, 1, 16, tzinfo=UTC)  # 2 March in Jayapura, 1 March in Jakarta
    jakarta_day = datetime(2026, 2, 28, 17, tzinfo=UTC)
    jayapura_day = datetime(2026, 3, 1, 15, tzinfo=UTC)

    def row(key, site_id, bucket, views):
        Stat.objects.create(
            grain=DAY, dimension=SITE, key=key, site_id=site_id, bucket=bucket, views=views
        )

    row(jatim.pk, jatim.pk, jakarta_day, 7)
    row(papua.pk, papua.pk, jayapura_day, 5)
    row(papua.pk, papua.pk, jakarta_day, 100)  # Papua's previous day
    row(jatim.pk, jatim.pk, jayapura_day, 200)  # not a Jakarta midnight
    row(national.pk, jatim.pk, jakarta_day, 300)  # another site's numbers
    regions = {
        r.site.pk: r.views_today
        for r in dashboards.network_regions([national, jatim, papua], now=now)
    }
    assert regions == {jatim.pk: 7, papua.pk: 5, national.pk: 0}


# The loops the network page's two 500-row tables had in their templates; the row tags
# (analytics_rows) must write exactly what they wrote.
REGION_LOOP = """{% for region in regions %}
          <tr data-site="{{ region.site.pk }}">
            <th scope="row"><a href="{% url 'analytics_admin_site' region.site.pk %}">{{ region.site.site_name }}</a></th>
            <td class="warta-an__num">{{ region.readers_now }}</td>
            <td class="warta-an__num">{{ region.views_today }}</td>
            <td class="warta-an__num">{{ region.visitors_today }}</td>
          </tr>
        {% endfor %}"""  # noqa: E501
BAR_LOOP = """{% for bar in bars %}
      <tr data-key="{{ bar.key }}">
        <th scope="row">{{ bar.label }}</th>
        <td class="warta-an__bar"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="warta-an__bar-bg" x="0" y="0" width="100" height="10"/><rect class="warta-an__bar-fg" x="0" y="0" width="{{ bar.width|stringformat:'.2f' }}" height="10"/></svg></td>
        <td class="warta-an__num">{{ bar.value }}</td>
        <td class="warta-an__num warta-an__share">{{ bar.share|floatformat:0 }}&#8239;%</td>
      </tr>
    {% empty %}
      <tr><td colspan="4">{% translate "Belum ada data." %}</td></tr>
    {% endfor %}"""  # noqa: E501


def test_the_row_tags_write_what_the_template_loops_wrote(network):
    from django.template import Context, Template
    from django.utils import translation

    from warta.analytics import charts

    jatim, national = network["jatim"], network["national"]
    jatim.site_name = "Warta <Jatim> \"&'"
    regions = [
        dashboards.Region(jatim, 1234567, 0, 12),
        dashboards.Region(national, 0, 2500, 7),
    ]
    bars = charts.bar_chart([("1", "Satu <b>", 1), ("2", "Dua", 7), ("x&y", "Tiga", 1234567)])
    with translation.override("id"):
        for loop, tag, data in (
            (REGION_LOOP, "{% region_rows items %}", regions),
            (
                BAR_LOOP,
                '{% bar_rows items %}{% if not items %}\n      <tr><td colspan="4">'
                '{% translate "Belum ada data." %}</td></tr>\n    {% endif %}',
                bars,
            ),
            (
                BAR_LOOP,
                '{% bar_rows items %}{% if not items %}\n      <tr><td colspan="4">'
                '{% translate "Belum ada data." %}</td></tr>\n    {% endif %}',
                [],
            ),
        ):
            name = "regions" if loop is REGION_LOOP else "bars"
            expected = Template("{% load i18n %}" + loop).render(Context({name: data}))
            written = Template("{% load i18n analytics_rows %}" + tag).render(
                Context({"items": data})
            )
            assert written == expected
            assert expected.strip()
