"""The benchmark harness (scripts/bench.py) runs end to end on a tiny synthetic catalogue (no timing asserted), and
its verdicts follow CPU time, not wall time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))


def test_bench_runs_on_a_tiny_catalogue(tmp_path: Path):
    """N = 5 without the browser: every stage with wall and CPU time, memory and load, the floor, the compressed site
    size, the incremental run, the JSON and the Markdown report naming each target of issue 16."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--n", "5", "--no-browser",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "CI": "true"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads((tmp_path / "bench-5.json").read_text(encoding="utf-8"))
    assert set(result["stages"]) == {"build", "validate", "render", "mkdocs", "pagefind"}
    for stage in [*result["stages"].values(), *result["incremental"]["stages"].values()]:
        assert stage["s"] > 0 and stage["cpu_s"] > 0 and stage["peak_mb"] > 0 and len(stage["load"]) == 2
    assert result["pipeline_cpu_s"] == round(sum(s["cpu_s"] for s in result["stages"].values()), 2)
    assert result["floor_mkdocs_s"] > 0 and result["floor_cpu_s"] > 0 and result["html_pages"] > 5
    assert result["cpu_over_floor"] == round(result["pipeline_cpu_s"] / result["floor_cpu_s"], 2)
    assert 0 < result["site_gzip_mb"] <= result["site_mb"]
    inc = result["incremental"]
    assert inc["page_updated"] and inc["catalogue_updated"]
    assert inc["cpu_pct_of_full"] == round(100 * inc["cpu_s"] / result["pipeline_cpu_s"], 1)
    report = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "| 5 |" in report and "Objectifs" in report
    for target in ("Chaîne complète / `mkdocs build` seul (plancher), en temps CPU", "Mémoire maximale",
                   "Taille du site", "Reconstruction après modification d’un contrat, en temps CPU",
                   "Coût linéaire en N (pente CPU par contrat)"):
        assert target in report, target


def _run(n: int, cpu: float, wall: float, inc_cpu: float, floor_cpu: float) -> dict:
    """A bench-<N>.json of known figures: CPU split evenly over the stages, wall time unrelated to CPU."""
    stage = {"s": wall / 5, "cpu_s": cpu / 5, "peak_mb": 100.0, "load": [1.0, 1.0]}
    return {"n": n, "cpus": 2, "python": "3", "stages": {s: dict(stage) for s in bench.STAGES},
            "pipeline_s": wall, "pipeline_cpu_s": cpu, "peak_mb": 100.0, "floor_mkdocs_s": wall,
            "floor_cpu_s": floor_cpu, "cpu_over_floor": round(cpu / floor_cpu, 2), "ours_s": wall,
            "site_mb": 10.0, "site_gzip_mb": 5.0, "html_pages": 10, "html_mb": 1.0, "largest_folders_mb": {},
            "largest_page": {"kb": 1.0, "path": "x"}, "pages_over_limit": 0, "search": {"skipped": True},
            "incremental": {"stages": {s: {"s": wall, "cpu_s": inc_cpu / 5} for s in bench.STAGES},
                            "total_s": wall, "pct_of_full": 100.0, "cpu_s": inc_cpu,
                            "cpu_pct_of_full": round(100 * inc_cpu / cpu, 1),
                            "page_updated": True, "catalogue_updated": True}}


def _verdicts(runs: dict[int, dict]) -> dict[str, bool | None]:
    return {name.split(" (")[0].split(",")[0]: met for name, _, _, met, _ in bench.targets(runs[max(runs)], runs, None)}


def test_verdicts_follow_cpu_time_not_wall_time():
    """A linear CPU cost under a wall time inflated by load is « linear »; a growing CPU cost per contract is not;
    the incremental ratio and the floor ratio are read in CPU seconds."""
    linear = {1000: _run(1000, 60.0, 100.0, 5.0, 70.0), 5000: _run(5000, 290.0, 2000.0, 20.0, 300.0)}
    v = _verdicts(linear)
    assert v["Coût linéaire en N"] is True
    assert v["Reconstruction après modification d’un contrat"] is True  # 6.9 % in CPU, 100 % in wall time
    assert v["Chaîne complète / `mkdocs build` seul"] is True  # 0.97 in CPU
    steep = {1000: _run(1000, 60.0, 100.0, 5.0, 70.0), 5000: _run(5000, 500.0, 100.0, 60.0, 300.0)}
    v = _verdicts(steep)
    assert v["Coût linéaire en N"] is False and v["Reconstruction après modification d’un contrat"] is False
    assert v["Chaîne complète / `mkdocs build` seul"] is False
    slope = bench.slopes(steep)[0]
    assert slope["from"] == 1000 and round(slope["ms"], 1) == 110.0 and slope["mean_ms_at_from"] == 60.0
