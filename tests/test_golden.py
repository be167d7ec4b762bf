"""Golden outputs: every scenario's KPIs at a fixed seed and 24 h, identical to the last digit.

Refresh with ``python -m tests.golden.outputs --refresh`` when physics changes on purpose.
"""

from __future__ import annotations

import json

from tests.golden.outputs import compute_golden, differences, line_scenarios, load_golden


def test_every_line_scenario_is_in_the_golden_file():
    assert sorted(load_golden()["runs"]) == sorted(p.name for p in line_scenarios())


def test_outputs_identical_to_the_golden_file():
    fresh = json.loads(json.dumps(compute_golden()))
    changed = differences(load_golden(), fresh)
    assert not changed, "golden outputs moved:\n" + "\n".join(changed[:40])


def test_the_comparison_sees_a_change_in_the_last_digit():
    stored = load_golden()
    nudged = json.loads(json.dumps(stored))
    name = sorted(nudged["runs"])[0]
    value = nudged["runs"][name]["kpis"]["yield_fraction"]
    nudged["runs"][name]["kpis"]["yield_fraction"] = value + abs(value) * 2.3e-16
    assert differences(stored, nudged) == [
        f"runs.{name}.kpis.yield_fraction: {value!r} -> {nudged['runs'][name]['kpis']['yield_fraction']!r}"
    ]
