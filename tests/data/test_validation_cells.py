"""Oversized cells and NUL bytes: located errors for CSV and Parquet alike, and no crash on a multi-megabyte cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import loading
from data.contract import MAX_FREE_TEXT_LENGTH, MAX_ID_LENGTH, MAX_TEXT_LENGTH, TABLES, Kind
from data.loading import load_dataset
from data.validation import ValidationFailed, validate_tables

HANDMADE = Path(__file__).parent / "handmade"
FIVE_MB = "投诉" * 2_500_000  # 5,000,000 characters, 15 MB of UTF-8


def folder_with(tmp_path: Path, table: str, row: int, column: str, value: str, file_format: str) -> Path:
    """A copy of the handmade dataset with one cell replaced, `table` written as CSV or Parquet."""
    folder = Path(shutil.copytree(HANDMADE, tmp_path / "data"))
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    (folder / f"{table}.csv").unlink()
    if file_format == "csv":
        frame.to_csv(folder / f"{table}.csv", index=False)
    else:
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / f"{table}.parquet")
    return folder


def failure_lines(folder: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as failure:
        load_dataset(folder)
    return failure.value.report.render().splitlines()


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_a_five_megabyte_complaint_is_located(tmp_path: Path, file_format: str) -> None:
    folder = folder_with(tmp_path, "complaints", 2, "text", FIVE_MB, file_format)
    assert failure_lines(folder) == [
        "complaints row 2, column text: 5,000,000 characters, more than the 10,000 allowed [cell_too_large]"
    ]


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_a_nul_byte_is_located(tmp_path: Path, file_format: str) -> None:
    folder = folder_with(tmp_path, "units", 3, "building", "2栋\x00", file_format)
    assert failure_lines(folder) == [
        r"units row 3, column building: '2栋\x00' holds a NUL byte (\x00) at character 3; text cannot hold one "
        "(is the file UTF-16, or binary?) [nul_byte]"
    ]


def test_a_huge_cell_in_a_column_of_another_kind_is_reported_short(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "complaints", 1, "category", "x" * 6_000_000, "csv")
    [line] = failure_lines(folder)
    assert line.startswith("complaints row 1, column category: 'xxxxxxxx")
    assert line.endswith(" is not one of repair, elevator, sanitation, security, noise, parking, fee, "
                         "service_attitude, greenery, other [enum]")  # fmt: skip
    assert len(line) < 400


def test_every_id_and_text_column_has_a_limit() -> None:
    limits = {(t.name, c.name): c.longest for t in TABLES.values() for c in t.columns}
    for (table, column), longest in limits.items():
        kind = TABLES[table].column(column).kind
        expected = {Kind.ID: MAX_ID_LENGTH, Kind.TEXT: MAX_TEXT_LENGTH}.get(kind)
        if (table, column) == ("complaints", "text"):
            expected = MAX_FREE_TEXT_LENGTH
        assert longest == expected, (table, column)


@pytest.fixture
def raw() -> dict[str, pd.DataFrame]:
    return {f.stem: pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(HANDMADE.glob("*.csv"))}


LIMITS = [
    ("complaints", "text", MAX_FREE_TEXT_LENGTH),
    ("units", "building", MAX_TEXT_LENGTH),
    ("complaints", "complaint_id", MAX_ID_LENGTH),
]


@pytest.mark.parametrize(("table", "column", "longest"), LIMITS)
def test_the_limit_itself_is_allowed_and_one_more_is_not(
    raw: dict[str, pd.DataFrame], table: str, column: str, longest: int
) -> None:
    def with_cell(length: int) -> dict[str, pd.DataFrame]:
        frame = raw[table].copy()
        frame.loc[0, column] = "字" * length
        return {**raw, table: frame}

    assert validate_tables(with_cell(longest))[table][column].str.len().max() == longest
    with pytest.raises(ValidationFailed) as failure:
        validate_tables(with_cell(longest + 1))
    assert failure.value.report.render() == (
        f"{table} row 1, column {column}: {longest + 1:,} characters, more than the {longest:,} allowed "
        "[cell_too_large]"
    )


def test_a_row_longer_than_the_reader_takes_whole_is_located_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "MAX_ROW_BYTES", 2**20)  # stands for 64 MiB, which would make a slow test
    folder = folder_with(tmp_path, "complaints", 3, "text", "长" * 2**20, "csv")  # 3 MiB of UTF-8
    assert failure_lines(folder) == [
        "complaints row 3: a cell of this row is far longer than any column allows, or a quote opened in it is never "
        "closed (rows over 1 MiB are not read, so the column is not named) [cell_too_large]"
    ]


def test_reports_about_huge_ids_stay_short(raw: dict[str, pd.DataFrame]) -> None:
    complaints = raw["complaints"].copy()
    complaints.loc[[0, 1], "complaint_id"] = "K" * 200_000
    with pytest.raises(ValidationFailed) as failure:
        validate_tables({**raw, "complaints": complaints})
    rules = [(p.row, p.rule) for p in failure.value.report.problems]
    assert rules == [(1, "cell_too_large"), (2, "cell_too_large"), (2, "unique")]
    assert len(failure.value.report.render()) < 1_000


def test_an_unclosed_quote_in_a_long_file_is_located_by_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "MAX_ROW_BYTES", 2**20)
    folder = Path(shutil.copytree(HANDMADE, tmp_path / "data"))
    lines = (folder / "complaints.csv").read_text(encoding="utf-8").splitlines()[:2]
    lines.append('K0002,C001,,2024-01-08T14:30:00,sanitation,hotline,"垃圾清运不及时,,')  # the quote never closes
    lines += [f"K{n:06d},C001,,2024-01-08T14:30:00,noise,app,楼上装修噪音晚上十点后仍在施工,," for n in range(30_000)]
    (folder / "complaints.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (folder / "complaints.csv").stat().st_size > 2**20
    [line] = failure_lines(folder)
    assert line.startswith("complaints row 2: a cell of this row is far longer than any column allows, or a quote ")


def test_a_text_column_of_nothing_but_nulls_passes(raw: dict[str, pd.DataFrame]) -> None:
    complaints = raw["complaints"].assign(text=pd.Series([None] * 4, dtype="string[pyarrow]"))
    assert validate_tables({**raw, "complaints": complaints})["complaints"]["text"].isna().all()


def test_a_broken_row_with_a_huge_cell_is_quoted_short(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(HANDMADE, tmp_path / "data"))
    with (folder / "firms.csv").open("a", encoding="utf-8") as firms:
        firms.write(f"F09,{'x' * 3_000_000},one cell too many\n")
    [line] = failure_lines(folder)
    assert line.startswith("firms: firms.csv could not be read: CSV parse error: ")
    assert "Expected 2 columns, got 3: F09,xxx" in line
    assert line.endswith("… [unreadable_file]")
    assert len(line) < 300
