"""Calendering: porosity under line load, thickness, springback and web stress.

References
----------
.. [meyer2017] C. Meyer, H. Bockholt, W. Haselrieder, A. Kwade, "Characterization of the
   calendering process for compaction of electrodes for lithium-ion batteries",
   J. Mater. Process. Technol. 249 (2017) 172, doi:10.1016/j.jmatprotec.2017.05.031
.. [weibull1951] W. Weibull, "A statistical distribution function of wide applicability",
   J. Appl. Mech. 18 (1951) 293 (weakest-link failure of a long specimen).
.. [german2014] R. M. German, "Coordination number changes during powder densification",
   Powder Technol. 253 (2014) 368, doi:10.1016/j.powtec.2013.12.005 (broader size
   distributions pack denser).
.. [horst2024] Horst, …, Kwade, Powder Technol. 2024, doi:10.1016/j.powtec.2024.120451
   (dry-film porosity predictable from uniaxial compression of the dough; material and
   PSD set how a film compacts).
.. [jmca2025] J. Mater. Chem. A 13 (2025) 18283, doi:10.1039/d5ta01950h (above ≈2 wt%
   PTFE: harder compaction, blocked pores, cracked NMC622).
.. [us2021_0320288] US 2021/0320288 A1: differential-speed calender for dry film, roll
   speed ratio 10:9 to 10:1, preferred ≈2:1.
.. [roberts1978] W. L. Roberts, "Cold Rolling of Steel", Marcel Dekker (1978), ch. 6: the
   gaugemeter equation h = S + F/M of a rolling stand of mill modulus M (the stand springs
   open under the rolling force).
.. [duquesnoy2020] M. Duquesnoy, T. Lombardo, M. Chouchane, E. N. Primo, A. A. Franco,
   "Data-driven assessment of electrode calendering process by combining experimental
   results, in silico mesostructures generation and machine learning", J. Power Sources
   480 (2020) 229103, doi:10.1016/j.jpowsour.2020.229103 (NMC cathodes calendered at roll
   gaps of 1–100 µm end 140–180 µm thick: the stand opens).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class CalenderingParameters:
    """Coefficients of the compaction law and of web failure.

    Attributes
    ----------
    span_packing_coefficient : float
        Drop of ε_min per unit of PSD span (d90 − d10)/d50 above 1 [-] (assumption,
        0.02–0.08; direction from [german2014]).
    size_exponent : float
        γ_c ∝ (d50/10 µm)^b; finer powders resist compaction more (assumption, b −0.5–0).
    thermal_softening_k : float
        γ_c ∝ exp(−(T_roll − 25 °C)/T_s): warm rolls soften the binder (assumption,
        T_s 100–300 K).
    pass_gain : float
        Extra effective load per additional pass at the same load, q_eff = q·(1 + g·ln n)
        (assumption, 0.05–0.3).
    springback_fraction : float
        Elastic thickness recovery after the nip [-] (2–8 %, REFERENCES.md [A]).
    initial_porosity : float
        Porosity of the uncompacted dough sheet or deposited powder [-] (assumption,
        0.45–0.65).
    min_porosity_offset : float
        Shift of ε_min from the library material's value for a plant's recipe [-]
        (0: the library; fitted to a plant's or a paper's data, e.g.
        ``examples/published/duquesnoy2020_calendering``; range −0.2–0.2).
    """

    span_packing_coefficient: float = field(default=0.04, metadata={"min": 0.0, "max": 0.5})
    size_exponent: float = field(default=-0.3, metadata={"min": -3.0, "max": 3.0})
    thermal_softening_k: float = field(default=150.0, metadata={"min": 10.0, "max": 1e4})
    pass_gain: float = field(default=0.15, metadata={"min": 0.0, "max": 2.0})
    springback_fraction: float = field(default=0.04, metadata={"min": 0.0, "max": 0.5})
    initial_porosity: float = field(default=0.55, metadata={"min": 0.2, "max": 0.9})
    min_porosity_offset: float = field(default=0.0, metadata={"min": -0.2, "max": 0.2})


def psd_span(d10_um: ArrayLike, d50_um: ArrayLike, d90_um: ArrayLike) -> FloatArray:
    """Span of a particle size distribution (d90 − d10)/d50 [-]."""
    return (np.asarray(d90_um, dtype=float) - np.asarray(d10_um, dtype=float)) / np.asarray(
        d50_um, dtype=float)


def minimum_porosity(material_min_porosity: float, span: ArrayLike,
                     params: CalenderingParameters = CalenderingParameters()) -> FloatArray:
    """Meyer/Kwade ε_min of a coating whose PSD has ``span`` [-].

    Notes
    -----
    ε_min = ε_min,mat − c·(span − 1) + Δε_min, clipped to 0.05–0.5: fines fill the voids
    between coarse particles; Δε_min is the plant's recipe offset (0 by default).
    """
    value = material_min_porosity - params.span_packing_coefficient * (
        np.asarray(span, dtype=float) - 1.0) + params.min_porosity_offset
    return np.clip(value, 0.05, 0.5)


def compaction_resistance_n_per_mm(
    material_resistance_n_per_mm: float, d50_um: ArrayLike, roll_temperature_c: ArrayLike,
    params: CalenderingParameters = CalenderingParameters(),
) -> FloatArray:
    """Compaction resistance γ_c at a particle size and roll temperature [N/mm].

    Notes
    -----
    γ_c = γ_c,mat·(d50/10 µm)^b·exp(−(T − 25 °C)/T_s) (assumption; see parameters).
    """
    size = (np.asarray(d50_um, dtype=float) / 10.0) ** params.size_exponent
    thermal = np.exp(-(np.asarray(roll_temperature_c, dtype=float) - 25.0)
                     / params.thermal_softening_k)
    return material_resistance_n_per_mm * size * thermal


def porosity_at_line_load(line_load_n_per_mm: ArrayLike, min_porosity: ArrayLike,
                          compaction_resistance: ArrayLike, passes: ArrayLike = 1,
                          params: CalenderingParameters = CalenderingParameters()) -> FloatArray:
    """Porosity in the nip after calendering at a line load [-].

    Parameters
    ----------
    line_load_n_per_mm : array_like
        Line load q_L [N/mm].
    min_porosity : array_like
        ε_min [-].
    compaction_resistance : array_like
        γ_c [N/mm].
    passes : array_like
        Number of passes at that load [-].

    Notes
    -----
    ε(q_L) = ε_min + (ε0 − ε_min)·exp(−q_eff/γ_c), q_eff = q_L·(1 + g·ln n) [meyer2017].
    """
    q_eff = np.asarray(line_load_n_per_mm, dtype=float) * (
        1.0 + params.pass_gain * np.log(np.asarray(passes, dtype=float)))
    eps_min = np.asarray(min_porosity, dtype=float)
    return eps_min + (params.initial_porosity - eps_min) * np.exp(-q_eff / compaction_resistance)


def porosity_after_springback(nip_porosity: ArrayLike,
                              springback_fraction: ArrayLike | None = None,
                              params: CalenderingParameters = CalenderingParameters()
                              ) -> FloatArray:
    """Porosity after the film relaxes elastically out of the nip [-].

    Notes
    -----
    Solid volume is conserved: (1 − ε) = (1 − ε_nip)/(1 + s).
    """
    s = params.springback_fraction if springback_fraction is None else springback_fraction
    return 1.0 - (1.0 - np.asarray(nip_porosity, dtype=float)) / (1.0 + np.asarray(s))


def thickness_m(loading_kg_per_m2: ArrayLike, solid_density_kg_per_m3: ArrayLike,
                porosity: ArrayLike) -> FloatArray:
    """Coating thickness h = m_A/(ρ_s·(1 − ε)) [m].

    Parameters
    ----------
    loading_kg_per_m2 : array_like
        Areal mass of the coating (one side) [kg/m^2].
    solid_density_kg_per_m3 : array_like
        Pore-free composite density [kg/m^3].
    porosity : array_like
        Porosity [-].
    """
    return np.asarray(loading_kg_per_m2, dtype=float) / (
        np.asarray(solid_density_kg_per_m3, dtype=float) * (1.0 - np.asarray(porosity, dtype=float)))


def web_stress_mpa(tension_n_per_m: ArrayLike, film_thickness_m: ArrayLike) -> FloatArray:
    """Tensile stress in a free-standing film under web tension σ = T/h [MPa]."""
    return np.asarray(tension_n_per_m, dtype=float) / np.asarray(film_thickness_m, dtype=float) / 1e6


@dataclass(frozen=True)
class WebFailureParameters:
    """Weakest-link coefficients of web breaks and edge cracks.

    Attributes
    ----------
    reference_stress_ratio : float
        Stress-to-strength ratio at which the reference rates apply [-].
    break_rate_per_km_at_reference : float
        Web breaks per km of free-standing film at the reference ratio [1/km]
        (assumption, 0.002–0.05: one break per 20–500 km).
    edge_crack_rate_per_m_at_reference : float
        Edge cracks per metre at the reference ratio [1/m] (assumption, 1e-4–1e-2).
    weibull_modulus : float
        Weibull modulus m of film strength [-] (assumption, 3–12; brittle particulate
        films scatter widely).
    max_break_rate_per_m : float
        Model limit: a film that cannot hold together breaks about once per metre [1/m].
    edge_crack_scrap_m : float
        Length cut out of the electrode at an edge crack [m] (assumption, 0.5–5).
    foil_break_rate_per_km : float
        Breaks of a coated foil web (DPSD, slurry), independent of the coating [1/km]
        (assumption, 0.0005–0.01).
    """

    reference_stress_ratio: float = field(default=0.15, metadata={"min": 0.01, "max": 1.0})
    break_rate_per_km_at_reference: float = field(default=0.01, metadata={"min": 0.0, "max": 10.0})
    edge_crack_rate_per_m_at_reference: float = field(default=5e-4, metadata={"min": 0.0, "max": 1.0})
    weibull_modulus: float = field(default=4.0, metadata={"min": 1.0, "max": 30.0})
    max_break_rate_per_m: float = field(default=1.0, metadata={"min": 0.0, "max": 10.0})
    foil_break_rate_per_km: float = field(default=0.002, metadata={"min": 0.0, "max": 10.0})
    edge_crack_scrap_m: float = field(default=1.0, metadata={"min": 0.0, "max": 100.0})


def _weakest_link_factor(stress_mpa: ArrayLike, strength_mpa: ArrayLike,
                         params: WebFailureParameters) -> FloatArray:
    ratio = np.asarray(stress_mpa, dtype=float) / np.maximum(
        np.asarray(strength_mpa, dtype=float), 1e-6)
    return (ratio / params.reference_stress_ratio) ** params.weibull_modulus


def web_break_rate_per_m(stress_mpa: ArrayLike, strength_mpa: ArrayLike,
                         params: WebFailureParameters = WebFailureParameters()) -> FloatArray:
    """Hazard of a web break per metre of free-standing film [1/m].

    Notes
    -----
    Weakest link [weibull1951]: λ = λ_ref·((σ/σ_f)/r_ref)^m, so a weak (cold, under-
    fibrillated) film breaks far more often under the same tension; capped at
    ``max_break_rate_per_m`` for a film with no strength left.
    """
    rate = params.break_rate_per_km_at_reference / 1000.0 * _weakest_link_factor(
        stress_mpa, strength_mpa, params)
    return np.minimum(rate, params.max_break_rate_per_m)


def edge_crack_probability(stress_mpa: ArrayLike, strength_mpa: ArrayLike,
                           segment_length_m: float,
                           params: WebFailureParameters = WebFailureParameters()) -> FloatArray:
    """Probability that a segment of film carries an edge crack [-].

    Notes
    -----
    P = 1 − exp(−λ_edge·L_seg), λ_edge with the same weakest-link scaling as breaks.
    """
    rate = params.edge_crack_rate_per_m_at_reference * _weakest_link_factor(
        stress_mpa, strength_mpa, params)
    return -np.expm1(-rate * segment_length_m)


# --------------------------------------------------------------------------- binder, loading, gap


@dataclass(frozen=True)
class BinderCompactionParameters:
    """How the binder fraction, the local loading and the calender's control act on porosity.

    Attributes
    ----------
    reference_binder_fraction : float
        Binder fraction at which the material's ε_min and γ_c apply [-] (0.02).
    min_porosity_per_wt_pct : float
        Rise of ε_min per wt% binder: the elastic fibril network props the particle bed
        open (assumption, 0.001–0.01; film porosity follows uniaxial compression of the
        dough [horst2024]).
    agglomerate_min_porosity_per_wt_pct : float
        Further rise of ε_min per wt% of agglomerated binder above the fibrillation
        threshold: incompressible PTFE lumps bridge the bed (assumption, 0.003–0.03;
        "harder compaction, blocked pores above ≈2 wt%" [jmca2025]).
    resistance_per_wt_pct : float
        Relative rise of γ_c per wt% binder (assumption, 0.02–0.3 [jmca2025]).
    max_slip_energy_kj_per_kg : float
        Shear work per pass put into the film by rolls at full slip (speed ratio → ∞)
        [kJ/kg] (assumption, 2–30; differential-speed calenders for dry film run
        10:9 to 10:1, preferred ≈2:1 [us2021_0320288]).
    """

    reference_binder_fraction: float = 0.02
    min_porosity_per_wt_pct: float = 0.002
    agglomerate_min_porosity_per_wt_pct: float = 0.008
    resistance_per_wt_pct: float = 0.05
    max_slip_energy_kj_per_kg: float = 8.0


def binder_min_porosity_shift(binder_mass_fraction: ArrayLike, agglomerated_fraction: ArrayLike,
                              params: BinderCompactionParameters = BinderCompactionParameters()
                              ) -> FloatArray:
    """Δε_min from the binder fraction [-].

    Notes
    -----
    Δε_min = a·(w − w_ref)/0.01 + b·w_agg/0.01 ([horst2024], [jmca2025]; assumption).
    """
    w = np.asarray(binder_mass_fraction, dtype=float)
    return (params.min_porosity_per_wt_pct * (w - params.reference_binder_fraction) / 0.01
            + params.agglomerate_min_porosity_per_wt_pct
            * np.asarray(agglomerated_fraction, dtype=float) / 0.01)


def binder_resistance_factor(binder_mass_fraction: ArrayLike,
                             params: BinderCompactionParameters = BinderCompactionParameters()
                             ) -> FloatArray:
    """Multiplier on γ_c from the binder fraction, max(0.3, 1 + c·(w − w_ref)/0.01) [-]."""
    w = np.asarray(binder_mass_fraction, dtype=float)
    return np.maximum(0.3, 1.0 + params.resistance_per_wt_pct
                      * (w - params.reference_binder_fraction) / 0.01)


def porosity_at_areal_load(line_load_n_per_mm: ArrayLike, loading_kg_per_m2: ArrayLike,
                           reference_loading_kg_per_m2: float, min_porosity: ArrayLike,
                           compaction_resistance: ArrayLike, passes: ArrayLike = 1,
                           params: CalenderingParameters = CalenderingParameters()
                           ) -> FloatArray:
    """Nip porosity of a segment under line-load control [-].

    Notes
    -----
    Meyer et al. scale the compaction resistance with the coating's areal mass: the same
    line load compacts a heavier coating less ([meyer2017]), so
    ε = ε_min + (ε0 − ε_min)·exp(−q_eff·(m_ref/m_A)/γ_c).
    """
    ratio = reference_loading_kg_per_m2 / np.asarray(loading_kg_per_m2, dtype=float)
    return porosity_at_line_load(np.asarray(line_load_n_per_mm, dtype=float) * ratio,
                                 min_porosity, compaction_resistance, passes, params)


def porosity_in_gap(loading_kg_per_m2: ArrayLike, solid_density_kg_per_m3: ArrayLike,
                    gap_m: ArrayLike, min_porosity: ArrayLike) -> FloatArray:
    """Nip porosity of a segment under gap control [-].

    Notes
    -----
    Mass conservation in a fixed gap: ε = 1 − m_A/(ρ_s·h_gap); a segment too heavy to
    reach that thickness above ε_min stays at ε_min (the rolls then yield).
    """
    eps = 1.0 - np.asarray(loading_kg_per_m2, dtype=float) / (
        np.asarray(solid_density_kg_per_m3, dtype=float) * np.asarray(gap_m, dtype=float))
    return np.maximum(eps, np.asarray(min_porosity, dtype=float))


def porosity_in_sprung_gap(loading_kg_per_m2: ArrayLike, solid_density_kg_per_m3: ArrayLike,
                           gap_m: ArrayLike, stand_stiffness_n_per_mm_per_um: ArrayLike,
                           reference_loading_kg_per_m2: float, min_porosity: ArrayLike,
                           compaction_resistance: ArrayLike, passes: ArrayLike = 1,
                           params: CalenderingParameters = CalenderingParameters()
                           ) -> FloatArray:
    """Nip porosity under gap control with a stand that springs open [-].

    Parameters
    ----------
    loading_kg_per_m2 : array_like
        Areal mass of the coating m_A [kg/m^2].
    solid_density_kg_per_m3 : array_like
        Density of the coating's solids ρ_s [kg/m^3].
    gap_m : array_like
        Unloaded roll gap the coating gets, g [m] (roll gap minus the current collector).
    stand_stiffness_n_per_mm_per_um : array_like
        Mill modulus per unit width M [N/mm per µm]: line load per micrometre the stand
        (frame, bearings, roll bending and flattening) opens by.
    reference_loading_kg_per_m2 : float
        Areal mass at which γ_c applies [kg/m^2] (Meyer's areal-mass scaling).
    min_porosity, compaction_resistance : array_like
        ε_min [-] and γ_c [N/mm] of the coating.
    passes : array_like
        Passes at this gap [-].
    params : CalenderingParameters
        ε0 and the pass gain.

    Notes
    -----
    The coating's nip thickness h(ε) = m_A/(ρ_s(1 − ε)) pushes the rolls apart with the
    line load the stand answers, q_L = M·(h − g) for h > g (the gaugemeter equation of
    strip rolling, [roberts1978]), while the coating compacts under that load by Meyer's
    law, ε = ε_min + (ε0 − ε_min)·exp(−q_eff·(m_ref/m_A)/γ_c) [meyer2017]. The nip sits
    where both hold; ε − Meyer(q_L(ε)) rises with ε, so Newton steps kept inside a shrinking
    bracket [ε_min, ε0] (bisection where a step would leave it) find it.
    A stiff stand (M → ∞) gives the rigid gap, ε = 1 − m_A/(ρ_s·g) (floored at ε_min); a
    soft one leaves the coating far thicker than the gap, as lab calenders do
    [duquesnoy2020].
    """
    m = np.asarray(loading_kg_per_m2, dtype=float)
    rho = np.asarray(solid_density_kg_per_m3, dtype=float)
    gap_um = np.asarray(gap_m, dtype=float) * 1e6
    stiffness = np.asarray(stand_stiffness_n_per_mm_per_um, dtype=float)
    eps_min = np.asarray(min_porosity, dtype=float)
    eps0 = np.maximum(params.initial_porosity, eps_min)
    # q_eff/γ_c per N/mm of line load: passes and Meyer's areal-mass scaling
    per_load = ((1.0 + params.pass_gain * np.log(np.asarray(passes, dtype=float)))
                * reference_loading_kg_per_m2 / m / np.asarray(compaction_resistance, dtype=float))
    solid_um = m / rho * 1e6
    shape = np.broadcast(m, rho, gap_um, stiffness, eps_min).shape
    low = np.broadcast_to(eps_min, shape).astype(float)
    high = np.broadcast_to(eps0, shape).astype(float)
    eps = high.copy()
    # f(ε) = ε − ε_min − (ε0 − ε_min)·exp(−M·(h(ε) − g)·c) rises with ε: Newton steps kept
    # inside the bracket [low, high], bisection where a step would leave it
    for _ in range(60):
        opening_um = solid_um / (1.0 - eps) - gap_um
        decay = np.exp(-stiffness * np.maximum(opening_um, 0.0) * per_load)
        f = eps - eps_min - (eps0 - eps_min) * decay
        high = np.where(f > 0.0, eps, high)
        low = np.where(f > 0.0, low, eps)
        slope = 1.0 + np.where(opening_um > 0.0, (eps0 - eps_min) * decay * stiffness
                               * per_load * solid_um / (1.0 - eps) ** 2, 0.0)
        newton = eps - f / slope
        done = (high - low < 1e-12) | (np.abs(f) < 1e-14)
        inside = (newton > low) & (newton < high)
        eps = np.where(done, eps, np.where(inside, newton, 0.5 * (low + high)))
        if np.all(done):
            break
    return eps


def roll_slip_energy_kj_per_kg(roll_speed_ratio: ArrayLike, passes: ArrayLike,
                               params: BinderCompactionParameters = BinderCompactionParameters()
                               ) -> FloatArray:
    """Shear work a differential-speed calender puts into the film [kJ/kg].

    Notes
    -----
    E = E_slip·(1 − 1/r)·n: the fast roll slides over the film by (1 − 1/r) of its
    contact length per pass, the work scaling with that slip; r = 1 (equal speeds)
    adds nothing ([us2021_0320288]; E_slip an assumption).
    """
    r = np.maximum(np.asarray(roll_speed_ratio, dtype=float), 1.0)
    return params.max_slip_energy_kj_per_kg * (1.0 - 1.0 / r) * np.asarray(passes, dtype=float)


@dataclass(frozen=True)
class WebDynamicsParameters:
    """Dynamic tension of a free-standing film at speed.

    Attributes
    ----------
    reference_speed_m_per_min : float
        Speed at which the amplification applies [m/min].
    tension_amplification_at_reference : float
        Peak tension over set tension, minus one, at the reference speed [-]
        (assumption, 0.05–1: roll run-out, drive and dancer response excite tension
        disturbances whose amplitude grows with the web's kinetic energy, ∝ v²).
    """

    reference_speed_m_per_min: float = 60.0
    tension_amplification_at_reference: float = 0.25


def peak_tension_n_per_m(set_tension_n_per_m: ArrayLike, speed_m_per_s: ArrayLike,
                         params: WebDynamicsParameters = WebDynamicsParameters()) -> FloatArray:
    """Peak web tension at speed, T·(1 + a·(v/v_ref)²) [N/m] (assumption, see parameters)."""
    ratio = np.asarray(speed_m_per_s, dtype=float) * 60.0 / params.reference_speed_m_per_min
    return np.asarray(set_tension_n_per_m, dtype=float) * (
        1.0 + params.tension_amplification_at_reference * ratio ** 2)
