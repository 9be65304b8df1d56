"""Imports run one way, downwards: core ← audit ← accounts ← intake ← cases ← rewards / awareness ←
insights ← tipline (insights counts rewards and protection requests, so it sits above rewards).
An app that imports one above it (or a sibling on its level) fails here, so a cycle can never
start. Tests may import anything: they sit outside the layering."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    ["core"],
    ["audit"],
    ["accounts"],
    ["intake"],
    ["cases"],
    ["rewards", "awareness"],
    ["insights"],
    ["tipline"],
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def modules_of(app: str, root: Path):
    for path in sorted((root / app).rglob("*.py")):
        if "tests" not in path.relative_to(root).parts:
            yield path


def imported_apps(path: Path) -> set[str]:
    """The project apps a module imports, at any depth of the file (lazy imports count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own package
        found |= {name.split(".")[0] for name in names} & LEVEL.keys()
    return found


def upward_imports(app: str, root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)} imports {other}"
        for path in modules_of(app, root)
        for other in sorted(imported_apps(path))
        if other != app and LEVEL[other] >= LEVEL[app]
    ]


@pytest.mark.parametrize("app", [app for app in LEVEL if (ROOT / app).is_dir()])
def test_an_app_imports_only_the_apps_below_it(app):
    assert upward_imports(app) == []


def test_the_check_sees_an_upward_import_even_a_lazy_one(tmp_path):
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "views.py").write_text("def f():\n    from accounts import permissions\n")
    (tmp_path / "audit" / "tests").mkdir()
    (tmp_path / "audit" / "tests" / "test_x.py").write_text("import cases\n")
    assert upward_imports("audit", tmp_path) == ["audit/views.py imports accounts"]
