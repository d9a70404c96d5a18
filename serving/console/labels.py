"""Message ids of the codes the console shows: outreach statuses, roles, sort keys and contract tables.

Marked with `N_` so `pybabel extract` collects them; pages translate them at render time. Bands and complaint and
repair categories come from the public pages' labels (serving.transparency.labels), so both say the same.
"""

from __future__ import annotations

from serving.transparency.labels import BANDS, COMPLAINT_CATEGORIES, N_, REPAIR_CATEGORIES

__all__ = ["BANDS", "COMPLAINT_CATEGORIES", "REPAIR_CATEGORIES", "ROLES", "SORTS", "STATUSES", "TABLES"]

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
