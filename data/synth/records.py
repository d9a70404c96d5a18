"""The event tables: complaints, repair orders and disputes, numbered in time order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import COMPLAINTS, DISPUTES, REPAIR_ORDERS
from data.synth.ids import as_contract, categories, days_to_dates, nullable_ints, numbered, seconds_to_times, strings
from data.synth.names import complaint_texts
from data.synth.registers import community_ids
from data.synth.state import Batch

TEXT_MISSING = 0.1
"""Share of complaints logged without a text."""


def _in_time_order(batch: Batch, key: str) -> Batch:
    order = np.argsort(batch[key], kind="stable")
    return {k: v[order] for k, v in batch.items()}


def complaints_frame(batch: Batch, unit_ids: pa.Array, n_communities: int) -> pd.DataFrame:
    """Complaints; anonymous ones have no unit; the text is a template of the complaint's category."""
    b = _in_time_order(batch, "created_s")
    texts, first, count = complaint_texts()
    cat, u = b["category"], b["text"]
    text = np.where(u < TEXT_MISSING, -1, first[cat] + np.floor((u - TEXT_MISSING) / (1 - TEXT_MISSING) * count[cat]))
    cols = COMPLAINTS.dtypes()
    frame = pd.DataFrame({
        "complaint_id": strings(numbered("CP", np.arange(1, len(cat) + 1), 8)),
        "community_id": strings(community_ids(n_communities), b["community"]),
        "unit_id": strings(unit_ids, np.where(b["anonymous"], -1, b["unit"])),
        "created_at": seconds_to_times(b["created_s"]),
        "category": categories(cat, cols["category"]),
        "channel": categories(b["channel"], cols["channel"]),
        "text": strings(pa.array(texts, pa.string()), text.astype(np.int64)),
        "resolved_at": seconds_to_times(b["resolved_s"]),
        "satisfaction": nullable_ints(b["satisfaction"], b["satisfaction"] == 0),
    })  # fmt: skip
    return as_contract(frame, COMPLAINTS)


def repairs_frame(batch: Batch, unit_ids: pa.Array, n_communities: int) -> pd.DataFrame:
    """Repair orders; common-area orders have no unit."""
    b = _in_time_order(batch, "reported_s")
    cols = REPAIR_ORDERS.dtypes()
    frame = pd.DataFrame({
        "order_id": strings(numbered("R", np.arange(1, len(b["unit"]) + 1), 8)),
        "community_id": strings(community_ids(n_communities), b["community"]),
        "unit_id": strings(unit_ids, b["unit"]),
        "category": categories(b["category"], cols["category"]),
        "reported_at": seconds_to_times(b["reported_s"]),
        "completed_at": seconds_to_times(b["completed_s"]),
        "cost_cny": b["cost"],
        "funded_by": categories(b["funded_by"], cols["funded_by"]),
    })  # fmt: skip
    return as_contract(frame, REPAIR_ORDERS)


def disputes_frame(batch: Batch, unit_ids: pa.Array, n_communities: int) -> pd.DataFrame:
    """Disputes; collective ones have no unit."""
    b = _in_time_order(batch, "filed_s")
    cols = DISPUTES.dtypes()
    frame = pd.DataFrame({
        "dispute_id": strings(numbered("D", np.arange(1, len(b["unit"]) + 1), 7)),
        "community_id": strings(community_ids(n_communities), b["community"]),
        "unit_id": strings(unit_ids, b["unit"]),
        "filed_at": seconds_to_times(b["filed_s"]),
        "kind": categories(b["kind"], cols["kind"]),
        "venue": categories(b["venue"], cols["venue"]),
        "resolved_at": seconds_to_times(b["resolved_s"]),
        "outcome": categories(b["outcome"], cols["outcome"]),
    })  # fmt: skip
    return as_contract(frame, DISPUTES)


def outreach_frame(batch: Batch, unit_ids: pa.Array) -> pd.DataFrame:
    """The mediator's visits and their hidden outcomes (truth, never a contract table), month by month."""
    return pd.DataFrame({
        "unit_id": strings(unit_ids, batch["unit"]),
        "month": batch["month"],
        "visited_on": days_to_dates(batch["day"]),
        "reached": batch["reached"],
        "settled_arrears": batch["settled"],
        "resolved_complaints": batch["resolved"],
        "calm_logit": batch["calm"],
    })  # fmt: skip
