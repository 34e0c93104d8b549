"""The reader's live page: pinned posts on top, the key-event timeline, newest first, older
posts by a plain link, each post's own address, and the cached page purged by a new post."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone

from warta.live import services
from warta.live.models import LivePost, LiveStatus
from warta.live.queries import FIRST_PAGE
from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body
from warta.newsroom.roles import EDITOR, REPORTER, setup_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    return LiveStoryPageFactory(parent=channel, summary="Hitung cepat pemilu dari seluruh TPS.")


@pytest.fixture
def editor(django_user_model, site):
    setup_roles()
    user = django_user_model.objects.create_user("redaktur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def posts_at(story, count: int, **extra) -> list[LivePost]:
    """`count` posts a minute apart, the last the newest."""
    start = timezone.now() - timedelta(hours=2)
    return [
        LivePostFactory(
            story=story,
            title=f"Pembaruan {n}",
            body=text_body(f"Isi pembaruan nomor {n}."),
            posted_at=start + timedelta(minutes=n),
            **extra,
        )
        for n in range(count)
    ]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def stream_ids(page: BeautifulSoup) -> list[str]:
    return [a["id"] for a in page.select(".live-stream > .live-post")]


def test_pinned_posts_come_first_then_the_latest_newest_first(client, story):
    posts = posts_at(story, 5)
    LivePost.objects.filter(pk=posts[1].pk).update(pinned=True)
    page = soup(client.get(story.url))
    pinned = page.select(".live-pinned > .live-post")
    assert [p["id"] for p in pinned] == [posts[1].anchor]
    assert "Disematkan" in pinned[0].get_text()
    assert stream_ids(page) == [posts[n].anchor for n in (4, 3, 2, 0)]
    # The pinned post comes before the stream in the document.
    html = str(page)
    assert html.index(posts[1].anchor) < html.index(posts[4].anchor)
    assert page.select_one(".live-badge").get_text(strip=True) == "LIVE · Berlangsung"
    assert "Hitung cepat pemilu" in page.select_one(".live-summary").get_text()


def test_key_events_link_to_their_posts_anchor_or_own_address(client, story):
    posts = posts_at(story, FIRST_PAGE + 3)
    LivePost.objects.filter(pk__in=[posts[0].pk, posts[-1].pk]).update(key_event=True)
    page = soup(client.get(story.url))
    links = page.select(".live-timeline a")
    newest, oldest = links
    assert newest["href"] == f"#{posts[-1].anchor}"
    assert page.find(id=posts[-1].anchor) is not None
    # Not on the first page: its own address instead of a broken anchor.
    assert page.find(id=posts[0].anchor) is None
    assert oldest["href"] == f"{story.url}p/{posts[0].pk}/"
    assert "Pembaruan 0" in oldest.get_text()


def test_older_posts_load_by_a_plain_link(client, story):
    posts = posts_at(story, FIRST_PAGE + 5)
    first = soup(client.get(story.url))
    newest_first = [p.anchor for p in reversed(posts)]
    assert stream_ids(first) == newest_first[:FIRST_PAGE]
    more = first.select_one("a.live-more__link")["href"]
    assert more == f"{story.url}pembaruan/{posts[5].pk}/"
    older = soup(client.get(more))
    assert stream_ids(older) == newest_first[FIRST_PAGE:]
    assert older.select_one("a.live-more__link") is None
    assert older.select_one(".live-summary") is None and older.select_one(".live-pinned") is None
    assert older.select_one("[data-live]")["data-live-poll"] == "0"
    assert older.select_one('meta[name="robots"]')["content"] == "noindex, follow"
    assert older.select_one('link[rel="canonical"]')["href"].endswith(story.url)
    assert client.get(f"{story.url}pembaruan/999999/").status_code == 404


def test_each_post_has_its_own_address_title_and_sharing_text(client, story, django_user_model):
    posts = posts_at(story, 3)
    post = posts[0]
    LivePost.objects.filter(pk=post.pk).update(
        title="", body=text_body("KPU menetapkan hasil rekapitulasi di Jawa Timur.")
    )
    url = f"{story.url}p/{post.pk}/"
    page = soup(client.get(url))
    full = f"http://localhost{url}"
    assert page.title.get_text().startswith("KPU menetapkan hasil rekapitulasi di Jawa Timur. |")
    assert story.title in page.title.get_text()
    assert page.select_one('link[rel="canonical"]')["href"] == full
    assert page.select_one('meta[property="og:url"]')["content"] == full
    og_title = page.select_one('meta[property="og:title"]')["content"]
    assert og_title == "KPU menetapkan hasil rekapitulasi di Jawa Timur."
    assert "rekapitulasi" in page.select_one('meta[property="og:description"]')["content"]
    # That post first, once; the others below.
    focus = page.select(".live-focus > .live-post")
    assert [p["id"] for p in focus] == [post.anchor]
    assert len(page.select(f"#{post.anchor}")) == 1
    assert stream_ids(page) == [posts[2].anchor, posts[1].anchor]
    # Its share buttons carry its address and its words.
    whatsapp = page.select_one(f"#{post.anchor} .share__link--whatsapp")["href"]
    assert "KPU%20menetapkan" in whatsapp and f"p%2F{post.pk}%2F" in whatsapp
    # Rendered again (a signed-in reader passes the page cache): the kept head serves as well.
    client.force_login(django_user_model.objects.create_user("pembaca", "p@contoh.example"))
    for _ in range(2):
        again = soup(client.get(url))
        assert again.select_one('link[rel="canonical"]')["href"] == full
        assert again.title.get_text() == page.title.get_text()
    client.logout()
    # The story's own page keeps the story's title and canonical address.
    story_page = soup(client.get(story.url))
    assert story_page.select_one('link[rel="canonical"]')["href"] == f"http://localhost{story.url}"


def test_deleted_and_pending_posts_are_not_shown(client, story, editor, django_user_model):
    kept, gone = posts_at(story, 2)
    services.delete_post(gone, user=editor)
    reporter = django_user_model.objects.create_user("reporter", password="x", is_staff=True)
    reporter.groups.add(Group.objects.get(name=REPORTER))
    waiting = services.add_post(story, user=reporter, body=text_body("Belum ditinjau.")).post
    assert waiting.state == LivePost.State.PENDING
    page = soup(client.get(story.url))
    assert stream_ids(page) == [kept.anchor]
    assert "Belum ditinjau" not in str(page)
    assert client.get(f"{story.url}p/{gone.pk}/").status_code == 404
    assert client.get(f"{story.url}p/{waiting.pk}/").status_code == 404


def test_a_new_post_purges_the_cached_page_and_the_page_stays_cached_between_posts(
    client, story, editor
):
    services.add_post(story, user=editor, body=text_body("Pembaruan pertama."))
    first = client.get(story.url)
    again = client.get(story.url)
    assert again["X-Cache"] == "HIT" and again.content == first.content
    version = soup(first).select_one("[data-live]")["data-live-version"]
    services.add_post(story, user=editor, body=text_body("TPS terakhir selesai menghitung."))
    after = client.get(story.url)
    assert after["X-Cache"] != "HIT"
    assert "TPS terakhir selesai menghitung." in after.content.decode()
    assert int(soup(after).select_one("[data-live]")["data-live-version"]) > int(version)
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_a_finished_story_asks_for_no_polling_and_shows_its_end(client, story, editor):
    posts_at(story, 2)
    services.set_live_controls(story, user=editor, status=LiveStatus.FINISHED)
    page = soup(client.get(story.url))
    assert page.select_one("[data-live]")["data-live-poll"] == "0"
    assert page.select_one(".live-badge").get_text(strip=True) == "Selesai"
    assert page.select_one(".live-reload") is None
    assert len(page.select(".live-status time")) == 2


def test_the_page_embeds_its_updates_address_and_interval(client, story, editor):
    services.set_live_controls(story, user=editor, poll_seconds=15)
    live = soup(client.get(story.url)).select_one("[data-live]")
    assert live["data-live-updates"] == f"/live/{story.pk}/updates/"
    assert live["data-live-poll"] == "15"
    assert client.get(live["data-live-updates"]).status_code == 200


def test_the_live_pages_pass_the_nu_checker(client, story, editor, tmp_path):
    from warta.core.tests.test_nu_checker import nu_errors

    posts = posts_at(story, FIRST_PAGE + 2)
    LivePost.objects.filter(pk=posts[-1].pk).update(pinned=True, key_event=True)
    services.correct_post(posts[-2], user=editor, body=text_body("Dikoreksi."), note="Angka")
    rich = [
        ("paragraph", "<p>Suasana di <b>TPS 12</b>.</p>"),
        ("quote", {"text": "Kami menunggu hasil resmi.", "speaker": "Juru bicara", "source": ""}),
        ("image", {"image": story.hero_image, "caption": "Antrean pemilih.", "credit": "Antara"}),
    ]
    photo_post = services.add_post(story, user=editor, body=rich, title="Dari TPS 12").post
    for name, url in {
        "latest": story.url,
        "post": f"{story.url}p/{posts[3].pk}/",
        "older": f"{story.url}pembaruan/{posts[2].pk}/",
    }.items():
        (tmp_path / f"{name}.html").write_bytes(soup(client.get(url)).encode())
    latest = (tmp_path / "latest.html").read_text()
    assert "Kami menunggu hasil resmi." in latest and "Antrean pemilih." in latest
    photo = BeautifulSoup(latest, "html.parser").find(id=photo_post.anchor)
    assert photo.find("img") is not None and "Antara" in photo.get_text()
    assert not nu_errors(tmp_path)


def test_a_regional_site_by_its_path_polls_and_loads_more_under_its_prefix(client, channel):
    from warta.network.services import RegionSpec, provision_site

    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    berita = bali.root_page.get_children().get(slug="berita").specific
    story = LiveStoryPageFactory(parent=berita, title="Live: Nyepi di Denpasar")
    posts = posts_at(story, FIRST_PAGE + 1)
    path = f"/r/bali/berita/{story.slug}/"
    page = soup(client.get(path, HTTP_HOST="127.0.0.1"))
    updates = page.select_one("[data-live]")["data-live-updates"]
    assert updates == f"/r/bali/live/{story.pk}/updates/"
    answer = client.get(updates, HTTP_HOST="127.0.0.1")
    assert answer.status_code == 200 and answer.json()["story"] == story.pk
    more = page.select_one("a.live-more__link")["href"]
    assert more == f"{path}pembaruan/{posts[1].pk}/"
    assert stream_ids(soup(client.get(more, HTTP_HOST="127.0.0.1"))) == [posts[0].anchor]
