"""The Ingest inbox through the admin over HTTP: an editor turns a wire item into a draft with
one click (credit kept); desks see only their own site's sources; readers see nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.ingest.inbox import pull_source
from warta.ingest.models import FeedSource, IngestItem
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, group_name, setup_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(site):
    jatim = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    ChannelPageFactory(title="Surabaya", slug="surabaya", parent=jatim.root_page)
    return jatim


@pytest.fixture
def wire_items(site, channel, regional, feed_server, fixture_text):
    national = FeedSource.objects.create(
        name="Antara",
        organisation="Antara",
        format="atom",
        site=site,
        default_channel=channel,
        url=feed_server.serve("/a.atom", fixture_text("antara.atom")),
    )
    local = FeedSource.objects.create(
        name="AFP Jatim",
        organisation="AFP",
        format="ninjs",
        site=regional,
        url=feed_server.serve("/afp.json", fixture_text("afp-ninjs.json")),
    )
    pull_source(national)
    pull_source(local)
    setup_roles(per_site=True)
    return national, local


def refused(response) -> bool:
    """Wagtail answers a denied admin request by sending the user to the dashboard; another
    site's source is not found at all."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def user(username, group):
    account = get_user_model().objects.create_user(username, f"{username}@w.localhost", "pw")
    account.groups.add(Group.objects.get(name=group))
    return account


def test_editor_turns_an_item_into_a_draft_with_one_click(client, wire_items, channel):
    client.force_login(user("redaktur", EDITOR))
    inbox = client.get(reverse("ingest_inbox"))
    assert inbox.status_code == 200
    html = inbox.content.decode()
    assert "Putin dan Kim Jong Un" in html and "Gempa M6,1" in html
    item = IngestItem.objects.get(guid="tag:antaranews.example,2026:4501")
    response = client.post(reverse("ingest_make_draft", args=[item.pk]))
    story = ArticlePage.objects.get(title=item.title)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert not story.live and story.get_parent().pk == channel.pk
    assert story.cited_sources == "Antara"
    assert [b.author.name for b in story.bylines.all()] == ["Rina Suryani"]
    assert [b.block_type for b in story.body] == [
        "paragraph",
        "subheading",
        "paragraph",
        "paragraph",
    ]
    assert story.latest_revision is not None
    item.refresh_from_db()
    assert (item.status, item.story_id) == (IngestItem.USED, story.pk)
    # A second click (double submit) opens the same draft, never a copy.
    client.post(reverse("ingest_make_draft", args=[item.pk]))
    assert ArticlePage.objects.filter(title=item.title).count() == 1
    assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code == 200


def test_regional_desk_sees_and_uses_only_its_own_wires(client, wire_items, regional):
    national, local = wire_items
    client.force_login(user("jatim", group_name(REPORTER, regional)))
    html = client.get(reverse("ingest_inbox")).content.decode()
    assert "Gempa M6,1" in html and "Putin dan Kim" not in html
    foreign = IngestItem.objects.filter(source=national).first()
    assert refused(client.get(reverse("ingest_item", args=[foreign.pk])))
    assert refused(client.post(reverse("ingest_make_draft", args=[foreign.pk])))
    assert not ArticlePage.objects.filter(title=foreign.title).exists()
    own = IngestItem.objects.filter(source=local).first()
    assert client.post(reverse("ingest_make_draft", args=[own.pk])).status_code == 302
    assert ArticlePage.objects.get(title=own.title).get_site().pk == regional.pk
    # Reporters cannot change sources or pull them.
    assert refused(client.post(reverse("ingest_pull", args=[local.pk])))


def test_dismiss_and_pull_now(client, wire_items):
    national, _ = wire_items
    client.force_login(user("redaktur", EDITOR))
    item = IngestItem.objects.filter(source=national).first()
    client.post(reverse("ingest_dismiss", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == IngestItem.DISMISSED
    assert item.title not in client.get(reverse("ingest_inbox")).content.decode()
    response = client.post(reverse("ingest_pull", args=[national.pk]), follow=True)
    assert "Antara: 0 baru" in response.content.decode()


def test_sources_with_errors_are_shown_in_the_admin(client, wire_items, feed_server):
    national, _ = wire_items
    national.url = feed_server.serve("/broken", b"", status=502)
    national.save()
    pull_source(national)
    client.force_login(user("redaktur", EDITOR))
    html = client.get(reverse("ingest_inbox")).content.decode()
    assert "HTTP 502" in html
    assert client.get(reverse("ingest_feedsource:index")).status_code == 200


def test_readers_and_anonymous_visitors_have_no_inbox(client, wire_items):
    assert client.get(reverse("ingest_inbox")).status_code == 302  # to the admin login
    reader = get_user_model().objects.create_user("pembaca", "p@w.localhost", "pw")
    client.force_login(reader)
    assert client.get(reverse("ingest_inbox"))["Location"].startswith("/admin/login/")
    item = IngestItem.objects.first()
    assert client.post(reverse("ingest_make_draft", args=[item.pk])).status_code == 302
    assert not ArticlePage.objects.exists()


def test_editor_configures_a_source_and_bad_input_gets_a_clear_error(client, site, channel):
    setup_roles()
    client.force_login(user("redaktur", EDITOR))
    add = reverse("ingest_feedsource:add")
    data = {
        "name": "Bernama",
        "organisation": "Bernama",
        "url": "bukan alamat",
        "format": "rss",
        "site": site.pk,
        "default_channel": channel.pk,
        "pull_interval_minutes": "10",
        "enabled": "on",
    }
    response = client.post(add, data)
    assert response.status_code == 200 and not FeedSource.objects.exists()
    assert "Masukkan URL yang valid" in response.content.decode()
    data["url"] = "https://bernama.example/rss"
    assert client.post(add, data).status_code == 302
    source = FeedSource.objects.get(name="Bernama")
    assert (source.organisation, source.pull_interval_minutes) == ("Bernama", 10)


def source_form(source, **changes) -> dict:
    data = {
        "name": source.name,
        "organisation": source.organisation,
        "url": source.url,
        "format": source.format,
        "site": source.site_id,
        "default_channel": source.default_channel_id or "",
        "pull_interval_minutes": source.pull_interval_minutes,
        "enabled": "on",
    }
    return {**data, **changes}


def test_a_regional_editor_lists_and_changes_only_its_own_sites_sources(
    client, wire_items, regional
):
    national, local = wire_items
    editor = user("jatim", group_name(EDITOR, regional))
    # Even holding the delete permission, another site's source stays out of reach.
    editor.user_permissions.add(Permission.objects.get(codename="delete_feedsource"))
    client.force_login(editor)
    listing = client.get(reverse("ingest_feedsource:index"))
    assert listing.status_code == 200
    assert "AFP Jatim" in listing.content.decode() and "Antara" not in listing.content.decode()
    for view in ("edit", "delete", "history", "usage", "copy"):
        assert refused(client.get(reverse(f"ingest_feedsource:{view}", args=[national.pk]))), view
    hijack = source_form(national, url="http://127.0.0.1:6379/")
    assert refused(client.post(reverse("ingest_feedsource:edit", args=[national.pk]), hijack))
    assert refused(client.post(reverse("ingest_feedsource:delete", args=[national.pk])))
    copy = source_form(national, name="Salinan", site=regional.pk)
    assert refused(client.post(reverse("ingest_feedsource:copy", args=[national.pk]), copy))
    national.refresh_from_db()
    assert national.url.startswith("http://127.0.0.1:") and not national.url.endswith(":6379/")
    assert not FeedSource.objects.filter(name="Salinan").exists()
    # Its own source opens, offering only its own site and that site's channels.
    form = client.get(reverse("ingest_feedsource:edit", args=[local.pk])).context["form"]
    assert list(form.fields["site"].queryset) == [regional]
    assert [c.title for c in form.fields["default_channel"].queryset] == ["Surabaya"]
    response = client.post(
        reverse("ingest_feedsource:edit", args=[local.pk]),
        source_form(local, pull_interval_minutes="30"),
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.pull_interval_minutes == 30


def test_a_regional_editor_cannot_create_or_move_a_source_to_another_site(
    client, wire_items, regional, site, channel
):
    national, local = wire_items
    client.force_login(user("jatim", group_name(EDITOR, regional)))
    add = reverse("ingest_feedsource:add")
    data = {
        "name": "Bernama",
        "organisation": "Bernama",
        "url": "https://bernama.example/rss",
        "format": "rss",
        "site": site.pk,
        "default_channel": channel.pk,
        "pull_interval_minutes": "10",
        "enabled": "on",
    }
    response = client.post(add, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pilih salah satu situs yang Anda kelola." in html
    assert "Pilih kanal dari situs yang Anda kelola." in html
    data["site"] = regional.pk  # its own site, with the national site's channel
    assert "Pilih kanal dari situs yang Anda kelola." in client.post(add, data).content.decode()
    assert not FeedSource.objects.filter(name="Bernama").exists()
    moved = source_form(local, site=site.pk)
    response = client.post(reverse("ingest_feedsource:edit", args=[local.pk]), moved)
    assert "Pilih salah satu situs yang Anda kelola." in response.content.decode()
    local.refresh_from_db()
    assert local.site_id == regional.pk
    data.update(site=regional.pk, default_channel=local.default_channel_id or "")
    assert client.post(add, data).status_code == 302
    assert FeedSource.objects.get(name="Bernama").site_id == regional.pk


def test_a_channel_of_another_site_than_the_sources_is_refused(client, wire_items, regional):
    national, _ = wire_items
    client.force_login(user("redaktur", EDITOR))  # network-wide: both sites are its own
    surabaya = regional.root_page.get_children().get(slug="surabaya")
    response = client.post(
        reverse("ingest_feedsource:edit", args=[national.pk]),
        source_form(national, default_channel=surabaya.pk),
    )
    assert "Kanal ini bukan bagian dari situs" in response.content.decode()
    national.refresh_from_db()
    assert national.default_channel_id != surabaya.pk


def test_network_wide_roles_and_superusers_see_every_source(client, wire_items):
    for account in (
        user("redaktur", EDITOR),
        user("admin-jaringan", NETWORK_ADMIN),
        get_user_model().objects.create_superuser("super", "s@w.localhost", "pw"),
    ):
        client.force_login(account)
        html = client.get(reverse("ingest_feedsource:index")).content.decode()
        assert "AFP Jatim" in html and "Antara" in html, account.username
        inbox = client.get(reverse("ingest_inbox")).content.decode()
        assert "Gempa M6,1" in inbox and "Putin dan Kim" in inbox, account.username


def test_another_sites_wire_items_cannot_be_dismissed_or_pulled(client, wire_items, regional):
    national, local = wire_items
    client.force_login(user("jatim", group_name(EDITOR, regional)))
    foreign = IngestItem.objects.filter(source=national).first()
    assert refused(client.post(reverse("ingest_dismiss", args=[foreign.pk])))
    foreign.refresh_from_db()
    assert foreign.status == IngestItem.NEW
    assert refused(client.post(reverse("ingest_make_draft", args=[foreign.pk])))
    assert refused(client.post(reverse("ingest_pull", args=[national.pk])))
    assert client.post(reverse("ingest_pull", args=[local.pk])).status_code == 302


def test_a_wire_items_link_is_a_link_only_when_it_is_http(client, wire_items):
    national, _ = wire_items
    client.force_login(user("redaktur", EDITOR))
    item = IngestItem.objects.filter(source=national).first()
    # Stored before links were checked on the way in.
    IngestItem.objects.filter(pk=item.pk).update(link="javascript:alert(document.cookie)")
    html = client.get(reverse("ingest_item", args=[item.pk])).content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(document.cookie)" in html  # shown as text, for the editor
    IngestItem.objects.filter(pk=item.pk).update(link="https://antaranews.example/berita/1")
    html = client.get(reverse("ingest_item", args=[item.pk])).content.decode()
    assert 'href="https://antaranews.example/berita/1"' in html
