"""The transparency figures a generated district publishes: are they plausible, and how much is held back?

    python -m benchmarks.transparency_figures [--scale district] [--seeds 3 7 11]

For each seed, the world's pages at its latest as-of date: per headline indicator, the median, 90th percentile and
maximum over the communities that publish it, and the share of communities where it is held back. The old,
non-stationary world published 66.8 disputes per 100 units a year in one community; these are the same figures on
the world as it is now. Results: benchmarks/results/transparency_figures.json and .md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"
HEADLINES = ("disputes_per100", "complaints_per100", "collection_rate", "complaint_resolved_share",
             "repair_completion_days", "mediation_share", "elevator_outages_per100")  # fmt: skip


def measure(scale: str, seed: int) -> dict[str, Any]:
    from data.dataset import Dataset
    from data.synth import WorldConfig, generate_world
    from data.timeline import latest_as_of
    from features.transparency.community import community_transparency

    world = Dataset(tables=generate_world(WorldConfig(scale=scale, seed=seed)).tables)  # type: ignore[arg-type]
    as_of = latest_as_of(world)
    figures = community_transparency(world, as_of).figures
    out: dict[str, Any] = {"seed": seed, "as_of": str(as_of.date()), "communities": int(figures.community_id.nunique())}
    for name in HEADLINES:
        rows = figures[(figures["indicator"] == name) & (figures["key"] == "")]
        shown = rows.loc[rows["status"] == "ok", "value"].astype(float).to_numpy()
        out[name] = {
            "median": float(np.median(shown)) if shown.size else None,
            "p90": float(np.quantile(shown, 0.9)) if shown.size else None,
            "max": float(shown.max()) if shown.size else None,
            "held_back": round(float((rows["status"] == "suppressed").mean()), 3),
        }
    ok = figures["status"] == "ok"
    out["figures_held_back"] = round(float((figures["status"] == "suppressed").sum() / max(len(figures), 1)), 3)
    out["figures_shown"] = int(ok.sum())
    return out


def write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "transparency_figures.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    lines = [f"# Transparency figures of generated `{results['scale']}` worlds", "",
             "Per indicator: median / 90th percentile / maximum over the communities that publish it, and the share "
             "of communities where it is held back (small counts).", "",
             "| indicator | " + " | ".join(f"seed {r['seed']}" for r in results["runs"]) + " |",
             "|---|" + "---|" * len(results["runs"])]  # fmt: skip

    def cell(entry: dict[str, Any]) -> str:
        if entry["median"] is None:
            return f"– (held back {entry['held_back']:.0%})"
        return f"{entry['median']:.3g} / {entry['p90']:.3g} / {entry['max']:.3g} (held back {entry['held_back']:.0%})"

    lines += [f"| {name} | " + " | ".join(cell(r[name]) for r in results["runs"]) + " |" for name in HEADLINES]
    lines += [
        "",
        "| seed | as of | communities | figures shown | share of all figures held back |",
        "|---|---|---|---|---|",
    ]
    for r in results["runs"]:
        lines.append(f"| {r['seed']} | {r['as_of']} | {r['communities']} | {r['figures_shown']:,} | "
                     f"{r['figures_held_back']:.0%} |")  # fmt: skip
    (RESULTS / "transparency_figures.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=["small", "district", "luohu"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[3, 7, 11])
    args = parser.parse_args()
    write({"scale": args.scale, "runs": [measure(args.scale, seed) for seed in args.seeds]})
    print((RESULTS / "transparency_figures.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
