"""Examples shown in the OpenAPI schema: what a mediator or a firm actually sees."""

from __future__ import annotations

from pydantic.json_schema import JsonDict

REASON_EXAMPLE: JsonDict = {
    "family": "arrears",
    "contribution": 0.8123,
    "zh": "3 笔物业费未缴，欠费 ¥1,240",
    "en": "3 unpaid bills, ¥1,240 overdue",
}
_REPAIRS: JsonDict = {
    "family": "repairs",
    "contribution": 0.3311,
    "zh": "1 项报修超过时限未完成",
    "en": "1 repair(s) past their service level",
}

MODEL_EXAMPLE: JsonDict = {
    "name": "dispute-risk",
    "version": "3",
    "run_id": "4f1c2d9e8a7b4c3d9e8f7a6b5c4d3e2f",
    "horizon_days": 90,
    "features": ["arrears_unpaid_bills", "arrears_overdue_cny", "complaints_unit_open"],
    "band_thresholds": {"medium": 0.021, "high": 0.064, "critical": 0.18},
    "test_metrics": {"roc_auc": 0.83, "pr_auc": 0.21, "ece": 0.004},
    "data_as_of": "2025-07-01",
    "scored_at": "2025-07-02T06:00:00+08:00",
    "scored_by_version": "3",
    "loaded_at": "2025-07-02T08:00:00+08:00",
}

UNIT_EXAMPLE: JsonDict = {
    "unit_id": "U000123",
    "community_id": "C0007",
    "subdistrict": "翠竹街道",
    "as_of": "2025-07-01",
    "probability": 0.214,
    "band": "critical",
    "reasons": [REASON_EXAMPLE, _REPAIRS],
    "model_version": "3",
    "scored_at": "2025-07-02T06:00:00+08:00",
    "change": {"previous_probability": 0.12, "previous_band": "high", "previous_as_of": "2025-06-01", "delta": 0.094},
}

COMMUNITY_EXAMPLE: JsonDict = {
    "community_id": "C0007",
    "name": "翠竹苑",
    "subdistrict": "翠竹街道",
    "as_of": "2025-07-01",
    "horizon_days": 90,
    "units": 812,
    "expected_disputes": 9.4,
    "p_at_least_one": 0.9999,
    "bands": {"low": 640, "medium": 130, "high": 33, "critical": 9},
    "top_drivers": [{"family": "arrears", "units": 210, "contribution": 96.2, "zh": "物业费缴纳情况异常",
                     "en": "Service-fee payments are behind"}],
    "model_version": "3",
    "scored_at": "2025-07-02T06:00:00+08:00",
    "previous_expected_disputes": 8.7,
}  # fmt: skip

QUEUE_EXAMPLE: JsonDict = {
    "as_of": "2025-07-01",
    "model_version": "3",
    "total": 1834,
    "limit": 50,
    "offset": 0,
    "items": [
        {"rank": 1, "unit_id": "U000123", "community_id": "C0007", "community_name": "翠竹苑",
         "subdistrict": "翠竹街道", "probability": 0.214, "band": "critical", "reasons": [REASON_EXAMPLE],
         "top_lever": {"lever": "settle_arrears", "label_zh": "为 3 笔欠费（¥1,240）制定缴费计划",
                       "label_en": "a payment plan for the 3 unpaid bill(s) (¥1,240)", "probability_after": 0.061}}
    ],
}  # fmt: skip

OUTREACH_EXAMPLE: JsonDict = {
    "status": "contacted",
    "note": "电话联系业主，约定下周上门调解",
    "at": "2025-07-03T10:30:00",
}

INGEST_EXAMPLE: JsonDict = {"table": "fee_bills", "rows": 1200, "notes": []}
