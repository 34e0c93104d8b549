"""Every public page, cached or not, carries a Content Security Policy that allows scripts
only from Warta's own files (no inline scripts, no eval), plus the usual security headers."""

import pytest

from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_public_pages_have_a_strict_script_policy_on_misses_and_hits(client, channel):
    story = ArticlePageFactory(parent=channel, title="Kebijakan keamanan konten")
    for path in ("/", story.url, "/cari/?q=banjir", "/network/", "/untuk-anda/", "/akun/login/"):
        for attempt in ("first", "again"):  # the second answer may come from the page cache
            response = client.get(path)
            policy = directives(response["Content-Security-Policy"])
            assert policy["script-src"] == ["'self'"], (path, attempt)
            assert policy["object-src"] == ["'none'"]
            assert policy["frame-ancestors"] == ["'self'"]
            assert "'unsafe-eval'" not in response["Content-Security-Policy"]
            assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/").get("X-Cache") == "HIT"


def test_public_templates_have_no_inline_script(client, channel):
    story = ArticlePageFactory(parent=channel, title="Tanpa skrip sisipan")
    html = client.get(story.url).content.decode()
    import re

    inline = [
        m
        for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        if "application/ld+json" not in m
    ]
    assert inline == []  # JSON-LD is data, not script; everything else is a file


def test_staff_userbar_works_under_the_policy(client, channel, editor):
    import re

    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    story = ArticlePageFactory(parent=channel, title="Dengan userbar")
    html = client.get(story.url).content.decode()
    assert "wagtail-userbar" in html
    inline = [
        m
        for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        if "application/ld+json" not in m and "application/json" not in m
    ]
    assert inline == []
