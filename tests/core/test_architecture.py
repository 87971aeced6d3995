"""Boundaries that must hold, checked from the source tree."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS = ROOT / "src" / "sozialplanung" / "analysis"
ALLOWED_IN_ANALYSIS = {"numpy", "scipy", "shapely", "pyproj", "jenkspy", "sozialplanung"}


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


def test_analysis_does_not_import_other_apps():
    for path in ANALYSIS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"sozialplanung\.(core|areas|web|offers|council)", text), path.name


def test_every_environment_setting_is_documented():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [n for n in settings.DOCUMENTED_ENV_SETTINGS if f"`SOZIALPLANUNG_{n}`" not in doc]
    assert missing == []


def imported_modules(path: Path) -> set[str]:
    """Full names of the absolute imports of ``path`` ("sozialplanung.core.formats")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def importers_of(apps: tuple[str, ...], forbidden: re.Pattern[str]) -> dict[str, list[str]]:
    """Modules (files or packages under src/sozialplanung) importing a ``forbidden`` name."""
    offenders = {}
    for app in apps:
        base = ROOT / "src" / "sozialplanung" / app
        for path in [base] if base.is_file() else base.rglob("*.py"):
            found = sorted(m for m in imported_modules(path) if forbidden.match(m))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    return offenders


def test_domain_apps_do_not_import_the_site_shell():
    # Formatting and parsing used to live in web and be imported back by the domain apps.
    apps = ("areas", "offers", "needs", "measures")
    assert importers_of(apps, re.compile(r"sozialplanung\.web(\.|$)")) == {}


def test_the_shared_kernel_of_core_imports_no_app_above_it():
    kernel = ("core/formats", "core/templatetags", "core/fields.py", "core/forms.py")
    above = re.compile(r"sozialplanung\.(?!core(\.|$))\w+")
    assert importers_of(kernel, above) == {}
