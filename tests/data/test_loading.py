"""Loading dataset folders: CSV and Parquet alike, file-level problems, and the handmade dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from data.contract import TABLES
from data.loading import load_dataset, read_raw_tables
from data.validation import ValidationFailed

HANDMADE = Path(__file__).parent / "handmade"


@pytest.fixture
def handmade_copy(tmp_path: Path) -> Path:
    """A scratch copy of the handmade CSV dataset."""
    return Path(shutil.copytree(HANDMADE, tmp_path / "handmade"))


def rendered_failure(path: Path) -> str:
    with pytest.raises(ValidationFailed) as failure:
        load_dataset(path)
    return failure.value.report.render()


def assert_same_dataset(left: Path, right: Path) -> None:
    first, second = load_dataset(left), load_dataset(right)
    assert first.missing == second.missing
    for name in TABLES:
        pd.testing.assert_frame_equal(first[name], second[name], check_exact=True)


def test_handmade_csv_loads_typed(handmade_copy: Path) -> None:
    dataset = load_dataset(handmade_copy)
    assert dataset.missing == frozenset()
    assert dataset.notes == ()
    for name, table in TABLES.items():
        assert dict(dataset[name].dtypes) == table.dtypes(), name
    complaints = dataset["complaints"]
    assert complaints["text"].tolist()[:3] == [
        "2栋电梯停运两天,老人上下楼困难",
        "小区垃圾清运不及时",
        "楼上装修噪音\n晚上十点后仍在施工",
    ]
    assert complaints["unit_id"].isna().tolist() == [False, True, False, False]
    assert dataset["communities"]["has_owners_committee"].tolist() == [True, False, True]
    assert dataset["fee_bills"]["paid_at"].isna().sum() == 2


def test_csv_is_read_as_text_with_empty_cells_as_empty_strings(handmade_copy: Path) -> None:
    raw = read_raw_tables(handmade_copy)
    assert set(raw) == set(TABLES)
    bills = raw["fee_bills"]
    assert bills.loc[1, "paid_at"] == ""
    assert bills.loc[0, "amount_due_cny"] == "187.95"


def test_parquet_of_typed_frames_loads_identically(handmade_copy: Path, tmp_path: Path) -> None:
    parquet_dir = tmp_path / "parquet"
    parquet_dir.mkdir()
    for name, frame in load_dataset(handmade_copy).tables.items():
        frame.to_parquet(parquet_dir / f"{name}.parquet", index=False)
    assert_same_dataset(handmade_copy, parquet_dir)


def test_parquet_of_text_frames_and_mixed_formats_load_identically(handmade_copy: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    shutil.copytree(handmade_copy, mixed)
    for name, frame in read_raw_tables(handmade_copy).items():
        if name in ("units", "complaints", "ledger"):
            frame.to_parquet(mixed / f"{name}.parquet", index=False)
            (mixed / f"{name}.csv").unlink()
    assert_same_dataset(handmade_copy, mixed)


def test_both_formats_for_one_table_is_ambiguous(handmade_copy: Path) -> None:
    pd.read_csv(handmade_copy / "units.csv", dtype=str).to_parquet(handmade_copy / "units.parquet")
    expected = "units: both units.csv and units.parquet are present; keep only one [ambiguous_file]"
    assert rendered_failure(handmade_copy) == expected


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    assert rendered_failure(tmp_path / "nope") == f"dataset folder {tmp_path / 'nope'} does not exist [missing_folder]"
    (tmp_path / "file").write_text("x")
    assert rendered_failure(tmp_path / "file") == f"dataset folder {tmp_path / 'file'} is not a folder [missing_folder]"


def test_missing_tables(handmade_copy: Path) -> None:
    for name in ("complaints", "ledger"):
        (handmade_copy / f"{name}.csv").unlink()
    assert load_dataset(handmade_copy).missing == {"complaints", "ledger"}
    (handmade_copy / "units.csv").unlink()
    assert rendered_failure(handmade_copy) == "units: required table is missing [required_table]"


def test_header_only_csv_is_a_supplied_empty_table(handmade_copy: Path) -> None:
    (handmade_copy / "disputes.csv").write_text(
        "dispute_id,community_id,unit_id,filed_at,kind,venue,resolved_at,outcome\n", encoding="utf-8"
    )
    dataset = load_dataset(handmade_copy)
    assert dataset.has("disputes")
    assert dataset.row_counts()["disputes"] == 0


def test_byte_order_mark_and_other_files_are_harmless(handmade_copy: Path) -> None:
    firms = (handmade_copy / "firms.csv").read_bytes()
    (handmade_copy / "firms.csv").write_bytes(b"\xef\xbb\xbf" + firms)
    (handmade_copy / "README.txt").write_text("导出说明", encoding="utf-8")
    (handmade_copy / "truth").mkdir()
    assert load_dataset(handmade_copy)["firms"]["firm_id"].tolist() == ["F01", "F02"]


def test_unreadable_files_are_reported_per_table(handmade_copy: Path) -> None:
    (handmade_copy / "firms.csv").write_bytes("firm_id,name\nF01,鹏城物业\n".encode("gbk"))
    (handmade_copy / "ledger.csv").write_text("", encoding="utf-8")
    (handmade_copy / "disputes.csv").unlink()
    (handmade_copy / "disputes.parquet").write_bytes(b"not parquet")
    lines = rendered_failure(handmade_copy).splitlines()
    assert [line.split(":")[0] for line in lines] == ["firms", "disputes", "ledger"]
    assert all(line.endswith("[unreadable_file]") for line in lines)
    assert lines[0] == (
        "firms: firms.csv is not UTF-8 text (invalid continuation byte at byte 17); save it as UTF-8 [unreadable_file]"
    )
    assert lines[2] == "ledger: ledger.csv could not be read: Empty CSV file [unreadable_file]"


def test_a_ragged_csv_row_is_unreadable(handmade_copy: Path) -> None:
    with (handmade_copy / "firms.csv").open("a", encoding="utf-8") as stream:
        stream.write("F03,多出来的,一列\n")
    assert rendered_failure(handmade_copy).startswith("firms: firms.csv could not be read: ")
