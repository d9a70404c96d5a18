import pydantic
import pytest

from monitoring.config import MonitorConfig


def test_thresholds_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DISPUTES_MONITOR_DRIFT_THRESHOLD", "0.3")
    monkeypatch.setenv("DISPUTES_MONITOR_WARN_UNEXPECTED", "3")
    cfg = MonitorConfig()
    assert cfg.drift_threshold == 0.3
    assert cfg.warn_unexpected == 3
    assert MonitorConfig(drift_threshold=0.25).drift_threshold == 0.25  # explicit values win


@pytest.mark.parametrize(
    "bad", [{"drift_method": "ks"}, {"drift_threshold": 0}, {"pr_auc_ratio": 1.5}, {"unknown_knob": 1}]
)
def test_bad_settings_are_refused(bad):
    with pytest.raises(pydantic.ValidationError):
        MonitorConfig(**bad)


def test_the_config_is_frozen():
    with pytest.raises(pydantic.ValidationError):
        MonitorConfig().drift_threshold = 0.5  # type: ignore[misc]
