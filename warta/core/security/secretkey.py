"""The secret key: never a value anyone else can read. It signs sessions, password-reset and
email-confirmation keys; with a published key anyone can forge them.

SECRET_KEY from the environment is used when set, unless it is a value published in this
repository (or Django's startproject placeholder). Without it, laptop and demo settings use a
key generated once for this install and kept in var/secret_key (mode 0600): created whole under
a temporary name and linked into place, so processes starting at once (granian's workers, the
task worker) all read the one key that won. Production requires SECRET_KEY."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from warta.core.env import ImproperlyConfiguredEnv, env

FILE_NAME = "secret_key"
# Keys that are public: this repository's former default, the test settings' key, the
# placeholder in .env.example, and the prefix Django's startproject puts on throwaway keys.
PUBLISHED = frozenset(
    {"insecure-dev-key-change-me", "test-only-secret-key", "change-me-to-a-long-random-string"}
)
PUBLISHED_PREFIXES = ("django-insecure-",)


class PublishedSecretKey(ImproperlyConfiguredEnv):
    pass


def refuse_published(value: str, source: str) -> str:
    if value.strip() in PUBLISHED or value.startswith(PUBLISHED_PREFIXES):
        raise PublishedSecretKey(
            f"{source} is a published value; anyone could forge sessions and confirmation "
            "links. Set SECRET_KEY to a long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or leave it unset outside production."
        )
    return value


def secret_key(keep_in: Path | None) -> str:
    """SECRET_KEY from the environment, else (keep_in given) this install's own key kept in
    that folder; with neither, a clear start-up error."""
    if keep_in is None:
        return refuse_published(env("SECRET_KEY"), "SECRET_KEY")  # required
    value = env("SECRET_KEY", "")
    if value:
        return refuse_published(value, "SECRET_KEY")
    return install_key(Path(keep_in) / FILE_NAME)


def install_key(path: Path) -> str:
    """The key kept at `path`, generated there first if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(get_random_secret_key() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            # link() never replaces: if another process got there first, its key stays.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a key readable by other users of the machine is no secret
    value = path.read_text().strip()
    if not value:
        raise ImproperlyConfiguredEnv(f"{path} is empty: delete it and a new key is generated.")
    return refuse_published(value, str(path))
