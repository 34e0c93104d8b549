"""The photo desk in the image library: credit and licence as data, filters by photographer,
agency, licence and date, where a photo is used (hero photos and photo blocks), and a second
upload of the same photo (the same file, or resized and re-encoded) recognised, all under the
tenant rule: a partner's desk learns nothing of another site's library or unpublished work."""

import importlib
import io
import json

import extruct
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import Collection, Site

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.models import ChannelPage
from warta.core.media import fingerprint
from warta.core.media.images import draw_picture
from warta.core.media.licences import CC_BY, NEWSROOM
from warta.core.models import WartaImage
from warta.core.tests.factories import WartaImageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, group_name

pytestmark = pytest.mark.django_db


def reencoded(data: bytes, *, scale: float, fmt: str = "JPEG", quality: int = 60) -> bytes:
    """The same photo as a phone or chat app would send it again: resized and re-encoded."""
    with PILImage.open(io.BytesIO(data)) as picture:
        size = (round(picture.width * scale), round(picture.height * scale))
        out = io.BytesIO()
        picture.convert("RGB").resize(size).save(out, fmt, quality=quality)
    return out.getvalue()


@pytest.fixture
def desks(site):
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    return {
        region.site_name: {
            "site": region,
            "channel": ChannelPage.objects.child_of(region.root_page).get(slug="berita"),
            "collection": Collection.objects.get(name=region.site_name),
        }
        for region in (jatim, bali)
    }


def desk_editor(client, site: Site, username: str = "redaktur-jatim"):
    user = get_user_model().objects.create_user(username, f"{username}@w.localhost", "pw")
    user.groups.add(Group.objects.get(name=group_name(EDITOR, site)))
    client.force_login(user)
    return user


@pytest.fixture
def admin_client(client, site):
    user = get_user_model().objects.create_superuser("admin", "admin@w.localhost", "pw")
    client.force_login(user)
    return client


# ---- credit and licence as data --------------------------------------------------------


def test_migration_links_credits_to_the_networks_people_and_keeps_the_text(site):
    anton = AuthorFactory(name="Anton Suhartono")
    staff = WartaImageFactory(credit="anton suhartono ", credit_source="Antara")
    outside = WartaImageFactory(credit="Fotografer Lepas", credit_source="Reuters")
    WartaImage.objects.update(photographer=None)
    migration = importlib.import_module("warta.core.migrations.0006_image_desk")
    migration.link_photographers(apps, None)
    staff.refresh_from_db()
    outside.refresh_from_db()
    assert staff.photographer == anton
    assert (staff.credit, staff.credit_source) == ("anton suhartono ", "Antara")
    assert outside.photographer is None and outside.credit == "Fotografer Lepas"


def test_edit_form_saves_photographer_agency_and_licence(admin_client):
    anton = AuthorFactory(name="Anton Suhartono")
    image = WartaImageFactory(credit="", credit_source="")
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "description": image.description,
            "collection": image.collection_id,
            "tags": "",
            "photographer": anton.pk,
            "credit": "",
            "credit_source": "Antara",
            "licence": "antara",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.photographer == anton
    assert image.credit == "Anton Suhartono"  # the printed credit, from the person
    assert image.credit_line == "Anton Suhartono/Antara"
    assert image.get_licence_display() == "Antara – langganan"
    page = admin_client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "Lisensi" in page and "Fotografer" in page


def test_structured_data_and_api_carry_the_licence(client, channel):
    photo = WartaImageFactory(credit="Anton", credit_source="Warta", licence=CC_BY)
    story = ArticlePageFactory(parent=channel, hero_image=photo)
    data = extruct.extract(
        client.get(story.url).content.decode(),
        base_url="http://localhost" + story.url,
        syntaxes=["json-ld"],
        uniform=True,
    )["json-ld"]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    [image] = article["image"]
    assert image["@type"] == "ImageObject"
    assert image["creditText"] == "Anton/Warta"
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["copyrightNotice"] == "CC BY 4.0"
    assert image["url"].endswith(".jpg")
    items = client.get("/api/v1/articles?limit=100").json()
    item = next(i for i in items["items"] if i["id"] == story.pk)
    assert item["image"]["licence"] == CC_BY


# ---- filters ---------------------------------------------------------------------------


def test_library_filters_by_photographer_agency_licence_and_date(admin_client):
    anton = AuthorFactory(name="Anton Suhartono")
    by_anton = WartaImageFactory(title="Banjir Demak", credit="", photographer=anton)
    reuters = WartaImageFactory(
        title="Gempa Cianjur", credit="Willy Kurniawan", credit_source="Reuters", licence=CC_BY
    )
    old = WartaImageFactory(title="Arsip Lama", credit="Willy Kurniawan", licence=NEWSROOM)
    WartaImage.objects.filter(pk=old.pk).update(created_at="2024-01-15T10:00:00+07:00")
    index = reverse("wagtailimages:index")

    def titles(**params) -> set[str]:
        html = admin_client.get(index, params).content.decode()
        return {i.title for i in (by_anton, reuters, old) if i.title in html}

    assert titles() == {"Banjir Demak", "Gempa Cianjur", "Arsip Lama"}
    assert titles(photographer="Anton Suhartono") == {"Banjir Demak"}
    assert titles(photographer="Willy Kurniawan") == {"Gempa Cianjur", "Arsip Lama"}
    assert titles(agency="Reuters") == {"Gempa Cianjur"}
    assert titles(licence=CC_BY) == {"Gempa Cianjur"}
    assert titles(licence="belum") == {"Banjir Demak"}
    assert titles(created_at_from="2024-01-01", created_at_to="2024-12-31") == {"Arsip Lama"}
    page = admin_client.get(index).content.decode()
    for label in ("Fotografer", "Agensi/sumber", "Lisensi", "Tanggal unggah"):
        assert label in page
    listing = admin_client.get(index, {"layout": "list"}).content.decode()
    assert "Willy Kurniawan/Reuters" in listing and "CC BY 4.0" in listing


def test_filters_keep_a_partner_desk_to_its_own_library(client, desks):
    jatim, bali = desks["Warta Jatim"], desks["Warta Bali"]
    WartaImageFactory(title="Foto Jatim", credit="Fotografer Jatim", collection=jatim["collection"])
    WartaImageFactory(
        title="Foto Bali",
        credit="Fotografer Bali",
        credit_source="Kantor Berita Bali",
        collection=bali["collection"],
    )
    desk_editor(client, jatim["site"])
    index = reverse("wagtailimages:index")
    page = client.get(index).content.decode()
    assert "Foto Jatim" in page
    assert "Fotografer Bali" not in page and "Kantor Berita Bali" not in page  # no choices
    for params in (
        {"photographer": "Fotografer Bali"},
        {"agency": "Kantor Berita Bali"},
        {"created_at_from": "2000-01-01"},
    ):
        assert "Foto Bali" not in client.get(index, params).content.decode()


# ---- usage -----------------------------------------------------------------------------


def test_usage_lists_stories_using_the_photo_as_hero_and_in_the_body(admin_client, channel):
    photo = WartaImageFactory(title="Foto banjir")
    hero = ArticlePageFactory(parent=channel, title="Banjir di Demak", hero_image=photo)
    in_body = ArticlePageFactory(
        parent=channel,
        title="Laporan khusus banjir",
        body=[("image", {"image": photo, "caption": "Banjir", "credit": ""})],
    )
    ArticlePageFactory(parent=channel, title="Berita lain")
    edit = admin_client.get(reverse("wagtailimages:edit", args=[photo.pk])).content.decode()
    assert "Dipakai di berita" in edit
    assert hero.title in edit and in_body.title in edit and "Berita lain" not in edit
    usage = admin_client.get(reverse("wagtailimages:image_usage", args=[photo.pk]))
    html = usage.content.decode()
    assert usage.status_code == 200
    assert hero.title in html and in_body.title in html
    assert reverse("wagtailadmin_pages:edit", args=[hero.pk]) in html
    assert "Dipakai di" in html and "foto utama" in html.lower()  # the hero field, by name


def test_usage_never_names_another_sites_unpublished_story(client, desks):
    jatim, bali = desks["Warta Jatim"], desks["Warta Bali"]
    photo = WartaImageFactory(title="Foto Jatim", collection=jatim["collection"])
    own = ArticlePageFactory(parent=jatim["channel"], title="Cerita Jatim", hero_image=photo)
    # A network admin used the Jatim photo in Bali's stories: one out, one still a draft.
    ArticlePageFactory(parent=bali["channel"], title="Bali terbit", hero_image=photo)
    ArticlePageFactory(
        parent=bali["channel"], title="Rahasia draf Bali", hero_image=photo, publish=False
    )
    desk_editor(client, jatim["site"])
    for url in (
        reverse("wagtailimages:edit", args=[photo.pk]),
        reverse("wagtailimages:image_usage", args=[photo.pk]),
    ):
        html = client.get(url).content.decode()
        assert own.title in html and "Bali terbit" in html, url
        assert "Rahasia draf Bali" not in html, url
        assert "Halaman situs lain yang belum terbit" in html, url
    # Another site's photo: its usage is not reachable at all.
    bali_photo = WartaImageFactory(title="Foto Bali", collection=bali["collection"])
    response = client.get(reverse("wagtailimages:image_usage", args=[bali_photo.pk]))
    assert response.status_code in (302, 403, 404)
    assert "Foto Bali" not in response.content.decode()


# ---- duplicates ------------------------------------------------------------------------


def test_difference_hash_matches_resized_copies_and_tells_photos_apart():
    photo = draw_picture("Banjir di Demak", width=1200, height=675)
    other = draw_picture("Gempa di Cianjur", width=1200, height=675)

    def dhash(data: bytes) -> str:
        return fingerprint.difference_hash(io.BytesIO(data))

    same = [reencoded(photo, scale=0.5), reencoded(photo, scale=0.33, fmt="PNG")]
    for copy in same:
        assert fingerprint.distance(dhash(photo), dhash(copy)) <= fingerprint.NEAR_DUPLICATE_BITS
    assert fingerprint.distance(dhash(photo), dhash(other)) > fingerprint.NEAR_DUPLICATE_BITS
    assert fingerprint.difference_hash(io.BytesIO(b"<svg/>")) == ""


def upload(client, data: bytes, name: str, collection=None) -> dict:
    post = {"files[]": SimpleUploadedFile(name, data, content_type="image/jpeg")}
    if collection is not None:
        post["collection"] = collection.pk
    response = client.post(reverse("wagtailimages:add_multiple"), post)
    assert response.status_code == 200
    return response.json()


def test_library_upload_recognises_the_same_photo_exact_or_resized(admin_client):
    photo = draw_picture("Banjir di Demak", width=1200, height=675)
    first = upload(admin_client, photo, "banjir.jpg")
    assert first["success"] and not first["duplicate"]
    stored = WartaImage.objects.get(pk=first["image_id"])
    assert stored.perceptual_hash and stored.file_hash

    exact = upload(admin_client, photo, "banjir-lagi.jpg")
    assert exact["duplicate"]
    assert "Foto ini sudah ada di pustaka" in exact["confirm_duplicate_upload"]
    assert "(berkas yang sama)" in exact["confirm_duplicate_upload"]
    assert stored.title in exact["confirm_duplicate_upload"]

    resized = upload(admin_client, reencoded(photo, scale=0.5, quality=55), "wa-banjir.jpg")
    assert resized["duplicate"]
    assert "ukuran atau kompresi lain" in resized["confirm_duplicate_upload"]
    assert stored.title in resized["confirm_duplicate_upload"]

    other = upload(admin_client, draw_picture("Gempa di Cianjur"), "gempa.jpg")
    assert not other["duplicate"]


def test_chooser_upload_offers_the_photo_already_in_the_library(admin_client):
    photo = draw_picture("Banjir di Demak", width=1200, height=675)
    existing = WartaImageFactory(title="Banjir asli", file=SimpleUploadedFile("a.jpg", photo))
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Banjir dari ponsel",
            "image-chooser-upload-file": SimpleUploadedFile(
                "ponsel.jpg", reencoded(photo, scale=0.4), content_type="image/jpeg"
            ),
            "image-chooser-upload-collection": existing.collection_id,
        },
    )
    data = response.json()
    assert data["step"] == "duplicate_found", data.get("step")
    assert "Banjir asli" in data["htmlFragment"]
    assert "Pakai yang sudah ada" in data["htmlFragment"]


def test_duplicate_check_never_shows_another_sites_photo(client, desks):
    jatim, bali = desks["Warta Jatim"], desks["Warta Bali"]
    photo = draw_picture("Pantai Kuta", width=800, height=450)
    WartaImageFactory(
        title="Foto rahasia Bali",
        collection=bali["collection"],
        file=SimpleUploadedFile("kuta.jpg", photo),
    )
    desk_editor(client, jatim["site"])
    for data in (photo, reencoded(photo, scale=0.5)):
        result = upload(client, data, "kuta.jpg", collection=jatim["collection"])
        assert result["success"] and not result["duplicate"]
        assert "Foto rahasia Bali" not in json.dumps(result)
        WartaImage.objects.filter(pk=result["image_id"]).delete()  # the next try starts clean


def test_fingerprint_images_fills_in_images_stored_before(site):
    from django.core.management import call_command

    photo = draw_picture("Banjir di Demak", width=600, height=340)
    old = WartaImageFactory(file=SimpleUploadedFile("lama.jpg", photo))
    WartaImage.objects.filter(pk=old.pk).update(perceptual_hash="")
    out = io.StringIO()
    call_command("fingerprint_images", stdout=out)
    assert "Fingerprinted 1 image(s); 0 file(s) unreadable" in out.getvalue()
    old.refresh_from_db()
    assert old.perceptual_hash == fingerprint.difference_hash(io.BytesIO(photo))


def add_one(client, data: bytes, title: str, collection) -> str:
    """Wagtail's single-image "Add an image" page, followed to where it lands."""
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(f"{title}.jpg", data, content_type="image/jpeg"),
            "collection": collection.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert WartaImage.objects.filter(title=title).exists(), response.content.decode()[:2000]
    return response.content.decode()


def test_the_single_image_page_warns_of_a_photo_already_in_the_library(admin_client):
    photo = draw_picture("Banjir di Demak", width=1200, height=675)
    existing = WartaImageFactory(title="Banjir asli", file=SimpleUploadedFile("a.jpg", photo))
    collection = existing.collection
    first = add_one(admin_client, draw_picture("Gempa di Cianjur"), "Gempa", collection)
    assert "Foto ini sudah ada di pustaka" not in first

    page = add_one(admin_client, reencoded(photo, scale=0.5), "Banjir dari ponsel", collection)
    assert "Foto ini sudah ada di pustaka" in page
    assert "ukuran atau kompresi lain" in page
    edit_existing = reverse("wagtailimages:edit", args=(existing.pk,))
    assert f'href="{edit_existing}">“Banjir asli”</a>' in page
    new = WartaImage.objects.get(title="Banjir dari ponsel")
    assert reverse("wagtailimages:delete", args=(new.pk,)) in page

    exact = add_one(admin_client, photo, "Banjir lagi", collection)
    assert "(berkas yang sama)" in exact


def test_the_single_image_page_never_names_another_sites_photo(client, desks):
    jatim, bali = desks["Warta Jatim"], desks["Warta Bali"]
    photo = draw_picture("Pantai Kuta", width=800, height=450)
    WartaImageFactory(
        title="Foto rahasia Bali",
        collection=bali["collection"],
        file=SimpleUploadedFile("k.jpg", photo),
    )
    desk_editor(client, jatim["site"])
    page = add_one(client, photo, "Kuta", jatim["collection"])
    assert "Foto ini sudah ada di pustaka" not in page and "Foto rahasia Bali" not in page
