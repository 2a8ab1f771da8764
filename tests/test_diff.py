"""Change report (make diff): contracts and rows added, removed and changed, with old → new figures."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import contract_file, edit
from contrats.build import generate
from contrats.cli import main
from contrats.diff import report_against_dir, report_against_git
from contrats.pipeline import process


def clone_contract(root: Path, new_id: str) -> None:
    src = contract_file(root)
    text = src.read_text(encoding="utf-8").replace("id: contrat-mini", f"id: {new_id}")
    # the document is declared once, in contrat-mini: the clone cites it without declaring it
    head, _, rest = text.partition("documents:\n")
    rest = rest[rest.index("territoires:"):]
    (src.parent / f"{new_id}.yml").write_text(head + rest, encoding="utf-8")


def build_catalogue(root: Path, out: Path) -> Path:
    processed = process(root / "sources", root)
    assert not [p for p in processed.problems if p.severity == "erreur"], processed.problems
    generate(out, processed, root / "sources" / "reference")
    return out / "catalogue"


def fixture_change(mini: Path, tmp_path: Path) -> tuple[Path, Path]:
    clone_contract(mini, "contrat-retire")
    old = build_catalogue(mini, tmp_path / "old")
    (contract_file(mini).parent / "contrat-retire.yml").unlink()
    clone_contract(mini, "contrat-ajoute")
    edit(contract_file(mini), "titre: Contrat de démonstration", "titre: Contrat de démonstration modifié")
    f = contract_file(mini)
    edit(f, '{id: ecoles, element: volet-numerique, qualificatif: au_moins, montant_eur: 20000000, preuve: "dont plus de 20 M€ pour les écoles"}',
         '{id: ecoles, element: volet-numerique, qualificatif: fourchette, montant_min_eur: 150000000, '
         'montant_max_eur: 170000000, preuve: "entre 150 et 170 M€"}')
    new = build_catalogue(mini, tmp_path / "new")
    return old, new


def test_report_lists_added_removed_and_changed(mini: Path, tmp_path: Path) -> None:
    old, new = fixture_change(mini, tmp_path)
    text = report_against_dir(old, new)
    assert "Contrats ajoutés : 1 — `contrat-ajoute`" in text
    assert "Contrats retirés : 1 — `contrat-retire`" in text
    assert "Contrats modifiés : 1 — `contrat-mini`" in text
    assert "| financements | `contrat-mini / ecoles` | montant_eur | 20000000 → ∅ |" in text
    assert "| financements | `contrat-mini / ecoles` | montant_max_eur | ∅ → 170000000 |" in text
    assert "| contrats | `contrat-mini` | titre | Contrat de démonstration → Contrat de démonstration modifié |" in text
    assert "| financements | 4 | 4 | 1 |" in text  # the clone's four lines in, the removed one's out, one changed


def test_no_change_says_so(mini: Path, tmp_path: Path) -> None:
    cat = build_catalogue(mini, tmp_path / "same")
    assert "Aucune modification des données." in report_against_dir(cat, cat)


def test_report_against_a_git_revision(mini: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    old, new = fixture_change(mini, tmp_path)
    repo = tmp_path / "repo"
    target = repo / "datapackages" / "catalogue"
    target.parent.mkdir(parents=True)
    subprocess.run(["cp", "-r", str(old), str(target)], check=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "old"], check=True)
    subprocess.run(["rm", "-r", str(target)], check=True)
    subprocess.run(["cp", "-r", str(new), str(target)], check=True)
    assert "`contrat-ajoute`" in report_against_git("HEAD", target, repo)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--datapackages", str(repo / "datapackages"), "--root", str(repo), "diff", "--base", "HEAD"]) == 0
    assert "Contrats retirés : 1" in capsys.readouterr().out
    assert "Contrats retirés : 1" in summary.read_text(encoding="utf-8")
