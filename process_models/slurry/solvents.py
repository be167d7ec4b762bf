"""Slurry solvents: NMP and water property sets and their latent heat of vaporisation.

The property sets feed the dryer balance (latent and sensible heat, exhaust air set by the
lower explosion limit), solvent recovery and the wet-film cracking limit (surface tension).

References
----------
.. [solomonov2021] B. N. Solomonov et al., "Solution calorimetry as a tool for the
   determination of vaporization enthalpies of cyclic amides", Molecules 26 (2021) 1411,
   doi:10.3390/molecules26051411 (N-methylbutyrolactam = NMP: Δ_vap H(298.15 K) =
   56.4 ± 0.6 kJ/mol).
.. [gestis] IFA GESTIS substance database, 1-methyl-2-pyrrolidone (CAS 872-50-4):
   explosion limits 1.3–9.5 vol%, flash point 86–91 °C, boiling point 202–204 °C,
   density 1.03 g/cm^3, surface tension 40.7 mN/m at 25 °C.
.. [wagner2002] W. Wagner, A. Pruß, "The IAPWS formulation 1995 for the thermodynamic
   properties of ordinary water substance", J. Phys. Chem. Ref. Data 31 (2002) 387,
   doi:10.1063/1.1461829 (Δ_vap h = 2441.7 kJ/kg at 25 °C, 2256.5 kJ/kg at 100 °C).
.. [watson1943] K. M. Watson, "Thermodynamics of the liquid state", Ind. Eng. Chem. 35
   (1943) 398, doi:10.1021/ie50400a004 (Δ_vap H ∝ (1 − T_r)^0.38).
.. [mundhwa2009] M. Mundhwa et al., "Molar heat capacity of aqueous sulfolane,
   4-formylmorpholine, 1-methyl-2-pyrrolidinone and triethylene glycol dimethyl ether
   solutions from 303.15 to 353.15 K", J. Chem. Eng. Data 54 (2009) 2895 (NMP liquid c_p
   ≈ 1.7 kJ/(kg·K)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from numpy.typing import ArrayLike

from process_models.energy.carriers import KELVIN_OFFSET_K, FloatArray, require_in_range

WATSON_EXPONENT = 0.38
"""Exponent of the Watson latent-heat correlation [-] [watson1943]."""


@dataclass(frozen=True)
class Solvent:
    """Property set of a slurry solvent.

    Attributes
    ----------
    name : str
        ``"NMP"`` or ``"water"``.
    molar_mass_kg_per_mol : float
        Molar mass [kg/mol].
    latent_heat_j_per_kg : float
        Enthalpy of vaporisation at ``latent_heat_reference_c`` [J/kg].
    latent_heat_reference_c : float
        Temperature of that value [°C].
    critical_temperature_c : float
        Critical temperature [°C] (for the Watson correlation).
    liquid_specific_heat_j_per_kg_k : float
        Liquid isobaric specific heat [J/(kg·K)].
    density_kg_per_m3 : float
        Liquid density at 25 °C [kg/m^3].
    surface_tension_n_per_m : float
        Surface tension against air at 25 °C [N/m] (γ of seed Eq. 1).
    lower_explosion_limit_vol_fraction : float
        Lower explosion limit in air [-] (volume fraction); NaN if not flammable.
    recoverable : bool
        True where the exhaust goes through solvent recovery (NMP).
    """

    name: str
    molar_mass_kg_per_mol: float
    latent_heat_j_per_kg: float
    latent_heat_reference_c: float
    critical_temperature_c: float
    liquid_specific_heat_j_per_kg_k: float
    density_kg_per_m3: float
    surface_tension_n_per_m: float
    lower_explosion_limit_vol_fraction: float
    recoverable: bool

    @property
    def flammable(self) -> bool:
        """True if the solvent has a lower explosion limit."""
        return not math.isnan(self.lower_explosion_limit_vol_fraction)


# NMP: Δ_vap H 56.4 kJ/mol [solomonov2021] / 0.09913 kg/mol; T_c 721.7 K (NIST WebBook);
# c_p [mundhwa2009]; density, γ, LEL [gestis]. Water: [wagner2002]; γ 72.0 mN/m at 25 °C.
SOLVENTS: dict[str, Solvent] = {
    s.name: s
    for s in (
        Solvent("NMP", 0.09913, 56.4e3 / 0.09913, 25.0, 721.7 - KELVIN_OFFSET_K, 1700.0,
                1028.0, 0.0407, 0.013, True),
        Solvent("water", 0.018015, 2441.7e3, 25.0, 647.096 - KELVIN_OFFSET_K, 4181.0,
                997.0, 0.0720, float("nan"), False),
    )
}


def solvent(name: str) -> Solvent:
    """Return the solvent property set ``name``.

    Raises
    ------
    KeyError
        If ``name`` is unknown; the message lists the known solvents.
    """
    try:
        return SOLVENTS[name]
    except KeyError:
        raise KeyError(f"unknown solvent {name!r}; known: {', '.join(sorted(SOLVENTS))}") from None


def latent_heat_j_per_kg(props: Solvent, temperature_c: ArrayLike) -> FloatArray:
    """Enthalpy of vaporisation at ``temperature_c`` [J/kg].

    Parameters
    ----------
    props : Solvent
        Solvent property set.
    temperature_c : array_like
        Evaporation (film) temperature [°C], below the critical temperature.

    Notes
    -----
    Watson: L(T) = L_ref·((T_c − T)/(T_c − T_ref))^0.38 [watson1943]. For water it gives
    2227 kJ/kg at 100 °C against 2257 kJ/kg [wagner2002] (−1.3 %).

    Examples
    --------
    >>> round(float(latent_heat_j_per_kg(SOLVENTS["NMP"], 25.0)) / 1e3)
    569
    """
    t = require_in_range("temperature_c", temperature_c, -KELVIN_OFFSET_K,
                         props.critical_temperature_c, high_inclusive=False)
    ratio = (props.critical_temperature_c - t) / (
        props.critical_temperature_c - props.latent_heat_reference_c)
    return props.latent_heat_j_per_kg * ratio**WATSON_EXPONENT
