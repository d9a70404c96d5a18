"""FeatureConfig: frozen, strict about unknown fields, windows and service levels."""

import pytest
from pydantic import ValidationError

from features import FeatureConfig
from features.config import DEFAULT_SERVICE_LEVEL_DAYS


def test_defaults() -> None:
    cfg = FeatureConfig()
    assert cfg.repair_service_level_days == DEFAULT_SERVICE_LEVEL_DAYS
    assert cfg.repair_service_level_days["elevator"] == 2
    assert cfg.repair_service_level_days["facade"] == 30
    assert cfg.complaint_windows_days == (30, 90, 365)


def test_frozen_and_no_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        FeatureConfig(window=3)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        FeatureConfig().history_days = 10  # type: ignore[misc]


@pytest.mark.parametrize("windows", [(90, 30, 365), (0, 30, 90), (30, 30, 90)])
def test_windows_must_increase(windows: tuple[int, int, int]) -> None:
    with pytest.raises(ValidationError, match="strictly increasing"):
        FeatureConfig(complaint_windows_days=windows)


def test_service_levels_cover_every_category() -> None:
    partial = {k: v for k, v in DEFAULT_SERVICE_LEVEL_DAYS.items() if k != "roof"}
    with pytest.raises(ValidationError, match="repair categories"):
        FeatureConfig(repair_service_level_days=partial)
    with pytest.raises(ValidationError, match="positive"):
        FeatureConfig(repair_service_level_days=dict(DEFAULT_SERVICE_LEVEL_DAYS, roof=0))


def test_default_levels_are_not_shared_between_configs() -> None:
    FeatureConfig().repair_service_level_days["roof"] = 99
    assert FeatureConfig().repair_service_level_days["roof"] == 14
