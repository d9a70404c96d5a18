"""The fee_bills table: one bill per unit per month, unit by unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.contract import FEE_BILLS
from data.synth.calendar import DUE_DAY, Calendar
from data.synth.ids import as_contract, days_to_dates, numbered, strings


def bills_frame(unit_ids: pa.Array, due_cny: np.ndarray, paid_day: np.ndarray, cal: Calendar) -> pd.DataFrame:
    """Bills from (months, units) matrices; a payment on or after the data end shows as unpaid."""
    months, n = due_cny.shape
    unit = np.repeat(np.arange(n), months)
    month = np.tile(np.arange(months), n)
    paid = paid_day.T.ravel().astype(np.int64)
    paid = np.where(paid >= cal.end, -1, paid)
    due = due_cny.T.ravel()
    frame = pd.DataFrame({
        "bill_id": strings(numbered("B", np.arange(1, n * months + 1), 9)),
        "unit_id": strings(unit_ids, unit),
        "period": strings(pa.array(cal.periods(), pa.string()), month),
        "amount_due_cny": due,
        "due_date": days_to_dates(cal.starts[:-1][month] + DUE_DAY - 1),
        "paid_at": days_to_dates(paid),
        "amount_paid_cny": np.where(paid >= 0, due, np.nan),
    })  # fmt: skip
    return as_contract(frame, FEE_BILLS)
