"""The desk home (newsroom.desk, desk_panels, desk_views): each role's dashboard shows its
lists; "Tulis berita" starts a story in the user's own channel and never another site's; a
reporter is not offered "Kanal"; an editor approves from the dashboard in one click, through
the quality gates; the story editor puts approval first; each panel's queries are bounded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.channels.tests.factories import ChannelPageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom import desk
from warta.newsroom.roles import REPORTER, group_name
from warta.newsroom.tests.conftest import make_user

pytestmark = pytest.mark.django_db


def submit(story, user):
    """The reporter's "Ajukan ke Persetujuan redaksi": a revision, then the workflow."""
    story.save_revision(user=user)
    story.get_workflow().start(story, user)
    return TaskState.objects.get(
        workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def request_changes(story, editor, comment):
    state = TaskState.objects.get(
        workflow_state__object_id=str(story.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    state.task.specific.on_action(state, editor, "reject", comment=comment)


def refused(response) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles_in(soup, section_id: str) -> list[str]:
    section = soup.find(id=section_id)
    assert section is not None, f"no #{section_id} on the dashboard"
    return [a.get_text(strip=True) for a in section.select("a.warta-desk__title")]


@pytest.fixture
def reporter_stories(reporter, editor_user, channel):
    """One story of the reporter in each state of the desk, and one of someone else."""
    draft = ArticlePageFactory(parent=channel, title="Draf banjir", owner=reporter, publish=False)
    returned = ArticlePageFactory(
        parent=channel, title="Berita dikembalikan", owner=reporter, publish=False
    )
    submit(returned, reporter)
    request_changes(returned, editor_user, "Tambahkan keterangan BPBD.")
    waiting = ArticlePageFactory(
        parent=channel, title="Menunggu redaktur", owner=reporter, publish=False
    )
    submit(waiting, reporter)
    scheduled = ArticlePageFactory(
        parent=channel, title="Berita besok pagi", owner=reporter, publish=False
    )
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=editor_user).publish(user=editor_user)
    published = ArticlePageFactory(parent=channel, title="Terbit tadi pagi", owner=reporter)
    ArticlePageFactory(parent=channel, title="Draf orang lain", publish=False)
    return {
        "draft": draft,
        "returned": returned,
        "waiting": waiting,
        "scheduled": scheduled,
        "published": published,
    }


# ---- the reporter's desk --------------------------------------------------------------


def test_reporter_dashboard_lists_their_stories_by_state(client, reporter, reporter_stories):
    soup = dashboard(client, reporter)
    assert titles_in(soup, "desk-drafts") == ["Draf banjir"]
    assert titles_in(soup, "desk-returned") == ["Berita dikembalikan"]
    assert "Tambahkan keterangan BPBD." in soup.find(id="desk-returned").get_text()
    assert "redaktur" in soup.find(id="desk-returned").get_text()  # who asked
    assert titles_in(soup, "desk-waiting") == ["Menunggu redaktur"]
    assert titles_in(soup, "desk-scheduled") == ["Berita besok pagi"]
    assert titles_in(soup, "desk-published") == ["Terbit tadi pagi"]
    assert "Draf orang lain" not in soup.get_text()
    assert soup.find(id="desk-review") is None  # a reporter reviews nothing


def test_tulis_berita_opens_the_story_editor_in_the_reporters_channel(client, reporter, channel):
    soup = dashboard(client, reporter)
    button = soup.select_one(".warta-desk__write-button")
    assert button.get_text(strip=True) == "Tulis berita"
    response = client.get(button["href"])
    assert response.status_code == 302
    add = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    assert response["Location"] == add
    assert client.get(add).status_code == 200


def test_tulis_berita_defaults_to_the_channel_of_the_reporters_last_story(
    client, reporter, channel, national_channel
):
    ArticlePageFactory(parent=national_channel, owner=reporter, publish=False)
    targets = desk.write_targets(reporter)
    assert targets[0].channel_id == national_channel.pk
    assert channel.pk in [t.channel_id for t in targets[1:]]  # the others: a short choice
    soup = dashboard(client, reporter)
    others = [a.get_text(strip=True) for a in soup.select(".warta-desk__others a")]
    assert "Internasional" in others


@pytest.fixture
def regions(site, roles):
    jatim = provision_site(
        RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
        channels=[("Berita", "berita")],
    )
    bali = provision_site(
        RegionSpec(name="Warta Bali", slug="bali", province_code="51"),
        channels=[("Berita", "berita")],
    )
    channel = {
        s.slug if hasattr(s, "slug") else s.site_name: ChannelPage.objects.child_of(
            s.root_page
        ).get(slug="berita")
        for s in (jatim, bali)
    }
    return {"jatim": jatim, "bali": bali, "channel": channel}


def test_a_regional_reporter_cannot_start_a_story_on_another_site(client, regions):
    from django.contrib.auth.models import Group

    hostile = make_user("reporter-jatim", None)
    hostile.groups.add(Group.objects.get(name=group_name(REPORTER, regions["jatim"])))
    client.force_login(hostile)
    own = regions["channel"]["Warta Jatim"]
    other = regions["channel"]["Warta Bali"]
    assert [t.channel_id for t in desk.write_targets(hostile)] == [own.pk]

    assert client.get(reverse("warta_write_story", args=[other.pk])).status_code == 404
    assert client.get(reverse("warta_write_story", args=[own.pk])).status_code == 302
    add_other = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", other.pk])
    assert refused(client.get(add_other))
    client.post(add_other, {"title": "Susupan", "slug": "susupan"})
    assert not ArticlePage.objects.filter(title="Susupan").exists()
    # The explorer opens at the reporter's own site, not at the tree root.
    response = client.get(reverse("wagtailadmin_explore_root"))
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=[regions["jatim"].root_page_id]
    )


# ---- "Kanal" is not a reporter's page type ---------------------------------------------


def test_reporter_is_not_offered_kanal_and_cannot_create_one(client, reporter, site, channel):
    client.force_login(reporter)
    at_home = client.get(reverse("wagtailadmin_pages:add_subpage", args=[site.root_page_id]))
    # At a site's home a reporter may add nothing but stories, which go in a channel.
    assert refused(at_home)
    at_channel = client.get(reverse("wagtailadmin_pages:add_subpage", args=[channel.pk]))
    # In a channel: the story types only (article, gallery, video), never Kanal.
    assert at_channel.status_code == 200
    offered = at_channel.content.decode()
    add_article = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    assert add_article in offered
    add_kanal = reverse("wagtailadmin_pages:add", args=["channels", "channelpage", channel.pk])
    assert add_kanal not in offered
    assert refused(client.get(add_kanal))
    client.post(add_kanal, {"title": "Kanal liar", "slug": "kanal-liar", "action-publish": "1"})
    assert not ChannelPage.objects.filter(title="Kanal liar").exists()


def test_editor_keeps_kanal_among_the_page_types(client, editor_user, channel):
    client.force_login(editor_user)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[channel.pk]))
    assert response.status_code == 200
    offered = response.content.decode()
    assert (
        reverse("wagtailadmin_pages:add", args=["channels", "channelpage", channel.pk]) in offered
    )
    assert (
        reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk]) in offered
    )


# ---- the editor's desk -------------------------------------------------------------------


def test_editor_dashboard_review_queue_with_age_and_one_click_approve(
    client, reporter, editor_user, ready_story
):
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=reporter)
    state = submit(ready_story, reporter)
    TaskState.objects.filter(pk=state.pk).update(started_at=timezone.now() - timedelta(hours=3))
    soup = dashboard(client, editor_user)
    queue = soup.find(id="desk-review")
    row = queue.select_one(f"[data-story='{ready_story.pk}']")
    assert "Draf siap terbit" in row.get_text()
    assert "menunggu 3 jam" in row.get_text()
    assert soup.find(id="awaiting-review") is None  # Wagtail's list is replaced, not doubled
    form = row.find("form")
    assert form.find("button").get_text(strip=True) == "Setujui dan terbitkan"
    data = {i["name"]: i["value"] for i in form.find_all("input")}
    response = client.post(form["action"], data)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    story = ArticlePage.objects.get(pk=ready_story.pk)
    assert story.live and not story.workflow_in_progress
    after = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    assert "disetujui dan terbit" in after.get_text()
    assert after.find(id="desk-review").select("[data-story]") == []


def test_approve_refuses_a_submission_that_fails_the_gates(client, reporter, editor_user, channel):
    story = ArticlePageFactory(parent=channel, title="Tanpa ringkasan", publish=False)
    story.summary = ""
    state = submit(story, reporter)
    soup = dashboard(client, editor_user)
    row = soup.find(id="desk-review").select_one(f"[data-story='{story.pk}']")
    assert "Ringkasan wajib diisi sebelum terbit." in row.get_text()
    assert row.find("form") is None  # no one-click approve for a story that would fail
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", state.pk])
    response = client.post(url)  # the button is absent: a crafted request is refused too
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert not ArticlePage.objects.get(pk=story.pk).live
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_reporter_cannot_approve_through_the_workflow_url(client, reporter, ready_story):
    state = submit(ready_story, reporter)
    client.force_login(reporter)
    url = reverse("wagtailadmin_pages:workflow_action", args=[ready_story.pk, "approve", state.pk])
    assert refused(client.post(url))
    assert not ArticlePage.objects.get(pk=ready_story.pk).live


def test_story_editor_makes_approval_the_main_button_for_the_reviewer(
    client, reporter, editor_user, ready_story
):
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=reporter)
    submit(ready_story, reporter)
    edit = reverse("wagtailadmin_pages:edit", args=[ready_story.pk])
    client.force_login(editor_user)
    soup = BeautifulSoup(client.get(edit).content, "html.parser")
    buttons = [b.get_text(" ", strip=True) for b in soup.select("footer button")]
    assert buttons[0] == "Setujui dan terbitkan", buttons  # the main button
    assert buttons.index("Minta perubahan") < buttons.index("Simpan konsep"), buttons
    client.force_login(reporter)
    response = client.get(edit)
    assert response.status_code == 200
    buttons = [b.get_text(" ", strip=True) for b in soup_of(response).select("footer button")]
    assert buttons and "Setujui dan terbitkan" not in buttons, buttons


def test_editor_watch_breaking_slots_and_corrections(client, editor_user, channel, site):
    breaking = ArticlePageFactory(
        parent=channel, title="Gempa di Maluku", breaking_until=timezone.now() + timedelta(hours=2)
    )
    ArticlePageFactory(
        parent=channel, title="Sela kemarin", breaking_until=timezone.now() - timedelta(hours=2)
    )
    corrected = ArticlePageFactory(parent=channel, title="Angka korban diperbarui")
    ArticleCorrection.objects.create(page=corrected, text="Jumlah korban 12, bukan 21.")
    soup = dashboard(client, editor_user)
    assert titles_in(soup, "desk-breaking") == ["Gempa di Maluku"]
    assert "Jumlah korban 12, bukan 21." in soup.find(id="desk-corrections").get_text()
    homes = soup.find(id="desk-homes")
    assert reverse("wagtailadmin_pages:edit", args=[site.root_page_id]) in str(homes)

    form = soup.find(id="desk-breaking").find("form")
    data = {i["name"]: i["value"] for i in form.find_all("input")}
    assert client.post(form["action"], data).status_code == 302
    story = ArticlePage.objects.get(pk=breaking.pk)
    assert story.breaking_until <= timezone.now() and story.live
    assert titles_in(dashboard(client, editor_user), "desk-breaking") == []


def test_ending_breaking_keeps_a_waiting_draft(editor_user, channel):
    from warta.newsroom.services import end_breaking

    story = ArticlePageFactory(
        parent=channel, title="Banjir Bekasi", breaking_until=timezone.now() + timedelta(hours=1)
    )
    story.summary = "Ringkasan baru yang belum terbit."
    story.save_revision(user=editor_user)
    end_breaking(story, user=editor_user)
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.breaking_until <= timezone.now()
    assert story.has_unpublished_changes
    assert story.get_latest_revision_as_object().summary == "Ringkasan baru yang belum terbit."


def test_a_reporter_cannot_end_a_breaking_flag(client, reporter, channel):
    story = ArticlePageFactory(
        parent=channel, title="Sela", breaking_until=timezone.now() + timedelta(hours=1)
    )
    client.force_login(reporter)
    assert refused(client.post(reverse("warta_end_breaking", args=[story.pk])))
    assert ArticlePage.objects.get(pk=story.pk).breaking_until > timezone.now()


def test_a_regional_editor_sees_only_their_sites_queue_and_ticker(client, regions, reporter):
    from django.contrib.auth.models import Group

    from warta.newsroom.roles import EDITOR

    jatim_editor = make_user("redaktur-jatim", None)
    jatim_editor.groups.add(Group.objects.get(name=group_name(EDITOR, regions["jatim"])))
    bali_story = ArticlePageFactory(
        parent=regions["channel"]["Warta Bali"], title="Draf Bali", publish=False
    )
    submit(bali_story, reporter)
    ArticlePageFactory(
        parent=regions["channel"]["Warta Bali"],
        title="Sela Bali",
        breaking_until=timezone.now() + timedelta(hours=1),
    )
    assert desk.review_queue(jatim_editor) == []
    assert desk.breaking_now(jatim_editor) == []
    assert [h.site_name for h in desk.home_desks(jatim_editor)] == ["Warta Jatim"]
    soup = dashboard(client, jatim_editor)
    assert "Draf Bali" not in soup.get_text() and "Sela Bali" not in soup.get_text()


# ---- the network admin's desk -------------------------------------------------------------


def test_network_admin_dashboard_partners_sites_and_circulation(client, network_admin, regions):
    from warta.network.models import PartnerApplication

    PartnerApplication.objects.create(
        organisation="Kabar Madura",
        legal_entity="pt",
        contact_name="Siti",
        email="siti@kabar.localhost",
        phone="081234567890",
        province_code="35",
        regency="Sumenep",
        newsroom_size="1-5",
        statement="Media lokal di Madura.",
    )
    ArticlePageFactory(parent=regions["channel"]["Warta Jatim"], title="Pasar Turi ramai")
    soup = dashboard(client, network_admin)
    assert titles_in(soup, "desk-partners") == ["Kabar Madura"]
    sites = titles_in(soup, "desk-sites")
    assert sites[0] == "Warta" and {"Warta Jatim", "Warta Bali"} <= set(sites)
    assert titles_in(soup, "desk-circulation") == ["Pasar Turi ramai"]
    assert soup.find(id="desk-review") is not None  # network admins approve too


def test_a_reporter_sees_no_network_desk(client, reporter):
    assert dashboard(client, reporter).find(id="desk-network") is None


# ---- bounded queries ------------------------------------------------------------------------


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


BUDGETS = {"reporter_desk": 2, "write_targets": 2, "review_queue": 5, "watch": 4, "network": 5}


def desk_reads(reporter, editor_user) -> dict:
    from warta.network import desk as network_desk

    return {
        "reporter_desk": lambda: desk.reporter_desk(reporter),
        "write_targets": lambda: desk.write_targets(reporter),
        "review_queue": lambda: desk.review_queue(editor_user),
        "watch": lambda: (
            desk.breaking_now(editor_user),
            desk.home_desks(editor_user),
            desk.corrections_today(editor_user),
        ),
        "network": lambda: (
            network_desk.waiting_applications(),
            network_desk.network_sites(),
            network_desk.circulation_queue(),
        ),
    }


def add_desk_work(channel, reporter, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        ArticlePageFactory(parent=channel, title=f"Draf {n}", owner=reporter, publish=False)
        waiting = ArticlePageFactory(
            parent=channel, title=f"Ajuan {n}", owner=reporter, publish=False
        )
        submit(waiting, reporter)
        live = ArticlePageFactory(
            parent=channel,
            title=f"Sela {n}",
            owner=reporter,
            breaking_until=timezone.now() + timedelta(hours=1),
        )
        ArticleCorrection.objects.create(page=live, text=f"Koreksi {n}")


def test_each_desk_read_has_a_fixed_query_budget(reporter, editor_user, channel, site):
    ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=site.root_page)
    reads = desk_reads(reporter, editor_user)
    add_desk_work(channel, reporter, 2)
    for read in reads.values():
        read()  # warm the per-process caches (site list, content types)
    few = {name: count_queries(read) for name, read in reads.items()}
    add_desk_work(channel, reporter, 6, start=2)
    many = {name: count_queries(read) for name, read in reads.items()}
    assert many == few, f"grows with the stories (N+1): {few} → {many}"
    over = {name: n for name, n in many.items() if n > BUDGETS[name]}
    assert not over, f"over budget {BUDGETS}: {over}"


@pytest.mark.parametrize("role", ["reporter", "editor", "network_admin"])
def test_the_dashboard_costs_the_same_with_more_work(client, users, channel, role):
    user = users[role]
    client.force_login(user)
    add_desk_work(channel, users["reporter"], 2)
    client.get(reverse("wagtailadmin_home"))
    few = count_queries(lambda: client.get(reverse("wagtailadmin_home")))
    add_desk_work(channel, users["reporter"], 6, start=2)
    many = count_queries(lambda: client.get(reverse("wagtailadmin_home")))
    assert many <= few, f"{role}: {few} queries with 2 of each, {many} with 8"


def test_home_slots_of_a_large_network_list_homes_in_use_and_count_the_rest(
    client, admin_user, monkeypatch
):
    """With hundreds of sites the watch lists the first homes and every home with a slot in
    force; the homes without one are counted, not listed."""
    from wagtail.models import Site

    from warta.channels.models import HomePage, HomePageSlot
    from warta.newsroom import desk_panels

    monkeypatch.setattr(desk_panels, "HOMES_SHOWN", 1)
    quiet, busy, idle = (
        provision_site(RegionSpec(name=f"Warta {n}", slug=n.lower(), province_code="35"))
        for n in ("Sepi", "Ramai", "Diam")
    )
    story = ArticlePageFactory(title="Pilihan redaksi")
    HomePageSlot.objects.create(page=HomePage.objects.get(pk=busy.root_page_id), article=story)
    HomePageSlot.objects.create(
        page=HomePage.objects.get(pk=idle.root_page_id),
        article=story,
        expires_at=timezone.now() - timedelta(hours=1),
    )

    homes = dashboard(client, admin_user).find(id="desk-homes")
    listed = [a.get_text() for a in homes.find_all("a", class_="warta-desk__title")]
    first = sorted(Site.objects.all(), key=lambda s: (not s.is_default_site, s.pk))[0]
    assert listed == [first.site_name, "Warta Ramai"]
    assert "1 slot aktif" in homes.get_text()
    others = Site.objects.count() - 2
    assert f"dan {others} beranda lain tanpa slot aktif" in homes.find(id="desk-homes-more").text
    assert quiet.site_name not in listed
