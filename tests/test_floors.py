"""The floors: each product package imports only the packages below it, read from the code's own imports.

Every import counts, including those inside functions and under TYPE_CHECKING: a lazy import against the flow is
still a dependency against the flow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("data", "features", "models", "training", "scoring", "monitoring", "serving", "disputes", "benchmarks")
ALLOWED: dict[str, set[str]] = {
    "data": set(),
    "features": {"data"},
    "models": {"data", "features"},
    "training": {"data", "features", "models"},
    "scoring": {"data", "features", "models"},
    "monitoring": {"data", "features", "models", "scoring"},
    "serving": {"data", "features", "models", "scoring", "monitoring"},
    "disputes": {"data", "features", "models", "training", "scoring", "monitoring", "serving"},
    "benchmarks": {"data", "features", "models", "training", "scoring", "monitoring", "serving", "disputes"},
}


def imported_packages(source: str) -> set[str]:
    """The top-level product packages a module's source imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(PRODUCT)


def edges() -> list[tuple[str, str, str]]:
    """(module path, its package, a package it imports) for every product module."""
    result = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            for imported in imported_packages(path.read_text(encoding="utf-8")) - {package}:
                result.append((str(path.relative_to(ROOT)), package, imported))
    return result


def test_every_import_follows_the_floors():
    against = [f"{path} imports {imported}" for path, package, imported in edges() if imported not in ALLOWED[package]]
    assert against == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import training.fit", {"training"}),
        ("from serving.db import open_engine", {"serving"}),
        ("def f():\n    from disputes.settings import command_settings", {"disputes"}),
        ("if TYPE_CHECKING:\n    from training.run import X", {"training"}),
        ("from . import sibling\nimport numpy, pandas", set()),
    ],
)
def test_the_rule_sees_every_kind_of_import(source, expected):
    assert imported_packages(source) == expected


def test_the_rule_would_catch_an_import_against_the_flow(tmp_path):
    assert "training" not in ALLOWED["serving"] and "disputes" not in ALLOWED["serving"]
    assert "serving" not in ALLOWED["monitoring"] and "training" not in ALLOWED["monitoring"]
    assert imported_packages("from training.tracking import CHAMPION") - ALLOWED["monitoring"] == {"training"}


def test_no_product_module_is_over_300_lines_but_the_tree_shap_kernel():
    long = [
        f"{path.relative_to(ROOT)}: {lines}"
        for package in PRODUCT[:8]
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300 and path.name != "tree_shap.py"
    ]
    assert long == []
