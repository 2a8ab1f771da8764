"""Build stage: deterministic output, fresh committed packages, readable by independent tools."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from contrats import paths
from contrats.build import generate
from contrats.cli import main
from contrats.model import EXPRESSION_MAX
from contrats.pipeline import process
from contrats.problems import errors
from contrats.quotes import Document


def stale_files(built: Path, committed: Path) -> list[str]:
    """Relative paths that differ between two package folders (added, removed or changed)."""
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()

    a, b = files(built), files(committed)
    changed = [rel for rel in sorted(a & b) if not filecmp.cmp(built / rel, committed / rel, shallow=False)]
    return sorted((a ^ b) | set(changed))


EXPECTED_CONTRACTS = {
    "cper-nord-pas-de-calais-2015-2020", "cper-hauts-de-france-2021-2027", "cper-midi-pyrenees-2014-2020",
    "pacte-territorial-toulouse-metropole", "accord-cadre-toulouse-montpellier-2016",
    "contrat-reciprocite-toulouse-portes-de-gascogne", "accord-partenariat-etat-anpp-2021",
}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A build of the real sources into a temporary folder."""
    processed = process()
    assert not errors(processed.problems), "\n".join(map(str, errors(processed.problems)))
    out = tmp_path_factory.mktemp("fresh") / "datapackages"
    generate(out, processed)
    return out


def test_build_is_deterministic(fresh: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, process())
    assert stale_files(again, fresh) == []


def test_committed_packages_are_fresh(fresh: Path) -> None:
    stale = stale_files(fresh, paths.DATAPACKAGES)
    assert stale == [], f"datapackages/ is stale, run `make data`: {stale[:10]}"


def test_catalogue_holds_every_contract(fresh: Path) -> None:
    contrats = pd.read_csv(fresh / "catalogue" / "contrats.csv", dtype=str)
    assert EXPECTED_CONTRACTS <= set(contrats["id"])
    assert {"id", "titre", "famille"} <= set(contrats.columns)
    assert contrats["titre"].notna().all()
    for cid in EXPECTED_CONTRACTS:
        assert (fresh / "contrats" / cid / "datapackage.json").is_file()


def test_every_figure_has_located_evidence(fresh: Path) -> None:
    cat = fresh / "catalogue"
    preuves = pd.read_csv(cat / "preuves.csv", dtype=str, keep_default_na=False)
    files = pd.read_csv(cat / "documents.csv").set_index("document_id")["fichier"].to_dict()
    texts = {doc: Document((cat / path).read_text(encoding="utf-8")) for doc, path in files.items()}
    assert set(preuves["niveau"]) <= {"1", "2"}
    for row in preuves[preuves["niveau"] == "1"].itertuples():
        start, end = int(row.debut), int(row.fin)
        assert texts[row.document_id].find(row.citation) == (start, end), row
        published = texts[row.document_id].text[start:end]
        assert published.split()[0][:3] == row.citation.split()[0][:3], row
    # Tier 2: a public page declared by the same contract, and the figure as written (a few words, no quote).
    pages = pd.read_csv(cat / "sources_publiques.csv", dtype=str, keep_default_na=False)
    declared = set(zip(pages["contrat_id"], pages["source_id"]))
    for row in preuves[preuves["niveau"] == "2"].itertuples():
        assert (row.contrat_id, row.source_id) in declared, row
        assert 0 < len(row.expression) <= EXPRESSION_MAX and not row.citation and not row.document_id, row
    tier1 = set(zip(preuves.loc[preuves["niveau"] == "1", "contrat_id"], preuves.loc[preuves["niveau"] == "1", "preuve_id"]))
    for table in ("financements", "chiffres", "jalons", "operations"):
        df = pd.read_csv(cat / f"{table}.csv", dtype=str, keep_default_na=False)
        assert (df["preuve_id"] != "").all()
        assert set(df["preuve_id"]) <= set(preuves["preuve_id"])
        keys = pd.Series(list(zip(df["contrat_id"], df["preuve_id"])), index=df.index, dtype=object)
        assert (df.loc[keys.isin(tier1), "preuve_citation"] != "").all()


def test_frictionless_cli_validates_every_package(fresh: Path) -> None:
    exe = Path(sys.executable).with_name("frictionless")
    for package in sorted(fresh.rglob("datapackage.json")):
        result = subprocess.run([str(exe), "validate", "--json", str(package.name)], cwd=package.parent,
                                capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout)
        assert report["valid"], (package, [e["message"] for t in report["tasks"] for e in t["errors"]][:5])


def test_pandas_reads_every_resource(fresh: Path) -> None:
    for package in sorted(fresh.rglob("datapackage.json")):
        descriptor = json.loads(package.read_text(encoding="utf-8"))
        for res in descriptor["resources"]:
            path = package.parent / res["path"]
            if res["format"] == "csv":
                df = pd.read_csv(path, dtype=str, keep_default_na=False)
                assert list(df.columns) == [f["name"] for f in res["schema"]["fields"]]
            elif res["format"] == "geojson":
                assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
            else:
                assert path.read_text(encoding="utf-8")


def test_changing_an_amount_fails_validation_with_file_and_line(tmp_path: Path, capsys) -> None:
    root = tmp_path / "repo"
    shutil.copytree(paths.SOURCES, root / "sources")
    shutil.copytree(paths.DATAPACKAGES, root / "datapackages")
    target = root / "sources" / "contrats" / "cper-nord-pas-de-calais-2015-2020.yml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "893486000" in line)
    lines[n] = lines[n].replace("893486000", "893486100")
    target.write_text("".join(lines), encoding="utf-8")
    code = main(["--sources", str(root / "sources"), "--datapackages", str(root / "datapackages"),
                 "--report", str(root / "validation.json"), "--root", str(root), "validate"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"sources/contrats/cper-nord-pas-de-calais-2015-2020.yml:{n + 1}:" in err, err
    assert "[valeur_preuve]" in err


def test_cache_reuses_unchanged_contracts_and_catches_changes(mini: Path, tmp_path: Path) -> None:
    from conftest import contract_file, edit

    cache = tmp_path / "cache"
    src = mini / "sources"
    other = contract_file(mini).with_name("contrat-autre.yml")
    text = contract_file(mini).read_text(encoding="utf-8").replace("id: contrat-mini", "id: contrat-autre")
    head, _, rest = text.partition("documents:\n")
    other.write_text(head + rest[rest.index("territoires:"):], encoding="utf-8")
    first = process(src, mini, cache)
    assert first.reused == 0 and not errors(first.problems)
    second = process(src, mini, cache)
    assert second.reused == 2
    assert [o.csv for o in second.outcomes] == [o.csv for o in first.outcomes]
    edit(other, "montant_eur: 846607000", "montant_eur: 846607001")
    third = process(src, mini, cache)
    assert third.reused == 1
    assert any(p.rule == "valeur_preuve" and p.file.endswith("contrat-autre.yml") for p in errors(third.problems))
    doc = src / "documents" / "texte-mini.txt"  # a cited text changes: every contract citing it is checked again
    doc.write_text(doc.read_text(encoding="utf-8").replace("Lille", "Lile"), encoding="utf-8")
    fourth = process(src, mini, cache)
    assert fourth.reused == 0
    assert any(p.rule == "empreinte" for p in errors(fourth.problems))
