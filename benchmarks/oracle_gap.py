"""Where the model's distance from the oracle comes from, on varied worlds, and which hyper-parameters close it.

    python -m benchmarks.oracle_gap [--worlds 10] [--first 1] [--scale small] [--label NAME]

Per world (vary seed s gives WorldConfig(scale, seed=s, vary=s), as in benchmarks.varied_worlds), the split frame is
built once, as `disputes train` builds it, and on it are fitted:
- `ceiling`: the same booster and parameters, but taught the world's own p_true (cross-entropy on the hidden
  probability) instead of the 0/1 labels. It shows what our features can carry about the truth when the learner
  is not starved of positives: oracle − ceiling is information the features lack (hidden state, or a feature we
  do not compute); ceiling − model is what is lost learning from noisy labels (data size, hyper-parameters).
- `ceiling_disposition`: the ceiling given, besides our features, each household's hidden disposition to pay
  (`Hidden.units.willingness`). It is a diagnostic only, never a model input: ceiling_disposition − ceiling is how
  much of the missing information is that one hidden trait; oracle − ceiling_disposition is the rest (income
  shocks, and the month-to-month state a frozen snapshot cannot see).
- one booster per candidate of `disputes train --search` (training.search.SEARCH_SPACE, the default first),
  taught the labels with early stopping on the validation window as training does.
Everything is scored on the test window against the realised labels: ROC-AUC and PR-AUC, beside the oracle's.
No candidate is chosen here on the test window of the worlds it is reported on: benchmarks.varied_worlds
re-measures the default on worlds this benchmark never saw. Results: benchmarks/results/oracle_gap[-LABEL].{json,md}.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from typing import Any

from benchmarks.training import machine, write_results
from training.search import SEARCH_SPACE

NAME = "oracle_gap"
CANDIDATES = SEARCH_SPACE
"""The candidates of `disputes train --search`, as changes to RiskModelParams' defaults."""
DISPOSITION = "hidden_disposition"
"""The diagnostic column holding each household's hidden disposition to pay (never a feature)."""
CEILING_LEARNING_RATE = 0.1
"""The ceiling learns a smooth target and has no label noise to overfit: a faster rate reaches it in fewer rounds."""
CEILINGS = ("ceiling", "ceiling_disposition")
log = logging.getLogger("benchmarks.oracle_gap")


def world_gap(scale: str, vary: int, candidates: list[str], plain: bool = False) -> dict[str, Any]:
    """Build one varied world's split frame (with `plain`, the documented world of seed `vary`), and fit the
    ceiling and every candidate on it, in this process."""
    import lightgbm as lgb
    import numpy as np
    import pandas as pd

    from data.dataset import Dataset
    from data.synth import WorldConfig, generate_world
    from data.synth.generation import hidden_world
    from features import catalogue_for
    from models.metrics import safe_pr_auc, safe_roc_auc
    from models.risk_model import RiskModel, RiskModelParams, booster_arguments
    from models.spec import FeatureSpec
    from training.fit import LABEL, WEIGHT, TrainingConfig
    from training.frames import build_split_frame
    from training.snapshots import monthly_as_of_dates
    from training.split import time_split

    world_cfg = WorldConfig(scale=scale, seed=vary, vary=None if plain else vary)  # type: ignore[arg-type]
    world = generate_world(world_cfg)
    dataset, cfg = Dataset(tables=world.tables), TrainingConfig(seed=vary, params=RiskModelParams(seed=vary))
    split = time_split(monthly_as_of_dates(dataset, cfg.horizon_days), cfg.horizon_days, cfg.split)
    frame = build_split_frame(
        dataset, split, cfg.horizon_days, cfg.max_train_rows, cfg.max_window_rows, cfg.seed, cfg.max_test_rows
    )
    frame = frame.merge(world.truth.loc[:, ["unit_id", "as_of", "p_true"]], on=["unit_id", "as_of"], how="left")
    unit_ids = world.tables["units"]["unit_id"]
    row_of_unit = dict(zip(unit_ids, range(len(unit_ids)), strict=True))
    disposition = hidden_world(world_cfg)[0].units.willingness
    frame[DISPOSITION] = disposition[frame["unit_id"].map(row_of_unit).to_numpy()]
    spec = FeatureSpec.from_catalogue(catalogue_for(cfg.features), frame.columns)
    train, valid, test = (frame[frame["as_of"].isin(getattr(split, w))] for w in ("train", "validation", "test"))
    y_test = test[LABEL].to_numpy()

    def scored(p: np.ndarray) -> dict[str, float]:
        return {"roc_auc": safe_roc_auc(y_test, p), "pr_auc": safe_pr_auc(y_test, p)}

    out: dict[str, Any] = {
        "vary": vary,
        "test_positives": int(y_test.sum()),
        "train_positives": int(train[LABEL].sum()),
    }
    out["oracle"] = scored(test["p_true"].to_numpy())
    p = cfg.params

    def ceiling(with_disposition: bool) -> dict[str, float]:
        started = time.perf_counter()
        extra = [DISPOSITION] if with_disposition else []

        def matrix(window: pd.DataFrame) -> pd.DataFrame:
            return pd.concat([spec.matrix(window), window.loc[:, extra]], axis=1)

        arguments = booster_arguments(p, [*spec.monotone, *[0] * len(extra)])
        booster = lgb.LGBMRegressor(objective="cross_entropy", **arguments | {"learning_rate": CEILING_LEARNING_RATE})
        booster.fit(
            matrix(train), train["p_true"].to_numpy(), sample_weight=train[WEIGHT].to_numpy(),
            eval_X=(matrix(valid),), eval_y=(valid["p_true"].to_numpy(),), eval_metric="cross_entropy",
            callbacks=[lgb.early_stopping(p.early_stopping_rounds, verbose=False)],
        )  # fmt: skip
        return scored(np.asarray(booster.predict(matrix(test)))) | {"seconds": time.perf_counter() - started}

    out["ceiling"] = ceiling(with_disposition=False)
    out["ceiling_disposition"] = ceiling(with_disposition=True)
    for name in candidates:
        started = time.perf_counter()
        params = RiskModelParams(**({"seed": vary} | CANDIDATES[name]))
        model = RiskModel(spec, params).fit(
            train, train[LABEL].to_numpy(), valid, valid[LABEL].to_numpy(), sample_weight=train[WEIGHT].to_numpy()
        )
        valid_p = model.raw_proba(valid)
        out[name] = scored(model.raw_proba(test)) | {
            "validation_pr_auc": safe_pr_auc(valid[LABEL].to_numpy(), valid_p),
            "best_iteration": model.best_iteration_,
            "seconds": time.perf_counter() - started,
        }
    return out


def summarise(runs: list[dict[str, Any]], learners: list[str]) -> dict[str, dict[str, float]]:
    """Per learner: median and worst ROC-AUC gap to the oracle, PR-AUC share of the oracle's."""
    summary = {}
    for name in learners:
        gaps = [r["oracle"]["roc_auc"] - r[name]["roc_auc"] for r in runs]
        shares = [r[name]["pr_auc"] / r["oracle"]["pr_auc"] for r in runs]
        summary[name] = {
            "roc_gap_median": statistics.median(gaps), "roc_gap_worst": max(gaps),
            "pr_share_median": statistics.median(shares), "pr_share_worst": min(shares),
        }  # fmt: skip
    return summary


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Where the gap to the oracle comes from: `{result['scale']}`, "
        + (f"documented worlds, seeds {result['varies']}" if result["plain"] else f"vary seeds {result['varies']}"),
        "",
        "`ceiling`: the same booster taught the world's p_true instead of the labels. `ceiling_disposition`: the",
        "ceiling also given the households' hidden disposition to pay (a diagnostic, never a model input). Other",
        "rows: boosters taught the labels, with the changes to the default hyper-parameters named in",
        "benchmarks/oracle_gap.py.",
        "",
        "| learner | ROC gap median | ROC gap worst | PR share median | PR share worst |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {s['roc_gap_median']:.4f} | {s['roc_gap_worst']:.4f} | {s['pr_share_median']:.2f} | "
            f"{s['pr_share_worst']:.2f} |"
            for name, s in result["summary"].items()
        ),
        "",
        "| vary | test positives | oracle ROC | ceiling + disposition ROC | ceiling ROC | default ROC | oracle PR "
        "| ceiling PR | default PR |",
        "|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {r['vary']} | {r['test_positives']} | {r['oracle']['roc_auc']:.4f} | "
            f"{r.get('ceiling_disposition', {}).get('roc_auc', float('nan')):.4f} | {r['ceiling']['roc_auc']:.4f} | "
            f"{r['default']['roc_auc']:.4f} | {r['oracle']['pr_auc']:.4f} | {r['ceiling']['pr_auc']:.4f} | "
            f"{r['default']['pr_auc']:.4f} |"
            for r in result["runs"]
        ),
        "",
        f"Load average at the end: {result['load_avg_1m']:.1f} on {result['cpus']} CPUs.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worlds", type=int, default=10)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--scale", default="small")
    parser.add_argument("--label", default="")
    parser.add_argument("--candidates", default=",".join(CANDIDATES))
    parser.add_argument("--plain", action="store_true", help="the documented mechanisms, for comparison")
    parser.add_argument("--_world", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    candidates = args.candidates.split(",")
    if args._world is not None:
        print(json.dumps(world_gap(args.scale, args._world, candidates, args.plain)))
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    runs = []
    for vary in range(args.first, args.first + args.worlds):
        log.info("oracle gap: %s vary %d", args.scale, vary)
        command = [sys.executable, "-m", "benchmarks.oracle_gap", "--scale", args.scale, "--candidates",
                   args.candidates, "--_world", str(vary), *(["--plain"] if args.plain else [])]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        # Rewritten after every world, so a long run can be read while it goes.
        result = {
            "scale": args.scale, "plain": args.plain, "varies": [r["vary"] for r in runs], "runs": runs,
            "summary": summarise(runs, [*CEILINGS, *candidates]), **machine(),
        }  # fmt: skip
        write_results(NAME + (f"-{args.label}" if args.label else ""), result, markdown(result))


if __name__ == "__main__":
    main()
