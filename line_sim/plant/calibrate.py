"""Calibration: fit named coefficients, MTBF and MTTR to a plant, each with a posterior.

Coefficient keys (any numeric scenario key, ``parameters.<set>.<key>`` included) are fitted
to the coil table through the process-model fast path (:mod:`line_sim.plant.model`) with a
Gaussian likelihood (stated measurement noise, :data:`~line_sim.plant.synth.MEASUREMENT_NOISE`,
and the model's coil-mean scatter, together times a noise scale per measured property: a
nuisance parameter with a log-uniform prior on :data:`NOISE_SCALE_PRIOR`, marginalised
analytically, so it adds no sampled dimension);
``reliability.<station>.mtbf_h`` / ``mttr_h`` to the event log
(:mod:`line_sim.plant.reliability`). Priors are uniform on a stated range (``priors``;
default the current value ÷4 to ×4 within the schema's bounds) for coefficients and
log-uniform (÷30 to ×30) for MTBF and MTTR. The likelihood factorises into the coefficient
block and one block per station, so each block is sampled by its own emcee ensemble,
started around a Nelder–Mead maximum a posteriori. ArviZ gives R-hat and the bulk ESS over
the walkers; a parameter whose 95 % interval spans most of its prior, or that is almost
perfectly correlated with another, is reported as not identified instead of as a number.
"""

from __future__ import annotations

import json
import math
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammainc

from line_sim.errors import InputError
from line_sim.plant.contract import PlantData
from line_sim.plant.keys import RELIABILITY_SUFFIXES, key_bounds, key_value, known_key_problem
from line_sim.plant.model import PROPERTIES, coil_conditions, predict_coils
from line_sim.plant.reliability import station_records
from line_sim.plant.synth import MEASUREMENT_NOISE
from line_sim.scenario import Scenario

PRIOR_FACTOR = 4.0
RELIABILITY_PRIOR_FACTOR = 30.0
NOISE_SCALE_PRIOR = (0.1, 10.0)
"""Prior of each measured property's noise scale (a factor on the stated 1σ; log-uniform)."""
FLAT_FRACTION = 0.6
"""A 95 % interval wider than this share of the prior range: not identified (flat)."""
RIDGE_CORRELATION = 0.95
RHAT_MAX = 1.1
"""Gelman–Rubin threshold over the walkers (emcee walkers are correlated chains; 1.1 is the
classic bound, 1.01 the strict one of Vehtari et al. 2021)."""
ESS_MIN = 200.0


@dataclass
class Calibration:
    """Posterior summaries, draws and diagnostics of a calibration."""

    parameters: dict[str, dict[str, Any]]
    samples: dict[str, np.ndarray]
    correlations: dict[str, dict[str, float]]
    converged: bool
    n_model_evaluations: int
    wall_time_s: float
    warnings: list[str] = field(default_factory=list)
    noise_scales: dict[str, dict[str, float]] = field(default_factory=dict)
    """Posterior of each measured property's noise scale (factor on the stated 1σ)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``drytwin calibrate --json``."""
        return {"parameters": self.parameters, "converged": self.converged,
                "n_model_evaluations": self.n_model_evaluations, "correlations": self.correlations,
                "wall_time_s": self.wall_time_s, "warnings": self.warnings,
                "noise_scales": self.noise_scales}

    def fitted_values(self) -> dict[str, float]:
        """Posterior means of the identified parameters."""
        return {k: v["mean"] for k, v in self.parameters.items() if v["mean"] is not None}


@dataclass
class _Block:
    keys: list[str]
    bounds: np.ndarray  # (ndim, 2) in sampling space
    log_space: bool
    log_likelihood: Any
    start: np.ndarray
    noise_scales: Any = None
    """For a coefficient block: draws → posterior draws of each property's noise scale."""


def is_reliability_key(key: str) -> bool:
    parts = key.split(".")
    return len(parts) == 3 and parts[0] == "reliability" and parts[2] in RELIABILITY_SUFFIXES


def default_prior(scenario: Scenario, key: str) -> tuple[float, float]:
    """Default prior range of a key: current value ÷4 to ×4 (÷30 to ×30 for MTBF/MTTR)."""
    value = key_value(scenario, key)
    factor = RELIABILITY_PRIOR_FACTOR if is_reliability_key(key) else PRIOR_FACTOR
    if value == 0.0:
        raise InputError(f"--fit {key}: the current value is 0, so no default prior range; "
                         f"allowed: state one with --prior {key}=LOW:HIGH")
    low, high = sorted((value / factor, value * factor))
    lo_bound, hi_bound = key_bounds(key)
    if 0.0 < value < 1.0 and any(w in key for w in ("fraction", "porosity", "_cv", "efficiency")):
        hi_bound = min(hi_bound, 0.99)
    return max(low, lo_bound), min(high, hi_bound)


def calibrate(scenario: Scenario, plant: PlantData, keys: list[str], *,
              priors: dict[str, tuple[float, float]] | None = None,
              noise: dict[str, tuple[str, float]] | None = None, steps: int = 600,
              burn: int = 200, walkers: int | None = None, seed: int = 0) -> Calibration:
    """Fit ``keys`` to the plant; see the module docstring for the method."""
    started = time.perf_counter()
    problems = [f"--fit {k}: {p}" for k in keys if (p := known_key_problem(k))]
    if problems:
        raise InputError("calibrate: unknown keys", problems)
    priors = dict(priors or {})
    noise = {**MEASUREMENT_NOISE, **(noise or {})}
    counter = [0]
    blocks: list[_Block] = []
    process_keys = [k for k in keys if not is_reliability_key(k)]
    if process_keys:
        blocks.append(_process_block(scenario, plant, process_keys, priors, noise, counter))
    blocks += _reliability_blocks(scenario, plant, [k for k in keys if is_reliability_key(k)],
                                  priors, counter)
    rng = np.random.default_rng(seed)
    parameters: dict[str, dict[str, Any]] = {}
    samples: dict[str, np.ndarray] = {}
    correlations: dict[str, dict[str, float]] = {}
    noise_scales: dict[str, dict[str, float]] = {}
    messages: list[str] = []
    converged = True
    for block in blocks:
        draws, diag = _sample(block, steps, burn, walkers, rng)
        converged &= diag["converged"]
        if block.noise_scales is not None:
            for name, scale in block.noise_scales(draws, rng).items():
                lo_n, hi_n = np.percentile(scale, [2.5, 97.5])
                noise_scales[name] = {"mean": float(scale.mean()), "ci95_low": float(lo_n),
                                      "ci95_high": float(hi_n)}
        n_keys = len(block.keys)
        bounds = block.bounds
        values = np.exp(draws) if block.log_space else draws
        prior_values = np.exp(bounds) if block.log_space else bounds
        corr = np.corrcoef(draws.T) if n_keys > 1 else np.ones((1, 1))
        for i, key in enumerate(block.keys):
            samples[key] = values[:, i]
            correlations[key] = {k: float(corr[i, j]) for j, k in enumerate(block.keys) if j != i}
            summary, warning = _summary(key, values[:, i], draws[:, i], bounds[i],
                                        prior_values[i], corr[i], block.keys, diag, i)
            parameters[key] = summary
            if warning:
                messages.append(warning)
    if not converged:
        messages.append("the sampler has not converged (R-hat above "
                        f"{RHAT_MAX} or bulk ESS below {ESS_MIN:g}): run more --steps")
    return Calibration(parameters, samples, correlations, bool(converged), counter[0],
                       time.perf_counter() - started, messages, noise_scales)


def _process_block(scenario: Scenario, plant: PlantData, keys: list[str],
                   priors: dict[str, tuple[float, float]], noise: dict[str, tuple[str, float]],
                   counter: list[int]) -> _Block:
    cond = coil_conditions(plant)
    observed = {p: plant.coils[p].to_numpy(dtype=float) for p in PROPERTIES if p in plant.coils}
    bounds = np.array([priors.get(k) or default_prior(scenario, k) for k in keys], dtype=float)
    start = np.array([min(max(key_value(scenario, k), lo), hi) for k, (lo, hi) in
                      zip(keys, bounds, strict=True)])
    sensitive = _sensitive_properties(scenario, cond, keys, start, bounds, set(observed))
    observed = {p: y for p, y in observed.items() if p in sensitive}

    props = sorted(observed)
    lo_s, hi_s = NOISE_SCALE_PRIOR
    fits: dict[bytes, np.ndarray] = {}  # θ → (Σ r²/v, n) per property, for the scale draws

    def log_likelihood(theta: np.ndarray) -> float:
        counter[0] += 1
        try:
            pred = predict_coils(scenario, cond, dict(zip(keys, map(float, theta), strict=True)),
                                 sensitive)
        except (InputError, ValueError, ZeroDivisionError, FloatingPointError):
            return -math.inf
        total = 0.0
        fit = np.zeros((len(props), 2))
        for j, prop in enumerate(props):
            y = observed[prop]
            mean, scatter = pred[prop]
            ok = np.isfinite(y) & np.isfinite(mean)
            kind, sigma = noise.get(prop, ("abs", 0.0))
            meas = sigma * np.abs(mean[ok]) if kind == "rel" else np.full(ok.sum(), sigma)
            var = meas ** 2 + scatter[ok] ** 2
            if not ok.any() or np.any(var <= 0):
                continue
            # variance = s²·var with the noise scale s marginalised analytically over its
            # log-uniform prior on [lo_s, hi_s]: ∫ s^(-n-1) exp(-Q/2s²) ds
            n, q = int(ok.sum()), float(np.sum((y[ok] - mean[ok]) ** 2 / var))
            fit[j] = q, n
            mass = gammainc(n / 2, q / (2 * lo_s ** 2)) - gammainc(n / 2, q / (2 * hi_s ** 2))
            total += (-0.5 * n * math.log(max(q, 1e-300)) - 0.5 * float(np.sum(np.log(var)))
                      + math.log(max(mass, 1e-300)))
        fits[theta.tobytes()] = fit
        return total if math.isfinite(total) else -math.inf

    def noise_scales(draws: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """s² | θ, y is inverse-gamma(n/2, Q/2) (truncated to the prior): one s per draw."""
        stacked = np.array([fits.get(np.ascontiguousarray(d).tobytes(), np.full((len(props), 2),
                                                                              np.nan))
                            for d in draws])
        out = {}
        for j, prop in enumerate(props):
            q, n = stacked[:, j, 0], stacked[:, j, 1]
            ok = np.isfinite(q) & (n > 0)
            if not ok.any():
                continue
            s2 = q[ok] / (2.0 * rng.gamma(n[ok] / 2.0))
            out[prop] = np.clip(np.sqrt(s2), lo_s, hi_s)
        return out

    block = _Block(keys, bounds, False, log_likelihood, start)
    block.noise_scales = noise_scales
    return block


def _sensitive_properties(scenario: Scenario, cond: Any, keys: list[str], start: np.ndarray,
                          bounds: np.ndarray, observed: set[str]) -> frozenset[str]:
    """The observed properties that move when any fitted key moves (probed at both ends of
    each prior range); the others add a constant to the likelihood and are not computed."""
    base = predict_coils(scenario, cond, dict(zip(keys, start.tolist(), strict=True)))
    moved: set[str] = set()
    for i, key in enumerate(keys):
        for edge in (bounds[i, 0] + 0.1 * (bounds[i, 1] - bounds[i, 0]),
                     bounds[i, 1] - 0.1 * (bounds[i, 1] - bounds[i, 0])):
            values = dict(zip(keys, start.tolist(), strict=True)) | {key: float(edge)}
            try:
                probe = predict_coils(scenario, cond, values)
            except (InputError, ValueError):
                moved |= observed  # cannot tell: keep everything
                continue
            moved |= {p for p in observed
                      if not np.allclose(probe[p][0], base[p][0], rtol=1e-12, atol=0.0,
                                         equal_nan=True)
                      or not np.allclose(probe[p][1], base[p][1], rtol=1e-12, atol=0.0,
                                         equal_nan=True)}
    return frozenset(moved)


def _reliability_blocks(scenario: Scenario, plant: PlantData, keys: list[str],
                        priors: dict[str, tuple[float, float]], counter: list[int]) -> list[_Block]:
    records = station_records(plant, scenario)
    by_station: dict[str, list[str]] = {}
    for key in keys:
        by_station.setdefault(key.split(".")[1], []).append(key)
    blocks = []
    for station, station_keys in by_station.items():
        if getattr(scenario.reliability, station, None) is None:
            raise InputError(f"--fit {station_keys[0]}: no station {station!r} in [reliability]")
        record = records.get(station)
        if record is None:
            from line_sim.plant.reliability import StationRecord
            record = StationRecord(station, 0, sum(r.exposure_h for r in records.values())
                                   / max(len(records), 1) or plant.horizon_h, np.array([]), None,
                                   getattr(scenario.reliability, station).repair_cv)
        fixed = {s: key_value(scenario, f"reliability.{station}.{s}") for s in RELIABILITY_SUFFIXES}
        bounds = np.log(np.array([priors.get(k) or default_prior(scenario, k)
                                  for k in station_keys], dtype=float))

        def log_likelihood(theta: np.ndarray, rec: Any = record, ks: list[str] = station_keys,
                           base: dict[str, float] = fixed) -> float:
            counter[0] += 1
            values = dict(base)
            for k, t in zip(ks, theta, strict=True):
                values[k.split(".")[2]] = math.exp(t)
            return rec.log_likelihood(values["mtbf_h"], values["mttr_h"])

        start = np.clip(np.log([fixed[k.split(".")[2]] for k in station_keys]),
                        bounds[:, 0], bounds[:, 1])
        blocks.append(_Block(station_keys, bounds, True, log_likelihood, start))
    return blocks


def _sample(block: _Block, steps: int, burn: int, walkers: int | None,
            rng: np.random.Generator) -> tuple[np.ndarray, dict[str, Any]]:
    import emcee
    from scipy.optimize import minimize

    lo, hi = block.bounds[:, 0], block.bounds[:, 1]

    def log_prob(theta: np.ndarray) -> float:
        if np.any(theta <= lo) or np.any(theta >= hi):
            return -math.inf
        return block.log_likelihood(theta)

    scale = hi - lo
    opt = minimize(lambda z: -_finite(log_prob(lo + scale * z)), (block.start - lo) / scale,
                   method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-3, "maxiter": 400})
    best = lo + scale * np.clip(opt.x, 1e-6, 1 - 1e-6)
    ndim = len(block.keys)
    nwalkers = walkers or max(16, 4 * ndim)
    p0 = best + 1e-3 * scale * rng.standard_normal((nwalkers, ndim))
    p0 = np.clip(p0, lo + 1e-9 * scale, hi - 1e-9 * scale)
    sampler = emcee.EnsembleSampler(nwalkers, ndim, log_prob)
    sampler.random_state = np.random.RandomState(int(rng.integers(2 ** 31))).get_state()
    sampler.run_mcmc(p0, burn + steps, progress=False)
    chain = sampler.get_chain(discard=burn)  # (steps, walkers, ndim)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import arviz as az
        rhat = [float(az.rhat(chain[:, :, i].T)) for i in range(ndim)]
        ess = [float(az.ess(chain[:, :, i].T, method="bulk")) for i in range(ndim)]
    converged = all(r < RHAT_MAX for r in rhat) and all(e >= ESS_MIN for e in ess)
    return chain.reshape(-1, ndim), {"rhat": rhat, "ess": ess, "converged": converged}


def _finite(value: float) -> float:
    return value if math.isfinite(value) else -1e300


def _summary(key: str, values: np.ndarray, draws: np.ndarray, bounds: np.ndarray,
             prior_values: np.ndarray, corr_row: np.ndarray, keys: list[str],
             diag: dict[str, Any], i: int) -> tuple[dict[str, Any], str | None]:
    low, high = np.percentile(values, [2.5, 97.5])
    lo_s, hi_s = np.percentile(draws, [2.5, 97.5])
    warning = None
    share = (hi_s - lo_s) / (bounds[1] - bounds[0])
    ridge = [keys[j] for j in range(len(keys)) if j != i and abs(corr_row[j]) > RIDGE_CORRELATION]
    if share > FLAT_FRACTION:
        warning = (f"{key} cannot be identified from these data: its 95 % interval spans "
                   f"{100 * share:.0f} % of the prior range {prior_values[0]:.4g}–"
                   f"{prior_values[1]:.4g} (flat posterior); no value reported")
    elif ridge:
        warning = (f"{key} cannot be identified on its own: it lies on a ridge with "
                   f"{', '.join(ridge)} (|correlation| > {RIDGE_CORRELATION}); no value reported")
    summary: dict[str, Any] = {
        "mean": None if warning else float(values.mean()),
        "sd": None if warning else float(values.std()),
        "ci95_low": None if warning else float(low),
        "ci95_high": None if warning else float(high),
        "prior_low": float(prior_values[0]), "prior_high": float(prior_values[1]),
        "rhat": diag["rhat"][i], "ess_bulk": diag["ess"][i], "identified": warning is None,
    }
    if warning:
        summary["warning"] = warning
    return summary, warning


def summary_path(path: Path) -> Path:
    """The calibration summary kept beside a parameter file (``X.toml`` → ``X.calibration.json``)."""
    return path.with_suffix(".calibration.json")


def samples_path(path: Path) -> Path:
    """The posterior draws kept beside a parameter file (``X.toml`` → ``X.samples.csv``)."""
    return path.with_suffix(".samples.csv")


def write_parameter_file(calibration: Calibration, path: str | Path, source: str = "") -> Path:
    """Write the identified posterior means as TOML (keys under their tables) and the draws.

    A scenario takes the file's values as overrides (``line_sim.plant.posterior.
    parameter_overrides``); parameters that could not be identified are left out, named
    in a comment.
    """
    path = Path(path)
    lines = [f"# drytwin calibrate{': ' + source if source else ''}",
             "# posterior means; 95 % intervals in the comments; draws in "
             f"{samples_path(path).name}"]
    for key, summary in calibration.parameters.items():
        if not summary["identified"]:
            lines.append(f"# not identified: {key}")
    tables: dict[str, list[str]] = {}
    for key, summary in calibration.parameters.items():
        if summary["mean"] is None:
            continue
        table, name = key.rsplit(".", 1)
        tables.setdefault(table, []).append(
            f"{name} = {summary['mean']!r}  # 95 % {summary['ci95_low']:.6g} – "
            f"{summary['ci95_high']:.6g}")
    for table, entries in tables.items():
        lines += ["", f"[{table}]", *entries]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    identified = {k: v for k, v in calibration.samples.items()
                  if calibration.parameters[k]["identified"]}
    if identified:
        pd.DataFrame(identified).to_csv(samples_path(path), index=False)
    summary_path(path).write_text(json.dumps(calibration.to_json(), indent=1, default=float) + "\n",
                                  encoding="utf-8")
    return path
