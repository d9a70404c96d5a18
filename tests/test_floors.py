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


def imports_against_the_flow(root: Path) -> list[str]:
    """'path imports package' for every import of a product module that its floor does not allow."""
    against = []
    for package in PRODUCT:
        for path in sorted((root / package).rglob("*.py")):
            for imported in sorted(imported_packages(path.read_text(encoding="utf-8")) - {package}):
                if imported not in ALLOWED[package]:
                    against.append(f"{path.relative_to(root)} imports {imported}")
    return against


def test_every_import_follows_the_floors():
    assert imports_against_the_flow(ROOT) == []


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


def test_the_rule_catches_the_imports_that_used_to_run_against_the_flow(tmp_path):
    for path, source in {
        "serving/app.py": "from disputes.settings import Settings",
        "monitoring/reference.py": "def f():\n    from training.tracking import CHAMPION",
        "monitoring/current.py": "from serving.batch import latest_as_of",
        "scoring/batch.py": "import pandas as pd\nfrom models.pyfunc import DisputeRiskPyfunc",
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(source, encoding="utf-8")
    assert imports_against_the_flow(tmp_path) == [
        "monitoring/current.py imports serving",
        "monitoring/reference.py imports training",
        "serving/app.py imports disputes",
    ]


def test_no_product_module_is_over_300_lines_but_the_tree_shap_kernel():
    long = [
        f"{path.relative_to(ROOT)}: {lines}"
        for package in PRODUCT[:8]
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300 and path.name != "tree_shap.py"
    ]
    assert long == []
