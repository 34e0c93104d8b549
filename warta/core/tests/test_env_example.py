""".env.example lists every environment variable the code reads, and nothing it does not.

The names are collected from the source with `ast`: calls to the helpers in warta.core.env
whose first argument is a string literal, and os.environ.get/setdefault/[...]/in and
os.getenv with a literal name.
"""

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SCANNED = [REPO / "warta", REPO / "tests", REPO / "conftest.py"]
HELPERS = {"env", "env_bounded", "env_json", "env_networks", "env_cookie_domain"}  # warta.core.env
ENVIRON_METHODS = {"get", "setdefault", "pop"}
NAME = re.compile(r"[A-Z][A-Z0-9_]*")

# Read by the code but not for anyone to set, so not in .env.example:
NOT_DOCUMENTED = {
    "PYTEST_XDIST_WORKER",  # set by pytest-xdist in each worker (warta/settings/test.py)
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # Django's switch, set by tests/browser/conftest.py itself
}


def _is_environ(node: ast.AST, bare: bool) -> bool:
    """`os.environ`, or plain `environ` where the module imports it from os (`bare`); a WSGI
    `environ` argument is not the process environment."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return bare and isinstance(node, ast.Name) and node.id == "environ"


def _imports_environ(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "os"
        and any(alias.name == "environ" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _name_read_by(node: ast.AST, bare: bool) -> str | None:
    """The literal variable name `node` reads from the environment, if it reads one."""
    if isinstance(node, ast.Call) and node.args:
        callee = _callee(node)
        reads = callee in HELPERS or callee == "getenv"
        reads |= isinstance(node.func, ast.Attribute) and (
            callee in ENVIRON_METHODS and _is_environ(node.func.value, bare)
        )
        return _literal(node.args[0]) if reads else None
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return _literal(node.slice) if _is_environ(node.value, bare) else None
    if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.In | ast.NotIn):
        return _literal(node.left) if _is_environ(node.comparators[0], bare) else None
    return None


def names_read(tree: ast.AST) -> set[str]:
    bare = _imports_environ(tree)
    names = (_name_read_by(node, bare) for node in ast.walk(tree))
    return {name for name in names if name and NAME.fullmatch(name)}


def code_names() -> dict[str, set[str]]:
    """Each variable the code reads, with the files that read it."""
    where: dict[str, set[str]] = {}
    for root in SCANNED:
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for path in files:
            if "migrations" in path.parts:
                continue
            for name in names_read(ast.parse(path.read_text(), filename=str(path))):
                where.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return where


def example_lines() -> list[str]:
    return (REPO / ".env.example").read_text().splitlines()


def example_names() -> list[str]:
    assignment = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=")
    return [match[1] for line in example_lines() if (match := assignment.match(line))]


def test_the_collector_finds_each_way_of_reading_the_environment():
    source = """
import os
from os import environ
a = env("A_ONE", "x")
b = env_json("A_TWO", {})
c = env_networks("A_THREE")
d = os.environ.get("A_FOUR")
e = os.environ["A_FIVE"]
f = os.getenv("A_SIX")
os.environ.setdefault("A_SEVEN", "warta.settings.dev")
g = "A_EIGHT" in os.environ
h = environ.get("A_NINE")
os.environ["NOT_A_READ"] = "1"
env(name_in_a_variable)
headers.get("X_NOT_ENVIRON")
"""
    wsgi_app = """
def app(environ, start_response):
    return environ.get("HTTP_HOST"), environ["PATH_INFO"]
"""
    assert names_read(ast.parse(source)) == {
        "A_ONE",
        "A_TWO",
        "A_THREE",
        "A_FOUR",
        "A_FIVE",
        "A_SIX",
        "A_SEVEN",
        "A_EIGHT",
        "A_NINE",
    }
    assert names_read(ast.parse(wsgi_app)) == set()


def test_env_example_lists_every_variable_the_code_reads():
    read = code_names()
    documented = set(example_names())
    missing = sorted(set(read) - documented - NOT_DOCUMENTED)
    stale = sorted(documented - set(read))
    problems = [
        f"missing from .env.example: {n} (read in {', '.join(sorted(read[n]))})" for n in missing
    ]
    problems += [f"in .env.example but read nowhere in the code: {n}" for n in stale]
    problems += [
        f"{n} is in .env.example but allow-listed in NOT_DOCUMENTED"
        for n in sorted(NOT_DOCUMENTED & documented)
    ]
    assert not problems, "\n".join(problems)


def test_env_example_lists_each_variable_once_under_a_comment():
    names = example_names()
    assert len(names) == len(set(names)), (
        f"listed twice: {sorted({n for n in names if names.count(n) > 1})}"
    )
    lines = example_lines()
    bare = [
        line.split("=", 1)[0]
        for previous, line in zip(lines, lines[1:], strict=False)
        if "=" in line and not line.startswith("#") and not previous.startswith("#")
    ]
    assert not bare, f"variables without a comment line right above them: {bare}"
