"""What the read-replica test does inside Warta on the primary, as a separate process with
the server's settings (tests/integration/replica_settings.py) and its shared file cache. It
reads commands as JSON lines on stdin and answers each with one JSON line:

    ["setup"]                  tables, a site, a channel, stories, an editor's session
    ["publish", ID, "TITLE"]   a new revision of story ID, published
    ["iterate"]                every story through iterator(), a query for each"""

import json
import sys

import django


def root_conftest():
    """The checkout's conftest.py (Wagtail's root pages), by path: run as a script from this
    folder, `import conftest` would find tests/integration/conftest.py instead."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "conftest.py"
    spec = importlib.util.spec_from_file_location("warta_root_conftest", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup() -> dict:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.tests.factories import ChannelPageFactory, make_site

    call_command("migrate", run_syncdb=True, verbosity=0)
    root_conftest().ensure_wagtail_roots()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    site = make_site(hostname="localhost", name="Warta")
    channel = ChannelPageFactory(title="Nasional", slug="nasional", parent=site.root_page)
    stories = [
        ArticlePageFactory(parent=channel, title=f"Berita replika nomor {n}") for n in range(24)
    ]
    editor = get_user_model().objects.create_superuser(
        "redaktur", "redaktur@warta.localhost", "rahasia-redaksi"
    )
    session = SessionStore()
    session[SESSION_KEY] = str(editor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    session.create()
    return {
        "stories": [
            {"id": s.pk, "path": "/" + s.url_path.removeprefix(site.root_page.url_path)}
            for s in stories
        ],
        "session": session.session_key,
    }


def publish(story_id: str, title: str) -> dict:
    from warta.articles.models import ArticlePage

    story = ArticlePage.objects.get(pk=int(story_id))
    story.title = title
    story.save_revision().publish()
    return {"id": story_id, "title": title}


def iterate() -> dict:
    """Every story through iterator() in small chunks, with a query repeated for each (psycopg
    would prepare it after five runs): what a server-side cursor or a prepared statement breaks
    behind PgBouncer in transaction pooling."""
    from warta.articles.models import ArticlePage

    count = 0
    for story in ArticlePage.objects.order_by("pk").iterator(chunk_size=2):
        count += ArticlePage.objects.filter(pk=story.pk, live=True).exists()
    return {"count": count}


ACTIONS = {"setup": setup, "publish": publish, "iterate": iterate}

if __name__ == "__main__":
    django.setup()
    for line in sys.stdin:  # one command a line, one JSON answer a line
        command, *args = json.loads(line)
        result = ACTIONS[command](*args)
        print(json.dumps(result), flush=True)
