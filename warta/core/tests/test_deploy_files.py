"""The shipped deployment files (deploy/) start Warta's commands as written: every command line
in the systemd units and the compose file is accepted by the command it names, and every file
and variable they refer to exists. A renamed option or a moved config fails here, not at 3 am
on a production host."""

import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def exec_start(unit: Path) -> list[str]:
    lines, joined = unit.read_text().splitlines(), []
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1] + " " + line.strip()
        else:
            joined.append(line)
    starts = [line.split("=", 1)[1] for line in joined if line.startswith("ExecStart=")]
    assert len(starts) == 1, f"{unit.name}: one ExecStart"
    return shlex.split(starts[0])


def accepts(argv: list[str]) -> None:
    """`warta <command> <options>` parses (an unknown command or option raises)."""
    assert Path(argv[0]).name == "warta", argv
    name, options = argv[1], argv[2:]
    app = get_commands()[name]  # KeyError: no such command
    command = load_command_class(app, name)
    parser = command.create_parser("warta", name)
    # argparse exits on an unknown option; make it an assertion with the line.
    parser.exit_on_error = False
    known, unknown = parser.parse_known_args(options)
    assert not unknown, f"{' '.join(argv)}: unknown {unknown}"


def test_there_is_a_unit_for_each_tier():
    assert {u.name for u in UNITS} >= {
        "warta-web.service",
        "warta-worker@.service",
        "warta-scheduler.service",
    }


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.name)
def test_each_unit_runs_a_real_warta_command(unit):
    accepts(exec_start(unit))
    text = unit.read_text()
    assert "EnvironmentFile=/etc/warta/warta.env" in text
    assert "User=warta" in text and "Restart=always" in text


def test_a_bad_option_would_be_caught():
    with pytest.raises(AssertionError, match="unknown"):
        accepts(["warta", "worker", "--no-such-option"])
    with pytest.raises(KeyError):
        accepts(["warta", "no_such_command"])


COMPOSE = DEPLOY / "compose"


def compose() -> dict:
    import yaml

    return yaml.safe_load((COMPOSE / "compose.yaml").read_text())


def test_compose_configs_are_the_shipped_ones_rendered():
    from warta.core.ops.compose import rendered

    for name, text in rendered().items():
        assert (COMPOSE / name).read_text() == text, (
            f"deploy/compose/{name} differs from its rendering: python -m warta.core.ops.compose"
        )


def test_compose_runs_every_tier_with_real_commands_and_files():
    spec = compose()
    services = spec["services"]
    assert {"db", "db-replica", "pgbouncer", "redis", "web1", "web2", "worker", "scheduler"} <= set(
        services
    )
    assert {"lb", "varnish", "migrate"} <= set(services)
    root = DEPLOY.parent
    for name, service in services.items():
        command = service.get("command")
        if isinstance(command, list) and command[0] == "warta":
            accepts(command)
        build = service.get("build")
        if build:
            assert (COMPOSE / build["context"] / build["dockerfile"]).exists(), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (COMPOSE / source).exists(), f"{name}: {source}"
    image_cmd = (DEPLOY / "Dockerfile").read_text().split("CMD ", 1)[1]
    accepts(json_list(image_cmd))
    assert (root / "requirements.lock").exists()


def json_list(text: str) -> list[str]:
    import json

    return json.loads(text.replace("\\\n", " "))


def test_compose_sets_only_variables_warta_reads():
    documented = {
        line.split("=", 1)[0]
        for line in (DEPLOY.parent / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
    }
    app = compose()["services"]["web1"]["environment"]
    unknown = set(app) - documented - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"not in .env.example: {sorted(unknown)}"
