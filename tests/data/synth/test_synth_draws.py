"""Counter-based draws: pure functions of (seed, process, month, entity, slot), and distributed as they claim."""

from __future__ import annotations

import numpy as np
import pytest

from data.synth.draws import month_draws, rank_within

SEED = np.random.SeedSequence(7)


def test_a_draw_depends_only_on_its_own_key_entity_and_slot() -> None:
    draws = month_draws(SEED, 0, 5)
    everyone = draws.uniform(np.arange(1_000), 3)
    assert np.array_equal(draws.uniform(np.array([17, 400]), 3), everyone[[17, 400]])
    assert np.array_equal(month_draws(SEED, 0, 5).uniform(np.arange(1_000), 3), everyone)
    assert not np.array_equal(draws.uniform(np.arange(1_000), 4), everyone)
    assert not np.array_equal(month_draws(SEED, 0, 6).uniform(np.arange(1_000), 3), everyone)
    assert not np.array_equal(month_draws(SEED, 1, 5).uniform(np.arange(1_000), 3), everyone)


def test_uniforms_are_uniform_and_slots_uncorrelated() -> None:
    draws = month_draws(SEED, 2, 0)
    u, v = draws.uniform(np.arange(200_000), 0), draws.uniform(np.arange(200_000), 1)
    assert ((u >= 0) & (u < 1)).all()
    counts = np.histogram(u, bins=20, range=(0, 1))[0]
    assert np.abs(counts - 10_000).max() < 5 * np.sqrt(10_000)
    assert abs(np.corrcoef(u, v)[0, 1]) < 0.01
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01


def test_normals_and_poisson_counts_have_the_right_moments() -> None:
    draws = month_draws(SEED, 3, 0)
    z = draws.normal(np.arange(200_000), 0)
    assert abs(z.mean()) < 0.01
    assert abs(z.std() - 1) < 0.01
    lam = np.full(200_000, 0.7)
    k = draws.poisson(lam, 5, cap=30)
    assert abs(k.mean() - 0.7) < 0.01
    assert abs(k.var() - 0.7) < 0.02
    assert (draws.poisson(np.full(10, 50.0), 5, cap=3) <= 3).all()


@pytest.mark.parametrize(("counts", "ranks"), [([2, 0, 3, 1], [0, 1, 0, 1, 2, 0]), ([0, 0], [])])
def test_rank_within_numbers_each_entitys_records(counts: list[int], ranks: list[int]) -> None:
    assert rank_within(np.array(counts)).tolist() == ranks
