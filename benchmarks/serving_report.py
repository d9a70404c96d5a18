"""Medians over rounds, the targets, and the JSON and Markdown results of the serving benchmark."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

TARGETS = {"ratio_1": 10.0, "ratio_100": 3.0, "risk_p99_ms": 10.0, "soak_errors": 0, "soak_rss_growth": 0.10}


def _median(rounds: list[dict[str, Any]], side: str, what: str, field: str) -> float:
    return round(statistics.median(r[side][what][field] for r in rounds), 3)


def summarise(rounds: list[dict[str, Any]], limit: dict[str, float], soaked: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers: medians of rounds, ratios against the peer and the in-process limit."""
    ours_1, ours_100 = (
        _median(rounds, "ours", "score_1", "throughput"),
        _median(rounds, "ours", "score_100", "throughput"),
    )
    peer_1, peer_100 = (
        _median(rounds, "peer", "score_1", "throughput"),
        _median(rounds, "peer", "score_100", "throughput"),
    )
    ratios_1 = [r["ours"]["score_1"]["throughput"] / r["peer"]["score_1"]["throughput"] for r in rounds]
    ratios_100 = [r["ours"]["score_100"]["throughput"] / r["peer"]["score_100"]["throughput"] for r in rounds]
    return {
        "score_1": {"ours_rps": ours_1, "peer_rps": peer_1, "ratio": round(statistics.median(ratios_1), 2),
                    "in_process_calls_per_s": limit["score_1_calls_per_s"],
                    "ours_vs_in_process": round(ours_1 / limit["score_1_calls_per_s"], 2)},
        "score_100": {"ours_rps": ours_100, "peer_rps": peer_100, "ratio": round(statistics.median(ratios_100), 2),
                      "in_process_calls_per_s": limit["score_100_calls_per_s"],
                      "ours_vs_in_process": round(ours_100 / limit["score_100_calls_per_s"], 2)},
        "unit_risk": {"rps": _median(rounds, "ours", "unit_risk", "throughput"),
                      "p50_ms": _median(rounds, "ours", "unit_risk", "p50_ms"),
                      "p99_ms": _median(rounds, "ours", "unit_risk", "p99_ms")},
        "soak": soaked,
    }  # fmt: skip


def verdicts(summary: dict[str, Any]) -> dict[str, bool]:
    return {
        "ratio_1": summary["score_1"]["ratio"] >= TARGETS["ratio_1"],
        "ratio_100": summary["score_100"]["ratio"] >= TARGETS["ratio_100"],
        "risk_p99_ms": summary["unit_risk"]["p99_ms"] <= TARGETS["risk_p99_ms"],
        "soak_errors": summary["soak"]["errors"] == TARGETS["soak_errors"],
        "soak_rss_growth": summary["soak"]["rss_growth"] < TARGETS["soak_rss_growth"],
    }


def markdown(summary: dict[str, Any], met: dict[str, bool], machine: dict[str, Any], world: dict[str, Any],
             rounds: int) -> str:  # fmt: skip
    s1, s100, risk, soak = summary["score_1"], summary["score_100"], summary["unit_risk"], summary["soak"]
    lines = [
        "# Benchmark: serving",
        "",
        f"Machine: {machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs, shared with other work "
        f"(5-minute load average {machine['load_average_5min'][0]} at the start, {machine['load_average_5min'][1]} "
        "at the end; above 2 means both servers waited for CPU). "
        f"World: `{world['scale']}` ({world['units']:,} units), champion with {world['features']} features. "
        "Loopback, one worker each, concurrency 8, OMP_NUM_THREADS=1 and NUMBA_NUM_THREADS=1 for both; "
        f"medians of {rounds} rounds, ours and `mlflow models serve` started alternately.",
        "",
        "| measurement | ours | `mlflow models serve` | ratio | in-process `pyfunc.score` (limit) | target | met |",
        "|---|---|---|---|---|---|---|",
        f"| `/v1/score` vs `/invocations`, 1 row | {s1['ours_rps']:,.0f} req/s | {s1['peer_rps']:,.0f} req/s | "
        f"{s1['ratio']:.1f}× | {s1['in_process_calls_per_s']:,.0f} calls/s (ours = {s1['ours_vs_in_process']:.2f}×) "
        f"| ≥ 10× | {met['ratio_1']} |",
        f"| `/v1/score` vs `/invocations`, 100 rows | {s100['ours_rps']:,.0f} req/s | {s100['peer_rps']:,.0f} req/s | "
        f"{s100['ratio']:.1f}× | {s100['in_process_calls_per_s']:,.0f} calls/s (ours = "
        f"{s100['ours_vs_in_process']:.2f}×) | ≥ 3× | {met['ratio_100']} |",
        f"| `GET /v1/units/{{id}}/risk`, concurrency 8 | p99 {risk['p99_ms']:.2f} ms, p50 {risk['p50_ms']:.2f} ms, "
        f"{risk['rps']:,.0f} req/s | | | | p99 ≤ 10 ms | {met['risk_p99_ms']} |",
        f"| soak: {soak['requests']:,} mixed requests, concurrency 16 | {soak['errors']} errors, RSS "
        f"{soak['rss_mb'][0]:,.0f} → {soak['rss_mb'][-1]:,.0f} MB ({soak['rss_growth']:+.1%}), "
        f"{soak['throughput']:,.0f} req/s | | | | 0 errors, RSS < +10% | "
        f"{met['soak_errors'] and met['soak_rss_growth']} |",
        "",
        "Concurrent /v1/score requests share one model call (serving/scoring.py), so at concurrency 8 our server can"
        " pass the in-process rate of one-row calls. Soak mix per 100 requests: "
        + ", ".join(f"{k} {v}" for k, v in soak["mix_per_100"].items())
        + ".",
        "",
    ]
    return "\n".join(lines)


def write_results(folder: Path, rounds: list[dict[str, Any]], limit: dict[str, float], soaked: dict[str, Any],
                  machine: dict[str, Any], world: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """Write serving.json (every round and the summary) and serving.md; return the summary."""
    summary = summarise(rounds, limit, soaked)
    met = verdicts(summary)
    payload = {"machine": machine, "world": world, "targets": TARGETS, "met": met, "summary": summary,
               "in_process": limit, "rounds": rounds}  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "serving.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    (folder / "serving.md").write_text(markdown(summary, met, machine, world, len(rounds)))
    return summary
