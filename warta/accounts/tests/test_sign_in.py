"""The sign-in and sign-up pages: correct Indonesian, the reason a reader is asked to sign in,
the action (save, follow) done after signing in or signing up, and `next` never leading to
another site."""

import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail

from warta.accounts.continuation import safe_next
from warta.accounts.models import ReaderPreferences, SavedStory
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's
HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)//",
    "http:evil.example",
    "/\n/evil.example/",
    " //evil.example/",
    "\t/evil.example/",
]


@pytest.fixture
def story(site, channel):
    return ArticlePageFactory(parent=channel, title="Korea Utara uji rudal baru", tags=["Korea"])


@pytest.fixture
def reader(db):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user("sari", "sari@pembaca.example", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def story_path(story) -> str:
    return story.get_url_parts()[2]


def save_next(story) -> str:
    return f"/akun/simpan/{story.pk}/?next={quote(story_path(story))}"


def sign_in(client, user, next_url):
    data = {"login": user.email, "password": PASSWORD, "next": next_url}
    return client.post("/akun/login/", data)


def main_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("main").get_text(" ", strip=True)


@pytest.mark.parametrize("path", ["/akun/login/", "/akun/signup/"])
def test_sign_in_and_sign_up_speak_correct_indonesian(client, site, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    labels = [label.get_text(" ", strip=True) for label in soup.select("main label")]
    text = main_text(response)
    assert "Kata sandi" in labels
    assert "Kata Kunci" not in text and "kata kunci" not in text.lower()
    assert not [label for label in labels if label.endswith(":")], labels
    assert not re.search(r"\banda\b", text), text  # "Anda", capitalised
    assert "Masuk:" not in text
    if path == "/akun/login/":
        assert "Email atau nama pengguna" in labels and "Ingat saya" in labels
        assert soup.select_one("a[href^='/akun/signup/']")  # sign-up offered
        assert soup.select_one("a[href='/akun/password/reset/']")  # and a forgotten password
    else:
        assert {"Email", "Ulangi kata sandi"} <= set(labels)
        assert "Kata sandi Anda tidak boleh hanya berisi angka." in text
        assert soup.select_one("a[href^='/akun/login/']")


def test_wrong_password_is_a_clear_error_in_correct_indonesian(client, reader):
    response = client.post("/akun/login/", {"login": reader.email, "password": "salah-sekali"})
    assert response.status_code == 200
    alert = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]")
    assert alert.get_text(strip=True) == (
        "Alamat email dan/atau kata sandi yang Anda masukkan salah."
    )


def test_save_while_signed_out_explains_and_saves_after_sign_in(client, story, reader):
    tapped = client.get(f"/akun/simpan/{story.pk}/?next={quote(story_path(story))}")
    assert tapped.status_code == 302
    login_url = tapped["Location"]
    assert login_url.startswith("/akun/login/?next=")
    page = client.get(login_url)
    text = main_text(page)
    assert "Masuk untuk menyimpan berita ini" in text and story.title in text
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("input[name=next]")["value"] == save_next(story)
    signup = soup.select_one("a[href^='/akun/signup/']")["href"]
    assert "Daftar untuk menyimpan berita ini" in main_text(client.get(signup))

    done = client.post(
        "/akun/login/", {"login": reader.email, "password": PASSWORD, "next": save_next(story)}
    )
    assert done.status_code == 302 and done["Location"] == story_path(story)
    assert SavedStory.objects.filter(user=reader, article=story).exists()


def test_sign_up_then_confirm_email_comes_back_to_the_story_saved(client, story):
    client.post(
        f"/akun/signup/?next={quote(save_next(story))}",
        {
            "email": "baru@pembaca.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": save_next(story),
        },
    )
    link = re.search(r"http://testserver(/akun/confirm-email/\S+)", mail.outbox[-1].body)
    confirmed = client.post(link.group(1))
    assert confirmed.status_code == 302 and confirmed["Location"] == story_path(story)
    assert SavedStory.objects.filter(user__email="baru@pembaca.example", article=story).exists()


def test_follow_continuation_explains_and_follows_after_sign_in(client, story, reader):
    follow = f"/untuk-anda/ikuti/?jenis=topics&nilai=korea&next={quote(story_path(story))}"
    page = client.get(f"/akun/login/?next={quote(follow)}")
    text = main_text(page)
    assert "Masuk untuk mengikuti topik ini" in text and "#Korea" in text
    done = sign_in(client, reader, follow)
    assert done["Location"] == story_path(story)
    assert ReaderPreferences.objects.get(user=reader).topics == ["korea"]


def test_a_plain_next_is_kept_and_no_action_is_done(client, story, reader):
    done = client.post(
        "/akun/login/", {"login": reader.email, "password": PASSWORD, "next": story_path(story)}
    )
    assert done["Location"] == story_path(story)
    assert not SavedStory.objects.exists()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_next_is_refused(client, story, reader, hostile):
    assert safe_next(hostile) is None
    page = client.get("/akun/login/", {"next": hostile})
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("input[name=next]") is None
    assert "evil.example" not in soup.select_one("a[href^='/akun/signup/']")["href"]
    done = sign_in(client, reader, hostile)
    assert done.status_code == 302 and done["Location"] == "/"
    saved = client.post(f"/akun/simpan/{story.pk}/", {"aksi": "simpan", "next": hostile})
    assert saved.status_code == 302 and "evil" not in saved["Location"]
    assert not saved["Location"].startswith(("//", "javascript", "http"))
    followed = client.post(
        "/untuk-anda/ikuti/", {"jenis": "topics", "nilai": "korea", "next": hostile}
    )
    assert followed["Location"] == "/untuk-anda/"


def test_a_continuation_hidden_inside_a_hostile_next_is_refused(client, story, reader):
    sneaky = f"/akun/simpan/{story.pk}/?next=//evil.example/"
    page = client.get("/akun/login/", {"next": sneaky})
    assert "Masuk untuk menyimpan berita ini" in main_text(page)  # the action itself is fine
    done = sign_in(client, reader, sneaky)
    assert done["Location"] == story_path(story)  # but the way back is the story's own


def test_safe_next_keeps_site_paths():
    assert safe_next("/ekonomi/kisah/?a=1#x") == "/ekonomi/kisah/?a=1#x"
    assert safe_next("/r/jatim/berita/kisah/") == "/r/jatim/berita/kisah/"
    assert safe_next("") is None and safe_next(None) is None
    assert safe_next("ekonomi/") is None


def test_the_signed_in_notice_never_shows_a_generated_username(db):
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string

    reader = get_user_model().objects.create_user("u8f3a2c91", "sari@contoh.example")
    notice = render_to_string("account/messages/logged_in.txt", {"user": reader})
    assert "u8f3a2c91" not in notice and "Anda sudah masuk" in notice
    reader.first_name = "Sari"
    notice = render_to_string("account/messages/logged_in.txt", {"user": reader})
    assert "Sari" in notice and "u8f3a2c91" not in notice
