"""Message ids for the codes a page shows (indicators, categories, kinds, venues, bands, verdicts, tables).

Each text is marked with `N_` so `pybabel extract` (see serving/locales/babel.cfg) collects it into the message
catalogue; pages translate it at render time. Codes without an entry are a bug: tests check every contract code.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for marking
    """Mark a message id for extraction; the translation happens where it is shown."""
    return message


INDICATORS: dict[str, str] = {
    "fee_rate": N_("Published service fee (CNY per m² per month)"),
    "collection_rate": N_("Fee collection rate, 12 months"),
    "fee_income": N_("Service fee income"),
    "service_expense": N_("Service expenses"),
    "fund_income": N_("Maintenance fund: income"),
    "fund_spent": N_("Maintenance fund: spending"),
    "fund_balance": N_("Maintenance fund: balance"),
    "common_revenue": N_("Income from common areas"),
    "common_revenue_to_owners": N_("Common-area income passed to owners"),
    "owners_revenue_share": N_("Share of common-area income passed to owners"),
    "ledger_months": N_("Months with disclosed accounts"),
    "complaints": N_("Complaints"),
    "complaints_per100": N_("Complaints per 100 units"),
    "complaint_resolved_share": N_("Complaints resolved"),
    "complaint_resolution_days": N_("Median days to resolve a complaint"),
    "complaint_satisfaction": N_("Satisfaction with complaint handling (1–5)"),
    "repairs": N_("Repair orders"),
    "repair_response_days": N_("Median days to respond to a repair"),
    "repair_completion_days": N_("Median days to complete a repair"),
    "repair_within_service_level": N_("Repairs done within the service level"),
    "elevator_outages": N_("Elevator outages"),
    "elevator_outages_per100": N_("Elevator outages per 100 units"),
    "disputes": N_("Disputes filed"),
    "disputes_per100": N_("Disputes per 100 units"),
    "mediation_share": N_("Disputes settled through mediation"),
}

COMPLAINT_CATEGORIES: dict[str, str] = {
    "repair": N_("Repairs"),
    "elevator": N_("Elevators"),
    "sanitation": N_("Sanitation"),
    "security": N_("Security"),
    "noise": N_("Noise"),
    "parking": N_("Parking"),
    "fee": N_("Fees"),
    "service_attitude": N_("Staff attitude"),
    "greenery": N_("Greenery"),
    "other": N_("Other"),
}

REPAIR_CATEGORIES: dict[str, str] = {
    "elevator": N_("Elevator"),
    "water_leak": N_("Water leak"),
    "plumbing": N_("Plumbing"),
    "electrical": N_("Electrical"),
    "door_access": N_("Door access"),
    "roof": N_("Roof"),
    "facade": N_("Facade"),
    "fire_safety": N_("Fire safety"),
    "other": N_("Other"),
}

DISPUTE_KINDS: dict[str, str] = {
    "fee_arrears": N_("Unpaid fees"),
    "service_quality": N_("Service quality"),
    "repair": N_("Repairs"),
    "maintenance_fund": N_("Maintenance fund"),
    "common_revenue": N_("Common-area income"),
    "parking": N_("Parking"),
    "fee_increase": N_("Fee increase"),
    "other": N_("Other"),
}

DISPUTE_VENUES: dict[str, str] = {
    "mediation": N_("People's mediation"),
    "court": N_("Court"),
    "arbitration": N_("Arbitration"),
    "gov_hotline_12345": N_("12345 government hotline"),
}

BANDS: dict[str, str] = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "critical": N_("Critical"),
}

VERDICTS: dict[str, str] = {
    "better": N_("Better"),
    "about_the_same": N_("About the same"),
    "worse": N_("Worse"),
}

TABLES: dict[str, str] = {
    "fee_bills": N_("fee bills"),
    "complaints": N_("complaints"),
    "repair_orders": N_("repair orders"),
    "disputes": N_("disputes"),
    "ledger": N_("accounts (ledger)"),
}

SECTIONS: dict[str, str] = {
    "identity": N_("Identity and fees"),
    "fees": N_("Fee collection"),
    "accounts": N_("Accounts"),
    "complaints": N_("Complaints"),
    "repairs": N_("Repairs"),
    "disputes": N_("Disputes"),
    "risk": N_("Dispute risk"),
    "comparison": N_("Compared with the district"),
}

# Chart titles and the short labels of the accounts chart.
CHARTS: dict[str, str] = {
    "collection": N_("Fee collection rate by month"),
    "accounts": N_("Income and spending, 12 months"),
    "complaints": N_("Complaints by category"),
    "disputes_by_kind": N_("Disputes by kind"),
    "disputes_by_venue": N_("Disputes by venue"),
}
ACCOUNT_BARS: dict[str, str] = {
    "fee_income": N_("Fee income"),
    "service_expense": N_("Service expenses"),
    "fund_income": N_("Fund income"),
    "fund_spent": N_("Fund spending"),
    "common_revenue": N_("Common-area income"),
    "common_revenue_to_owners": N_("Passed to owners"),
}
