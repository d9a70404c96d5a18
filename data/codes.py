"""The contract's codes: every enum column's allowed values, lower-case and stable (see DATA_CONTRACT.md)."""

from __future__ import annotations

OCCUPANCY = ("owner_occupied", "rented", "vacant")
COMPLAINT_CATEGORIES = (
    "repair", "elevator", "sanitation", "security", "noise",
    "parking", "fee", "service_attitude", "greenery", "other",
)  # fmt: skip
COMPLAINT_CHANNELS = ("app", "hotline", "walk_in", "gov_hotline_12345")
REPAIR_CATEGORIES = (
    "elevator", "water_leak", "plumbing", "electrical", "door_access",
    "roof", "facade", "fire_safety", "other",
)  # fmt: skip
FUNDED_BY = ("firm", "maintenance_fund", "owner")
DISPUTE_KINDS = (
    "fee_arrears", "service_quality", "repair", "maintenance_fund",
    "common_revenue", "parking", "fee_increase", "other",
)  # fmt: skip
DISPUTE_VENUES = ("mediation", "court", "arbitration", "gov_hotline_12345")
DISPUTE_OUTCOMES = (
    "mediated_agreement", "withdrawn", "judgment_for_owner",
    "judgment_for_firm", "dismissed", "other",
)  # fmt: skip
LEDGER_ITEMS = (
    "fee_income", "service_expense", "maintenance_fund_income", "maintenance_fund_spent",
    "maintenance_fund_balance", "common_revenue", "common_revenue_to_owners",
)  # fmt: skip
