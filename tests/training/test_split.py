import pandas as pd
import pytest

from training.split import SplitConfig, embargo_months, time_split


def months(n: int) -> list[pd.Timestamp]:
    return list(pd.date_range("2023-07-01", periods=n, freq="MS"))


def test_windows_are_ordered_and_test_is_latest():
    split = time_split(months(20), 90, SplitConfig())
    assert split.test == tuple(months(20)[-3:])
    assert max(split.train) < min(split.validation) < min(split.calibration) < min(split.test)
    assert len(split.train) == 20 - 3 - 2 - 3 - 3


def test_embargo_keeps_every_earlier_label_horizon_before_the_test_window():
    split = time_split(months(20), 90, SplitConfig())
    latest_label_end = max(split.calibration) + pd.Timedelta(days=90)
    assert latest_label_end <= min(split.test) + pd.Timedelta(days=1)
    assert embargo_months(90) == 2
    assert embargo_months(30) == 0


def test_too_few_months_is_a_clear_error():
    with pytest.raises(ValueError, match="need at least 14 labelled monthly snapshots"):
        time_split(months(10), 90, SplitConfig())


def test_window_of_marks_embargoed_months_blank():
    split = time_split(months(20), 90, SplitConfig())
    names = split.window_of(pd.Series(months(20)))
    assert names.tolist().count("") == 2
    assert names.iloc[-1] == "test"
