"""The slurry line's limits through the whole line: drying flux, binder migration, wet film."""

from __future__ import annotations

from pathlib import Path

import pytest

from line_sim import load_scenario, simulate

SLURRY = Path(__file__).resolve().parents[1] / "scenarios" / "slurry_nmc811_reference.toml"


def run(loading: float, speed: float, hours: float = 24.0):
    scenario = load_scenario(SLURRY, {"quality.loading_mg_per_cm2": loading,
                                      "line.speed_m_per_min": speed})
    return simulate(scenario, seed=3, hours=hours)


@pytest.fixture(scope="module")
def grid() -> dict[tuple[float, float], object]:
    return {(loading, speed): run(loading, speed) for loading in (15.0, 26.0, 40.0)
            for speed in (30.0, 60.0)}


def test_faster_and_thicker_dries_harder_and_bonds_worse(grid) -> None:
    for loading in (15.0, 26.0, 40.0):
        slow, fast = grid[(loading, 30.0)].kpis, grid[(loading, 60.0)].kpis
        assert fast["drying_flux_ratio"] == pytest.approx(2 * slow["drying_flux_ratio"], rel=1e-9)
        assert fast["mean_adhesion_kpa"] < slow["mean_adhesion_kpa"]
    for speed in (30.0, 60.0):
        ratios = [grid[(loading, speed)].kpis["drying_flux_ratio"] for loading in (15.0, 26.0, 40.0)]
        dryable = [grid[(loading, speed)].kpis["max_dryable_speed_m_per_min"]
                   for loading in (15.0, 26.0, 40.0)]
        assert ratios == sorted(ratios) and dryable == sorted(dryable, reverse=True)


def test_migration_costs_adhesion_and_says_so(grid) -> None:
    migrating = grid[(40.0, 30.0)]
    assert migrating.kpis["drying_flux_ratio"] > 1.0
    assert any("binder migrates" in w for w in migrating.warnings)
    assert not any("binder migrates" in w for w in grid[(15.0, 30.0)].warnings)


def test_a_film_faster_than_its_dryer_leaves_wet_and_is_scrapped(grid) -> None:
    wet = grid[(40.0, 60.0)]
    assert wet.kpis["max_dryable_speed_m_per_min"] < 60.0
    assert wet.kpis["scrap_by_cause"]["undried"] > 0.9 * wet.kpis["produced_length_m"]
    assert wet.kpis["yield_fraction"] < 0.1
    assert any("cannot dry this film" in w for w in wet.warnings)
    for key, result in grid.items():
        if key != (40.0, 60.0):
            assert result.kpis["scrap_by_cause"]["undried"] == 0.0, key


def test_dry_routes_have_no_drying_limit() -> None:
    bf = simulate(load_scenario(SLURRY.parent / "bf_nmc811_baseline.toml",
                                {"line.speed_m_per_min": 60.0, "quality.loading_mg_per_cm2": 40.0}),
                  seed=3, hours=6)
    assert "drying_flux_ratio" not in bf.kpis
    assert bf.kpis["scrap_by_cause"]["undried"] == 0.0
