"""Reading the NYC panel, dating its columns, the two labels and where the file is looked for."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from training.realdata.nyc import (
    BUILDING_FACTS,
    FILE_NAME,
    LABELS,
    PATH_VARIABLE,
    column_year,
    label_vector,
    read_nyc,
    resolve_nyc_path,
    visible_columns,
)

LABEL_A, LABEL_B = LABELS


@pytest.mark.parametrize(
    ("name", "year"),
    [("viol_bbl_ser_2014", 2014), ("comp_trct_2015", 2015), ("filings_2013_2015", 2015), ("evictions_2018", 2018),
     ("res_units", None), ("bbl", None)],
)  # fmt: skip
def test_column_year_is_the_last_year_a_column_describes(name, year):
    assert column_year(name) == year


def test_label_a_sees_only_2014_and_earlier(nyc_like):
    columns = list(nyc_like(20, 1).columns)
    seen = visible_columns(columns, LABEL_A.cutoff_year)
    assert set(BUILDING_FACTS) <= set(seen)
    assert {"viol_bbl_ser_2014", "comp_bbl_2014", "lit_2013", "lit_2014", "viol_trct_2013"} <= set(seen)
    assert not {"lit_2015", "filings_2013_2015", "comp_bbl_2015", "viol_bbl_oth_2016", "evictions_2018"} & set(seen)


def test_label_b_sees_2016_and_earlier_but_not_the_eviction_year(nyc_like):
    seen = set(visible_columns(list(nyc_like(20, 1).columns), LABEL_B.cutoff_year))
    assert {"lit_2015", "filings_2013_2015", "viol_bbl_ser_2016", "comp_bbl_2015"} <= seen
    assert "evictions_2018" not in seen


def test_labels_are_counts_above_zero():
    frame = pd.DataFrame({"lit_2015": [0.0, 2.0, np.nan, 1.0], "evictions_2018": [3.0, 0.0, 0.0, np.nan]})
    assert label_vector(frame, LABEL_A).tolist() == [0, 1, 0, 1]
    assert label_vector(frame, LABEL_B).tolist() == [1, 0, 0, 0]


def test_path_prefers_option_then_environment_then_shared_folder(tmp_path):
    root = tmp_path / "clone"
    given = tmp_path / "given.parquet"
    assert resolve_nyc_path(given, {PATH_VARIABLE: "/env.parquet"}, root) == given
    assert resolve_nyc_path(None, {PATH_VARIABLE: "/env.parquet"}, root) == Path("/env.parquet")
    default = resolve_nyc_path(None, {}, root)
    assert default == tmp_path / "shared" / "realdata" / "nyc-hpd" / FILE_NAME


def test_read_names_what_is_wrong(tmp_path, nyc_like):
    with pytest.raises(FileNotFoundError, match=PATH_VARIABLE):
        read_nyc(tmp_path / "absent.parquet")
    frame = nyc_like(30, 2)
    frame.drop(columns=["res_units"]).to_parquet(tmp_path / "narrow.parquet")
    with pytest.raises(ValueError, match="res_units"):
        read_nyc(tmp_path / "narrow.parquet")
    pd.concat([frame, frame.head(2)]).to_parquet(tmp_path / "twice.parquet")
    with pytest.raises(ValueError, match="repeats 2 building"):
        read_nyc(tmp_path / "twice.parquet")
    frame.to_parquet(tmp_path / "good.parquet")
    assert len(read_nyc(tmp_path / "good.parquet")) == 30
