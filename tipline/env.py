"""Typed readers of the environment for tipline/settings.py: a bad value stops the start with a
message naming the variable, and `NAME_FILE` (a path) wins over `NAME` so secrets stay out of
the process environment."""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str | None = None) -> str | None:
    """A setting from the environment; `NAME_FILE` (a path) wins so secrets stay out of `env`."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


def env_json(name: str, default):
    raw = env(name)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be JSON, not {raw!r}") from None


def cms_url(cms_host: str, given: str | None, tls: bool) -> str:
    """The CMS's own address, for the links in its e-mails: TIPLINE_CMS_URL (with a port, where
    the CMS is served on one), else https (http without a TLS proxy) on TIPLINE_CMS_HOST. It must
    name the CMS host: a link to the admin on the public site's host would be a 404, and teach
    editors to sign in where they should not."""
    host = cms_host or "localhost"
    if not given:
        return f"{'https' if tls else 'http'}://{host}"
    parts = urlsplit(given.strip())
    if parts.scheme not in {"http", "https"} or parts.hostname != host or parts.path.strip("/"):
        raise ImproperlyConfigured(
            f"TIPLINE_CMS_URL must be http(s)://{host} with an optional port, not {given!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"
