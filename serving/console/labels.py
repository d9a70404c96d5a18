"""Message ids of the codes the console shows: outreach statuses, roles, sorts, verdicts, contract tables and rules.

Marked with `N_` so `pybabel extract` collects them; pages translate them at render time. Bands and complaint and
repair categories come from the public pages' labels (serving.transparency.labels), so both say the same.
"""

from __future__ import annotations

from serving.transparency.labels import BANDS, COMPLAINT_CATEGORIES, N_, REPAIR_CATEGORIES

__all__ = [
    "BANDS",
    "COMPLAINT_CATEGORIES",
    "REPAIR_CATEGORIES",
    "ROLES",
    "RULES",
    "SORTS",
    "STATUSES",
    "TABLES",
    "VERDICTS",
]

STATUSES: dict[str, str] = {
    "none": N_("Not reached yet"),
    "contacted": N_("Contacted"),
    "mediating": N_("Mediating"),
    "resolved": N_("Resolved"),
    "declined": N_("Declined"),
}

ROLES: dict[str, str] = {
    "mediator": N_("Mediator"),
    "firm": N_("Property firm"),
    "admin": N_("Administrator"),
}

SORTS: dict[str, str] = {
    "probability": N_("Probability"),
    "change": N_("Change since the last run"),
    "community": N_("Community"),
    "unit": N_("Unit"),
}

VERDICTS: dict[str, str] = {  # `disputes monitor`'s verdicts (monitoring.verdict.Verdict)
    "ok": N_("No action needed"),
    "warn": N_("Warning: look at the drift"),
    "retrain": N_("Retrain the model"),
}

TABLES: dict[str, str] = {
    "firms": N_("Firms"),
    "communities": N_("Communities"),
    "units": N_("Units"),
    "fee_bills": N_("Fee bills"),
    "complaints": N_("Complaints"),
    "repair_orders": N_("Repair orders"),
    "disputes": N_("Disputes"),
    "ledger": N_("Accounts (ledger)"),
}

# The data contract's rule codes (DATA_CONTRACT.md), named for the upload report; the code itself stays shown.
RULES: dict[str, str] = {
    "type": N_("wrong kind of value"),
    "enum": N_("unknown code"),
    "required": N_("value required"),
    "range": N_("out of range"),
    "unique": N_("repeated key"),
    "unique_in_store": N_("key already stored"),
    "foreign_key": N_("unknown reference"),
    "not_before": N_("dates in the wrong order"),
    "empty_together": N_("set or empty together"),
    "only_when_set": N_("set only with another column"),
    "unit_in_community": N_("unit of another community"),
    "not_future": N_("dated in the future"),
    "cell_too_large": N_("cell too long"),
    "nul_byte": N_("NUL byte"),
    "duplicate_column": N_("repeated column"),
    "missing_column": N_("missing column"),
    "unreadable_file": N_("unreadable file"),
    "store_conflict": N_("refused by the store"),
}
