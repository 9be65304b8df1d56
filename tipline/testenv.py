"""pytest plugin, loaded by `-p tipline.testenv` before Django starts: a throwaway keyring,
data dir and secret for the test run, and the database under test.

`TIPLINE_TEST_DATABASE` picks the engine: "postgres" (default; URL from TIPLINE_TEST_DATABASE_URL)
or "sqlite". pytest-django creates and destroys the test database itself.
"""

import os
import tempfile
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="tipline-test-"))
os.environ["TIPLINE_DATA_DIR"] = str(_tmp)
os.environ.setdefault("TIPLINE_SECRET_KEY", "test-secret-key-not-for-production")
os.environ["TIPLINE_KEYRING"] = str(_tmp / "keyring.json")
os.environ.setdefault("TIPLINE_SECURE_COOKIES", "false")
os.environ.setdefault("TIPLINE_FORM_MIN_FILL_SECONDS", "0")
if os.environ.get("TIPLINE_TEST_DATABASE", "postgres") == "postgres":
    os.environ["TIPLINE_DATABASE_URL"] = os.environ.get(
        "TIPLINE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tipline"
    )
else:
    os.environ["TIPLINE_DATABASE_URL"] = f"sqlite:///{_tmp / 'tipline.sqlite3'}"

from core import keyring  # noqa: E402 - needs no Django settings

keyring.save(keyring.generate(), _tmp / "keyring.json")
