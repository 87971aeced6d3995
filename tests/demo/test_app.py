"""The demo is an app of its own: every demo module lives in it, and no product code needs it."""

from __future__ import annotations

import ast
from pathlib import Path

import sozialplanung

PACKAGE = Path(sozialplanung.__file__).resolve().parent
DEMO = PACKAGE / "demo"


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a file imports (``from x import y`` gives x and x.y)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_demo_module_lives_in_the_demo_app():
    strays = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("demo*")
        # Compiled leftovers of moved modules are no modules of the source tree.
        if DEMO not in path.parents and path != DEMO and "__pycache__" not in path.parts
    ]
    assert strays == []


def test_no_product_module_imports_the_demo():
    # The project-level command line may reach the demo's command; the apps may not.
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in imported_modules(path)
            if name.split(".")[:2] == ["sozialplanung", "demo"]
        )
        for path in PACKAGE.rglob("*.py")
        if DEMO not in path.parents
    }
    assert {path: names for path, names in offenders.items() if names} == {}
