"""What the positive electrode discharges against: separator, negative electrode, kinetics.

A cathode's rate capability is a property of the cell it sits in: salt the separator and
the negative electrode hold (and take up during discharge) and the negative electrode's
own solid diffusion shape it as much as the cathode itself does. :class:`CellContext` is
that rest of the cell; :class:`CathodeElectrochemistry` the cathode material's exchange
current density and voltage margin, which set how much polarisation the discharge can take
before the cut-off.

All fields accept arrays that broadcast (one value per coil or per design).

References
----------
.. [chen2020] C.-H. Chen et al., J. Electrochem. Soc. 167 (2020) 080534,
   doi:10.1149/1945-7111/ab9050 (LG M50: separator 12 µm, ε 0.47; graphite–SiOx anode
   ε 0.25, particle radius 5.86 µm, solid diffusivity 3.3e-14 m^2/s; NMC811 exchange
   current density and open-circuit potentials, via PyBaMM).
.. [prada2013] E. Prada et al., J. Electrochem. Soc. 160 (2013) A616,
   doi:10.1149/2.053304jes (LFP, via PyBaMM).
.. [kim2011] G.-H. Kim, K. Smith, K.-J. Lee, S. Santhanagopalan, A. Pesaran, "Multi-Domain
   Modeling of Lithium-Ion Batteries Encompassing Multi-Physics in Varied Length Scales",
   J. Electrochem. Soc. 158 (2011) A955, doi:10.1149/1.3597614 (NCA, via PyBaMM).
.. [marquis2019] S. G. Marquis et al., J. Electrochem. Soc. 166 (2019) A3693,
   doi:10.1149/2.0341915jes (LCO, via PyBaMM).
.. [oregan2022] K. O'Regan, F. Brosa Planella, W. D. Widanage, E. Kendrick,
   "Thermal-electrochemical parameters of a high energy lithium-ion cylindrical battery",
   Electrochim. Acta 425 (2022) 140700 (graphite diffusivity against stoichiometry, via
   PyBaMM's ORegan2022).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class CellContext:
    """Separator and negative electrode of the cell the cathode is rated in.

    Defaults: the LG M50 (Chen2020) separator and graphite–SiOx anode at N/P 1.2, the
    cathode-limited cell of the DFN reference table.

    Attributes
    ----------
    separator_thickness_m : array_like
        Separator thickness [m].
    separator_porosity : array_like
        Separator porosity [-].
    separator_tortuosity : array_like or None
        Separator tortuosity factor [-]; None: Bruggeman ε^-0.5.
    anode_porosity : array_like
        Negative electrode porosity [-].
    anode_tortuosity : array_like or None
        Negative electrode tortuosity factor [-]; None: Bruggeman ε^-0.5.
    np_ratio : array_like
        Lithium the negative electrode holds at the start over the cathode's capacity [-]
        (> 1: cathode-limited).
    anode_volumetric_capacity_mah_per_cm3 : array_like
        Practical capacity per volume of negative coating [mAh/cm^3]; with ``np_ratio``
        sets its thickness, h_a = N/P·Q_A/q_v. Default: Chen2020 graphite (ε_s 0.75 of
        33133 mol/m^3 at 90 % lithiation → 600 mAh/cm^3).
    anode_particle_radius_m : array_like
        Negative particle radius [m].
    anode_solid_diffusivity_m2_per_s : array_like
        Negative solid diffusivity where the discharge ends (the last quarter of the
        anode's window, where its surface empties) [m^2/s].
    anode_window_diffusivity_m2_per_s : array_like or None
        Log-mean negative solid diffusivity over the whole window [m^2/s]; None: the same
        as ``anode_solid_diffusivity_m2_per_s`` (a diffusivity that does not change with
        stoichiometry). Graphite's changes with staging: [oregan2022]_ spans 2.6·10⁻¹⁶ to
        1.0·10⁻¹³ m²/s.
    lithium_metal : bool
        True for a lithium-metal (or half-cell) negative: no negative-electrode transport or
        solid-diffusion limit.
    """

    separator_thickness_m: ArrayLike = 12e-6
    separator_porosity: ArrayLike = 0.47
    separator_tortuosity: ArrayLike | None = None
    anode_porosity: ArrayLike = 0.25
    anode_tortuosity: ArrayLike | None = None
    np_ratio: ArrayLike = 1.2
    anode_volumetric_capacity_mah_per_cm3: ArrayLike = 600.0
    anode_particle_radius_m: ArrayLike = 5.86e-6
    anode_solid_diffusivity_m2_per_s: ArrayLike = 3.3e-14
    anode_window_diffusivity_m2_per_s: ArrayLike | None = None
    lithium_metal: bool = False

    def separator_tau(self) -> np.ndarray:
        """Separator tortuosity factor [-]."""
        if self.separator_tortuosity is not None:
            return np.asarray(self.separator_tortuosity, dtype=float)
        return np.asarray(self.separator_porosity, dtype=float) ** -0.5

    def anode_tau(self) -> np.ndarray:
        """Negative electrode tortuosity factor [-]."""
        if self.anode_tortuosity is not None:
            return np.asarray(self.anode_tortuosity, dtype=float)
        return np.asarray(self.anode_porosity, dtype=float) ** -0.5

    def anode_effective_diffusivity_m2_per_s(self, window_weight: float) -> np.ndarray:
        """D_end^(1 − w)·D_window^w: the anode particle's diffusivity over its discharge [m^2/s].

        Parameters
        ----------
        window_weight : float
            w, the weight of the whole window against its end [-] (calibrated,
            ``RateModelParameters.anode_window_weight``).
        """
        end = np.asarray(self.anode_solid_diffusivity_m2_per_s, dtype=float)
        if self.anode_window_diffusivity_m2_per_s is None:
            return end
        window = np.asarray(self.anode_window_diffusivity_m2_per_s, dtype=float)
        return end ** (1.0 - window_weight) * window**window_weight

    def anode_thickness_m(self, areal_capacity_mah_per_cm2: ArrayLike) -> np.ndarray:
        """Negative coating thickness that holds N/P times the cathode's capacity [m]."""
        if self.lithium_metal:
            return np.zeros_like(np.asarray(areal_capacity_mah_per_cm2, dtype=float))
        return (np.asarray(self.np_ratio) * np.asarray(areal_capacity_mah_per_cm2)
                / np.asarray(self.anode_volumetric_capacity_mah_per_cm3) * 1e-2)


DEFAULT_CELL = CellContext()
LITHIUM_METAL_CELL = CellContext(lithium_metal=True)


@dataclass(frozen=True)
class CathodeElectrochemistry:
    """Kinetics and voltage window of a cathode material in a full cell.

    Attributes
    ----------
    exchange_current_a_per_m2 : float
        Exchange-current density at mid-window and 1 M [A/m^2].
    voltage_margin_v : float
        Mean open-circuit voltage over the discharge window minus the lower cut-off [V].
    reaction : str
        ``"uniform"`` (sloping potential: the whole reached thickness reacts together) or
        ``"moving_zone"`` (flat potential: a reaction zone moves from the separator).
    source : str
        Parameter set the values come from.
    window_slack : float
        How far lithiation may run past the C/20 end of the window, over the window [-]:
        (1 − x0 − Δx)/Δx of the parameter set.
    electronic_conductivity_s_per_m : float
        Effective electronic conductivity of the coating [S/m].
    family : str
        Chemistry family whose calibrated cliff residual applies (``"NMC"``, ``"NCA"``,
        ``"LCO"``, ``"LFP"``); empty: NMC's for a uniform, LFP's for a moving-zone cathode.
    """

    exchange_current_a_per_m2: float
    voltage_margin_v: float
    reaction: str
    source: str
    window_slack: float = 0.0
    electronic_conductivity_s_per_m: float = 1.0
    family: str = ""


CATHODE_ELECTROCHEMISTRY: dict[str, CathodeElectrochemistry] = {
    "NMC": CathodeElectrochemistry(3.29, 1.20, "uniform",
                                   "Chen2020 NMC811 vs graphite–SiOx, cut-off 2.5 V", 0.007, 0.18, "NMC"),
    "NCA": CathodeElectrochemistry(3.74, 0.94, "uniform",
                                   "NCA_Kim2011 vs graphite, cut-off 2.7 V", 0.030, 1.7, "NCA"),
    "LCO": CathodeElectrochemistry(0.40, 0.62, "uniform",
                                   "Marquis2019 LCO vs graphite, cut-off 3.105 V", 0.109, 3.5, "LCO"),
    "LFP": CathodeElectrochemistry(0.235, 1.25, "moving_zone",
                                   "Prada2013 LFP vs graphite, cut-off 2.0 V", 0.001, 0.077, "LFP"),
}
"""Values read from the PyBaMM parameter sets (design_features of process_models.dfn): exchange
current at mid-window, mean open-circuit voltage less the cut-off, window slack and the
coating's effective electronic conductivity σ·ε_AM^b."""

CHEMISTRY_OF_MATERIAL = {"NMC811": "NMC", "NMC712": "NMC", "NMC622": "NMC", "NMC532": "NMC",
                         "NMC111": "NMC", "NCA": "NCA", "LCO": "LCO", "LFP": "LFP"}
"""Electrochemistry used for each library cathode (NMC622/532/111/712 take NMC811's:
assumption)."""


def cathode_electrochemistry(material: str) -> CathodeElectrochemistry:
    """Electrochemistry of a library cathode (NMC811's for an unknown one)."""
    return CATHODE_ELECTROCHEMISTRY[CHEMISTRY_OF_MATERIAL.get(material, "NMC")]
