"""Community levers for the console, through the API's own functions, kept per (run, model, community).

A community's levers depend only on the feature rows a scoring run stored and on the serving model, and runs are
never changed once written; so the answer for one (latest run, model version, community) stays true until the next
run or reload, and keeping it spares re-scoring every unit each time a firm opens its list of communities.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Connection

from scoring.levers import CommunityLever, community_levers
from serving.champion import LoadedModel
from serving.lever_reads import FeaturesUnavailableError, community_rows
from serving.risk_reads import latest_run
from serving.transparency.labels import N_

MAX_ENTRIES = 5_000
NO_MODEL = N_("No model is being served, so levers cannot be computed.")
STALE_FEATURES = N_("The latest scoring run lacks features the serving model reads: run `disputes score` again.")
NOT_SCORED = N_("This has not been scored yet.")


@dataclass(frozen=True)
class CommunityLevers:
    """Expected disputes now and every lever that applies, largest drop first; `problem` when none can be computed."""

    expected_disputes: float | None
    levers: tuple[CommunityLever, ...]
    problem: str | None = None


class LeverCache:
    """(run id, model version, community id) → its levers; cleared whole when it grows past MAX_ENTRIES."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str, str], CommunityLevers] = {}
        self._lock = threading.Lock()

    def get(self, session: Connection, model: LoadedModel | None, community_id: str) -> CommunityLevers:
        """The community's levers under the serving model (a reason instead when they cannot be computed)."""
        run = latest_run(session)
        if model is None:
            return CommunityLevers(None, (), NO_MODEL)
        if run is None:
            return CommunityLevers(None, (), NOT_SCORED)
        key = (int(run["run_id"]), model.version, community_id)
        with self._lock:
            found = self._entries.get(key)
        if found is None:
            found = _compute(session, model, community_id)
            with self._lock:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
                self._entries[key] = found
        return found


def _compute(session: Connection, model: LoadedModel, community_id: str) -> CommunityLevers:
    try:
        stored = community_rows(session, community_id, model.pyfunc.feature_names)
    except FeaturesUnavailableError:
        return CommunityLevers(None, (), STALE_FEATURES)
    if stored is None:
        return CommunityLevers(None, (), NOT_SCORED)
    expected, levers = community_levers(model.pyfunc, stored.matrix)
    return CommunityLevers(expected, tuple(levers))
