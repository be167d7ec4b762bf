"""Station energy, bookkeeping and cell-energy normalisation (whole runs: test_energy_accounting)."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import energy as en
from process_models import slurry as sl


def test_station_energy_is_idle_plus_specific_times_mass() -> None:
    params = en.StationPowerParameters(idle_power_w=2000.0, specific_energy_j_per_kg=36e3)
    out = en.station_energy_kwh([3600.0, 0.0], [0.0, 1800.0], [100.0, 0.0], params)
    # running hour: 2 kWh idle + 100 kg · 0.01 kWh/kg; idle half hour: 1 kWh
    np.testing.assert_allclose(out["electricity"], [3.0, 1.0], rtol=1e-12)


def test_station_energy_rejects_negative_time() -> None:
    with pytest.raises(ValueError, match="running_s"):
        en.station_energy_kwh(-1.0, 0.0, 0.0, en.StationPowerParameters(100.0))


def test_unknown_carrier_is_rejected() -> None:
    with pytest.raises(ValueError, match="carrier"):
        en.StationPowerParameters(100.0, carrier="steam")


@pytest.mark.parametrize("value", [-0.1, 0.0, 1.2])
def test_efficiencies_outside_zero_one_are_rejected(value: float) -> None:
    with pytest.raises(ValueError, match="drive_efficiency"):
        en.ShearFibrillatorParameters(drive_efficiency=value)
    with pytest.raises(ValueError, match="fan_efficiency"):
        en.fan_power_w(1.0, 1000.0, value)


def test_roll_heat_loss_matches_hand_calculation() -> None:
    params = en.HeatedRollParameters(diameter_m=0.5, face_length_m=1.0, roll_count=1,
                                     exposed_surface_fraction=1.0, emissivity=0.2,
                                     convection_coefficient_w_per_m2_k=10.0)
    t_s, t_inf = 150.0 + 273.15, 20.0 + 273.15
    flux = 10.0 * 130.0 + 0.2 * 5.670374419e-8 * (t_s**4 - t_inf**4)
    expected = np.pi * 0.5 * 1.0 * flux
    assert en.roll_surface_heat_loss_w(150.0, 20.0, params) == pytest.approx(expected, rel=1e-12)


def test_roll_heat_loss_rises_with_roll_temperature_and_vanishes_when_cold() -> None:
    params = en.HeatedRollParameters()
    losses = en.roll_surface_heat_loss_w([20.0, 80.0, 150.0, 200.0], 20.0, params)
    assert losses[0] == 0.0
    assert np.all(np.diff(losses) > 0)
    assert en.roll_surface_heat_loss_w(15.0, 20.0, params) == 0.0


def test_heated_roll_web_heat_only_while_running() -> None:
    params = en.HeatedRollParameters()
    idle = en.heated_roll_energy_kwh(0.0, 3600.0, 150.0, 20.0, 0.5, params)["electricity"]
    run = en.heated_roll_energy_kwh(3600.0, 0.0, 150.0, 20.0, 0.5, params)["electricity"]
    web_kwh = 0.5 * 800.0 * 0.7 * 130.0 * 3600.0 / 0.95 / 3.6e6
    assert run - idle == pytest.approx(web_kwh, rel=1e-9)


def test_jet_mill_splits_compressed_air_and_electricity() -> None:
    params = en.JetMillParameters(specific_air_nm3_per_kg=3.0, idle_power_w=3600.0)
    out = en.jet_mill_energy_kwh(1000.0, 0.0, 100.0, params)
    assert out["compressed_air"] == pytest.approx(100.0 * 3.0 * 0.11)
    assert out["electricity"] == pytest.approx(1.0)


def test_compressed_air_specific_energy_is_bounded() -> None:
    with pytest.raises(ValueError, match="specific_energy_kwh_per_nm3"):
        en.CompressedAirParameters(specific_energy_kwh_per_nm3=-0.1)


def test_calender_drive_power_follows_rolling_theory() -> None:
    params = en.CalenderDriveParameters(roll_radius_m=0.3, lever_arm_ratio=0.5,
                                        drive_efficiency=1.0)
    power = en.calender_drive_power_w(1e6, 1.0, 1.0, 30e-6, params)
    assert power == pytest.approx(2.0 * 1e6 * 0.5 * np.sqrt(30e-6 / 0.3), rel=1e-12)
    # doubling speed doubles power; more reduction costs more
    assert en.calender_drive_power_w(1e6, 1.0, 2.0, 30e-6, params) == pytest.approx(2 * power)
    assert en.calender_drive_power_w(1e6, 1.0, 1.0, 60e-6, params) > power


def test_spray_booth_runs_fan_when_idle_and_gas_with_powder() -> None:
    params = en.SprayBoothParameters()
    idle = en.spray_booth_energy_kwh(0.0, 3600.0, 0.0, params)
    run = en.spray_booth_energy_kwh(3600.0, 0.0, 100.0, params)
    fan_kwh = 1.5 * 2000.0 / 0.65 / 1000.0
    assert idle["electricity"] == pytest.approx(fan_kwh + 2.0)
    assert idle["compressed_air"] == 0.0
    assert run["compressed_air"] == pytest.approx(100.0 * 0.5 * 0.11)
    assert run["electricity"] == pytest.approx(fan_kwh + 2.0 + 8 * 60.0 / 1000.0)


def test_station_functions_are_vectorised_over_intervals() -> None:
    n = 1000
    rng = np.random.default_rng(1)
    run_s, idle_s = rng.uniform(0, 600, n), rng.uniform(0, 600, n)
    roll_c, hall_c = rng.uniform(60, 180, n), rng.uniform(15, 30, n)
    flow = rng.uniform(0.1, 1.0, n)
    vector = en.heated_roll_energy_kwh(run_s, idle_s, roll_c, hall_c, flow,
                                       en.HeatedRollParameters())["electricity"]
    scalar = [float(en.heated_roll_energy_kwh(a, b, c, d, e, en.HeatedRollParameters())
                    ["electricity"]) for a, b, c, d, e in zip(run_s, idle_s, roll_c, hall_c, flow,
                                                              strict=True)]
    assert vector.shape == (n,)
    np.testing.assert_allclose(vector, scalar, rtol=1e-12)


def test_breakdown_by_stage_and_by_carrier_add_up_to_total() -> None:
    run_s, idle_s = np.array([3000.0, 0.0]), np.array([600.0, 900.0])
    breakdown = en.EnergyBreakdown.from_stages({
        "fibrillation": en.jet_mill_energy_kwh(run_s, idle_s, [200.0, 0.0],
                                               en.JetMillParameters()),
        "lamination": en.heated_roll_energy_kwh(run_s, idle_s, 150.0, 22.0, 0.3,
                                                en.HeatedRollParameters()),
    })
    total = breakdown.total_kwh()
    assert sum(breakdown.by_stage().values()) == pytest.approx(total, rel=1e-12)
    assert sum(breakdown.by_carrier().values()) == pytest.approx(total, rel=1e-12)
    assert set(breakdown.by_carrier()) == {"compressed_air", "electricity"}
    assert total > 0


def test_breakdown_from_stages_sums_interval_arrays() -> None:
    b = en.EnergyBreakdown.from_stages({"a": {"electricity": np.array([1.0, 2.0])},
                                        "b": {"heat": np.array([0.5]),
                                              "electricity": np.array([0.25])}})
    assert b.by_stage() == {"a": 3.0, "b": 0.75}
    assert b.by_carrier() == {"electricity": 3.25, "heat": 0.5}
    assert (b + b).total_kwh() == pytest.approx(7.5)
    assert b.without("a").total_kwh() == pytest.approx(0.75)


def test_co2_uses_carrier_factors() -> None:
    b = en.EnergyBreakdown({("drying", "heat"): 10.0, ("drying", "electricity"): 2.0,
                            ("fibrillation", "compressed_air"): 1.0})
    factors = en.CarrierEmissionFactors(electricity_kg_per_kwh=0.4, heat_kg_per_kwh=0.2)
    co2 = en.co2_kg(b, factors)
    assert co2["drying"] == pytest.approx(10 * 0.2 + 2 * 0.4)
    assert co2["fibrillation"] == pytest.approx(0.4)


def test_cell_energy_from_areal_capacity() -> None:
    # 25 mg/cm², 96 % NMC811 at 195 mAh/g → 4.68 mAh/cm²; at 3.65 V that is 0.1708 kWh/m²
    capacity = en.areal_capacity_mah_per_cm2(0.25, 0.96, 195.0)
    assert capacity == pytest.approx(4.68)
    assert en.cell_energy_kwh(1.0, capacity, 3.65) == pytest.approx(0.170820)
    assert en.cell_energy_kwh(100.0, capacity, 3.65) == pytest.approx(17.082)


def test_cell_energy_rejects_zero_capacity() -> None:
    with pytest.raises(ValueError, match="areal_capacity"):
        en.cell_energy_kwh(1.0, 0.0, 3.65)


def test_dry_and_wet_mixers_share_one_drive_rule() -> None:
    """Shaft work over the drive efficiency plus idle power, for powder and slurry alike."""
    params = en.MixerParameters(idle_power_w=3600.0, specific_work_kj_per_kg=36.0,
                                drive_efficiency=0.8)
    dry = en.mixer_energy_kwh(3600.0, 0.0, 100.0, params)["electricity"]
    assert dry == pytest.approx(3.6 + 100.0 * 0.01 / 0.8)  # 3.6 kW for 1 h; 1 kWh of work
    # the slurry mixer works on the slurry: 70 kg solids at 70 % solids are 100 kg
    wet = sl.slurry_mixing_energy_kwh(3600.0, 0.0, 70.0, 0.7, params)["electricity"]
    assert wet == pytest.approx(dry, rel=1e-12)
    with pytest.raises(ValueError, match="drive_efficiency"):
        en.MixerParameters(3000.0, 20.0, drive_efficiency=0.0)


def test_a_warm_web_needs_less_nip_heat() -> None:
    params = en.HeatedRollParameters()
    cold = en.heated_roll_energy_kwh(3600.0, 0.0, 150.0, 20.0, 0.5, params)["electricity"]
    warm = en.heated_roll_energy_kwh(3600.0, 0.0, 150.0, 20.0, 0.5, params,
                                     web_inlet_temperature_c=85.0)["electricity"]
    # the web heat falls with the inlet lift (150 - 85 instead of 150 - 20); losses stay
    assert cold - warm == pytest.approx(0.5 * 800.0 * 0.7 * 65.0 * 3600.0 / 0.95 / 3.6e6,
                                        rel=1e-9)
