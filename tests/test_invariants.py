"""Directions of the physics through the whole line: temperature, humidity, particle size."""

from __future__ import annotations

from conftest import BASELINE

from line_sim import load_scenario, simulate

HOURS = 24


def run(**overrides):
    return simulate(load_scenario(BASELINE, overrides), hours=HOURS).kpis


def test_cold_hall_weakens_the_film_and_costs_yield():
    cold = run(**{"environment.temperature_c": 16.0})
    warm = run(**{"environment.temperature_c": 25.0})
    assert cold["mean_film_tensile_strength_mpa"] < warm["mean_film_tensile_strength_mpa"]
    assert cold["yield_fraction"] < warm["yield_fraction"]


def test_moisture_loss_rises_with_humidity_and_finer_powder():
    losses = [run(**{"environment.relative_humidity_pct": rh})["moisture_capacity_loss_fraction"]
              for rh in (1.0, 2.0, 5.0)]
    assert losses[0] < losses[1] < losses[2]
    fine = run(**{"materials.active_material.d50_um": 4.0, "materials.active_material.d10_um": 2.0,
                  "materials.active_material.d90_um": 8.0})
    assert fine["moisture_capacity_loss_fraction"] > losses[0]


def test_porosity_falls_with_line_load_and_roll_temperature():
    loads = [run(**{"stations.calender.line_load_n_per_mm": q})["mean_porosity"] for q in (600, 900, 1500)]
    assert loads[0] > loads[1] > loads[2]
    temps = [run(**{"stations.calender.roll_temperature_c": t})["mean_porosity"] for t in (25, 60, 120)]
    assert temps[0] > temps[1] > temps[2]


def test_film_strength_falls_past_an_optimum_of_fibrillation_energy():
    strength = [run(**{"stations.fibrillator.specific_energy_kj_per_kg": e})[
        "mean_film_tensile_strength_mpa"] for e in (5.0, 20.0, 60.0)]
    assert strength[1] > strength[0] and strength[1] > strength[2]


def test_humid_powder_lowers_the_cell_energy_through_the_calculator():
    dry, humid = (run(**{"environment.relative_humidity_pct": rh}) for rh in (1.0, 10.0))
    assert humid["cell_energy_wh_per_kg"] < dry["cell_energy_wh_per_kg"]
    assert humid["areal_capacity_mah_per_cm2"] < dry["areal_capacity_mah_per_cm2"]


def test_lfp_diffuses_over_its_primary_crystallites_not_its_agglomerates():
    lfp = run(**{"materials.active_material.name": "LFP", "materials.active_material.d10_um": 0.5,
                 "materials.active_material.d50_um": 2.0, "materials.active_material.d90_um": 5.0})
    assert lfp["utilisation_1c"] > 0.9
