"""The benchmark harness (scripts/bench.py) runs end to end on a tiny synthetic catalogue (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_runs_on_a_tiny_catalogue(tmp_path: Path):
    """N = 5 without the browser: every stage, the floor, the incremental run, the JSON and the Markdown report."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--n", "5", "--no-browser",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "CI": "true"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads((tmp_path / "bench-5.json").read_text(encoding="utf-8"))
    assert set(result["stages"]) == {"build", "validate", "render", "mkdocs", "pagefind"}
    assert all(s["s"] > 0 and s["peak_mb"] > 0 for s in result["stages"].values())
    assert result["floor_mkdocs_s"] > 0 and result["html_pages"] > 5
    assert result["incremental"]["page_updated"] and result["incremental"]["catalogue_updated"]
    report = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "| 5 |" in report and "Objectifs" in report
