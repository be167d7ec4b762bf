"""Slurry cracking limit (seed Eq. 1)."""

from __future__ import annotations

import numpy as np
import pytest

from process_models import cracking as ck


def test_hand_value_of_equation_1():
    # G = 1 GPa, R = 1 µm, γ = 0.05 N/m, M = 6, φ = 0.64
    h = ck.critical_cracking_thickness_m(1e9, 1e-6, 0.05)
    expected = 0.41 * np.sqrt(1e9 * 6 * 0.64 * 1e-18 / 0.1)
    assert float(h) == pytest.approx(expected, rel=1e-12)


def test_scaling_with_radius_and_surface_tension():
    radius = np.array([1e-7, 1e-6, 1e-5])
    h = ck.cracking_limit_for_material_m("LFP", radius, "NMP")
    np.testing.assert_allclose(h[1:] / h[:-1], 10**1.5, rtol=1e-12)
    water = ck.cracking_limit_for_material_m("LFP", 1e-6, "water")
    nmp = ck.cracking_limit_for_material_m("LFP", 1e-6, "NMP")
    assert float(water / nmp) == pytest.approx(np.sqrt(0.0407 / 0.07197), rel=1e-9)


def test_nano_lfp_from_water_is_limited_where_dry_is_not():
    h_max = ck.cracking_limit_for_material_m("LFP", 50e-9, "water")
    assert 1e-6 < float(h_max) < 20e-6
    assert bool(ck.only_dry_reaches(100e-6, h_max))
    assert not bool(ck.only_dry_reaches(100e-6, ck.cracking_limit_for_material_m("NMC811", 5e-6)))


def test_unknown_names_are_listed():
    with pytest.raises(KeyError, match="known"):
        ck.cracking_limit_for_material_m("NMC811", 5e-6, "acetone")
    with pytest.raises(KeyError, match="known"):
        ck.cracking_limit_for_material_m("unobtainium", 5e-6)
