"""Shared by every page: the run as the pages see it, summary lookups and binning.

:class:`RunView` wraps a fresh run (:func:`line_sim.simulate`) or a stored one; ``number`` and
``mapping`` read its summary defensively; ``histogram`` bins a series for the Quality and Cell
pages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from line_sim.engine.run import RunResult
from line_sim.errors import InputError
from line_sim.scenario import Scenario, scenario_from_dict

NOT_AVAILABLE = "not available for this run"
"""What a page says where a result is missing (older run, other route, stored run)."""


@dataclass(frozen=True)
class RunView:
    """One run as the pages see it, fresh from :func:`line_sim.simulate` or from the store.

    Attributes
    ----------
    run_id : str
        Identifier of the run.
    summary : dict
        The run's summary (``RunResult.summary()``): KPIs and nested breakdowns.
    scenario : Scenario or None
        The validated scenario; ``None`` if a stored scenario no longer validates.
    segments : DataFrame
        Per-segment web properties; empty for stored runs (the store keeps coils only).
    coils, events, intervals : DataFrame
        Coil table, event log and the engine's interval table.
    source : str
        ``"session"`` for a run made in this dashboard, ``"store"`` for a loaded one.
    warnings : list of str
        Warnings the run raised (e.g. outside calibrated ranges).
    """

    run_id: str
    summary: dict[str, Any]
    scenario: Scenario | None
    segments: pd.DataFrame
    coils: pd.DataFrame
    events: pd.DataFrame
    intervals: pd.DataFrame
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Short human label: scenario name, seed, horizon and id prefix."""
        s = self.summary
        return (f"{s.get('scenario', '?')} · seed {s.get('seed', '?')} · "
                f"{s.get('horizon_h', float('nan')):g} h · {self.run_id[:8]}")


def run_view_from_result(result: RunResult) -> RunView:
    """Wrap a fresh :class:`~line_sim.engine.run.RunResult`."""
    return RunView(run_id=result.run_id, summary=result.summary(), scenario=result.scenario,
                   segments=result.segments, coils=result.coils, events=result.events,
                   intervals=result.intervals, source="session", warnings=list(result.warnings))


def run_view_from_store(run_id: str, loaded: Mapping[str, Any]) -> RunView:
    """Wrap a run loaded with :meth:`line_sim.store.ResultsStore.load`."""
    try:
        scenario: Scenario | None = scenario_from_dict(loaded["scenario"], source=f"run {run_id}")
    except InputError:
        scenario = None
    return RunView(run_id=run_id, summary=dict(loaded["summary"]), scenario=scenario,
                   segments=pd.DataFrame(), coils=loaded.get("coils", pd.DataFrame()),
                   events=loaded.get("events", pd.DataFrame()),
                   intervals=loaded.get("intervals", pd.DataFrame()), source="store",
                   warnings=list(loaded.get("warnings", [])))


def number(summary: Mapping[str, Any], key: str) -> float | None:
    """A finite numeric summary value, or ``None`` when missing, null or not finite."""
    value = summary.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def mapping(summary: Mapping[str, Any], key: str) -> dict[str, float]:
    """A nested ``{name: number}`` summary value (finite numbers only), or ``{}``."""
    value = summary.get(key)
    if not isinstance(value, Mapping):
        return {}
    return {str(k): float(v) for k, v in value.items()
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)}


def histogram(values: Iterable[float], bins: int = 40,
              weights: Iterable[float] | None = None) -> pd.DataFrame:
    """Binned counts (or summed weights) of finite values: ``bin_start``, ``bin_end``, ``count``."""
    data = np.asarray(list(values) if not isinstance(values, np.ndarray | pd.Series) else values,
                      dtype=float)
    w = None if weights is None else np.asarray(
        list(weights) if not isinstance(weights, np.ndarray | pd.Series) else weights, dtype=float)
    finite = np.isfinite(data)
    if not finite.any():
        return pd.DataFrame(columns=["bin_start", "bin_end", "count"])
    counts, edges = np.histogram(data[finite], bins=bins, weights=None if w is None else w[finite])
    return pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts})
