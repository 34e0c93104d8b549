"""Media on a real S3-compatible server (OpenStack Swift's s3api, warta.core.ops.s3server):
an uploaded photo's original and renditions go to the public bucket, the renditions are made
once (on publish) and reused by every later render, a page render asks S3 nothing, and the
image address on the page is served by the S3 server's public side. Documents go to the
private bucket, nobody fetches them anonymously, and Wagtail's document view streams them."""

import re
import urllib.error
import urllib.request
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import storages
from django.test import Client
from wagtail.models import Collection

from warta.articles.tests.factories import ArticlePageFactory
from warta.core.models import WartaImage, WartaRendition
from warta.core.tests.factories import WartaImageFactory, make_document

pytestmark = pytest.mark.django_db(transaction=True)


class S3Requests:
    """Every request boto3 sends to S3 from this process (method and path)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, request, **kwargs) -> None:
        self.sent.append(f"{request.method} {urlsplit(request.url).path}")


@pytest.fixture
def s3_requests(s3_media):
    counter = S3Requests()
    storage = storages["default"]
    assert WartaImage._meta.get_field("file").storage.url("x") == storage.url("x")
    for backend in (storage, storage.private):
        backend.connection.meta.client.meta.events.register("before-send.s3", counter)
    yield counter
    for backend in (storage, storage.private):
        backend.connection.meta.client.meta.events.unregister("before-send.s3", counter)


def bucket_keys(s3, bucket: str) -> list[str]:
    listing = s3.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def public_get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1
        return response.read()


def test_story_photo_renditions_made_once_and_served_by_s3(s3_media, s3_requests, channel):
    photo = WartaImageFactory(title="Banjir Demak", width=1400, height=800)
    assert photo.file.name in bucket_keys(s3_media, s3_media.bucket)  # the original, uploaded
    story = ArticlePageFactory(parent=channel, title="Banjir di Demak", hero_image=photo)
    # Publishing made the sizes pages use (articles.tasks.generate_renditions_task).
    made = set(WartaRendition.objects.filter(image=photo).values_list("pk", "file"))
    assert len(made) >= 3
    keys = bucket_keys(s3_media, s3_media.bucket)
    own = f"images/{PurePosixPath(photo.file.name).stem}."
    rendition_keys = [k for k in keys if k.startswith(own)]
    assert sorted(f for _, f in made) == rendition_keys  # each stored once, no copies

    path = urlsplit(story.url).path
    s3_requests.sent.clear()
    pages = [Client().get(path) for _ in range(2)]
    assert [p.status_code for p in pages] == [200, 200]
    # The lists that show it as a card (home, its channel) too.
    others = [Client().get(url) for url in ("/", urlsplit(channel.url).path)]
    assert [p.status_code for p in others] == [200, 200]
    assert all(b"/images/" in p.content for p in others)
    # Rendering asked S3 nothing: no exists(), size or download per render.
    assert s3_requests.sent == []
    # Both renders used the renditions made on publish, none made anew.
    assert set(WartaRendition.objects.filter(image=photo).values_list("pk", "file")) == made
    assert bucket_keys(s3_media, s3_media.bucket) == keys

    html = pages[1].content.decode()
    sources = set(re.findall(r'src="([^"]+/images/[^"]+)"', html))
    assert sources, "the story shows its photo"
    for src in sources:
        assert src.startswith(s3_media.public_url + "/images/"), src
        name = src.removeprefix(s3_media.public_url + "/")
        stored = s3_media.client().get_object(Bucket=s3_media.bucket, Key=name)["Body"].read()
        assert public_get(src) == stored  # served by the S3 server, anonymously
        assert stored[:2] == b"\xff\xd8"  # a JPEG


def test_two_uploads_of_one_file_name_keep_both_originals(s3_media, channel):
    first = WartaImageFactory(title="Satu")
    second = WartaImageFactory(title="Dua")
    assert first.file.name != second.file.name  # both were "foto.jpg"
    assert public_get(first.file.url) != public_get(second.file.url)
    assert WartaImage.objects.count() == 2


def test_documents_go_to_the_private_bucket(s3_media, channel):
    document = make_document(
        "Laporan", Collection.get_first_root_node(), "laporan.txt", b"isi laporan rahasia"
    )
    assert document.file.name.startswith("documents/")
    assert document.file.name in bucket_keys(s3_media, s3_media.private_bucket)
    assert not [k for k in bucket_keys(s3_media, s3_media.bucket) if k.startswith("documents")]
    # Nobody reads the private bucket anonymously, by its S3 or its Swift address.
    for url in (
        f"{s3_media.endpoint_url}/{s3_media.private_bucket}/{document.file.name}",
        s3_media.public_url.replace(s3_media.bucket, s3_media.private_bucket)
        + f"/{document.file.name}",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            public_get(url)
        assert refused.value.code in (400, 401, 403)  # s3api: 400 for anonymous S3 calls
        assert b"rahasia" not in refused.value.read()
    # Wagtail's document view streams it from the private bucket.
    response = Client().get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"isi laporan rahasia"


def test_storage_options_from_the_environment(s3):
    from warta.core.media.s3 import s3_options

    options = s3_options(
        bucket="b",
        endpoint_url=None,
        region="ap-southeast-3",
        access_key=None,
        secret_key=None,
        public_url="https://media.warta.example/",
    )
    assert options["custom_domain"] == "media.warta.example"
    assert options["url_protocol"] == "https:"
    assert options["addressing_style"] is None  # AWS: its default (virtual hosts)
    assert options["querystring_auth"] is False
