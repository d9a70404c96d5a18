"""Levers against the causal truth: the model's predicted drop beside the true drop in p_true on a synthetic world.

    python -m benchmarks.levers_truth [--scale small] [--seed 21] [--units 300]

A model is trained on the world; at its last labelled month, for the units each lever applies to, the model's drop
(probability before − after the lever) is set beside the generator's own drop when it applies the same change to
the hidden state (data.synth.counterfactual.p_true_if). Results: benchmarks/results/levers_truth.json and .md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).parent / "results"
# Lever → the generator's edit of the same action. The generator finishes every open repair; the lever closes the
# overdue ones, so that pair compares like with like only where every open repair is overdue (stated in the output).
PAIRS = {"settle_arrears": "clear_arrears", "resolve_open_complaints": "resolve_complaints",
         "close_overdue_repairs": "finish_repairs"}  # fmt: skip


def main() -> None:
    from data.dataset import Dataset
    from data.synth import WorldConfig, generate_world
    from data.synth.counterfactual import p_true_if
    from features import build_unit_features
    from scoring.levers import levers_for_units
    from training.fit import TrainingConfig
    from training.run import train_on_dataset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "district"])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--units", type=int, default=300)
    args = parser.parse_args()
    cfg = WorldConfig(scale=args.scale, seed=args.seed, months=36)
    world = generate_world(cfg)
    dataset = Dataset(tables=world.tables)
    pyfunc = train_on_dataset(dataset, TrainingConfig()).fitted.pyfunc
    as_of = pd.Timestamp(pd.to_datetime(world.truth["as_of"]).max())
    month = (as_of.year - int(cfg.start[:4])) * 12 + as_of.month - int(cfg.start[5:7])
    features = build_unit_features(dataset, as_of)
    matrix = pyfunc.model.spec.matrix(features).to_numpy()
    results: dict[str, dict[str, object]] = {}
    found = levers_for_units(pyfunc, matrix)
    for lever, change in PAIRS.items():
        rows = [(i, p - next(x.probability_after for x in levers if x.lever == lever))
                for i, (p, levers) in enumerate(found) if any(x.lever == lever for x in levers)]  # fmt: skip
        rng = np.random.default_rng(args.seed)
        picked = [rows[j] for j in rng.permutation(len(rows))[: args.units]]
        if not picked:
            results[lever] = {"units": 0}
            continue
        units = features["unit_id"].astype(str).to_numpy()[[i for i, _ in picked]].tolist()
        truth = p_true_if(cfg, month, units, **{change: True}).set_index("unit_id").loc[units]
        predicted = np.array([d for _, d in picked])
        true = (truth["p_true"] - truth["p_true_if"]).to_numpy()
        results[lever] = {
            "units": len(units), "predicted_drop_mean": round(float(predicted.mean()), 5),
            "true_drop_mean": round(float(true.mean()), 5),
            "predicted_drop_median": round(float(np.median(predicted)), 5),
            "true_drop_median": round(float(np.median(true)), 5),
            "correlation": round(float(np.corrcoef(predicted, true)[0, 1]), 3) if len(units) > 2 else None,
        }  # fmt: skip
    out = {"scale": args.scale, "seed": args.seed, "as_of": str(as_of.date()), "levers": results}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "levers_truth.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    lines = [f"# Levers against the causal truth ({args.scale}, seed {args.seed}, as of {as_of.date()})", "",
             "| lever | units | predicted drop (mean) | true drop (mean) | predicted (median) | true (median) | corr |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for lever, r in results.items():
        keys = ("units", "predicted_drop_mean", "true_drop_mean", "predicted_drop_median", "true_drop_median",
                "correlation")  # fmt: skip
        lines.append(f"| {lever} | " + " | ".join(str(r.get(k)) for k in keys) + " |")
    (RESULTS / "levers_truth.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
