"""Reader accounts and personalisation over HTTP: sign-up with email verification, choices
kept on the device and merged at sign-in, the ranked "Untuk Anda" feed, saving, opt-in
history, export and deletion, lockout after failed logins, and the caching rule: no reader
ever receives another reader's personal content, through the page cache or otherwise."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from warta.accounts.feed import FeedItem, varied
from warta.accounts.models import ReaderPreferences, ReadingHistory, SavedStory
from warta.accounts.preferences import COOKIE
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/156.0"}
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's


@pytest.fixture
def stories(site, channel, national_channel):
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    return {
        "jatim": ArticlePageFactory(parent=berita, title="Banjir rob di Surabaya utara"),
        "world": ArticlePageFactory(
            parent=channel, title="Korea Utara uji rudal baru", tags=["Korea Utara"]
        ),
        "national": ArticlePageFactory(parent=national_channel, title="DPR sahkan RUU baru"),
    }


def sign_up(client, email="sari@pembaca.example", password=PASSWORD):
    response = client.post(
        "/akun/signup/", {"email": email, "password1": password, "password2": password}
    )
    assert response.status_code == 302, response.content.decode()[:400]
    link = re.search(r"http://testserver(/akun/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return link.group(1)


def feed_titles(response) -> list[str]:
    return [
        a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".feed__title")
    ]


def test_sign_up_needs_a_verified_email_and_never_gives_admin_access(client, site):
    confirm = sign_up(client)
    user = get_user_model().objects.get(email="sari@pembaca.example")
    assert not user.is_staff and not user.is_superuser
    assert client.get("/akun/saya/").status_code == 302  # not signed in before verifying
    assert client.post(confirm).status_code == 302
    assert client.get("/akun/saya/").status_code == 200
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_choices_without_an_account_change_the_feed_and_say_why(client, stories):
    assert feed_titles(client.get("/untuk-anda/")) == []
    response = client.post("/untuk-anda/", {"province_code": "35", "channels": ["nasional"]})
    assert response.status_code == 302 and COOKIE in response.cookies
    page = client.get("/untuk-anda/")
    assert page["Cache-Control"].startswith("private") or "private" in page["Cache-Control"]
    titles = feed_titles(page)
    assert set(titles) == {stories["jatim"].title, stories["national"].title}
    why = {
        li.select_one(".feed__title").get_text(): li.select_one(".feed__why").get_text()
        for li in BeautifulSoup(page.content, "html.parser").select(".feed__item")
    }
    assert "Daerah: Jawa Timur" in why[stories["jatim"].title]
    assert "Kanal: Nasional" in why[stories["national"].title]
    client.post("/untuk-anda/", {"province_code": "", "topics": ["korea-utara"]})
    assert feed_titles(client.get("/untuk-anda/")) == [stories["world"].title]
    block = client.get("/untuk-anda/daerah/").content.decode()
    assert "Pilih daerah Anda" in block  # the region was cleared


def test_device_choices_are_merged_into_the_account_at_sign_in(client, stories):
    confirm = sign_up(client)
    client.post("/untuk-anda/", {"province_code": "35", "topics": ["korea-utara"]})
    client.post(confirm)  # verifying signs in: the device's choices join the account
    prefs = ReaderPreferences.objects.get(user__email="sari@pembaca.example")
    assert (prefs.province_code, prefs.topics) == ("35", ["korea-utara"])
    other_device = Client()
    other_device.post(
        "/akun/login/", {"login": "sari@pembaca.example", "password": "Kopi-Tubruk-2026"}
    )
    assert stories["jatim"].title in feed_titles(other_device.get("/untuk-anda/"))


def test_save_follow_history_export_and_delete(client, stories):
    client.post(sign_up(client))
    story = stories["world"]
    assert client.get(f"/akun/simpan/{story.pk}/").status_code == 200  # no-JS confirmation
    answer = client.post(
        f"/akun/simpan/{story.pk}/", {"aksi": "simpan"}, HTTP_ACCEPT="application/json"
    )
    assert answer.json() == {"saved": True}
    status = client.get(f"/untuk-anda/status/?artikel={story.pk}").json()
    assert status["saved"] is True and status["signed_in"] is True
    client.post("/untuk-anda/ikuti/", {"jenis": "topics", "nilai": "korea-utara", "aksi": "ikuti"})
    assert client.get("/untuk-anda/status/").json()["topics"] == ["korea-utara"]
    client.get(story.url, **READER)
    assert not ReadingHistory.objects.exists()  # history is off until the reader turns it on
    client.post("/akun/saya/riwayat/", {"aksi": "aktifkan"})
    client.get(story.url, **READER)
    assert ReadingHistory.objects.filter(article=story).exists()
    assert story.title not in feed_titles(client.get("/untuk-anda/"))  # read: left out
    exported = json.loads(client.get("/akun/saya/ekspor/").content)
    assert exported["account"]["email"] == "sari@pembaca.example"
    assert [s["title"] for s in exported["saved_stories"]] == [story.title]
    assert [h["title"] for h in exported["reading_history"]] == [story.title]
    assert exported["preferences"]["topics"] == ["korea-utara"]
    wrong = client.post("/akun/saya/hapus/", {"password": "salah", "confirm": "on"})
    assert wrong.status_code == 400 and "Kata sandi salah" in wrong.content.decode()
    gone = client.post("/akun/saya/hapus/", {"password": "Kopi-Tubruk-2026", "confirm": "on"})
    assert gone.status_code == 200 and "sudah dihapus" in gone.content.decode()
    assert not get_user_model().objects.filter(email="sari@pembaca.example").exists()
    assert not SavedStory.objects.exists() and not ReadingHistory.objects.exists()
    assert not ReaderPreferences.objects.exists()
    assert client.get("/akun/saya/").status_code == 302  # signed out


def test_no_reader_ever_sees_another_readers_personal_content(stories):
    first, second, anonymous = Client(), Client(), Client()
    first.post(sign_up(first, "a@pembaca.example"))
    story = stories["world"]
    first.post(f"/akun/simpan/{story.pk}/", {"aksi": "simpan"})
    first.post("/untuk-anda/", {"province_code": "35", "topics": ["korea-utara"]})
    first.get(story.url, **READER)
    # The anonymous page comes from the page cache and is the same for everyone.
    cached = anonymous.get(story.url, **READER)
    again = anonymous.get(story.url, **READER)
    assert again["X-Cache"] == "HIT" and again.content == cached.content
    for body in (cached.content.decode(), again.content.decode()):
        assert "a@pembaca.example" not in body
        # Nothing is shown as saved or followed (the theme switch's "Otomatis" is everyone's).
        pressed = BeautifulSoup(body, "html.parser").select('[aria-pressed="true"]')
        assert [b for b in pressed if not b.has_attr("data-theme-choice")] == []
    second.post(sign_up(second, "b@pembaca.example"))
    assert second.get(f"/untuk-anda/status/?artikel={story.pk}").json()["saved"] is False
    assert second.get("/untuk-anda/status/").json()["topics"] == []
    assert feed_titles(second.get("/untuk-anda/")) == []
    mine = second.get("/akun/saya/").content.decode()
    assert story.title not in mine and "a@pembaca.example" not in mine
    for path in ("/untuk-anda/", "/untuk-anda/daerah/", "/untuk-anda/status/", "/akun/saya/"):
        response = first.get(path)
        assert "private" in response["Cache-Control"], path
        assert response.get("X-Cache") != "HIT", path
    # Anonymous readers never get a signed-in reader's page from the cache either.
    assert (
        "X-Cache" not in first.get(story.url, **READER) or first.get(story.url)["X-Cache"] != "HIT"
    )
    assert "a@pembaca.example" not in anonymous.get("/untuk-anda/").content.decode()


def test_failed_logins_lock_the_account_from_that_address_with_a_clear_message(site, settings):
    # The whole rule is in test_lockout.py; here the reader's side of it.
    get_user_model().objects.create_user("sari", "sari@pembaca.example", "Kopi-Tubruk-2026")
    attacker = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/akun/login/", {"login": "sari@pembaca.example", "password": "tebak"})
    locked = attacker.post(
        "/akun/login/", {"login": "sari@pembaca.example", "password": "Kopi-Tubruk-2026"}
    )
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "Coba lagi dalam 60 menit" in locked.content.decode()
    # The owner elsewhere is not locked out by someone else's guessing.
    owner = Client(REMOTE_ADDR="10.2.2.2")
    retry = owner.post("/akun/login/", {"login": "sari@pembaca.example", "password": PASSWORD})
    assert retry.status_code != 429 and "Terlalu banyak" not in retry.content.decode()


def test_feed_keeps_variety():
    items = [
        FeedItem(article=None, score=10 - n, group="politik" if n < 5 else "bola") for n in range(8)
    ]
    groups = [i.group for i in varied(items, 8)]
    assert groups[:4] == ["politik", "politik", "bola", "politik"]
    assert all(not (a == b == c) for a, b, c in zip(groups, groups[1:], groups[2:]))  # noqa: B905
