"""Follow CONTRIBUTING.md: add the example contract it documents, then build, validate, diff (and site)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from contrats import paths
from contrats.cli import main
from contrats.site.build import build_site

GUIDE = paths.ROOT / "CONTRIBUTING.md"


def guide_blocks() -> dict[str, str]:
    """Fenced blocks of CONTRIBUTING.md that carry a title="path", keyed by path, dedented."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = {}
    for m in re.finditer(r'^( *)```\w+ title="([^"]+)"\n(.*?)^\1```', text, flags=re.M | re.S):
        indent = len(m.group(1))
        blocks[m.group(2)] = "".join(line[indent:] + "\n" for line in m.group(3).splitlines())
    return blocks


def contribute(repo: Path) -> str:
    """Apply the guide's steps 1-2 to a copy of the repository; return the new contract's id."""
    blocks = guide_blocks()
    (doc_path,) = [p for p in blocks if p.startswith("sources/documents/")]
    (yml_path,) = [p for p in blocks if p.startswith("sources/contrats/")]
    doc = repo / doc_path
    doc.write_text(blocks[doc_path], encoding="utf-8")
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    (repo / yml_path).write_text(blocks[yml_path].replace("EMPREINTE_SHA256_DU_TEXTE", digest), encoding="utf-8")
    return Path(yml_path).stem


def test_contributing_steps_add_a_contract(tmp_path: Path, capsys) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(paths.SOURCES, repo / "sources")
    shutil.copytree(paths.DATAPACKAGES, repo / "datapackages")
    old = tmp_path / "old-catalogue"
    shutil.copytree(paths.CATALOGUE_PKG, old)
    cid = contribute(repo)
    common = ["--sources", str(repo / "sources"), "--datapackages", str(repo / "datapackages"),
              "--report", str(repo / "build" / "validation.json"), "--root", str(repo)]
    assert main([*common, "build"]) == 0, capsys.readouterr().err
    assert main([*common, "validate"]) == 0, capsys.readouterr().err
    assert (repo / "datapackages" / "contrats" / cid / "datapackage.json").is_file()
    capsys.readouterr()
    assert main([*common, "diff", "--old", str(old)]) == 0
    assert f"Contrats ajoutés : 1 — `{cid}`" in capsys.readouterr().out
    site = build_site(repo / "datapackages", tmp_path / "web")
    page = (site / "contrats" / cid / "index.html").read_text(encoding="utf-8")
    assert "Contrat de réciprocité Métropole Exemple – Pays Exemple" in page
    assert "1 200 000" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_guide_example_fails_when_a_figure_is_mistyped(tmp_path: Path, capsys) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(paths.SOURCES, repo / "sources")
    cid = contribute(repo)
    yml = repo / "sources" / "contrats" / f"{cid}.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("montant_eur: 1200000", "montant_eur: 1300000"), encoding="utf-8")
    assert main(["--sources", str(repo / "sources"), "--datapackages", str(repo / "datapackages"),
                 "--root", str(repo), "build"]) == 1
    assert f"sources/contrats/{cid}.yml:" in capsys.readouterr().err
    assert not (repo / "datapackages").exists()
