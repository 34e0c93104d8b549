"""Filing from the story editor (newsroom.filing): the live gate checklist says exactly what
the form's gates say on submit, for a set of drafts; the camera-roll upload lands in the
story's site collection with the photographer's credit prefilled; a hostile reporter cannot
upload into, describe or attach another site's photo; a bad file gets a clear Indonesian error."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import Collection

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import AuthorFactory
from warta.core.models import WartaImage
from warta.core.tests.factories import WartaImageFactory
from warta.newsroom import filing
from warta.newsroom.models import NewsroomSettings
from warta.newsroom.roles import REPORTER, group_name, setup_roles
from warta.newsroom.tests.conftest import form_from_admin, make_user

pytestmark = pytest.mark.django_db
CHECKLIST = "newsroom_filing_checklist"
UPLOAD = "newsroom_filing_hero_photo"


def jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, "#1b4965").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_regions, build_site, module_world

    with module_world(django_db_blocker):
        build_site()
        setup_roles()
        yield build_regions()


@pytest.fixture
def network(built_network, db):
    from conftest import load_regions

    return load_regions(built_network)


@pytest.fixture
def jatim_reporter(client, network):
    user = make_user("wartawan-jatim", group_name(REPORTER, network["sites"]["jatim"]))
    user.first_name, user.last_name = "Dewi", "Lestari"
    user.save()
    client.force_login(user)
    return user


def checklist(client, parent, **draft) -> dict:
    response = client.post(reverse(CHECKLIST), {"parent": parent.pk, **draft})
    assert response.status_code == 200, response.content
    return response.json()


def upload(client, parent, content: bytes, name="foto.jpg", content_type="image/jpeg", **words):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse(UPLOAD), {"parent": parent.pk, "file": file, **words})


# ---- the checklist and the server's gates agree -------------------------------------------


def submit_for_review(client, channel, draft: dict) -> str:
    """The text of the page the real add form answers when the draft is submitted for review
    (with a byline, which the form asks for apart from the gates)."""
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    data = form_from_admin(client, url)
    byline = AuthorFactory(name="Dewi Lestari").pk
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(byline)})
    data.update({"bylines-0-ORDER": "1", "bylines-0-id": "", "bylines-0-DELETE": ""})
    data.update({"slug": "draf-uji", "action-submit": "action-submit", **draft})
    page = BeautifulSoup(client.post(url, data).content, "html.parser")
    for checklist_panel in page.select("[data-warta-gates]"):
        checklist_panel.decompose()  # the form's own errors only
    return page.get_text(" ", strip=True)


# A met headline has no message; either of these would be its problem.
TITLE_MESSAGES = ["Judul tidak boleh kosong.", "karakter; maksimum"]
DRAFTS = [
    {},
    {"title": "Banjir rob di Surabaya"},
    {"title": "J" * 111, "summary": "Ringkas."},
    {"title": "Gempa", "summary": "Ringkas.", "dateline_place": "MALANG"},
    {"title": "Gempa", "summary": " ", "dateline_place": "MALANG", "hero_image": "{bare}"},
    {
        "title": "Gempa",
        "summary": "Ringkas.",
        "dateline_place": "MALANG",
        "hero_image": "{ready}",
        "editor": "{editor}",
    },
]


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_live_checklist_says_what_the_submit_says(client, jatim_reporter, network, draft):
    channel = network["channels"]["jatim"]
    collection = Collection.objects.get(name="Warta Jatim")
    values = {
        "bare": WartaImageFactory(collection=collection, description="", credit="").pk,
        "ready": WartaImageFactory(collection=collection, description="Warga", credit="Dewi").pk,
        "editor": AuthorFactory(name="Redaktur Jatim").pk,
    }
    draft = {key: value.format(**values) for key, value in draft.items()}
    answer = checklist(client, channel, **draft)
    shown = {check["key"]: check for check in answer["checks"]}
    every_gate = filing.draft_checklist(
        jatim_reporter,
        channel,
        filing.Draft(
            **{
                "title": draft.get("title", ""),
                "summary": draft.get("summary", ""),
                "hero_image_id": draft.get("hero_image", ""),
                "dateline_place": draft.get("dateline_place", ""),
                "editor_id": draft.get("editor", ""),
            }
        ),
    )
    assert [check.key for check in every_gate] == list(shown)
    text = submit_for_review(client, channel, draft)
    for gate in every_gate:
        # Unmet in the list exactly when the form refuses the submission with its message.
        messages = [gate.message] if gate.message else TITLE_MESSAGES
        assert any(m in text for m in messages) is (not shown[gate.key]["ok"]), gate.key
        if not shown[gate.key]["ok"]:
            assert shown[gate.key]["text"] == gate.message
    assert answer["ok"] is all(check["ok"] for check in shown.values())
    story = ArticlePage.objects.filter(slug="draf-uji").first()
    assert (story is not None and story.workflow_in_progress) is answer["ok"]


def test_the_checklist_follows_the_sites_own_gates(client, jatim_reporter, network):
    jatim = network["sites"]["jatim"]
    NewsroomSettings.objects.create(site=jatim, headline_max_length=20, require_editor=False)
    answer = checklist(client, network["channels"]["jatim"], title="Dua puluh satu huruf!")
    assert answer["headline_max_length"] == 20
    keys = {check["key"]: check for check in answer["checks"]}
    assert "editor" not in keys
    assert keys["title"] == {
        "key": "title",
        "field": "title",
        "ok": False,
        "label": "Judul terisi, paling banyak 20 karakter",
        "text": "Judul 21 karakter; maksimum 20.",
    }


def test_the_editor_shows_the_checklist_counter_and_upload(client, jatim_reporter, network):
    channel = network["channels"]["jatim"]
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    gates = page.select_one("[data-warta-gates]")
    assert gates["data-headline-max"] == "110" and gates["data-parent"] == str(channel.pk)
    assert "Judul tidak boleh kosong." in gates.get_text()
    assert "Berita" in gates.select_one(".warta-gates__where").get_text()
    file = page.select_one("[data-warta-upload] input[type=file]")
    assert file["accept"] == "image/*" and not file.get("name")  # never sent with the story
    assert page.select_one("#warta-upload-credit")["value"] == "Dewi Lestari"
    assert page.select_one("#warta-upload-source")["value"] == "Warta Jatim"
    assert page.select_one("script[src*='newsroom/js/filing.js']") is not None
    assert not [
        s
        for s in page.select("script:not([src]):not([type='application/json'])")
        if "warta" in s.get_text()
    ]


# ---- the upload -----------------------------------------------------------------------------


def test_the_upload_lands_in_the_sites_collection_with_the_profile_credit(
    client, jatim_reporter, network
):
    AuthorFactory(name="Dewi Lestari", user=jatim_reporter, photo_credit="Dewi L.")
    response = upload(client, network["channels"]["jatim"], jpeg(), caption="Warga mengungsi")
    assert response.status_code == 201, response.content
    image = WartaImage.objects.get(pk=response.json()["id"])
    assert image.collection.name == "Warta Jatim"
    assert (image.credit, image.credit_source) == ("Dewi L.", "Warta Jatim")
    assert image.description == "Warga mengungsi" and image.uploaded_by_user == jatim_reporter
    assert response.json()["preview"]["url"]
    # The caption typed afterwards becomes the photo's alt text; the gates then pass for it.
    changed = client.post(
        reverse(UPLOAD),
        {"image": image.pk, "caption": "Warga mengungsi ke balai desa", "credit": "Dewi"},
    )
    assert changed.status_code == 200
    image.refresh_from_db()
    assert (image.description, image.credit) == ("Warga mengungsi ke balai desa", "Dewi")
    answer = checklist(client, network["channels"]["jatim"], hero_image=str(image.pk))
    keys = {check["key"]: check["ok"] for check in answer["checks"]}
    assert keys["hero_image"] and keys["hero_alt"] and keys["hero_credit"]


def test_without_a_profile_credit_the_name_is_the_credit(client, jatim_reporter, network):
    response = upload(client, network["channels"]["jatim"], jpeg())
    assert response.status_code == 201
    assert (response.json()["credit"], response.json()["credit_source"]) == (
        "Dewi Lestari",
        "Warta Jatim",
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (b"%PDF-1.4 bukan foto", "surat.pdf", "application/pdf", "Berkas ini bukan foto."),
        (b"bukan gambar sama sekali", "foto.jpg", "image/jpeg", "Berkas ini bukan foto."),
        (b"GIF89a", "foto.gif", "image/gif", "Berkas ini bukan foto."),
    ],
)
def test_a_bad_file_gets_a_clear_error(
    client, jatim_reporter, network, content, name, content_type, message
):
    response = upload(client, network["channels"]["jatim"], content, name, content_type)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not WartaImage.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_a_too_large_file_names_the_limit(client, jatim_reporter, network):
    response = upload(client, network["channels"]["jatim"], jpeg((400, 400)) + b"\0" * 2000)
    assert response.status_code == 400
    assert response.json()["error"].startswith("Berkas terlalu besar")
    assert "maksimum 1000" in response.json()["error"]


# ---- a hostile reporter ---------------------------------------------------------------------


def test_a_reporter_cannot_upload_into_or_read_another_site(client, jatim_reporter, network):
    bali = network["channels"]["bali"]
    refused = upload(client, bali, jpeg())
    assert refused.status_code == 403
    assert refused.json()["error"].startswith("Halaman ini bukan milik situs Anda")
    assert client.post(reverse(CHECKLIST), {"parent": bali.pk}).status_code == 403
    assert not WartaImage.objects.exists()


def test_another_sites_photo_cannot_be_described_read_or_attached(client, jatim_reporter, network):
    bali_photo = WartaImageFactory(
        collection=Collection.objects.get(name="Warta Bali"), description="Rahasia", credit="X"
    )
    described = client.post(reverse(UPLOAD), {"image": bali_photo.pk, "caption": "Diganti"})
    assert described.status_code == 403
    bali_photo.refresh_from_db()
    assert bali_photo.description == "Rahasia"
    # The checklist treats it as no photo: it tells nothing of another site's file.
    answer = checklist(client, network["channels"]["jatim"], hero_image=str(bali_photo.pk))
    keys = {check["key"]: check for check in answer["checks"]}
    assert not keys["hero_image"]["ok"] and "hero_alt" not in keys
    # And the form refuses it as the hero photo, naming the field.
    channel = network["channels"]["jatim"]
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    data = form_from_admin(client, url)
    data.update({"title": "Curang", "slug": "curang", "hero_image": str(bali_photo.pk)})
    text = BeautifulSoup(client.post(url, data).content, "html.parser").get_text(" ")
    assert "Foto utama: berkas ini ada di koleksi situs lain" in text
    assert not ArticlePage.objects.filter(slug="curang").exists()
