"""Recording outreach to a unit: kept as history, and audited with who recorded it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert

from serving.action_schemas import OutreachIn, OutreachOut
from serving.audit import AuditLog
from serving.auth import Principal
from serving.db import now_local, outreach


def record_outreach(
    session: Connection, log: AuditLog, principal: Principal, unit: Mapping[Any, Any], request: OutreachIn
) -> OutreachOut:
    """Insert the outreach and its audit row, and commit both together."""
    row = {
        "unit_id": unit["unit_id"], "community_id": unit["community_id"], "status": request.status.value,
        "note": request.note, "occurred_at": request.at or now_local(), "recorded_at": now_local(),
        "key_id": principal.key_id, "key_name": principal.name,
    }  # fmt: skip
    outreach_id = int(session.execute(insert(outreach).values(**row).returning(outreach.c.outreach_id)).scalar_one())
    details = {"outreach_id": outreach_id, "status": row["status"], "occurred_at": row["occurred_at"]}
    log.record(session, principal, "outreach.record", f"unit:{unit['unit_id']}", details)
    return OutreachOut(
        outreach_id=outreach_id, unit_id=row["unit_id"], status=request.status, note=row["note"],
        occurred_at=row["occurred_at"], recorded_at=row["recorded_at"], recorded_by=principal.name,
    )  # fmt: skip
