"""What commands print for machines."""

from __future__ import annotations

import json


def emit_json(payload: dict[str, object]) -> None:
    """Print one JSON object as the last line of stdout, for machines."""
    print(json.dumps(payload, ensure_ascii=False, default=str))
