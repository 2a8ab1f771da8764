"""The published reference package against the pinned official package, and territory checks by COG vintage."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import contract_file, edit
from contrats import paths
from test_bad_input import MINI, expect_failure, run

REF = (paths.DATAPACKAGES / "reference")
NODE = paths.ROOT / "node_modules"


def rows(name: str) -> list[dict[str, str]]:
    with (REF / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pinned() -> dict[int, str]:
    deps = json.loads((paths.ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    return {int(k[4:]): v.rsplit("@", 1)[1] for k, v in deps.items() if k.startswith("cog-")}


def official(year: int, name: str) -> list[dict]:
    return json.loads((NODE / f"cog-{year}" / "data" / f"{name}.json").read_text(encoding="utf-8"))


def test_pinned_versions_are_installed_and_locked() -> None:
    lock = json.loads((paths.ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert set(pinned()) >= {2019, 2024}
    for year, version in pinned().items():
        entry = lock[f"node_modules/cog-{year}"]
        assert entry["name"] == "@etalab/decoupage-administratif" and entry["version"] == version and entry["integrity"]
        installed = json.loads((NODE / f"cog-{year}" / "package.json").read_text(encoding="utf-8"))
        assert installed["name"] == "@etalab/decoupage-administratif" and installed["version"] == version


def test_counts_by_vintage_match_the_package() -> None:
    regions, deps, epci = Counter(), Counter(), Counter()
    for r in rows("regions"):
        regions[int(r["millesime"])] += 1
    for d in rows("departements"):
        if d["zone"] in ("metro", "drom"):
            deps[int(d["millesime"])] += 1
    for e in rows("epci"):
        epci[int(e["millesime"])] += 1
    for year in pinned():
        assert regions[year] == 18, year
        assert deps[year] == 101, year
        assert epci[year] == len(official(year, "epci")), year
    assert epci[2019] == 1259 and epci[2024] == 1255
    # Regions before 2016: the 22 metropolitan ones and the 5 overseas ones, each linked to a current region.
    old = [r for r in rows("regions") if r["millesime"] == "2015"]
    assert len(old) == 27
    latest = max(pinned())
    current = {r["code"] for r in rows("regions") if int(r["millesime"]) == latest}
    assert {r["code_successeur"] for r in old} <= current
    assert {r["code"]: r["code_successeur"] for r in old}["31"] == "32"
    # Communes: the last vintage only, every current commune of the package.
    communes = rows("communes")
    assert {c["millesime"] for c in communes} == {str(latest)}
    assert len(communes) == sum(1 for c in official(latest, "communes") if c["type"] == "commune-actuelle")


def test_overseas_and_populations() -> None:
    deps = {(d["code"], d["millesime"]): d for d in rows("departements")}
    for code in ("971", "972", "973", "974", "976"):
        d = deps[(code, "2024")]
        assert d["zone"] == "drom" and int(d["population"]) > 100_000
    assert deps[("975", "2024")]["zone"] == "com" and deps[("975", "2024")]["code_region"] == ""
    # Mayotte 2019: the package has no commune populations; the nearest vintage's is used and said so.
    assert deps[("976", "2019")]["millesime_population"] == "2021"
    regions = {(r["code"], r["millesime"]): r for r in rows("regions")}
    # A region's population is the sum of its communes; a former region's, the sum of its départements in 2019.
    communes = official(2024, "communes")
    hdf = sum(c["population"] for c in communes if c["type"] == "commune-actuelle" and c.get("region") == "32")
    assert int(regions[("32", "2024")]["population"]) == hdf
    npdc = sum(int(deps[(c, "2019")]["population"]) for c in ("59", "62"))
    assert int(regions[("31", "2015")]["population"]) == npdc
    assert regions[("31", "2015")]["millesime_population"] == "2019"
    epci = {(e["siren"], e["millesime"]): e for e in rows("epci")}
    tm = epci[("243100518", "2024")]
    assert tm["nom"] == "Toulouse Métropole" and tm["code_departement"] == "31" and tm["code_region"] == "76"
    assert all(r["siren"] for r in rows("regions") if r["millesime"] == "2024" and r["code"] != "06")


def test_package_documents_sources_and_licences() -> None:
    descriptor = json.loads((REF / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(descriptor, ensure_ascii=False)
    assert "@etalab/decoupage-administratif" in text and "MIT" in text and "Licence Ouverte" in text
    for year, version in pinned().items():
        assert f"{year} : @etalab/decoupage-administratif@{version}" in text
    assert "Licence Ouverte" in (REF / "README.md").read_text(encoding="utf-8")


# --- checks by vintage --------------------------------------------------------------------------------

GONE_EPCI = "245900410"  # Métropole européenne de Lille until 2019; 200093201 after its 2020 merger
GONE_COMMUNE = "01039"   # Béon (Ain): a commune in the 2019 COG, merged before 2024


@pytest.mark.parametrize("type_,code", [("epci", GONE_EPCI), ("commune", GONE_COMMUNE)])
def test_code_valid_in_2019_not_in_2024(mini: Path, capsys, type_: str, code: str) -> None:
    f = contract_file(mini)
    edit(f, 'territoires:\n  - {code: "32", type: region, millesime: 2024}',
         f'territoires:\n  - {{code: "32", type: region, millesime: 2024}}\n'
         f'  - {{code: "{code}", type: {type_}, millesime: 2019}}')
    assert run(mini, "build") == 0, capsys.readouterr().err
    capsys.readouterr()
    edit(f, f'type: {type_}, millesime: 2019', f'type: {type_}, millesime: 2024')
    expect_failure(mini, capsys, "code_cog", f"{MINI}:22: territoires[1].code")
    edit(f, f'type: {type_}, millesime: 2024', f'type: {type_}, millesime: 2016')
    assert run(mini, "build") == 0  # 2016 is checked against the nearest vintage held, 2019


def test_nearest_vintage_is_said(mini: Path, capsys) -> None:
    f = contract_file(mini)
    edit(f, 'territoires:\n  - {code: "32", type: region, millesime: 2024}',
         'territoires:\n  - {code: "32", type: region, millesime: 2024}\n  - {code: "99999", type: commune, millesime: 2017}')
    assert run(mini, "build") == 1
    err = capsys.readouterr().err
    assert "au COG 2017 (COG 2019, millésime le plus proche de 2017" in err, err


def test_epci_siren_checked_against_the_contract_date(mini: Path, capsys) -> None:
    f = contract_file(mini)
    text = f.read_text(encoding="utf-8")
    assert "parties:\n" in text
    edit(f, "parties:\n", f'parties:\n  - {{id: mel, nom: MEL, type: metropole, roles: [partenaire], siren: "{GONE_EPCI}"}}\n')
    expect_failure(mini, capsys, "siren_reference", f"aucun EPCI de SIREN {GONE_EPCI} au COG 2023")
    for old, new in (("date: 2023-01-09", "date: 2019-01-09"),):
        text = f.read_text(encoding="utf-8").replace(old, new, 1)
        f.write_text(text, encoding="utf-8")
    out = run(mini, "build")
    err = capsys.readouterr().err
    assert "siren_reference" not in err, err
    assert out in (0, 1)


def test_collectivity_siren_filled_and_mismatch_refused(mini: Path, capsys) -> None:
    f = contract_file(mini)
    edit(f, '    nom: Région Exemple\n', "")  # the curator writes the territory code only
    edit(f, '    siren: "200053742"\n', "")
    assert run(mini, "build") == 0, capsys.readouterr().err
    with (mini / "datapackages" / "catalogue" / "parties.csv").open(encoding="utf-8", newline="") as fh:
        region = [r for r in csv.DictReader(fh) if r["type"] == "region"]
    assert region and region[0]["siren"] == "200053742"  # the build fills it from the reference
    assert region[0]["nom"] == "Région Hauts-de-France"
    edit(f, '    territoire: {code: "32", type: region, millesime: 2024}',
         '    siren: "200053759"\n    territoire: {code: "32", type: region, millesime: 2024}')
    expect_failure(mini, capsys, "siren_reference", "SIREN 200053759 différent de celui de Hauts-de-France")


def test_party_without_name_needs_a_collectivity_territory(mini: Path, capsys) -> None:
    f = contract_file(mini)
    edit(f, "    nom: État\n", "")
    expect_failure(mini, capsys, "nom_partie", f"{MINI}:23: parties[0]")
