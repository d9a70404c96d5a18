"""Disputes filed within the window, by kind and venue, and how many of those resolved were settled by mediation.

Every dispute of the community counts, collective ones (no unit) included. The mediation share rests on the
disputes resolved within the window: those whose outcome is a mediated agreement, of all resolved.
"""

from __future__ import annotations

import pandas as pd

from data.contract import DISPUTE_KINDS, DISPUTE_VENUES
from data.dataset import Dataset
from features.transparency.rows import (
    Window,
    breakdown_rows,
    count_by_community,
    crosstab_by_community,
    per_hundred,
    scalar_rows,
    share_rows,
)


def dispute_rows(cut: Dataset, window: Window, ids: pd.Index, units: pd.Series) -> list[pd.DataFrame]:
    """Counts (total, per 100 units, by kind, by venue) and the share settled through mediation."""
    disputes = cut["disputes"]
    filed = window.holds(disputes["filed_at"])
    total = count_by_community(disputes, filed, ids)
    resolved = window.holds(disputes["resolved_at"])
    mediated = resolved & (disputes["outcome"] == "mediated_agreement").fillna(False).to_numpy(bool)
    settled, closed = count_by_community(disputes, mediated, ids), count_by_community(disputes, resolved, ids)
    return [
        scalar_rows("disputes", "count", total),
        scalar_rows("disputes_per100", "per100", per_hundred(total, units), total),
        share_rows("mediation_share", settled, closed),
        breakdown_rows("disputes_by_kind", "count", crosstab_by_community(disputes, filed, "kind", DISPUTE_KINDS, ids)),
        breakdown_rows(
            "disputes_by_venue", "count", crosstab_by_community(disputes, filed, "venue", DISPUTE_VENUES, ids)
        ),
    ]
