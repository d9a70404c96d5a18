"""How many disputes does outreach avert? Replaying a synthetic world's last months under visit policies.

Each policy visits K households per subdistrict per month over the last M months: `none`, `random`, `rule` (the
AEP-style rule), `model` (a model trained on the months before the replay, rescored every month through the same
feature path as production) and `oracle` (the generator's own p_true). The world is generated once per policy with
the same seed, so every policy runs on common random numbers and the differences are the policies' own.

Every informed policy ranks on what was known at the start of each month in the world without outreach, and
skips households it visited in the last REVISIT_MONTHS months, so none is favoured by seeing the effect of its own
earlier visits. Repetitions use further seeds (new households, new noise); the interval is a t-interval over them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from data.dataset import Dataset
from data.synth import WorldConfig, generate_world
from features import build_unit_features
from features.point_in_time import cut_to_as_of
from models.pyfunc import DisputeRiskPyfunc
from models.rules import default_rule
from training.fit import TrainingConfig
from training.run import train_on_dataset

POLICIES = ("none", "random", "rule", "model", "oracle")
REVISIT_MONTHS = 3
Scorer = Callable[[pd.Timestamp, pd.DataFrame], np.ndarray]


@dataclass(frozen=True)
class OutreachConfig:
    """What to replay: the world, the visits per subdistrict per month, the months and the repetitions."""

    scale: str = "small"
    seed: int = 11
    capacity: int = 20
    months: int = 6
    repetitions: int = 3
    world_months: int = 36  # enough months before the replay for the model's time split
    model: TrainingConfig = field(default_factory=TrainingConfig)


def _months(truth: pd.DataFrame, months: int) -> list[pd.Timestamp]:
    """The last `months` month starts whose p_true the generator knows (their 90 days lie inside the world)."""
    return sorted(pd.to_datetime(truth["as_of"]).unique())[-months:]


def _scorers(dataset: Dataset, truth: pd.DataFrame, start: pd.Timestamp, cfg: OutreachConfig) -> dict[str, Scorer]:
    """Per informed policy: a score for every unit at an as-of date, from what was known then."""
    model = train_on_dataset(cut_to_as_of(dataset, start), cfg.model).fitted.pyfunc
    rule = default_rule(model.feature_names)
    p_true = truth.set_index(["as_of", "unit_id"])["p_true"]

    def by_model(_t: pd.Timestamp, features: pd.DataFrame) -> np.ndarray:
        return _model_scores(model, features)

    def by_rule(_t: pd.Timestamp, features: pd.DataFrame) -> np.ndarray:
        return np.asarray(rule.score(features), dtype=np.float64)

    def by_oracle(t: pd.Timestamp, features: pd.DataFrame) -> np.ndarray:
        return p_true.loc[t].reindex(features["unit_id"].astype(str)).fillna(0.0).to_numpy()

    return {"model": by_model, "rule": by_rule, "oracle": by_oracle}


def _model_scores(model: DisputeRiskPyfunc, features: pd.DataFrame) -> np.ndarray:
    return model.score(features, with_reasons=False)["probability"].to_numpy(np.float64)


def plan_visits(
    dataset: Dataset, months: Sequence[pd.Timestamp], score: Scorer | None, capacity: int, seed: int
) -> dict[pd.Timestamp, list[str]]:
    """The households a policy visits each month: the top `capacity` per subdistrict (random when no scorer)."""
    subdistrict = dataset["units"].merge(dataset["communities"], on="community_id")[["unit_id", "subdistrict"]]
    rng = np.random.default_rng(seed)
    recent: dict[str, int] = {}
    plan: dict[pd.Timestamp, list[str]] = {}
    for i, t in enumerate(months):
        features = build_unit_features(dataset, t).merge(subdistrict, on="unit_id")
        eligible = features[~features["unit_id"].isin([u for u, m in recent.items() if i - m < REVISIT_MONTHS])]
        value = rng.random(len(eligible)) if score is None else score(t, eligible)
        ranked = eligible.assign(value=value).sort_values("value", ascending=False, kind="stable")
        chosen = ranked.groupby("subdistrict", sort=True).head(capacity)["unit_id"].astype(str).tolist()
        plan[t] = chosen
        recent |= dict.fromkeys(chosen, i)
    return plan


def _disputes(tables: dict[str, pd.DataFrame], months: Sequence[pd.Timestamp]) -> int:
    """Unit disputes filed in the replayed months."""
    disputes = tables["disputes"]
    filed = pd.to_datetime(disputes["filed_at"])
    end = months[-1] + pd.DateOffset(months=1)
    return int((disputes["unit_id"].notna() & (filed >= months[0]) & (filed < end)).sum())


def replay(cfg: OutreachConfig, seed: int, capacities: Sequence[int]) -> list[dict[str, object]]:
    """One repetition: disputes and visits per (policy, capacity) on one world, under common random numbers."""
    world_cfg = WorldConfig(scale=cfg.scale, seed=seed, months=cfg.world_months)  # type: ignore[arg-type]
    default = generate_world(world_cfg)
    dataset = Dataset(tables=default.tables)
    months = [pd.Timestamp(t) for t in _months(default.truth, cfg.months)]
    index = {t: i for i, t in enumerate(pd.date_range(world_cfg.start, periods=world_cfg.n_months, freq="MS"))}
    scorers = _scorers(dataset, default.truth, months[0], cfg)
    replayed = [index[t] for t in months]
    baseline = _disputes(default.tables, months)
    expected = float(default.expected_disputes[replayed].sum())
    rows: list[dict[str, object]] = [
        {"policy": "none", "capacity": k, "visits": 0, "disputes": baseline, "averted": 0,
         "expected_disputes": expected, "expected_averted": 0.0} for k in capacities
    ]  # fmt: skip
    for k in capacities:
        for policy in POLICIES[1:]:
            plan = plan_visits(dataset, months, scorers.get(policy), k, seed)
            visited = generate_world(world_cfg, visits={index[t]: units for t, units in plan.items()})
            visits = sum(len(units) for units in plan.values())
            disputes = _disputes(visited.tables, months)
            after = float(visited.expected_disputes[replayed].sum())
            rows.append({"policy": policy, "capacity": k, "visits": visits, "disputes": disputes,
                         "averted": baseline - disputes, "expected_disputes": after,
                         "expected_averted": expected - after})  # fmt: skip
    return rows


def _mean_and_half(values: pd.Series) -> tuple[float, float]:
    """The mean and the half-width of its 95% t-interval (NaN from a single value)."""
    n = len(values)
    half = float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return float(values.mean()), half


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """Per (policy, capacity): mean visits, disputes and averted, and averted per 100 visits with a 95% interval.

    `averted` counts the disputes filed; `expected_averted` is the fall in the disputes the hidden hazards expect,
    the same effect without the noise of which households happened to file.
    """
    visits = rows["visits"].clip(lower=1)
    rows = rows.assign(
        per_100=np.where(rows["visits"] > 0, rows["averted"] * 100 / visits, 0),
        expected_per_100=np.where(rows["visits"] > 0, rows["expected_averted"] * 100 / visits, 0),
    )
    out = []
    for (policy, capacity), part in rows.groupby(["policy", "capacity"], sort=False):
        mean, half = _mean_and_half(part["per_100"])
        expected, expected_half = _mean_and_half(part["expected_per_100"])
        out.append({
            "policy": policy, "capacity": int(str(capacity)), "visits": float(part["visits"].mean()),
            "disputes": float(part["disputes"].mean()), "averted": float(part["averted"].mean()),
            "averted_per_100_visits": mean, "ci_low": mean - half, "ci_high": mean + half, "repetitions": len(part),
            "expected_disputes": float(part["expected_disputes"].mean()),
            "expected_averted": float(part["expected_averted"].mean()),
            "expected_averted_per_100_visits": expected, "expected_ci_low": expected - expected_half,
            "expected_ci_high": expected + expected_half,
        })  # fmt: skip
    return pd.DataFrame(out)


def simulate_outreach(
    cfg: OutreachConfig, capacities: Sequence[int] | None = None, on_repetition: Callable[[int], None] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every repetition's rows and their summary; capacities default to K/2, K and 2K for the plot."""
    grid = sorted(set(capacities or (max(cfg.capacity // 2, 1), cfg.capacity, cfg.capacity * 2)))
    rows = []
    for r in range(cfg.repetitions):
        rows += replay(cfg, cfg.seed + 1000 * r, grid)
        if on_repetition is not None:
            on_repetition(r)
    frame = pd.DataFrame(rows)
    return frame, summarise(frame)
