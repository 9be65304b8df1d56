"""The data directory's own state, found and made private by the settings themselves.

Every process reads the same settings (`make run`, `make dev`, `manage.py <anything>`, gunicorn),
so the secret key and the directory's permissions are settled here once, not by each caller's
shell: `python manage.py createstaff` works in a fresh shell exactly as the server does.
Imports nothing from Django beyond its exception (the settings module imports this).
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - the file's name, not a secret


def make_private_dir(path: Path) -> Path:
    """Create `path` as 0700, or narrow it to 0700 if it is ours and others can enter it."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.stat().st_uid == os.geteuid() and path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"TIPLINE_DATA_DIR {path} cannot be created or made private: {exc}"
        ) from None
    return path


def make_private_file(path: Path) -> None:
    """Create `path` empty as 0600 if absent (SQLite then gives its -wal and -shm files the same
    mode), or narrow an existing file of ours to 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        if path.stat().st_uid == os.geteuid() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def secret_key(data_dir: Path) -> str:
    """The key in `<data dir>/secret_key`, created (0600) on first use.

    Several processes may start at once (gunicorn's workers, the task worker): the key is written
    to a file of its own and linked into place, so every process ends up reading the same key
    and none ever reads half of one.
    """
    path = data_dir / SECRET_KEY_FILE
    if not path.exists():
        tmp = data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; its key is the one
        finally:
            tmp.unlink()
    make_private_file(path)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 32:
        raise ImproperlyConfigured(
            f"{path} holds no usable secret key (fewer than 32 characters); delete it to have a "
            "new one made, or set TIPLINE_SECRET_KEY_FILE"
        )
    return key
