"""The model's view of its inputs: which feature columns, their families and monotone directions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class FeatureSpec:
    """Ordered model inputs; stored inside the model so scoring uses exactly what training used."""

    names: tuple[str, ...]
    families: tuple[str, ...]
    monotone: tuple[int, ...]

    @classmethod
    def from_catalogue(cls, catalogue: Iterable[object], columns: Iterable[str]) -> FeatureSpec:
        """Keep the catalogue entries (objects with name, family, monotone) present in `columns`, in order."""
        present = set(columns)
        entries = [f for f in catalogue if getattr(f, "name") in present]  # noqa: B009
        return cls(
            names=tuple(getattr(f, "name") for f in entries),  # noqa: B009
            families=tuple(getattr(f, "family") for f in entries),  # noqa: B009
            monotone=tuple(int(getattr(f, "monotone")) for f in entries),  # noqa: B009
        )

    def matrix(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The feature columns in model order as float64; a missing column is a clear error."""
        absent = [n for n in self.names if n not in frame.columns]
        if absent:
            raise KeyError(f"feature columns missing from input: {', '.join(absent)}")
        return frame.loc[:, list(self.names)].astype("float64")

    def family_of(self) -> dict[str, str]:
        return dict(zip(self.names, self.families, strict=True))
