"""Dry-room load: humidity and dew-point invariants, climates, allocation, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import dryroom as dr
from process_models.environment import humidity_ratio_kg_per_kg


def _total_kwh(out: dict[str, np.ndarray]) -> np.ndarray:
    return sum(out.values())


def test_energy_rises_with_outdoor_humidity() -> None:
    params = dr.DryRoomParameters()
    rh = np.array([10.0, 30.0, 50.0, 70.0, 90.0])
    total = _total_kwh(dr.dry_room_energy_kwh(3600.0, 28.0, rh, params))
    assert np.all(np.diff(total) > 0)


def test_energy_rises_as_dew_point_target_falls() -> None:
    totals = [float(_total_kwh(dr.dry_room_energy_kwh(
        3600.0, 25.0, 60.0, dr.DryRoomParameters(dew_point_target_c=dp))))
        for dp in (-20.0, -30.0, -40.0, -50.0, -60.0)]
    assert np.all(np.diff(totals) > 0)


def test_moisture_balance_hand_calculation() -> None:
    params = dr.DryRoomParameters(internal_moisture_kg_per_h=0.0)
    loads = dr.dry_room_loads_w(8.0, 50.0, params)  # below the coil: no condensation
    m_air = dr.fresh_air_mass_flow_kg_per_s(params)
    expected = m_air * (humidity_ratio_kg_per_kg(8.0, 50.0)
                        - humidity_ratio_kg_per_kg(-40.0, 100.0))
    assert loads["moisture_removed_kg_per_s"] == pytest.approx(expected, rel=1e-12)
    assert loads["regeneration"] == pytest.approx(expected * 6000e3, rel=1e-12)
    assert loads["precooling"] == 0.0


def test_precooling_coil_condenses_humid_air() -> None:
    params = dr.DryRoomParameters()
    humid = dr.dry_room_loads_w(32.0, 80.0, params)
    w_coil = humidity_ratio_kg_per_kg(10.0, 100.0)
    m_air = dr.fresh_air_mass_flow_kg_per_s(params)
    assert humid["moisture_removed_kg_per_s"] == pytest.approx(
        m_air * (w_coil - humidity_ratio_kg_per_kg(-40.0, 100.0)) + 1.0 / 3600.0)
    assert humid["precooling"] > 0


def test_cold_outdoor_air_needs_post_heating_hot_air_post_cooling() -> None:
    params = dr.DryRoomParameters()
    assert dr.dry_room_loads_w(-10.0, 80.0, params)["post_heating"] > 0
    assert dr.dry_room_loads_w(35.0, 40.0, params)["post_cooling"] > 0


def test_carriers_follow_regeneration_carrier() -> None:
    heat = dr.dry_room_energy_kwh(3600.0, 20.0, 60.0, dr.DryRoomParameters())
    electric = dr.dry_room_energy_kwh(
        3600.0, 20.0, 60.0, dr.DryRoomParameters(regeneration_carrier="electricity"))
    assert electric["electricity"] > heat["electricity"]
    assert electric["heat"] < heat["heat"]


def test_dew_point_target_above_room_temperature_is_rejected() -> None:
    with pytest.raises(ValueError, match="dew_point_target_c"):
        dr.DryRoomParameters(room_temperature_c=22.0, dew_point_target_c=25.0)


@pytest.mark.parametrize("eta", [-0.1, 0.0, 1.5])
def test_bad_efficiencies_are_rejected(eta: float) -> None:
    with pytest.raises(ValueError, match="fan_efficiency"):
        dr.DryRoomParameters(fan_efficiency=eta)


def test_out_of_range_outdoor_humidity_is_rejected() -> None:
    with pytest.raises(ValueError, match="outdoor_relative_humidity_pct"):
        dr.dry_room_loads_w(20.0, 120.0, dr.DryRoomParameters())


def test_unknown_climate_is_rejected_with_known_names() -> None:
    with pytest.raises(ValueError, match="central_europe"):
        dr.climate_profile("atlantis", np.arange(24))


def test_climate_profiles_are_physical_and_ordered() -> None:
    hours = np.arange(8760)
    means = {}
    for name in dr.CLIMATES:
        t, rh = dr.climate_profile(name, hours)
        assert t.shape == rh.shape == (8760,)
        assert np.all((rh > 0) & (rh <= 100.0))
        means[name] = (t.mean(), humidity_ratio_kg_per_kg(t, rh).mean())
    assert means["nordic"][0] < means["central_europe"][0] < means["us_southwest"][0]
    # humid subtropics carry the most water, the desert the least relative to its heat
    assert means["east_asia_humid"][1] > means["central_europe"][1] > means["nordic"][1]


def test_daily_cycle_keeps_vapour_pressure() -> None:
    t, rh = dr.climate_profile("central_europe", np.arange(4344, 4368))  # a day in July
    w = humidity_ratio_kg_per_kg(t, rh)
    np.testing.assert_allclose(w, w[0], rtol=1e-9)
    assert t.argmax() == 15


def test_humid_climate_costs_more_than_nordic() -> None:
    params = dr.DryRoomParameters()
    year = {}
    for name in ("nordic", "east_asia_humid"):
        t, rh = dr.climate_profile(name, np.arange(8760))
        year[name] = float(_total_kwh(dr.dry_room_energy_kwh(3600.0, t, rh, params)).sum())
    assert year["east_asia_humid"] > year["nordic"]


def test_allocation_by_area_and_time() -> None:
    assert dr.allocate_by_floor_area(100.0, 300.0, 1500.0) == pytest.approx(20.0)
    np.testing.assert_allclose(dr.allocate_by_time([10.0, 10.0], [1800.0, 3600.0], 3600.0),
                               [5.0, 10.0])
    with pytest.raises(ValueError, match="line_floor_area_m2"):
        dr.allocate_by_floor_area(100.0, 2000.0, 1500.0)
    with pytest.raises(ValueError, match="line_time_s"):
        dr.allocate_by_time(10.0, 4000.0, 3600.0)


def test_internal_heat_first_replaces_post_heating_then_needs_post_cooling() -> None:
    params = dr.DryRoomParameters()
    base = dr.dry_room_loads_w(5.0, 70.0, params)
    need = float(base["post_heating"])
    assert need > 0 and base["post_cooling"] == 0.0
    half = dr.dry_room_loads_w(5.0, 70.0, params, internal_heat_gain_w=need / 2)
    assert half["post_heating"] == pytest.approx(need / 2) and half["post_cooling"] == 0.0
    over = dr.dry_room_loads_w(5.0, 70.0, params, internal_heat_gain_w=need + 1e4)
    assert over["post_heating"] == 0.0 and over["post_cooling"] == pytest.approx(1e4)
    with pytest.raises(ValueError, match="internal_heat_gain_w"):
        dr.dry_room_loads_w(5.0, 70.0, params, internal_heat_gain_w=-1.0)


def test_mean_energy_over_a_climate_year_is_exact_for_every_gain() -> None:
    params = dr.DryRoomParameters()
    t, rh = dr.climate_profile("central_europe", np.arange(8760) + 0.5)
    gains = np.array([0.0, 3e4, 1.5e5, 6e5])
    mean = dr.mean_dry_room_energy_kwh(3600.0, t, rh, params, gains)
    for i, gain in enumerate(gains):
        brute = dr.dry_room_energy_kwh(3600.0, t, rh, params, gain)
        for carrier, values in brute.items():
            assert mean[carrier][i] == pytest.approx(float(np.mean(values)), rel=1e-9)
