"""The example page shown in the OpenAPI schema: the hand-made test community A, shortened, as it is published
(values rounded as shown; figures that would give a count under 5 away suppressed)."""

from __future__ import annotations

from pydantic.json_schema import JsonDict

from features.config import DEFAULT_SERVICE_LEVEL_DAYS


def _f(value: float | None, status: str, shown: str, kind: str) -> JsonDict:
    return {"value": value, "status": status, "shown": shown, "kind": kind}


def _k(key: str, figure: JsonDict) -> JsonDict:
    return {"key": key, "figure": figure}


PAGE_EXAMPLE: JsonDict = {
    "community_id": "C0007",
    "as_of": "2024-07-01",
    "window_months": ["2023-07", "2024-06"],
    "model_version": "12",
    "computed_at": "2024-07-01T06:00:00+08:00",
    "missing_tables": [],
    "identity": {
        "community_id": "C0007",
        "name": "翠竹花园",
        "district": "罗湖区",
        "subdistrict": "翠竹街道",
        "firm_id": "F1",
        "firm_name": "甲物业",
        "built_year": 2000,
        "has_owners_committee": True,
        "fee_rate": _f(2.5, "ok", "2.50", "price"),
    },
    "fees": {
        "collection_rate": _f(0.725, "ok", "72.5%", "share"),
        "collection_by_month": [
            _k("2024-05", _f(None, "suppressed", "—", "share")),  # 3 of 10 bills unpaid
            _k("2024-06", _f(None, "suppressed", "—", "share")),
        ],
    },
    "accounts": {
        "fee_income": _f(12000.0, "ok", "¥12,000", "money"),
        "service_expense": _f(10800.0, "ok", "¥10,800", "money"),
        "fund_income": _f(1200.0, "ok", "¥1,200", "money"),
        "fund_spent": _f(500.0, "ok", "¥500", "money"),
        "fund_balance": _f(6200.0, "ok", "¥6,200", "money"),
        "common_revenue": _f(2400.0, "ok", "¥2,400", "money"),
        "common_revenue_to_owners": _f(600.0, "ok", "¥600", "money"),
        "owners_revenue_share": _f(0.25, "ok", "25.0%", "share"),
        "ledger_months": _f(12.0, "ok", "12", "months"),
    },
    "complaints": {
        "complaints": _f(11.0, "ok", "11", "count"),
        "complaints_per100": _f(110.0, "ok", "110.0", "per100"),
        "complaint_resolved_share": _f(None, "suppressed", "—", "share"),  # 2 of 11 unresolved
        "complaint_resolution_days": _f(3.0, "ok", "3.0", "days"),
        "complaint_satisfaction": _f(3.7, "ok", "3.7", "score"),
        "complaints_by_category": [
            _k("repair", _f(6.0, "ok", "6", "count")),
            _k("elevator", _f(None, "suppressed", "<5", "count")),
            _k("sanitation", _f(None, "suppressed", "<5", "count")),
        ],
    },
    "repairs": {
        "repairs": _f(9.0, "ok", "9", "count"),
        "repair_response_days": _f(None, "unavailable", "—", "days"),
        "repair_completion_days": _f(1.0, "ok", "1.0", "days"),
        "repair_within_service_level": _f(None, "suppressed", "—", "share"),  # 3 of 8 late
        "elevator_outages": _f(None, "suppressed", "—", "count"),  # 9 repairs: 5 would leave 4 others
        "elevator_outages_per100": _f(None, "suppressed", "—", "per100"),
        "service_level_days": dict(DEFAULT_SERVICE_LEVEL_DAYS),
    },
    "disputes": {
        "disputes": _f(8.0, "ok", "8", "count"),
        "disputes_per100": _f(80.0, "ok", "80.0", "per100"),
        "mediation_share": _f(None, "suppressed", "—", "share"),  # 4 of 6 mediated, 2 not
        "disputes_by_kind": [
            _k("fee_arrears", _f(None, "suppressed", "—", "count")),  # 6, hidden with the 2 of another kind
            _k("repair", _f(None, "suppressed", "<5", "count")),
        ],
        "disputes_by_venue": [
            _k("mediation", _f(None, "suppressed", "—", "count")),
            _k("court", _f(None, "suppressed", "<5", "count")),
        ],
    },
    "risk": {
        "band": "critical",
        "expected_per100": 10.0,
        "horizon_days": 90,
        "drivers": [
            {
                "family": "arrears",
                "zh": "物业费缴纳情况异常",
                "en": "Service-fee payments are behind",
            },
        ],
    },
    "comparison": [
        {
            "indicator": "fee_rate",
            "section": "identity",
            "value": _f(2.5, "ok", "2.50", "price"),
            "district_median": _f(2.5, "ok", "2.50", "price"),
            "verdict": "about_the_same",
            "higher_is_better": False,
            "tolerance": 0.1,
            "relative": True,
            "communities": 3,
        },
        {
            "indicator": "collection_rate",
            "section": "fees",
            "value": _f(0.725, "ok", "72.5%", "share"),
            "district_median": _f(0.725, "ok", "72.5%", "share"),  # B's and C's rates are suppressed
            "verdict": "about_the_same",
            "higher_is_better": True,
            "tolerance": 0.05,
            "relative": False,
            "communities": 1,
        },
    ],
}
