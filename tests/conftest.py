"""Shared fixtures: a small, valid sources folder built from tests/fixtures/mini and the real reference data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contrats import paths

FIXTURES = Path(__file__).parent / "fixtures"

CATALOGUE_YML = """\
nom: catalogue-test
titre: Catalogue de test
description: Catalogue construit par les tests.
version: 0.0.1
licence: {nom: etalab-2.0, titre: Licence Ouverte 2.0, url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
site: https://example.org/
minimums: {contrats: 1, preuves: 5}
"""


def copy_mini(parent: Path) -> Path:
    """Copy the mini sources (one contract), with reference data and catalogue metadata, to parent/repo."""
    root = parent / "repo"
    src = root / "sources"
    shutil.copytree(FIXTURES / "mini", src)
    shutil.copytree(paths.REFERENCE_SRC, src / "reference")
    (src / "catalogue.yml").write_text(CATALOGUE_YML, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the mini sources (one contract), with reference data and catalogue metadata."""
    return copy_mini(tmp_path)


def contract_file(root: Path) -> Path:
    """The mini contract's YAML file."""
    return root / "sources" / "contrats" / "contrat-mini.yml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of `old` in a file (fails loudly when absent)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (Debian's chromium; Chrome on GitHub runners), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from sitekit import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
