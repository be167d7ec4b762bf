"""A year of production in one run: wall time and peak memory of ``drytwin run`` at 1 m segments.

    python benchmarks/year_run.py                       # BF baseline, 8760 h
    python benchmarks/year_run.py --hours 720 --scenario scenarios/dpsd_nmc811_cathode.toml

Prints one JSON object: simulated and stored wall time, peak resident memory of this process
(``ru_maxrss``), produced length, segments computed and segments kept in the result table.
The segment table is computed in pieces and thinned past ``simulation.max_kept_segments``,
so the peak stays near 1 GB whatever the horizon.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from line_sim import load_scenario, simulate
from line_sim.store import ResultsStore

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "bf_nmc811_baseline.toml"
HOURS_PER_YEAR = 8760.0


def year_run(scenario_path: Path, hours: float) -> dict[str, Any]:
    """Simulate ``hours`` of the scenario, save it to a scratch store, and measure both."""
    scenario = load_scenario(scenario_path)
    started = time.perf_counter()
    result = simulate(scenario, hours=hours)
    simulated = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        ResultsStore(Path(folder) / "year.duckdb").save(result)
    saved = time.perf_counter()
    return {
        "scenario": scenario.name, "hours": hours,
        "segment_length_m": scenario.simulation.segment_length_m,
        "simulate_s": round(simulated - started, 2), "save_s": round(saved - simulated, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "produced_length_m": result.kpis["produced_length_m"],
        "segments_computed": round(result.kpis["produced_length_m"]
                                   / scenario.simulation.segment_length_m),
        "segments_kept": len(result.segments),
        "oee": result.kpis["oee"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    parser.add_argument("--hours", type=float, default=HOURS_PER_YEAR)
    args = parser.parse_args()
    print(json.dumps(year_run(args.scenario, args.hours)))


if __name__ == "__main__":
    main()
