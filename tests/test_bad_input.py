"""Each kind of bad input gives a located error, a non-zero exit, and leaves the previous packages untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import contract_file, edit
from contrats.cli import main

MINI = "sources/contrats/contrat-mini.yml"


def run(root: Path, command: str) -> int:
    return main(["--sources", str(root / "sources"), "--datapackages", str(root / "datapackages"),
                 "--report", str(root / "build" / "validation.json"), "--root", str(root), command])


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def built(mini: Path) -> Path:
    """The mini sources with a successful first build."""
    assert run(mini, "build") == 0
    return mini


def expect_failure(root: Path, capsys, rule: str, where: str) -> None:
    before = snapshot(root / "datapackages")
    assert run(root, "build") == 1
    err = capsys.readouterr().err
    assert where in err, err
    assert f"[{rule}]" in err, err
    assert snapshot(root / "datapackages") == before, "a failed build must not touch datapackages/"


def test_good_build_passes(built: Path, capsys) -> None:
    assert (built / "datapackages" / "catalogue" / "datapackage.json").is_file()
    assert run(built, "validate") == 0, capsys.readouterr().err


def test_malformed_yaml(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "titre: Contrat de démonstration", "titre: [Contrat de démonstration")
    expect_failure(built, capsys, "syntaxe_yaml", f"{MINI}:")


def test_unknown_key(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "famille: CPER", "famille: CPER\nbudget: 12")
    expect_failure(built, capsys, "extra_forbidden", f"{MINI}:{line_of(f, 'budget: 12')}: budget")


def test_wrong_type(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_eur: 893486000", 'montant_eur: "893486000"')
    expect_failure(built, capsys, "int_type", f"{MINI}:{line_of(f, 'id: etat, partie: etat')}: financements[0].montant_eur")


def test_duplicate_key(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "famille: CPER", "famille: CPER\nfamille: CRTE")
    expect_failure(built, capsys, "cle_dupliquee", f"{MINI}:{line_of(f, 'famille: CRTE')}: famille")


def test_duplicate_id_in_a_list(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "id: region, partie: region", "id: etat, partie: region")
    expect_failure(built, capsys, "id_duplique", f"{MINI}:{line_of(f, 'id: etat, partie: region')}: financements[1].id")


def test_duplicate_contract_id_across_files(built: Path, capsys) -> None:
    f = contract_file(built)
    copy = f.with_name("contrat-mini-bis.yml")
    copy.write_text(f.read_text(encoding="utf-8").replace("  - id: texte-mini\n", "  - id: texte-mini-bis\n"),
                    encoding="utf-8")
    expect_failure(built, capsys, "id_duplique", "sources/contrats/contrat-mini-bis.yml:1: id")


def test_id_unsafe_as_path(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "id: contrat-mini", "id: ../../etc")
    expect_failure(built, capsys, "string_pattern_mismatch", f"{MINI}:1: id")


def test_non_utf8_file(built: Path, capsys) -> None:
    f = contract_file(built)
    f.write_bytes(f.read_bytes().replace("démonstration".encode(), "démonstration".encode("latin-1"), 1))
    expect_failure(built, capsys, "encodage", f"{MINI}:")


def test_bom(built: Path, capsys) -> None:
    f = contract_file(built)
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    expect_failure(built, capsys, "encodage", f"{MINI}:1")


def test_negative_amount(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_eur: 846607000", "montant_eur: -846607000")
    expect_failure(built, capsys, "greater_than_equal", f"{MINI}:{line_of(f, '-846607000')}: financements[1].montant_eur")


def test_absurd_amount(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_eur: 846607000", "montant_eur: 846607000000000")
    expect_failure(built, capsys, "less_than_equal", f"{MINI}:{line_of(f, '846607000000000')}: financements[1].montant_eur")


def test_unknown_territory_code(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, '- {code: "32", type: region, millesime: 2024}', '- {code: "31", type: region, millesime: 2024}')
    line = line_of(f, 'code: "31"')
    expect_failure(built, capsys, "code_cog", f"{MINI}:{line}: territoires[0].code")


def test_code_of_the_wrong_vintage(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, '- {code: "32", type: region, millesime: 2024}', '- {code: "32", type: region, millesime: 2015}')
    expect_failure(built, capsys, "code_cog", f"{MINI}:")


def test_missing_evidence(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, ', preuve: "pour la Région : 846,607 millions d’euros"}', "}")
    expect_failure(built, capsys, "missing", f"{MINI}:{line_of(f, 'id: region, partie: region')}: financements[1].preuve")


def test_quote_not_in_document(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, '"pour la Région : 846,607 millions d’euros"', '"pour la Région : 846,607 millions d\'euros"')
    expect_failure(built, capsys, "preuve_introuvable", f"{MINI}:{line_of(f, 'id: region, partie: region')}")


def test_mistyped_amount(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_eur: 846607000", "montant_eur: 846670000")
    expect_failure(built, capsys, "valeur_preuve", f"{MINI}:{line_of(f, '846670000')}: financements[1].montant_eur")


def test_lower_bound_stays_a_lower_bound(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "qualificatif: au_moins, montant_eur: 20000000", "qualificatif: exact, montant_eur: 20000000")
    expect_failure(built, capsys, "qualificatif_preuve", f"{MINI}:{line_of(f, 'id: ecoles')}: financements[3].qualificatif")


def test_range_keeps_both_bounds(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_max_eur: 170000000", "montant_max_eur: 160000000")
    expect_failure(built, capsys, "valeur_preuve", f"{MINI}:")


def test_wrong_date(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "  date: 2023-01-09", "  date: 2023-01-19")
    expect_failure(built, capsys, "valeur_preuve", f"{MINI}:{line_of(f, 'date: 2023-01-19')}: signature.date")


def test_impossible_date(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "  date: 2023-01-09", "  date: 2023-02-30")
    expect_failure(built, capsys, "value_error", f"{MINI}:{line_of(f, 'date: 2023-02-30')}: signature.date")


def test_wrong_share(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant: {qualificatif: part, part_pct: 40,", "montant: {qualificatif: part, part_pct: 45,")
    expect_failure(built, capsys, "valeur_preuve", f"{MINI}:")


def test_count_differs_from_list(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "    valeur: 2\n", "    valeur: 3\n")
    expect_failure(built, capsys, "valeur_preuve", f"{MINI}:{line_of(f, 'valeur: 3')}: chiffres[0].valeur")


def test_document_text_changed(built: Path, capsys) -> None:
    doc = built / "sources" / "documents" / "texte-mini.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
    expect_failure(built, capsys, "empreinte", f"{MINI}:")


def test_unknown_reference(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "element: volet-numerique\n    qualificatif: fourchette", "element: volet-inconnu\n    qualificatif: fourchette")
    expect_failure(built, capsys, "reference", f"{MINI}:{line_of(f, 'element: volet-inconnu')}: financements[2].element")


def test_invalid_siren(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, 'siren: "200053742"', 'siren: "200053743"')
    expect_failure(built, capsys, "siren", f"{MINI}:{line_of(f, '200053743')}: parties[1].siren")


def test_validate_reports_json_and_fails(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "montant_eur: 846607000", "montant_eur: 846670000")
    assert run(built, "validate") == 1
    report = (built / "build" / "validation.json").read_text(encoding="utf-8")
    assert '"rule": "valeur_preuve"' in report and '"file": "sources/contrats/contrat-mini.yml"' in report


def test_github_annotations_on_the_yaml_line(built: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    f = contract_file(built)
    edit(f, "montant_eur: 846607000", "montant_eur: 846670000")
    assert run(built, "validate") == 1
    err = capsys.readouterr().err
    line = line_of(f, "846670000")
    assert f"::error file={MINI},line={line},title=valeur_preuve (financements[1].montant_eur)::" in err, err


def test_operation_without_readable_name(built: Path, capsys) -> None:
    """A lower-case fragment as written needs a readable name (nom) beside it."""
    f = contract_file(built)
    edit(f, "nom: Port de Calais, ", "")
    expect_failure(built, capsys, "nom_lisible", f"{MINI}:{line_of(f, 'id: port-calais')}")


def test_operation_name_lower_case(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "nom: Port de Calais", "nom: port de Calais")
    expect_failure(built, capsys, "nom_lisible", f"{MINI}:{line_of(f, 'id: port-calais')}")


def test_territory_code_of_another_region_than_named(built: Path, capsys) -> None:
    f = contract_file(built)
    edit(f, "    nom: Région Exemple\n", "    nom: Région Bretagne\n")
    line = line_of(f, '- {code: "32", type: region')
    expect_failure(built, capsys, "code_nom", f"{MINI}:{line}: territoires[0].code")
