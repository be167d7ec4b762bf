"""Coverage of drytwin calibrate's 95 % intervals over synthetic plants with different seeds.

Each plant is a simulated week of the BF baseline made with known, non-default coefficients
(:data:`TRUTH`); each is calibrated against the unmodified baseline; the script counts how
often each true value falls inside its 95 % interval (goal 90–98 % overall) and reports the
wall time and the number of model evaluations per calibration.

    python -m benchmarks.plant_coverage [--plants 20] [--hours 168] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from line_sim.plant.calibrate import calibrate
from line_sim.plant.contract import read_plant
from line_sim.plant.synth import synth_plant
from line_sim.scenario import load_scenario

SCENARIO = "scenarios/bf_nmc811_baseline.toml"
TRUTH = {"simulation.feed_cv": 0.015, "parameters.calendering.springback_fraction": 0.06,
         "reliability.calender.mtbf_h": 20.0, "reliability.calender.mttr_h": 1.5}


def coverage(plants: int, hours: float, steps: int, burn: int) -> dict:
    truth_scenario, base = load_scenario(SCENARIO, TRUTH), load_scenario(SCENARIO)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, plants + 1):
            folder, _ = synth_plant(truth_scenario, Path(tmp) / f"p{seed}", seed=seed, hours=hours)
            started = time.perf_counter()
            result = calibrate(base, read_plant(folder), list(TRUTH), steps=steps, burn=burn,
                               seed=seed)
            row = {"seed": seed, "wall_time_s": time.perf_counter() - started,
                   "n_model_evaluations": result.n_model_evaluations,
                   "converged": result.converged,
                   "noise_scales": {k: round(v["mean"], 3)
                                    for k, v in result.noise_scales.items()}}
            for key, true in TRUTH.items():
                p = result.parameters[key]
                row[key] = (None if not p["identified"]
                            else bool(p["ci95_low"] <= true <= p["ci95_high"]))
            rows.append(row)
            print(json.dumps(row), flush=True)
    per_key = {}
    for key in TRUTH:
        hits = [r[key] for r in rows if r[key] is not None]
        per_key[key] = {"covered": sum(hits), "identified": len(hits),
                        "coverage": sum(hits) / len(hits) if hits else None}
    all_hits = [r[k] for r in rows for k in TRUTH if r[k] is not None]
    return {"plants": plants, "hours": hours, "truth": TRUTH, "per_parameter": per_key,
            "coverage": sum(all_hits) / len(all_hits),
            "mean_wall_time_s": sum(r["wall_time_s"] for r in rows) / len(rows),
            "mean_model_evaluations": sum(r["n_model_evaluations"] for r in rows) / len(rows),
            "converged": sum(r["converged"] for r in rows), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plants", type=int, default=20)
    parser.add_argument("--hours", type=float, default=168.0)
    parser.add_argument("--steps", type=int, default=800)
    parser.add_argument("--burn", type=int, default=300)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    summary = coverage(args.plants, args.hours, args.steps, args.burn)
    text = json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
