"""The logged input example is made of per-feature percentiles, never of one household's row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from models.pyfunc import input_example


def test_the_example_holds_no_row_of_the_data():
    rng = np.random.default_rng(3)
    X = pd.DataFrame(rng.normal(size=(101, 4)), columns=["a", "b", "c", "d"]).assign(e=np.nan)
    example = input_example(X, ("a", "b", "c", "e"))
    assert list(example.columns) == ["a", "b", "c", "e"]
    assert len(example) == 3
    rows = {tuple(r) for r in X.loc[:, ["a", "b", "c"]].itertuples(index=False)}
    assert not any(tuple(r) in rows for r in example.loc[:, ["a", "b", "c"]].itertuples(index=False))
    assert example["a"].tolist() == X["a"].quantile([0.1, 0.5, 0.9]).tolist()
    assert example["e"].isna().all()
