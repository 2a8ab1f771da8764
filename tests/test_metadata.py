"""Catalogue version: one semantic version in sources/catalogue.yml, the packages and CHANGELOG.md."""

from __future__ import annotations

import json
import re

from contrats import paths
from contrats.pipeline import load_meta


def changelog_versions() -> list[tuple[str, str]]:
    text = (paths.ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] — (\d{4}-\d{2}-\d{2})$", text, flags=re.M)


def test_version_is_the_same_everywhere() -> None:
    meta, problems = load_meta(paths.SOURCES / "catalogue.yml")
    assert meta is not None, problems
    versions = changelog_versions()
    assert versions, "CHANGELOG.md has no dated version heading"
    assert versions[0][0] == meta.version, "latest CHANGELOG entry must be the catalogue version"
    for package in paths.DATAPACKAGES.rglob("datapackage.json"):
        assert json.loads(package.read_text(encoding="utf-8"))["version"] == meta.version, package


def test_changelog_is_dated_and_ordered() -> None:
    versions = changelog_versions()
    keys = [tuple(int(x) for x in v.split(".")) for v, _ in versions]
    assert keys == sorted(keys, reverse=True)
    dates = [d for _, d in versions]
    assert dates == sorted(dates, reverse=True)
