"""Boundaries that must hold, checked from the source tree."""

import ast
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS = ROOT / "src" / "sozialplanung" / "analysis"
ALLOWED_IN_ANALYSIS = {
    "numpy",
    "scipy",
    "highspy",
    "numba",
    "shapely",
    "pyproj",
    "jenkspy",
    "sozialplanung",
}


def imported_top_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_analysis_imports_only_numerics_and_the_standard_library():
    import sys

    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    offenders = {}
    for path in ANALYSIS.rglob("*.py"):
        foreign = imported_top_modules(path) - stdlib - ALLOWED_IN_ANALYSIS
        if foreign:
            offenders[path.name] = sorted(foreign)
    assert offenders == {}


def test_every_environment_setting_is_documented():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [n for n in settings.DOCUMENTED_ENV_SETTINGS if f"`SOZIALPLANUNG_{n}`" not in doc]
    assert missing == []


def test_every_app_has_its_place_in_the_layer_order():
    """The layer order itself is checked by import-linter in `make lint` (pyproject.toml);
    this keeps a new app from slipping past it by not being named there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [
        c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    ]
    named = {name.strip("() ") for layer in layers for name in layer.split("|")}
    packages = {p.parent.name for p in (ROOT / "src" / "sozialplanung").glob("*/__init__.py")}
    apps = packages - {"cli"}  # project level like settings and urls: may import any app
    assert apps == named
