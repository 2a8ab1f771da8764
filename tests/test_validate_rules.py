"""The validate stage in process, rule by rule: which packages Frictionless checks, how its errors are located on
the YAML, freshness from the build record, and the report it writes (what make mutation needs to reach validate.py;
test_freshness.py and test_hostile_sources.py run the same stage as a contributor would, in a subprocess)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import contract_file, copy_mini
from contrats import state
from contrats.build import build
from contrats.pipeline import process
from contrats.problems import Problem
from contrats.validate import (
    FULL_LIMIT,
    SAMPLE,
    _csv_row,
    _find_item,
    frictionless_problems,
    package_digests,
    packages_to_validate,
    to_source,
    validate,
)

MINI = "sources/contrats/contrat-mini.yml"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini sources, built once for the module."""
    root = copy_mini(tmp_path_factory.mktemp("validate"))
    assert build(root / "datapackages", root / "sources", root) == 0
    # Recorded as validated, as a successful run would, so that each test runs Frictionless only on the packages it
    # changes (Frictionless on the reference package takes seconds; test_frictionless_errors_name_file_row_and_field
    # and the tests of the stage prove these packages valid).
    target = root / "datapackages"
    files = state.file_digests(target, state.load_json(state.manifest_for(target)))
    state.save_json(state.validated_for(target), {**package_digests(files),
                                                  "catalogue/datapackage.json": files["catalogue/datapackage.json"]})
    return root


@pytest.fixture(scope="module")
def outcomes(built_once: Path) -> list:
    """What the pipeline knows of the mini contract (its file, declared documents), computed once."""
    return process(built_once / "sources", built_once, state.cache_dir_for(built_once / "datapackages")).outcomes


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of the built mini project."""
    root = tmp_path / "repo"
    shutil.copytree(built_once, root, symlinks=True)
    return root


def run(root: Path) -> int:
    return validate(root / "datapackages", root / "build" / "validation.json", root / "sources", root)


def report(root: Path) -> dict:
    return json.loads((root / "build" / "validation.json").read_text(encoding="utf-8"))


# Which packages are checked


def test_package_digests_group_files_by_package() -> None:
    files = {"catalogue/datapackage.json": "a", "catalogue/contrats.csv": "b",
             "contrats/x/datapackage.json": "c", "contrats/x/parties.csv": "d",
             "contrats/y/parties.csv": "e", "reference/datapackage.json": "f", "LISEZMOI.md": "g"}
    digests = package_digests(files)
    assert sorted(digests) == ["catalogue", "contrats/x", "reference"]  # no descriptor, no package
    assert all(len(d) == 64 for d in digests.values())
    assert package_digests({**files, "contrats/x/parties.csv": "z"})["contrats/x"] != digests["contrats/x"]
    assert package_digests({**files, "contrats/x/parties.csv": "z"})["catalogue"] == digests["catalogue"]
    renamed = {k.replace("parties.csv", "partie.csv"): v for k, v in files.items()}
    assert package_digests(renamed)["contrats/x"] != digests["contrats/x"]  # names count, not only contents
    moved = {"contrats/x/datapackage.json": "c", "contrats/x/a/parties.csv": "d"}
    assert package_digests(moved)["contrats/x"] != digests["contrats/x"]


def _paths(target: Path, rels: list[str]) -> list[Path]:
    return [target / rel / "datapackage.json" for rel in rels]


def test_unchanged_packages_are_skipped(tmp_path: Path) -> None:
    digests = {"catalogue": "1", "reference": "2", "contrats/a": "3", "catalogue/datapackage.json": "4"}
    assert packages_to_validate(tmp_path, digests, dict(digests)) == []
    assert packages_to_validate(tmp_path, digests, {}) == _paths(tmp_path, ["catalogue", "reference", "contrats/a"])
    assert packages_to_validate(tmp_path, digests, {**digests, "reference": "x"}) == _paths(tmp_path, ["reference"])


def test_catalogue_is_skipped_when_its_descriptor_is_unchanged_and_changed_contracts_are_checked(tmp_path: Path) -> None:
    digests = {"catalogue": "1", "contrats/a": "3", "contrats/b": "5", "catalogue/datapackage.json": "4"}
    before = {**digests, "catalogue": "0", "contrats/a": "0"}
    assert packages_to_validate(tmp_path, digests, before) == _paths(tmp_path, ["contrats/a"])
    before["catalogue/datapackage.json"] = "0"
    assert packages_to_validate(tmp_path, digests, before) == _paths(tmp_path, ["catalogue", "contrats/a"])


def test_above_the_limit_a_spread_sample_is_checked_with_the_whole_catalogue(tmp_path: Path) -> None:
    contracts = {f"contrats/c{i:03d}": str(i) for i in range(FULL_LIMIT + 1)}
    digests = {"catalogue": "1", "catalogue/datapackage.json": "4", **contracts}
    before = {**digests, "catalogue": "0", **{k: "old" for k in contracts}}
    got = packages_to_validate(tmp_path, digests, before)
    assert got[0] == tmp_path / "catalogue" / "datapackage.json"
    step = len(contracts) / SAMPLE
    names = list(contracts)
    assert got[1:] == _paths(tmp_path, [names[int(i * step)] for i in range(SAMPLE)])
    assert len(set(got)) == SAMPLE + 1


def test_at_the_limit_every_changed_contract_is_checked(tmp_path: Path) -> None:
    contracts = {f"contrats/c{i:03d}": str(i) for i in range(FULL_LIMIT)}
    digests = {"catalogue": "1", "catalogue/datapackage.json": "4", **contracts}
    before = {**digests, **{k: "old" for k in contracts}}
    assert packages_to_validate(tmp_path, digests, before) == _paths(tmp_path, list(contracts))


# Locating Frictionless errors on the YAML


def test_find_item_searches_nested_elements_depth_first() -> None:
    tree = [{"id": "a", "elements": [{"id": "b"}, {"id": "c", "elements": [{"id": "d"}]}]}, {"id": "e"}]
    assert _find_item(tree, "a", ("structure",)) == ("structure", 0)
    assert _find_item(tree, "d", ("structure",)) == ("structure", 0, "elements", 1, "elements", 0)
    assert _find_item(tree, "e", ("structure",)) == ("structure", 1)
    assert _find_item(tree, "z", ("structure",)) is None
    assert _find_item(None, "a", ()) is None
    assert _find_item({"id": "x"}, "x", ("k",)) == ("k",)


def test_csv_row_counts_the_header_as_row_one(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,nom\na,A\nb,B\n", encoding="utf-8")
    assert _csv_row(path, 2) == {"id": "a", "nom": "A"}
    assert _csv_row(path, 3) == {"id": "b", "nom": "B"}
    assert _csv_row(path, 4) is None
    assert _csv_row(tmp_path / "absent.csv", 2) is None
    path.write_bytes(b"id\n\xff\xfe\n")
    assert _csv_row(path, 2) is None
    path.write_bytes('id,nom\r\na,"deux\r\nlignes é"\r\nb,B\r\n'.encode())
    assert _csv_row(path, 2) == {"id": "a", "nom": "deux\r\nlignes é"}  # a quoted line break is data
    assert _csv_row(path, 3) == {"id": "b", "nom": "B"}


def _problem(file: str, line: int, field: str) -> Problem:
    return Problem(file, line, field, "frictionless:type-error", "valeur refusée")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in text)


def test_csv_errors_are_located_on_the_yaml_value(built: Path, outcomes: list) -> None:
    f = contract_file(built)
    got = to_source(_problem("datapackages/contrats/contrat-mini/financements.csv", 3, "montant_eur"), outcomes, built)
    assert (got.file, got.line, got.field) == (MINI, line_of(f, "{id: region, partie: region"),
                                               "financements[1].montant_eur")
    assert got.message == ("valeur refusée (datapackages/contrats/contrat-mini/financements.csv, ligne 3, "
                           "colonne montant_eur)")
    assert (got.rule, got.severity) == ("frictionless:type-error", "erreur")
    got = to_source(_problem("datapackages/contrats/contrat-mini/financements.csv", 3, "ligne_id"), outcomes, built)
    assert (got.line, got.field) == (line_of(f, "{id: region, partie: region"), "financements[1]")
    got = to_source(_problem("datapackages/contrats/contrat-mini/documents.csv", 2, "licence"), outcomes, built)
    assert (got.file, got.line, got.field) == (MINI, line_of(f, "licence: Licence Ouverte"), "documents[0].licence")
    got = to_source(_problem("datapackages/catalogue/contrats.csv", 2, "titre"), outcomes, built)
    assert (got.file, got.line, got.field) == (MINI, line_of(f, "titre: Contrat de démonstration"), "titre")
    got = to_source(_problem("datapackages/catalogue/contrats.csv", 2, "famille"), outcomes, built)
    assert (got.line, got.field) == (line_of(f, "famille: CPER"), "famille")


@pytest.mark.parametrize("file,line", [
    ("datapackages/contrats/contrat-mini/datapackage.json", 2),  # not a CSV
    ("datapackages/contrats/contrat-mini/financements.csv", 1),  # the header
    ("datapackages/contrats/contrat-mini/financements.csv", 0),
    ("datapackages/contrats/contrat-mini/financements.csv", 99),  # no such row
    ("datapackages/reference/territoires.csv", 2),  # no contract behind it
    ("datapackages/contrats/contrat-mini/preuves.csv", 2),  # a derived table: no YAML list behind its rows
    ("datapackages/contrats/contrat-mini/financements.csv", None),
    ("datapackages/contrats/contrat-mini/financements.csv", -1),
])
def test_errors_no_source_value_explains_stay_on_the_csv(built: Path, outcomes: list, file: str, line: int | None) -> None:
    problem = _problem(file, line, "x")
    assert to_source(problem, outcomes, built) == problem


def test_a_document_no_contract_declares_stays_on_the_csv(built: Path) -> None:
    problem = _problem("datapackages/contrats/contrat-mini/documents.csv", 2, "licence")
    assert to_source(problem, [], built) == problem


def test_the_severity_is_kept(built: Path, outcomes: list) -> None:
    problem = Problem("datapackages/contrats/contrat-mini/financements.csv", 3, "montant_eur", "r", "m", "info")
    assert to_source(problem, outcomes, built).severity == "info"


def test_an_unreadable_source_leaves_the_error_on_the_csv(built: Path, outcomes: list) -> None:
    contract_file(built).write_text("id: [", encoding="utf-8")
    problem = _problem("datapackages/contrats/contrat-mini/financements.csv", 2, "montant_eur")
    assert to_source(problem, outcomes, built) == problem


def test_frictionless_errors_name_file_row_and_field(built: Path) -> None:
    pkg = built / "datapackages" / "contrats" / "contrat-mini"
    assert frictionless_problems(pkg / "datapackage.json", built) == []
    csv_path = pkg / "financements.csv"
    text = csv_path.read_text(encoding="utf-8")
    csv_path.write_text(text.replace("893486000", "beaucoup"), encoding="utf-8")
    (found,) = frictionless_problems(pkg / "datapackage.json", built)
    row = 1 + next(n for n, line in enumerate(text.splitlines(), start=1) if "893486000" in line) - 1
    assert (found.file, found.line, found.field, found.rule) == (
        "datapackages/contrats/contrat-mini/financements.csv", row, "montant_eur", "frictionless:type-error")
    assert "beaucoup" in found.message


def test_a_missing_table_is_located_on_its_file(built: Path) -> None:
    pkg = built / "datapackages" / "contrats" / "contrat-mini"
    (pkg / "jalons.csv").unlink()
    (found,) = frictionless_problems(pkg / "datapackage.json", built)
    assert (found.file, found.line, found.field, found.rule) == (
        "datapackages/contrats/contrat-mini/jalons.csv", 1, "jalons", "frictionless:scheme-error")


def test_a_descriptor_pointing_outside_its_folder_is_refused(built: Path) -> None:
    """Frictionless runs untrusted: a resource path that leaves the package (an absolute path) is not read."""
    pkg = built / "datapackages" / "contrats" / "contrat-mini"
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "/etc/hostname"
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (found,) = frictionless_problems(pkg / "datapackage.json", built)
    assert (found.file, found.rule) == ("datapackages/contrats/contrat-mini/datapackage.json", "frictionless:package-error")


def test_package_level_errors_are_located_on_the_descriptor(built: Path) -> None:
    pkg = built / "datapackages" / "contrats" / "contrat-mini"
    (pkg / "datapackage.json").write_text("{\"resources\": 3}", encoding="utf-8")
    (found,) = frictionless_problems(pkg / "datapackage.json", built)  # no traceback: a located error
    assert (found.file, found.line, found.field, found.rule) == (
        "datapackages/contrats/contrat-mini/datapackage.json", 1, "(paquet)", "frictionless:package-error")
    assert "descriptor is not valid" in found.message


# The stage as a whole


def test_fresh_packages_pass_and_are_recorded(built: Path, capsys: pytest.CaptureFixture) -> None:
    vcache = state.validated_for(built / "datapackages")
    validated = state.load_json(vcache)
    assert {"catalogue", "reference", "contrats/contrat-mini", "catalogue/datapackage.json"} == set(validated)
    state.save_json(vcache, {k: v for k, v in validated.items() if k not in ("catalogue", "contrats/contrat-mini")})
    assert not (built / "build" / "validation.json").exists()
    assert run(built) == 0
    err = capsys.readouterr().err
    assert "validation : 1 contrat(s) (enregistrement de la construction), Frictionless sur 1 paquet(s) modifié(s), " \
           "0 erreur(s) en " in err and " s — rapport build/validation.json" in err
    assert report(built) == {"erreurs": 0, "problemes": []}
    assert state.load_json(vcache) == validated  # the catalogue, whose descriptor is unchanged, counts as checked
    assert run(built) == 0
    assert "Frictionless sur 0 paquet(s)" in capsys.readouterr().err


def test_without_a_record_the_packages_are_rebuilt_in_memory_then_recorded(built: Path, capsys) -> None:
    state.record_for(built / "datapackages").unlink()
    assert run(built) == 0
    assert "(reconstruction en mémoire)" in capsys.readouterr().err
    assert state.record_for(built / "datapackages").exists()
    assert run(built) == 0
    assert "(enregistrement de la construction)" in capsys.readouterr().err


def test_stale_packages_fail_and_are_not_recorded(built: Path, capsys) -> None:
    """Without a build record, every file is rebuilt in memory (from the pipeline's cache: no contract is checked
    again) and compared; a package that differs is stale."""
    state.record_for(built / "datapackages").unlink()
    csv_path = built / "datapackages" / "contrats" / "contrat-mini" / "jalons.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("Signature", "Autre chose"), encoding="utf-8")
    assert run(built) == 1
    err = capsys.readouterr().err
    assert "datapackages/contrats/contrat-mini/jalons.csv:1: (fichier): [perime] datapackages/ ne correspond plus " \
           "à sources/ : lancer « make data » et committer" in err
    assert "(reconstruction en mémoire)" in err
    assert report(built)["erreurs"] == 1
    assert not state.record_for(built / "datapackages").exists()  # still stale: no record was written


def test_a_hand_edited_file_fails_even_with_a_record(built: Path, capsys) -> None:
    before = state.load_json(state.validated_for(built / "datapackages"))
    csv_path = built / "datapackages" / "catalogue" / "contrats.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("Contrat de démonstration", "Autre"),
                        encoding="utf-8")
    assert run(built) == 1
    err = capsys.readouterr().err
    assert "datapackages/catalogue/contrats.csv:1: (fichier): [perime] fichier différent de ce que la dernière " \
           "construction a écrit (modifié à la main ?) : lancer « make data »" in err
    assert state.load_json(state.validated_for(built / "datapackages")) == before  # a failed run records nothing


def test_frictionless_errors_fail_and_are_located_on_the_yaml(built: Path, capsys) -> None:
    csv_path = built / "datapackages" / "contrats" / "contrat-mini" / "financements.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("893486000", "beaucoup"), encoding="utf-8")
    # The file no longer matches the build: both the freshness and the Frictionless errors are reported.
    assert run(built) == 1
    err = capsys.readouterr().err
    line = line_of(contract_file(built), "{id: etat, partie: etat, montant_eur: 893486000")
    assert f"{MINI}:{line}: financements[0].montant_eur: [frictionless:type-error]" in err
    assert "(datapackages/contrats/contrat-mini/financements.csv, ligne 2, colonne montant_eur)" in err
    assert "Frictionless sur 1 paquet(s) modifié(s), 2 erreur(s)" in err
    assert report(built)["erreurs"] == 2


def test_no_packages_at_all_is_an_error(built: Path, capsys) -> None:
    shutil.rmtree(built / "datapackages")
    (built / "datapackages").mkdir()
    assert run(built) == 1
    assert "datapackages:1: (dossier): [absent] aucun paquet : lancer « make data »" in capsys.readouterr().err


def test_the_record_replays_the_build_findings(built: Path, capsys) -> None:
    """Findings the build reported (notes on explained discrepancies) are reported again from the record."""
    path = state.record_for(built / "datapackages")
    record = json.loads(path.read_text(encoding="utf-8"))
    note = {"file": MINI, "line": 3, "field": "titre", "rule": "note", "message": "écart expliqué", "severity": "info"}
    path.write_text(json.dumps({**record, "problems": [note]}), encoding="utf-8")
    assert run(built) == 0
    assert f"{MINI}:3: titre: [note] (info) écart expliqué" in capsys.readouterr().err
    # A record written without these keys (no finding, no count) still decides freshness.
    path.write_text(json.dumps({k: v for k, v in record.items() if k not in ("problems", "contracts")}), encoding="utf-8")
    assert run(built) == 0
    assert "validation : 0 contrat(s) (enregistrement de la construction)" in capsys.readouterr().err


@pytest.mark.parametrize("record", [True, False])
def test_at_most_twenty_altered_files_are_listed(built: Path, capsys, record: bool) -> None:
    if not record:
        state.record_for(built / "datapackages").unlink()
    for i in range(25):
        (built / "datapackages" / f"ajout-{i:02d}.txt").write_text("x", encoding="utf-8")
    assert run(built) == 1
    assert capsys.readouterr().err.count("[perime]") == 20


def test_source_errors_are_not_buried_under_stale_files(built: Path, capsys) -> None:
    """A contract that fails its checks is reported as such, not as packages to rebuild."""
    state.record_for(built / "datapackages").unlink()
    f = contract_file(built)
    f.write_text(f.read_text(encoding="utf-8").replace("montant_eur: 893486000", "montant_eur: 893486001"), encoding="utf-8")
    assert run(built) == 1
    err = capsys.readouterr().err
    line = line_of(f, "montant_eur: 893486001")
    assert f"{MINI}:{line}: financements[0].montant_eur: [valeur_preuve] le montant ne correspond pas" in err
    assert "[perime]" not in err and ", 1 erreur(s) en " in err
