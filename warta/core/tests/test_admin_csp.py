"""The admin's Content Security Policy (warta.core.security.csp): enforced on every admin page,
strict on the sign-in pages, reported against the strict policy elsewhere; public pages keep their
own policy exactly, on a miss, a page-cache hit and a hit on the WSGI fast path. Chromium checks
that the admin works under it: tests/browser/test_admin_csp.py."""

from __future__ import annotations

import pytest
from csp.utils import build_policy

from warta.articles.tests.factories import ArticlePageFactory
from warta.core.tests.test_fastpath import app, call  # noqa: F401 - the fast path fixture
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db
ENFORCED, REPORT_ONLY = "Content-Security-Policy", "Content-Security-Policy-Report-Only"


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_locked_down(policy: dict[str, list[str]]) -> None:
    """What holds on every admin page: nothing from elsewhere runs, posts, frames or rebases."""
    assert policy["default-src"] == ["'self'"]
    assert [s for s in policy["script-src"] if s not in ("'self'", "'unsafe-inline'")] == []
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_the_sign_in_pages_enforce_the_strict_policy(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response[ENFORCED])
    assert_locked_down(policy)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert REPORT_ONLY not in response


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/users/"])
def test_signed_in_admin_pages_enforce_a_policy_and_report_against_the_strict_one(
    client, site, editor, path
):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200
    assert_locked_down(directives(response[ENFORCED]))
    strict = directives(response[REPORT_ONLY])
    assert_locked_down(strict)
    assert strict["script-src"] == ["'self'"] and strict["style-src"] == ["'self'"]


def test_the_story_editor_carries_the_policy(client, channel, editor):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    story = ArticlePageFactory(parent=channel, title="Diedit di bawah kebijakan")
    response = client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200 and ENFORCED in response and REPORT_ONLY in response


def test_the_admins_404_on_another_host_is_a_public_page_with_the_public_policy(client, site):
    provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    for path, host in (
        ("/admin/login/", "jatim.warta.localhost"),
        ("/r/jatim/admin/login/", "localhost"),
    ):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 404
        assert response[ENFORCED] == build_policy() and REPORT_ONLY not in response


def test_public_pages_keep_their_policy_on_misses_and_both_kinds_of_hit(client, app, channel):  # noqa: F811
    story = ArticlePageFactory(parent=channel, title="Kebijakan publik tetap")
    public = build_policy()  # CONTENT_SECURITY_POLICY alone, as django-csp builds it
    assert directives(public)["script-src"] == ["'self'"]
    miss = client.get(story.url)
    hit = client.get(story.url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    path = story.url.replace("http://localhost", "")
    call(app, path)  # the fast path learns the outer headers from a response through Django
    _status, fast, _body = call(app, path)
    assert fast["X-Cache"] == "HIT"
    for response in (miss, hit):
        assert response[ENFORCED] == public and REPORT_ONLY not in response
    assert fast[ENFORCED] == public and REPORT_ONLY not in fast
