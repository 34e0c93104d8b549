"""The import rule (docs/architecture.md): Warta's apps form layers, and an app imports only
apps in layers below its own. So no two apps import each other, however indirectly, and `core`,
the bottom layer, imports no app. Read from the source (every import, including those inside
functions); tests and migrations are outside the rule.

A new app fails here until it is given a layer; an import that breaks the rule fails with its
file and line."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import warta

WARTA = Path(warta.__file__).parent

# Lowest first. An app may import any app in a lower layer, none in its own or a higher one.
LAYERS: list[set[str]] = [
    {"core"},  # the base: page cache, sites and routing, security, media, dates, operations
    {"articles"},  # stories, bylines, listing, the lists pages show, purging
    {"channels", "discovery"},  # home and channel pages; related stories and duplicates
    {"newsroom"},  # roles, workflow, gates, tenant rule; attaches its forms to the page types
    {"network", "live", "analytics"},  # provisioning, circulation, regions, site frame; live
    # stories; readers counted and the newsroom's numbers
    {"accounts", "feeds", "search", "ingest", "newsletters", "alerts"},  # edge apps: readers,
    # feeds, search, importers, newsletters and Web Push alerts
    {"api"},  # the content API (uses feeds' serialisers)
    {"demo"},  # the demo network: builds on everything
]
# Not apps: the project's wiring (settings, urls, wsgi) may import anything.
NOT_APPS = {"settings", "templates", "static", "locale"}


def layer_of(app: str) -> int | None:
    return next((i for i, apps in enumerate(LAYERS) if app in apps), None)


def app_imports() -> list[tuple[str, str, str]]:
    """(importing app, imported app, "file:line") for every import of one app by another."""
    found = []
    for path in sorted(WARTA.rglob("*.py")):
        parts = path.relative_to(WARTA).parts
        if len(parts) < 2 or parts[0] in NOT_APPS or {"tests", "migrations"} & set(parts):
            continue
        app = parts[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                names = module.split(".")
                if names[0] == "warta" and len(names) > 1 and names[1] != app:
                    where = f"{path.relative_to(WARTA.parent)}:{node.lineno}"
                    found.append((app, names[1], where))
    return found


def apps_on_disk() -> set[str]:
    return {
        p.name
        for p in WARTA.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_APPS
    }


def test_every_app_has_a_layer():
    unplaced = sorted(app for app in apps_on_disk() if layer_of(app) is None)
    assert not unplaced, f"give these apps a layer in LAYERS (and docs/architecture.md): {unplaced}"


def test_core_imports_no_app():
    offending = [where for app, imported, where in app_imports() if app == "core"]
    assert not offending, "core imports an app (core is the base layer):\n" + "\n".join(offending)


def test_apps_import_only_lower_layers():
    offending = []
    for app, imported, where in app_imports():
        mine, theirs = layer_of(app), layer_of(imported)
        if mine is not None and theirs is not None and theirs >= mine:
            offending.append(f"{where}: {app} (layer {mine}) imports {imported} (layer {theirs})")
    assert not offending, "imports against the layers:\n" + "\n".join(offending)


def test_the_rule_sees_imports_inside_functions(tmp_path, monkeypatch):
    """The scan is what the rule rests on: it must find an upward import hidden in a function."""
    fake = tmp_path / "warta"
    (fake / "core").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "core" / "__init__.py").write_text("")
    (fake / "core" / "x.py").write_text("def f():\n    from warta.articles.models import A\n")
    monkeypatch.setattr(sys.modules[__name__], "WARTA", fake)
    assert app_imports() == [("core", "articles", "warta/core/x.py:2")]
