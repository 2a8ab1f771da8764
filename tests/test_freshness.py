"""Validate decides freshness from the record of the last build (inputs and code digests) without rebuilding,
refuses stale packages, detects a hand-edited generated file, and falls back to a full rebuild in memory when
there is no record (a fresh clone, as in CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import contract_file, edit
from test_hostile_sources import cli, snapshot

RECORDED = "enregistrement de la construction"
REBUILT = "reconstruction en mémoire"


@pytest.fixture
def built(mini: Path) -> Path:
    done = cli(mini, "build")
    assert done.returncode == 0, done.stderr
    return mini


def validate_ok(root: Path) -> str:
    done = cli(root, "validate")
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_fresh_packages_are_validated_from_the_build_record(built: Path) -> None:
    assert RECORDED in validate_ok(built)


def test_without_a_record_every_file_is_rebuilt_then_recorded(built: Path) -> None:
    shutil.rmtree(built / "build")  # a fresh clone: datapackages/ committed, no local state
    assert REBUILT in validate_ok(built)
    assert RECORDED in validate_ok(built)


def test_stale_packages_are_refused(built: Path) -> None:
    f = contract_file(built)
    edit(f, "titre: Contrat de démonstration", "titre: Contrat de démonstration révisé")  # valid, not rebuilt
    before = snapshot(built / "datapackages")
    done = cli(built, "validate")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "datapackages/contrats/contrat-mini/contrats.csv:1: (fichier): [perime]" in done.stderr, done.stderr
    assert snapshot(built / "datapackages") == before
    assert cli(built, "build").returncode == 0
    assert RECORDED in validate_ok(built)


def test_a_hand_edited_generated_file_is_detected(built: Path) -> None:
    csv_path = built / "datapackages" / "contrats" / "contrat-mini" / "contrats.csv"
    data = csv_path.read_bytes()
    st = csv_path.stat()
    csv_path.write_bytes(data.replace(b"Lille", b"Lilly"))  # same size, same mtime below: only ctime tells
    os.utime(csv_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    done = cli(built, "validate")
    assert done.returncode == 1, done.stderr
    assert "datapackages/contrats/contrat-mini/contrats.csv:1: (fichier): [perime]" in done.stderr, done.stderr
    assert "modifié à la main" in done.stderr


def test_an_added_generated_file_is_detected(built: Path) -> None:
    (built / "datapackages" / "contrats" / "contrat-mini" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    done = cli(built, "validate")
    assert done.returncode == 1
    assert "datapackages/contrats/contrat-mini/extra.csv:1: (fichier): [perime]" in done.stderr, done.stderr
