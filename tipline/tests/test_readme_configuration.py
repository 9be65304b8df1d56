"""The README's configuration table lists every variable the code reads, each once, and
nothing the code does not read."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# A quoted variable name in code: env("TIPLINE_X"), os.environ.get("TIPLINE_X"), ...
READ = re.compile(r"""["'](TIPLINE_[A-Z0-9_]+)["']""")
ROW = re.compile(r"^\| `(TIPLINE_[A-Z0-9_]+)` \|", re.MULTILINE)


def code_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var"} or "tests" in parts or "migrations" in parts:
            continue
        yield path


def variables_read() -> set[str]:
    return {name for path in code_files() for name in READ.findall(path.read_text())}


def table_rows() -> Counter:
    return Counter(ROW.findall((ROOT / "README.md").read_text()))


def test_every_variable_the_code_reads_has_one_row_in_the_readme():
    rows = table_rows()
    assert {name: rows[name] for name in variables_read() if rows[name] != 1} == {}


def test_the_readme_lists_no_variable_the_code_does_not_read():
    assert set(table_rows()) - variables_read() == set()
