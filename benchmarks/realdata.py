"""Benchmark the risk model on real data: NYC rental buildings, labels A and B, stratified k-fold CV.

    python -m benchmarks.realdata [--path FILE] [--folds 5] [--seed 7]

The panel is read from --path, else $DISPUTES_REALDATA_PATH, else <project>/../shared/realdata/nyc-hpd/.
Results go to benchmarks/results/realdata.json and realdata.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import time
from pathlib import Path

import lightgbm

from models.risk_model import RiskModelParams
from training.realdata.evaluation import RealDataConfig, evaluate_nyc
from training.realdata.nyc import read_nyc, resolve_nyc_path
from training.realdata.report import TARGETS, nyc_payload, render_markdown

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
log = logging.getLogger("benchmarks.realdata")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the cross-validation, write JSON and Markdown results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, help="The NYC panel (Parquet).")
    parser.add_argument("--folds", type=int, default=5, help="Stratified folds over buildings.")
    parser.add_argument("--seed", type=int, default=7, help="Seed of folds, inner splits and model.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    source = resolve_nyc_path(args.path, os.environ, PROJECT_ROOT)
    frame = read_nyc(source)
    cfg = RealDataConfig(folds=args.folds, seed=args.seed, params=RiskModelParams(seed=args.seed, n_jobs=1))
    load_before = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    payload = nyc_payload(evaluate_nyc(frame, cfg))
    meta = {
        "buildings": len(frame), "folds": args.folds, "seed": args.seed, "file": source.name,
        "seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
        "load_average_before": round(load_before, 2), "lightgbm": lightgbm.__version__,
        "machine": platform.platform(), "params": cfg.params.model_dump(),
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "realdata.json").write_text(json.dumps({**payload, "run": meta}, indent=2) + "\n", encoding="utf-8")
    page = render_page(payload, meta)
    (RESULTS / "realdata.md").write_text(page, encoding="utf-8")
    log.info(page)


def render_page(payload: dict[str, dict[str, object]], meta: dict[str, object]) -> str:
    """The results as a Markdown page: setup, the issue's targets, results and the lead reason families."""
    bars = ", ".join(
        f"{key}: ROC-AUC ≥ {t.roc_auc}, PR-AUC ≥ {t.pr_auc}, precision@1% ≥ {t.rule_multiple}× the rule"
        for key, t in TARGETS.items()
    )
    lines = [
        "# Real data: NYC rental buildings",
        "",
        f"{meta['buildings']:,} buildings from `{meta['file']}`; stratified {meta['folds']}-fold CV over buildings, "
        f"seed {meta['seed']}. Inside each fold the training part is split 70/15/15 (stratified) into fit, "
        "early-stopping and calibration parts; metrics are on the held-out fold.",
        f"Run: {meta['seconds']} s wall, {meta['cpu_seconds']} s CPU (load average before: "
        f"{meta['load_average_before']}); LightGBM {meta['lightgbm']}; {meta['machine']}.",
        "",
        *(f"- **{key}**: {block['label']}" for key, block in payload.items()),
        "",
        f'Targets ({bars}); "above size-only" means at least 0.03 ROC-AUC above the size-only model.',
        "Each cell: mean ± std [min, max] over folds.",
        "",
        render_markdown(payload),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
