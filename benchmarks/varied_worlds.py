"""Benchmark the risk model on worlds whose mechanisms it never saw (`disputes generate --vary`).

    python -m benchmarks.varied_worlds [--worlds 20] [--first 1] [--scale small]

Vary seed s (s = first, first + 1, …) gives the world WorldConfig(scale, seed=s, vary=s): its own households, and
its own hazard weights and forms, kind mix, payment and complaint coefficients and base rate. Each world is trained
on in a fresh process as `disputes train` does (benchmarks.training.quality_run with the default TrainingConfig's
seed) and scored on its test window: model, logistic baseline and oracle (the world's own p_true). Reported per
world and as median and worst: ROC-AUC, PR-AUC, the ROC-AUC gap to the oracle, PR-AUC as a share of the oracle's,
and ECE. Results: benchmarks/results/varied_worlds.{json,md} (other scales: varied_worlds-SCALE).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
from collections.abc import Callable
from typing import Any

from benchmarks.training import in_subprocess, machine, write_results
from data.synth.mechanisms import CountTerm, Mechanisms
from data.synth.varied import draw_mechanisms

NAME = "varied_worlds"
WORST: dict[str, Callable[[list[float]], float]] = {
    "roc_auc": min, "logistic_roc_auc": min, "oracle_roc_auc": min, "roc_gap": max, "logistic_roc_gap": max,
    "pr_auc": min, "logistic_pr_auc": min, "oracle_pr_auc": min, "pr_share": min, "logistic_pr_share": min,
    "ece": max, "slice_max_ece": max, "base_rate": min,
}  # fmt: skip
"""Every summarised metric, with what its worst world is (the lowest score, the largest gap or error)."""
log = logging.getLogger("benchmarks.varied_worlds")


def world_run(scale: str, vary: int, model_seed: int) -> dict[str, Any]:
    """Train and evaluate on the world of vary seed `vary` in a fresh process; its metrics and mechanisms."""
    run = in_subprocess(["_quality_run", scale, str(vary), "--vary", str(vary), "--model-seed", str(model_seed)])
    mechanisms = draw_mechanisms(vary)
    return {"vary": vary, **run, **against_the_oracle(run), "target_p90": mechanisms.hazard.target_p90,
            "hazard": digest(mechanisms)}  # fmt: skip


def against_the_oracle(run: dict[str, Any]) -> dict[str, Any]:
    """The model's and the logistic baseline's distance from the oracle on the test window."""
    return {
        "roc_gap": run["oracle_roc_auc"] - run["roc_auc"],
        "logistic_roc_gap": run["oracle_roc_auc"] - run["logistic_roc_auc"],
        "pr_share": run["pr_auc"] / run["oracle_pr_auc"],
        "logistic_pr_share": run["logistic_pr_auc"] / run["oracle_pr_auc"],
        "logistic_beats_model": run["logistic_pr_auc"] > run["pr_auc"],
    }


def digest(mechanisms: Mechanisms) -> str:
    """The drawn dispute hazard in a few words: each count term's form, knot and weight, and what is off."""
    h = mechanisms.hazard
    counts = {"bills": h.arrears_bills, "complaints": h.open_complaints, "repairs": h.open_repairs,
              "own": h.own_disputes}  # fmt: skip
    off = [n for n in ("arrears_cny", "fee_rise", "controversy", "neighbours", "firm_quality") if getattr(h, n) == 0]
    return ", ".join([*(_term(name, term) for name, term in counts.items()), *(f"{n} off" for n in off)])


def _term(name: str, term: CountTerm) -> str:
    if term.weight == 0:
        return f"{name} off"
    shape = {"log1p": f"log≤{term.knot}", "linear": f"lin≤{term.knot}", "threshold": f"≥{term.knot}"}[term.form]
    return f"{name} {shape} {term.weight:g}"


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Median and worst world of every metric in WORST."""
    return {
        key: {"median": statistics.median(values), "worst": worst(values)}
        for key, worst in WORST.items()
        if (values := [float(r[key]) for r in runs if key in r and r[key] == r[key]])  # NaN: nothing to judge
    }


def target_checks(summary: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """The issue's targets: the ROC-AUC gap to the oracle (median ≤ 0.02, worst ≤ 0.04), PR-AUC ≥ 80% of it."""
    gap, share = summary["roc_gap"], summary["pr_share"]
    return [
        {"target": "median ROC-AUC gap to the oracle ≤ 0.02", "value": gap["median"], "met": gap["median"] <= 0.02},
        {"target": "worst ROC-AUC gap to the oracle ≤ 0.04", "value": gap["worst"], "met": gap["worst"] <= 0.04},
        {"target": "median PR-AUC ≥ 80% of the oracle's", "value": share["median"], "met": share["median"] >= 0.8},
        {
            "target": "ECE ≤ 0.01 in every world",
            "value": summary["ece"]["worst"],
            "met": summary["ece"]["worst"] <= 0.01,
        },
        *(
            [
                {
                    "target": "ECE ≤ 0.03 in every slice with ≥ 30 positives, every world",
                    "value": s["worst"],
                    "met": s["worst"] <= 0.03,
                }
            ]
            if (s := summary.get("slice_max_ece"))
            else []
        ),
    ]


def results_name(scale: str) -> str:
    """`varied_worlds` for the default `small` worlds, `varied_worlds-SCALE` for others (kept side by side)."""
    return NAME if scale == "small" else f"{NAME}-{scale}"


def run_worlds(scale: str, first: int, worlds: int) -> dict[str, Any]:
    """Every world in turn (results rewritten after each, so a long run can be read while it goes)."""
    from training.fit import TrainingConfig

    model_seed, runs, failed = TrainingConfig().seed, [], []
    for vary in range(first, first + worlds):
        try:
            runs.append(world_run(scale, vary, model_seed))
        except subprocess.CalledProcessError as error:  # one world's failure is reported, not fatal to the rest
            log.warning("vary %d failed:\n%s", vary, error.stderr[-2000:])
            failed.append({"vary": vary, "error": error.stderr[-2000:]})
            continue
        r = runs[-1]
        log.info("vary %d: ROC-AUC %.4f (oracle %.4f, gap %.4f), PR-AUC share %.2f, ECE %.4f, %.0f s", vary,
                 r["roc_auc"], r["oracle_roc_auc"], r["roc_gap"], r["pr_share"], r["ece"], r["train_s"])  # fmt: skip
        result = report(scale, first, worlds, runs, failed, model_seed)
        write_results(results_name(scale), result, markdown(result))
    return report(scale, first, worlds, runs, failed, model_seed)


def report(
    scale: str, first: int, worlds: int, runs: list[dict[str, Any]], failed: list[dict[str, Any]], model_seed: int
) -> dict[str, Any]:
    """The benchmark's JSON: settings, every world, the summary and the targets."""
    summary = summarise(runs) if runs else {}
    return {
        "scale": scale, "first": first, "worlds": worlds, "model_seed": model_seed, "runs": runs, "failed": failed,
        "summary": summary, "checks": target_checks(summary) if runs else [],
        "logistic_beats_model": sum(r["logistic_beats_model"] for r in runs),
        "validation_logistic_beats_model": sum(bool(r.get("validation_logistic_beats_model")) for r in runs),
        **machine(),
    }  # fmt: skip


def markdown(result: dict[str, Any]) -> str:
    """A short report: one row per world, then median and worst, then the targets."""
    s, runs = result["summary"], result["runs"]
    lines = [
        f"# The model on varied worlds: `{result['scale']}`, vary seeds {result['first']}–"
        f"{result['first'] + result['worlds'] - 1} ({len(runs)} trained, {len(result['failed'])} failed)",
        "",
        "| vary | base rate | ROC model | ROC logistic | ROC oracle | gap | PR model | PR logistic | PR oracle "
        "| PR share | ECE | hazard |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {r['vary']} | {r['base_rate']:.4f} | {r['roc_auc']:.4f} | {r['logistic_roc_auc']:.4f} | "
            f"{r['oracle_roc_auc']:.4f} | {r['roc_gap']:.4f} | {r['pr_auc']:.4f} | {r['logistic_pr_auc']:.4f} | "
            f"{r['oracle_pr_auc']:.4f} | {r['pr_share']:.2f} | {r['ece']:.4f} | {r['hazard']} |"
            for r in runs
        ),
        "",
        "| metric | median | worst |",
        "|---|---|---|",
        *(f"| {k} | {v['median']:.4f} | {v['worst']:.4f} |" for k, v in s.items()),
        "",
        "| target | value | met |",
        "|---|---|---|",
        *(f"| {c['target']} | {c['value']:.4f} | {'yes' if c['met'] else 'no'} |" for c in result["checks"]),
        "",
        f"The logistic baseline beats the model's PR-AUC on the test window in {result['logistic_beats_model']} of "
        f"{len(runs)} worlds, on the validation window in {result['validation_logistic_beats_model']}. "
        f"Load average at the end: {result['load_avg_1m']:.1f} on {result['cpus']} CPUs.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", default="small", choices=("small", "district", "luohu"))
    parser.add_argument("--worlds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1, help="The first vary seed (also the world's seed).")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    result = run_worlds(args.scale, args.first, args.worlds)
    write_results(results_name(args.scale), result, markdown(result))


if __name__ == "__main__":
    main()
