"""The catalogue is the one list of features: the frame, the docs and the model all follow it."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

import features
from data.dataset import Dataset
from features import FEATURES, FeatureConfig, build_unit_features, catalogue_for, feature_names
from features.catalogue import DOC_PATH, render_markdown
from features.spec import FAMILIES

ROOT = Path(__file__).resolve().parents[2]


def test_committed_docs_equal_the_generated_text() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown()


def test_module_prints_the_catalogue() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "features.catalogue"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout == render_markdown()
    assert done.stderr == ""


def test_frame_columns_are_the_feature_names(world: Dataset) -> None:
    frame = build_unit_features(world, pd.Timestamp("2024-01-01"))
    assert list(frame.columns) == ["unit_id", "community_id", "as_of", *feature_names()]
    assert all(frame[name].dtype == "float64" for name in feature_names())


def test_entries_are_well_formed() -> None:
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names))
    assert {f.family for f in FEATURES} == set(FAMILIES)
    assert FAMILIES == ("arrears", "fees", "complaints", "repairs", "history", "context", "ledger")
    assert all(f.monotone in (-1, 0, 1) and f.definition and f.window and f.unit for f in FEATURES)
    assert all(f.name.startswith(f"{f.family}_") for f in FEATURES)


def test_names_the_reason_sentences_read_exist() -> None:
    """models.reason_text renders these columns; renaming one silently drops a reason sentence."""
    read = {
        "arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open", "complaints_unit_90d",
        "repairs_unit_overdue", "repairs_unit_open", "history_unit_disputes",
        "history_building_disputes_365d", "fees_change_12m", "context_floor_area_m2",
    }  # fmt: skip
    assert read <= set(feature_names())


def test_domain_directions() -> None:
    direction = {f.name: f.monotone for f in FEATURES}
    assert direction["arrears_unpaid_bills"] == direction["arrears_overdue_cny"] == 1
    assert direction["complaints_unit_satisfaction"] == -1
    assert direction["history_unit_days_since_dispute"] == -1
    assert direction["context_floor_area_m2"] == 0


def test_names_follow_the_configured_windows() -> None:
    cfg = FeatureConfig(complaint_windows_days=(7, 60, 180), fee_change_months=6)
    names = feature_names(cfg=cfg)
    assert "complaints_unit_fee_7d" in names
    assert "fees_change_6m" in names
    assert "complaints_unit_30d" not in names
    assert [f.name for f in catalogue_for(cfg)] == names


def test_missing_families_are_left_out_of_the_names() -> None:
    names = feature_names(["ledger", "fees"])
    assert not any(n.startswith(("ledger_", "fees_")) for n in names)
    assert len(names) == len(FEATURES) - sum(f.family in ("ledger", "fees") for f in FEATURES)


def test_package_exports_resolve() -> None:
    assert all(getattr(features, name) is not None for name in features.__all__)
