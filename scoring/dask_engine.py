"""Batch scoring on a Dask cluster: features per community partition with the broadcast context, the pyfunc
(scattered once to every worker) scoring each partition with its reasons and best levers.

Each partition's run is exactly scoring.batch.score_features on its rows, so the combined run equals the
in-process one row for row (tests/dask/test_scoring.py holds it to that). `stream_runs` hands the partitions'
runs to the client one at a time as they finish, and each is released from its worker once handed over: a city's
scores are never held in one place (gathering them at once took both 8 GB workers past their limit).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from features.distributed import Partitions, unit_feature_parts
from models.pyfunc import DisputeRiskPyfunc
from scoring.batch import BatchScores, score_features
from scoring.levers import TopLevers


def _score_part(
    features: pd.DataFrame, pyfunc: DisputeRiskPyfunc, as_of: pd.Timestamp, with_levers: bool
) -> BatchScores:
    return score_features(pyfunc, features, as_of, with_levers)


def score_parts(parts: Partitions, pyfunc: DisputeRiskPyfunc, as_of: pd.Timestamp, with_levers: bool = True) -> list:
    """Per partition (futures on the workers), the partition's BatchScores."""
    features = unit_feature_parts(parts, as_of, pyfunc.feature_config)
    model = parts.client.scatter(pyfunc, broadcast=True, hash=False)
    return parts.client.map(
        _score_part, features, pyfunc=model, as_of=pd.Timestamp(as_of), with_levers=with_levers, pure=False
    )  # fmt: skip


def stream_runs(
    parts: Partitions, pyfunc: DisputeRiskPyfunc, as_of: pd.Timestamp, with_levers: bool = True
) -> Iterator[BatchScores]:
    """Each partition's BatchScores as soon as it is done (in completion order), then forgotten by the cluster."""
    from distributed import as_completed

    for future in as_completed(score_parts(parts, pyfunc, as_of, with_levers)):
        run = future.result()
        future.release()
        yield run


def _levers(runs: list[BatchScores]) -> TopLevers | None:
    if any(run.levers is None for run in runs):
        return None
    fields = ("lever", "probability_after", "label_zh", "label_en")
    return TopLevers(*(np.concatenate([getattr(run.levers, f) for run in runs]) for f in fields))


def combine_runs(runs: list[BatchScores], as_of: pd.Timestamp, names: tuple[str, ...]) -> BatchScores:
    """Partition runs as one run: rows in partition order, rollups by community id as in process."""
    scores = pd.concat([run.scores for run in runs], ignore_index=True)
    rollups = pd.concat([run.rollups for run in runs]).sort_values("community_id", kind="stable")
    matrices = [run.matrix for run in runs if run.matrix is not None]
    matrix = np.vstack(matrices) if len(matrices) == len(runs) else None
    return BatchScores(as_of, scores, rollups.reset_index(drop=True), matrix, names, _levers(runs))


def dask_batch_score(
    parts: Partitions, pyfunc: DisputeRiskPyfunc, as_of: pd.Timestamp, with_levers: bool = True
) -> BatchScores:
    """The whole run gathered to the client, ready for scoring.pipeline.store_scores."""
    runs = parts.client.gather(score_parts(parts, pyfunc, as_of, with_levers))
    return combine_runs(list(runs), pd.Timestamp(as_of), pyfunc.feature_names)
