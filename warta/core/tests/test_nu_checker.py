"""Every public page type passes the Nu HTML checker (vnu.jar, the W3C's checker) with no
error, for an anonymous and a signed-in reader (issue #21). One checker run takes every page,
so the JVM starts once (about 5 s). The checker comes from `npm ci` (package.json); without
it the test is skipped locally and fails in CI."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from warta.core.tests.test_public_markup import PUBLIC_PAGES, READER_PAGES, story  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker() -> list[str]:
    java = shutil.which("java")
    if VNU.exists() and java:
        return [java, "-Xss4m", "-jar", str(VNU)]
    message = f"the Nu checker needs java and {VNU} (run `npm ci` in the checkout)"
    if os.environ.get("WARTA_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def nu_errors(folder: Path) -> dict[str, list[str]]:
    command = [*nu_checker(), "--errors-only", "--format", "json", "--stdout", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        name = Path(message.get("url", "?")).name
        line = message.get("lastLine", "?")
        errors.setdefault(name, []).append(f"line {line}: {message['message']}")
    return errors


def test_every_public_page_type_passes_the_nu_checker(client, story, tmp_path):  # noqa: F811
    pages: dict[str, str] = {}
    for signed_in, patterns in ((False, PUBLIC_PAGES), (True, READER_PAGES)):
        if signed_in:
            reader = get_user_model().objects.create_user("pembaca", "p@contoh.example")
            client.force_login(reader)
        for pattern in patterns:
            url = pattern.format(story=story.url)
            response = client.get(url)
            assert response.status_code in (200, 400, 404), (url, response.status_code)
            name = f"{len(pages):02d}{'-reader' if signed_in else ''}{url}".replace("/", "_")
            (tmp_path / f"{name[:80]}.html").write_bytes(response.content)
            pages[name] = url
    assert len(list(tmp_path.glob("*.html"))) == len(PUBLIC_PAGES) + len(READER_PAGES)
    assert not nu_errors(tmp_path)


def test_the_checker_reports_a_broken_page(tmp_path):
    (tmp_path / "broken.html").write_text(
        '<!doctype html><html lang="id"><title>x</title>'
        '<time datetime="2026-12-03T05:17:08.590385+00:00">x</time>'
        '<img src="a.png"><p id="a"></p><p id="a"></p>'
    )
    errors = nu_errors(tmp_path)
    assert len(errors["broken.html"]) >= 3, errors


def test_a_photo_narrower_than_the_renditions_lists_each_width_once(story):  # noqa: F811
    from django.template import Context, Template

    html = Template(
        "{% load wagtailimages_tags warta_images %}"
        "{% srcset_image image fill-{480x270,800x450,1200x675} sizes='100vw' alt='' %}"
    ).render(Context({"image": story.hero_image}))
    assert story.hero_image.width < 480
    # One width left: a plain src, and no sizes without a srcset.
    assert "<img" in html and "srcset" not in html and "sizes" not in html, html
    taken = Template(
        "{% load wagtailimages_tags warta_images %}"
        "{% srcset_image image fill-{100x50,200x100,480x270} alt='' %}"
    ).render(Context({"image": story.hero_image}))
    assert taken.count("w,") == 2 and "200w" in taken and "320w" in taken, taken
