"""Shared fixtures: a default `site` with channels, an `editor`, and the seed file's path."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

# The workplace's shared folder (the seed page, sitemap XSDs) beside the checkout, or wherever
# WARTA_SHARED_DIR says for a clone kept elsewhere.
SHARED_DIR = Path(
    os.environ.get("WARTA_SHARED_DIR") or Path(__file__).resolve().parent.parent / "shared"
)
SEED_DIR = SHARED_DIR / "seed"


def pytest_configure(config):
    # Transactional tests empty PostgreSQL with DELETE, not a 3-4 s TRUNCATE (see the module).
    import warta.core.tests.fast_flush  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_caches(tmp_path_factory):
    """Each test starts with empty caches and an empty analytics event log, as a freshly
    started network would."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for alias in ("default", "renditions"):
        caches[alias].clear()
    from warta.core.pagecache import localcache

    localcache.forget()  # what this process held belongs to the cache just cleared
    ContentType.objects.clear_cache()  # query budgets must not depend on test order
    from warta.analytics import buffer, salts, store

    buffer.take()  # events buffered by an earlier test belong to its database
    salts.forget()
    store.use_log(store.FileLog(tmp_path_factory.mktemp("analytics-log")))
    yield


def ensure_wagtail_roots() -> None:
    """The locale, tree root and root collection that Wagtail's migrations create; a
    transactional test's flush removes them."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def seed_path() -> Path:
    candidates = sorted(SEED_DIR.glob("*.txt"))
    if not candidates:
        pytest.fail(f"the seed article is missing from {SEED_DIR} (set WARTA_SHARED_DIR)")
    return candidates[0]


def build_site():
    """The default site of the `site` fixture (for fixtures shared by a module's tests)."""
    from wagtail.models import Page, Site

    from warta.channels.tests.factories import make_site
    from warta.network.tests.factories import NetworkPartnerPageFactory

    ensure_wagtail_roots()
    # Drop Wagtail's initial "Welcome" page and site so ours is the default. (Per test, not
    # once per test database: tests without `site` read the migrations' site.)
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    national = make_site(hostname="localhost", name="Warta")
    NetworkPartnerPageFactory(parent=national.root_page)
    return national


def build_channel(site):
    """The `channel` fixture's channel of `site`."""
    from warta.channels.tests.factories import ChannelPageFactory

    return ChannelPageFactory(title="Internasional", slug="internasional", parent=site.root_page)


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def channel(site):
    return build_channel(site)


def build_national_channel(site):
    """The `national_channel` fixture's channel of `site`."""
    from warta.channels.tests.factories import ChannelPageFactory

    return ChannelPageFactory(title="Nasional", slug="nasional", parent=site.root_page)


@pytest.fixture
def national_channel(site):
    return build_national_channel(site)


@contextmanager
def module_world(django_db_blocker):
    """Data a module's tests share, built once per module (once per worker): inside one
    transaction that is rolled back after the module's last test; each test runs in its own
    savepoint of it (pytest-django's `db`) and should load fresh instances by id."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


JATIM_AND_BALI = [("jatim", "Warta Jatim", "35"), ("bali", "Warta Bali", "51")]


def build_regions(regions=JATIM_AND_BALI) -> dict:
    """Regional sites provisioned with one "Berita" channel each, for a module's shared world:
    {"sites": {slug: pk}, "channels": {slug: pk}} (ids, so each test loads fresh instances
    with `load_regions`)."""
    from warta.channels.models import ChannelPage
    from warta.network.services import RegionSpec, provision_site

    sites = {
        slug: provision_site(
            RegionSpec(name=name, slug=slug, province_code=code), channels=[("Berita", "berita")]
        )
        for slug, name, code in regions
    }
    return {
        "sites": {slug: s.pk for slug, s in sites.items()},
        "channels": {
            slug: ChannelPage.objects.child_of(s.root_page).get(slug="berita").pk
            for slug, s in sites.items()
        },
    }


def load_regions(built: dict) -> dict:
    """Fresh instances of what `build_regions` built."""
    from wagtail.models import Site

    from warta.channels.models import ChannelPage

    return {
        "sites": {slug: Site.objects.get(pk=pk) for slug, pk in built["sites"].items()},
        "channels": {
            slug: ChannelPage.objects.get(pk=pk) for slug, pk in built["channels"].items()
        },
    }


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        "editor", "editor@warta.localhost", "secret-pass", is_staff=True
    )


@pytest.fixture(scope="session")
def sitemap_schemas():
    """The official sitemap XSDs from ../shared/data/xsd, loaded without network access."""
    import xmlschema

    xsd = SHARED_DIR / "data" / "xsd"
    if not xsd.is_dir():
        pytest.fail(f"sitemap schemas missing from {xsd} (set WARTA_SHARED_DIR)")
    urlset = xmlschema.XMLSchema(
        str(xsd / "sitemap.xsd"),
        allow="local",  # local files only: never a remote schema
        locations=[
            ("http://www.google.com/schemas/sitemap-news/0.9", str(xsd / "sitemap-news.xsd")),
            ("http://www.google.com/schemas/sitemap-image/1.1", str(xsd / "sitemap-image.xsd")),
            ("http://www.google.com/schemas/sitemap-video/1.1", str(xsd / "sitemap-video.xsd")),
        ],
    )
    index = xmlschema.XMLSchema(str(xsd / "siteindex.xsd"), allow="local")
    return {"urlset": urlset, "index": index}
