"""Private documents: a document in a collection with a view restriction (signed-in readers, a
group, a password) leaves Warta only through /documents/<id>/<filename>, after Wagtail's
privacy check. No media URL reaches its file, whatever the path trick; downloads carry honest
headers; no shared cache keeps one. Everything through HTTP, as a reader (or someone typing
URLs) would."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.utils import sendfile as wagtail_sendfile

from warta.core.tests.factories import WartaImageFactory, make_document
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, group_name, site_collection

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4 notulen rapat redaksi: RAHASIA"
PUBLIC = b"%PDF-1.4 siaran pers untuk umum"


@pytest.fixture(autouse=True)
def own_folders(settings, tmp_path):
    """Media and private roots of this test's own (file names stay as uploaded)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WARTA_PRIVATE_MEDIA_ROOT = tmp_path / "private"


def restrict(collection: Collection, kind: str, **extra) -> CollectionViewRestriction:
    return CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=kind, **extra
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def jatim(site):
    return provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))


@pytest.fixture
def private(jatim):
    """The regional desk's own collection, open only to its editors, plus a collection for
    signed-in readers and a password-protected one."""
    desk = site_collection(jatim)
    restriction = restrict(desk, BaseViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=group_name(EDITOR, jatim)))
    root = Collection.get_first_root_node()
    readers = root.add_child(name="Khusus pembaca")
    restrict(readers, BaseViewRestriction.LOGIN)
    sealed = root.add_child(name="Embargo")
    restrict(sealed, BaseViewRestriction.PASSWORD, password="kata-sandi-rapat")
    return {
        "group": make_document("Notulen rapat", desk, "notulen.pdf", SECRET),
        "login": make_document("Laporan pembaca", readers, "laporan.pdf", SECRET),
        "password": make_document("Bahan embargo", sealed, "embargo.pdf", SECRET),
    }


@pytest.fixture
def public_document(site):
    return make_document("Siaran pers", Collection.get_first_root_node(), "siaran.pdf", PUBLIC)


def user(name: str, *groups: str):
    person = get_user_model().objects.create_user(name, f"{name}@warta.localhost", "pw")
    for group in groups:
        person.groups.add(Group.objects.get(name=group))
    return person


@pytest.mark.parametrize("kind", ["group", "login", "password"])
def test_private_document_is_refused_to_an_anonymous_reader(client, private, kind):
    document = private[kind]
    response = client.get(document.url)
    assert response.status_code in (200, 302)  # the login redirect or the password form
    assert SECRET not in body(response)
    if kind == "password":
        assert b"kata sandi" in body(response).lower() or b"password" in body(response).lower()
    else:
        assert "login" in response["Location"]
    assert "private" in response["Cache-Control"]  # no shared cache keeps even the refusal


def test_group_document_is_refused_to_a_reader_outside_the_group(client, private):
    client.force_login(user("pembaca"))
    assert body(client.get(private["login"].url)) == SECRET  # signed in: this one opens
    response = client.get(private["group"].url)  # but not the desk's own
    assert response.status_code == 302
    assert SECRET not in body(response)


@pytest.mark.parametrize("kind", ["group", "login"])
def test_a_refused_reader_is_sent_to_a_sign_in_page_that_exists(client, private, kind):
    # Wagtail's default target (/_util/login/) is swallowed by the page router: a 404.
    response = client.get(private[kind].url)
    sign_in = client.get(response["Location"])
    assert sign_in.status_code == 200
    assert b'name="password"' in sign_in.content
    assert f"next={private[kind].url}" in unquote(response["Location"])


def test_private_document_is_served_to_a_permitted_reader(client, private, jatim):
    client.force_login(user("redaktur-jatim", group_name(EDITOR, jatim)))
    response = client.get(private["group"].url)
    assert response.status_code == 200
    assert body(response) == SECRET
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert "Content-Encoding" not in response


def test_password_document_opens_after_the_password(client, private):
    document = private["password"]
    restriction = document.collection.get_view_restrictions()[0]
    form = f"/documents/authenticate_with_password/{restriction.pk}/"
    client.post(form, {"password": "salah", "return_url": document.url})
    assert SECRET not in body(client.get(document.url))
    client.post(form, {"password": "kata-sandi-rapat", "return_url": document.url})
    assert body(client.get(document.url)) == SECRET


def test_document_files_live_outside_the_public_media_folder(private):
    image = WartaImageFactory()
    media = Path(settings.MEDIA_ROOT).resolve()
    for document in private.values():
        stored = Path(document.file.path).resolve()
        assert stored.read_bytes() == SECRET
        assert not stored.is_relative_to(media)
        assert stored.is_relative_to(Path(settings.WARTA_PRIVATE_MEDIA_ROOT).resolve())
    assert Path(image.file.path).resolve().is_relative_to(media)


def media_urls(name: str) -> list[str]:
    """Every shape of media URL that could reach a document file: the old direct URL, path
    tricks out of a public folder (plain, percent-encoded, doubled slashes), the regional
    /r/<slug>/ prefix, and the private root's own folder name."""
    file = name.removeprefix("documents/")
    return [
        f"/media/{name}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/original_images/..%2f{name}",
        f"/media/original_images/%2e%2e%2fdocuments%2f{file}",
        f"/media/images/../../private/{name}",
        f"/media/images/%2e%2e/%2e%2e/private/{name}",
        f"/media/images/..%5c{name}",
        f"/r/jatim/media/{name}",
        f"/r/jatim/media/images/../{name}",
        f"/_private/{name}",
        f"/private/{name}",
    ]


def test_no_media_url_reaches_a_private_document(client, private):
    name = private["group"].file.name
    # A copy where documents used to live (a site not yet moved by `warta move_documents`).
    legacy = Path(settings.MEDIA_ROOT) / name
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(SECRET)
    try:
        for url in media_urls(name):
            response = client.get(url)
            assert response.status_code in (400, 404), (url, response.status_code)
            assert SECRET not in body(response), url
    finally:
        legacy.unlink()


def test_public_images_are_still_served_from_media(client, site):
    image = WartaImageFactory()
    rendition = image.get_rendition("width-100")
    for url in (image.file.url, rendition.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert body(response) == Path(settings.MEDIA_ROOT, url.removeprefix("/media/")).read_bytes()


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("siaran.pdf", "application/pdf", 'inline; filename="siaran.pdf"'),
        ("data-banjir.csv", "text/csv", 'attachment; filename="data-banjir.csv"'),
        ("arsip.tar.gz", "application/x-tar", 'attachment; filename="arsip.tar.gz"'),
    ],
)
def test_public_document_downloads_with_honest_headers(
    client, site, name, content_type, disposition
):
    document = make_document("Unduhan", Collection.get_first_root_node(), name, PUBLIC)
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == PUBLIC
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    # Not the literal "None" Wagtail used to send, nor "gzip" for a .gz (browsers would
    # unpack the download): the bytes are sent as uploaded.
    assert "Content-Encoding" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("ETag") != '""'  # saved without a hash: no ETag rather than a shared one


def test_out_of_range_document_id_is_not_found(client, site):
    assert client.get("/documents/99999999999999999999999/x.pdf").status_code == 404


@pytest.fixture
def nginx_sendfile(settings):
    """WARTA_NGINX_SENDFILE=true: what base.py sets behind the shipped nginx."""
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.WARTA_PRIVATE_MEDIA_ROOT)
    settings.SENDFILE_URL = "/_private"
    wagtail_sendfile._get_sendfile.clear()
    yield
    wagtail_sendfile._get_sendfile.clear()


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(
    client, private, public_document, jatim, nginx_sendfile
):
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{public_document.file.name}"
    assert body(response) == b""
    assert response["Content-Length"] == "0"  # nginx sends the file and its own length
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{public_document.filename}"'
    assert "Content-Encoding" not in response
    anonymous = client.get(private["group"].url)
    assert "X-Accel-Redirect" not in anonymous  # refused before any file is named
    client.force_login(user("redaktur-jatim", group_name(EDITOR, jatim)))
    member = client.get(private["group"].url)
    assert member["X-Accel-Redirect"] == f"/_private/{private['group'].file.name}"


def test_page_cache_never_stores_a_document_answer(client, private, jatim, nginx_sendfile):
    """Through the regional /r/<slug>/ prefix (not among the page cache's bypassed paths),
    with X-Accel-Redirect answers (no body, so not streamed): nothing is kept or replayed."""
    readme = make_document("Catatan", Collection.get_first_root_node(), "catatan.txt", b"isi")
    path = "/r/jatim" + readme.url
    for _ in range(2):
        response = client.get(path)
        assert response["X-Accel-Redirect"] == f"/_private/{readme.file.name}"
        assert "X-Cache" not in response
    member = user("redaktur-jatim", group_name(EDITOR, jatim))
    secret = "/r/jatim" + private["group"].url
    client.force_login(member)
    assert client.get(secret)["X-Accel-Redirect"] == f"/_private/{private['group'].file.name}"
    client.logout()
    client.cookies.clear()
    response = client.get(secret)
    assert "X-Accel-Redirect" not in response and "X-Cache" not in response


def test_move_documents_takes_old_files_out_of_the_public_folder(client, public_document):
    from io import StringIO

    from django.core.checks import run_checks

    name = public_document.file.name
    private_path = Path(settings.WARTA_PRIVATE_MEDIA_ROOT) / name
    legacy = Path(settings.MEDIA_ROOT) / name  # where it lay before this change
    legacy.parent.mkdir(parents=True, exist_ok=True)
    private_path.rename(legacy)
    try:
        assert client.get(public_document.url).status_code == 404
        assert [m.id for m in run_checks() if m.id == "warta.W001"] == ["warta.W001"]
        out = StringIO()
        call_command("move_documents", stdout=out)  # a dry run
        assert f"Would move {name}" in out.getvalue() and legacy.exists()
        call_command("move_documents", "--commit", stdout=StringIO())
        assert not legacy.exists() and private_path.read_bytes() == PUBLIC
        assert not legacy.parent.exists()  # the emptied folder is gone too
        assert "warta.W001" not in [m.id for m in run_checks()]
        assert body(client.get(public_document.url)) == PUBLIC
    finally:
        legacy.unlink(missing_ok=True)
