"""Golden outputs: the KPIs of every scenario in ``scenarios/`` and of one electrode design.

They pin the behaviour of the whole model. A change that is meant to leave the physics alone
(a refactor, a speed-up, a new door) must leave them identical to the last digit; a change
that alters physics on purpose refreshes them in the same commit and names the KPIs that
moved, and why, in its message::

    python -m tests.golden.outputs --refresh     # rewrite tests/data/golden_outputs.json
    python -m tests.golden.outputs               # show which KPIs differ, change nothing

``tests/test_golden.py`` compares a fresh computation with the stored file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from line_sim import InputError, load_scenario, simulate

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
GOLDEN_PATH = ROOT / "tests" / "data" / "golden_outputs.json"
GOLDEN_SEED = 20240601
GOLDEN_HOURS = 24.0
GOLDEN_DESIGN = "electrode_thick_dry_cathode.toml"
GOLDEN_C_RATES = ["0.2", "0.5", "1", "2"]


def line_scenarios() -> list[Path]:
    """Every scenario file in ``scenarios/`` that describes a line (not a batch or a design)."""
    paths = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        try:
            load_scenario(path)
        except InputError:
            continue  # batch files and electrode designs have their own schemas
        paths.append(path)
    return paths


def _plain(value: Any) -> Any:
    """JSON-ready copy: NaN and infinities as strings so that equality stays exact."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def table_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a table's numeric columns, by name: every segment and coil, every digit."""
    digest = hashlib.sha256()
    for name in sorted(frame.columns):
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(column.to_numpy(dtype=float)).tobytes())
    return digest.hexdigest()


def compute_golden() -> dict[str, Any]:
    """Run every line scenario and the golden electrode design; return their outputs."""
    from line_sim.engine.electrode import evaluate_design
    from line_sim.scenario.electrode_design import load_electrode_design

    runs = {}
    for path in line_scenarios():
        result = simulate(load_scenario(path), seed=GOLDEN_SEED, hours=GOLDEN_HOURS)
        runs[path.name] = {
            "kpis": _plain(result.kpis),
            "warnings": list(result.warnings),
            "segments_sha256": table_digest(result.segments),
            "coils_sha256": table_digest(result.coils),
        }
    design = evaluate_design(load_electrode_design(SCENARIOS / GOLDEN_DESIGN), GOLDEN_C_RATES)
    return {
        "seed": GOLDEN_SEED,
        "hours": GOLDEN_HOURS,
        "runs": runs,
        "electrode_design": {GOLDEN_DESIGN: _plain(design)},
    }


def load_golden() -> dict[str, Any]:
    return json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))


def differences(stored: Any, fresh: Any, path: str = "") -> list[str]:
    """Every place where two golden trees differ, as ``path: stored -> fresh``."""
    if isinstance(stored, dict) and isinstance(fresh, dict):
        found = []
        for key in sorted(set(stored) | set(fresh)):
            where = f"{path}.{key}" if path else key
            if key not in fresh:
                found.append(f"{where}: removed")
            elif key not in stored:
                found.append(f"{where}: added")
            else:
                found.extend(differences(stored[key], fresh[key], where))
        return found
    if stored != fresh:
        return [f"{path}: {stored!r} -> {fresh!r}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rewrite the stored golden outputs")
    args = parser.parse_args(argv)
    fresh = _plain(json.loads(json.dumps(compute_golden())))
    if args.refresh:
        GOLDEN_PATH.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN_PATH.relative_to(ROOT)}")
        return 0
    changed = differences(load_golden(), fresh)
    print("\n".join(changed) if changed else "golden outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
