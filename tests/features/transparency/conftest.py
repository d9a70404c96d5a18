"""The hand-made district that the transparency figures are checked against, computed by hand."""

from __future__ import annotations

import pytest

from data.dataset import Dataset

from .hand_district import hand_dataset


@pytest.fixture(scope="session")
def hand() -> Dataset:
    return hand_dataset()
