import numpy as np
import pandas as pd

from monitoring.config import MonitorConfig
from monitoring.quality import missing_shares, quality_issues

CFG = MonitorConfig(missing_increase=0.05, out_of_range_share=0.05)
# Catalogue features of each kind the checks read: a flag, a share, a count and a ratio without bounds.
FLAG, SHARE, COUNT, RATIO = (
    "context_owners_committee", "arrears_late_share_3m", "complaints_unit_30d", "fees_change_12m",
)  # fmt: skip


def frames(rows: int = 1_000, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)

    def one() -> pd.DataFrame:
        return pd.DataFrame({
            FLAG: rng.integers(0, 2, rows).astype(float), SHARE: rng.uniform(0, 1, rows),
            COUNT: rng.poisson(1.0, rows).astype(float), RATIO: rng.normal(0, 0.1, rows),
        })  # fmt: skip

    return one(), one()


def checks(issues: list[dict]) -> dict[tuple[str, str], dict]:
    return {(i["column"], i["check"]): i for i in issues}


def test_like_data_has_no_issue():
    reference, current = frames()
    current[COUNT] = current[COUNT].clip(upper=reference[COUNT].max())
    assert quality_issues(reference, current, [FLAG, SHARE, COUNT, RATIO], CFG) == []


def test_each_check_fires_on_its_fault():
    reference, current = frames()
    reference[FLAG] = 0.0  # the reference never saw a committee
    current.loc[:99, SHARE] = np.nan  # 10% newly empty
    current.loc[:4, COUNT] = -1.0  # counts cannot be negative
    current[RATIO] = current[RATIO] + 1.0  # everything beyond the reference's range
    found = checks(quality_issues(reference, current, [FLAG, SHARE, COUNT, RATIO, "history_unit_disputes"], CFG))
    assert set(found) == {
        (FLAG, "new_category"), (SHARE, "missing"), (COUNT, "invalid"), (RATIO, "out_of_range"),
        ("history_unit_disputes", "absent"),
    }  # fmt: skip
    assert found[(SHARE, "missing")]["current"] == 0.1
    assert found[(COUNT, "invalid")]["current"] == 0.005
    assert found[(FLAG, "new_category")]["current"] == current[FLAG].mean()
    assert found[(RATIO, "out_of_range")]["severity"] == "info"
    assert {found[k]["severity"] for k in found if k[1] != "out_of_range"} == {"warn"}


def test_small_changes_stay_under_the_thresholds():
    reference, current = frames()
    current.loc[:29, SHARE] = np.nan  # 3% newly empty, under 5%
    current.loc[:29, RATIO] = 5.0  # 3% beyond the range, under 5%
    current[COUNT] = current[COUNT].clip(upper=reference[COUNT].max())
    assert quality_issues(reference, current, [FLAG, SHARE, COUNT, RATIO], CFG) == []


def test_missing_shares_per_side():
    reference, current = frames(rows=10)
    current.loc[:4, SHARE] = np.nan
    shares = missing_shares(reference, current, [SHARE, COUNT]).set_index("column")
    assert list(shares.index) == [SHARE]  # columns never empty are left out
    assert shares.loc[SHARE, "current"] == 0.5
    assert shares.loc[SHARE, "reference"] == 0.0
