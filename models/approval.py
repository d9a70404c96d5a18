"""What makes a registered version servable: the hash of its artifact at approval, and a smoke test on load.

The registry (models/registry.py) writes the approval tag when `promote` approves a version and checks it, with
these functions, before a version is served.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from models.pyfunc import DisputeRiskPyfunc

APPROVAL_TAG = "dispute_radar.gate_approval"  # JSON: {"sha256", "forced", "approved_at"}
SMOKE_ROWS = 5
SMOKE_TOLERANCE = 1e-6  # the reference's logged probabilities against the loaded model's


MLFLOW_BOOKKEEPING = frozenset({"registered_model_meta"})
"""Top-level files MLflow itself writes into a model's folder after it is logged: loading or serving a registered
version (`mlflow models serve -m models:/…`) records its name and version there. They hold no code and nothing the
model reads, so they are left out of the hash; otherwise any MLflow tool run on the champion would unapprove it."""


def artifact_sha256(folder: Path, skip: frozenset[str] = MLFLOW_BOOKKEEPING) -> str:
    """SHA-256 over every file of a model's artifact folder (relative path, size and bytes, in path order), but the
    top-level files named in `skip`.

    The whole folder, not only python_model.pkl: MLmodel names the loader and the pickle, so it matters as much.
    `skip=frozenset()` gives the hash approvals recorded before MLFLOW_BOOKKEEPING was left out.
    """
    digest = hashlib.sha256()
    files = (p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() not in skip)
    for path in sorted(files):
        digest.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0".encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def smoke_test_problem(pyfunc: DisputeRiskPyfunc, reference: pd.DataFrame) -> str | None:
    """Why the model fails on a few rows of its own reference sample, or None when it passes.

    Each probability must be a number in [0, 1] and, where the sample logged one, the same as at training.
    """
    rows = reference.head(SMOKE_ROWS)
    missing = [name for name in pyfunc.feature_names if name not in rows]
    if rows.empty or missing:
        return f"its reference sample has no rows to score (missing features: {missing[:5]})"
    scored = pyfunc.score(rows.loc[:, list(pyfunc.feature_names)])["probability"].tolist()
    if len(scored) != len(rows) or not all(math.isfinite(p) and 0 <= p <= 1 for p in scored):
        return f"it scored its reference rows as {scored}, not probabilities"
    if "probability" in rows:
        logged = rows["probability"].tolist()
        worst = max(abs(a - b) for a, b in zip(scored, logged, strict=True))
        if worst > SMOKE_TOLERANCE:
            return f"it scores its reference rows up to {worst:.3g} away from the probabilities logged at training"
    return None
