"""Key checks agree with pandas on every input, sorted (the fast path) or not, and name each key's first row."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.checks import check_keys, strictly_increasing
from data.contract import Column, Kind, Table
from data.problems import ProblemLog

PAIRS = Table(
    name="pairs",
    primary_key=("a",),
    unique=(("b", "c"),),
    columns=(Column("a", Kind.ID), Column("b", Kind.ID), Column("c", Kind.PERIOD)),
)
KEYS = st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from(["1", "2", "10"])), max_size=12)


def expected_repeats(frame: pd.DataFrame, key: list[str]) -> dict[int, int]:
    """Row (1-based) of every repeat of a key -> row of that key's first appearance, as pandas sees it."""
    firsts = frame.reset_index(drop=True).groupby(key, sort=False).ngroup()
    first_row = {group: row for row, group in reversed(list(enumerate(firsts)))}
    return {row + 1: first_row[group] + 1 for row, group in enumerate(firsts) if first_row[group] != row}


@settings(deadline=None)  # timing varies on a shared machine
@given(KEYS, st.booleans(), st.booleans())
def test_repeats_match_pandas(pairs: list[tuple[str, str]], sort: bool, by_second: bool) -> None:
    frame = pd.DataFrame(pairs, columns=["b", "c"], dtype="string[pyarrow]")
    if sort:
        frame = frame.sort_values(["c", "b"] if by_second else ["b", "c"], ignore_index=True)
    frame.insert(0, "a", pd.Series([f"A{i % 5}" for i in range(len(frame))], dtype="string[pyarrow]"))
    log = ProblemLog(limit=1000)
    check_keys(PAIRS, frame, log)
    found = {(p.column, p.row): int(p.message.rsplit(" ", 1)[1]) for p in log.report().problems}
    wanted = {("a", row): first for row, first in expected_repeats(frame, ["a"]).items()}
    wanted |= {("b, c", row): first for row, first in expected_repeats(frame, ["b", "c"]).items()}
    assert found == wanted
    assert log.total == len(wanted)


def test_sorted_keys_under_any_column_priority_take_the_fast_path() -> None:
    by_period = pd.DataFrame({"b": ["u1", "u2", "u1", "u2"], "c": ["2024-01", "2024-01", "2024-02", "2024-02"]})
    frame = by_period.astype("string[pyarrow]")
    assert strictly_increasing(frame, ("b", "c"))
    assert not strictly_increasing(frame, ("b",))
    assert not strictly_increasing(frame.iloc[[0, 1, 1]], ("b", "c"))
    with_gap = frame.assign(b=pd.Series(["u1", None, "u2", "u3"], dtype="string[pyarrow]"))
    assert not strictly_increasing(with_gap, ("b",))
