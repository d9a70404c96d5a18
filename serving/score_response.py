"""The /v1/score response body, written straight to JSON bytes.

The model already returns each row's reasons as a JSON string; splicing them in avoids parsing and re-encoding
up to 1,000 reason lists per request.
"""

from __future__ import annotations

import json

import pandas as pd


def score_response_json(model_version: str, scored: pd.DataFrame) -> bytes:
    """{"model_version": …, "results": [{"probability", "band", "reasons"}, …]} in the rows' order."""
    rows = zip(scored["probability"].tolist(), scored["band"].tolist(), scored["reasons"].tolist(), strict=True)
    results = ",".join(
        f'{{"probability":{probability!r},"band":"{band}","reasons":{reasons}}}' for probability, band, reasons in rows
    )
    return f'{{"model_version":{json.dumps(model_version)},"results":[{results}]}}'.encode()
