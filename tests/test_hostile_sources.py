"""Hostile or broken sources, run through the real CLI: a located message (file:line, rule), exit ≠ 0, no
traceback, and datapackages/ byte-identical afterwards. The limits come from contrats.limits."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import contract_file, edit
from contrats import limits

MINI = "sources/contrats/contrat-mini.yml"
DOC = "sources/documents/texte-mini.txt"


def cli(root: Path, command: str) -> subprocess.CompletedProcess:
    """`python -m contrats <command>` on the sources under root, as a contributor or CI would run it."""
    env = {**os.environ, "CONTRATS_JOBS": "1", "CI": "true"}
    return subprocess.run(
        [sys.executable, "-m", "contrats", "--sources", str(root / "sources"), "--datapackages",
         str(root / "datapackages"), "--report", str(root / "build" / "validation.json"), "--root", str(root), command],
        capture_output=True, text=True, env=env, timeout=120)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    """The mini sources built once; each test works on its own copy."""
    import shutil

    from conftest import CATALOGUE_YML, FIXTURES
    from contrats import paths

    root = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(FIXTURES / "mini", root / "sources")
    shutil.copytree(paths.REFERENCE_SRC, root / "sources" / "reference")
    (root / "sources" / "catalogue.yml").write_text(CATALOGUE_YML, encoding="utf-8")
    done = cli(root, "build")
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def built(first_build: Path, tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(first_build, root, symlinks=True)
    return root


def refused(root: Path, rule: str, where: str, commands: tuple[str, ...] = ("build", "validate")) -> str:
    """Run each command: exit ≠ 0, no traceback, `where` and `[rule]` printed, datapackages/ unchanged."""
    before = snapshot(root / "datapackages")
    out = ""
    for command in commands:
        done = cli(root, command)
        out += done.stderr + done.stdout
        assert done.returncode != 0, f"{command} accepted it:\n{out}"
        assert "Traceback" not in out, out
        assert where in done.stderr and f"[{rule}]" in done.stderr, f"{command}:\n{done.stderr}"
        assert snapshot(root / "datapackages") == before, f"{command} changed datapackages/"
    return out


def test_symlinked_document_is_refused_without_printing_its_hash(built: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    doc = built / DOC
    doc.unlink()
    doc.symlink_to(secret)
    f = contract_file(built)
    edit(f, "sha256: d38ffc0b003b5476b7217ed6f893c8fd8e976bbfedb3edcd58241a2ca47cf003", f"sha256: {digest}")
    out = refused(built, "lien_symbolique", f"{MINI}:{line_of(f, 'fichier: texte-mini.txt')}: documents[0].fichier")
    assert digest not in out.replace(f"sha256: {digest}", "")


def test_symlinked_documents_folder_is_refused(built: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs"
    (built / "sources" / "documents").rename(elsewhere)
    (built / "sources" / "documents").symlink_to(elsewhere)
    refused(built, "lien_symbolique", f"{MINI}:{line_of(contract_file(built), 'fichier: texte-mini.txt')}")


def test_document_path_cannot_leave_the_folder(built: Path) -> None:
    f = contract_file(built)
    edit(f, "fichier: texte-mini.txt", "fichier: ../../../etc/passwd.txt")
    refused(built, "string_pattern_mismatch", f"{MINI}:{line_of(f, 'etc/passwd')}: documents[0].fichier")


def test_symlinked_contract_file_is_refused(built: Path, tmp_path: Path) -> None:
    f = contract_file(built)
    outside = tmp_path / "contrat.yml"
    outside.write_bytes(f.read_bytes())
    f.unlink()
    f.symlink_to(outside)
    refused(built, "lien_symbolique", f"{MINI}:1")


def test_yaml_over_the_size_limit(built: Path) -> None:
    f = contract_file(built)
    padding = "# " + "x" * 98 + "\n"
    f.write_text(f.read_text(encoding="utf-8") + padding * (limits.MAX_YAML_BYTES // len(padding) + 1), encoding="utf-8")
    refused(built, "taille", f"{MINI}:1: (fichier)")


def test_document_over_the_size_limit(built: Path) -> None:
    doc = built / DOC
    with doc.open("ab") as fh:
        fh.write(b"x" * (limits.MAX_DOCUMENT_BYTES + 1 - doc.stat().st_size))
    out = refused(built, "taille", f"{MINI}:{line_of(contract_file(built), 'fichier: texte-mini.txt')}")
    assert "20 Mo" in out


BOMB = "".join(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9 if i else ['"lol"'] * 9) + "]\n"
               for i in range(9))


def test_alias_bomb_fails_fast(built: Path) -> None:
    assert len(BOMB.encode()) < 1024
    f = contract_file(built)
    f.write_text(f.read_text(encoding="utf-8") + "bombe:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()),
                 encoding="utf-8")
    refused(built, "taille_yaml", f"{MINI}:")


def test_deep_nesting_fails_fast(built: Path) -> None:
    f = contract_file(built)
    f.write_text(f.read_text(encoding="utf-8") + "profond: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    refused(built, "profondeur_yaml", f"{MINI}:{line_of(f, 'profond:')}: profond")


def test_missing_document(built: Path) -> None:
    (built / DOC).unlink()
    refused(built, "document_absent", f"{MINI}:{line_of(contract_file(built), 'fichier: texte-mini.txt')}: documents[0].fichier")


def test_non_utf8_document(built: Path) -> None:
    doc = built / DOC
    doc.write_bytes(doc.read_bytes() + "Côte".encode("latin-1") + b"\n")
    refused(built, "encodage", f"{MINI}:{line_of(contract_file(built), 'fichier: texte-mini.txt')}: documents[0].fichier")


def test_document_with_bom(built: Path) -> None:
    doc = built / DOC
    doc.write_bytes(b"\xef\xbb\xbf" + doc.read_bytes())
    out = refused(built, "encodage", f"{MINI}:{line_of(contract_file(built), 'fichier: texte-mini.txt')}")
    assert "BOM" in out


@pytest.mark.parametrize("field,old", [("titre", "titre: Contrat de démonstration"), ("nom", "nom: Région Exemple")])
def test_bidi_control_in_names_and_titles(built: Path, field: str, old: str) -> None:
    f = contract_file(built)
    edit(f, old, old.replace("mo" if field == "titre" else "Ex", "\u202emo" if field == "titre" else "\u202eEx"))
    refused(built, "bidi", f"{MINI}:{line_of(f, chr(0x202E))}:")


def test_document_url_passes_build_and_validate(built: Path) -> None:
    f = contract_file(built)
    edit(f, "    licence: Licence Ouverte 2.0\n", "    licence: Licence Ouverte 2.0\n    url: https://example.org/texte?id=1\n")
    for command in ("build", "validate"):
        done = cli(built, command)
        assert done.returncode == 0, done.stderr
    rows = (built / "datapackages" / "catalogue" / "documents.csv").read_text(encoding="utf-8")
    assert "https://example.org/texte?id=1" in rows


def test_frictionless_error_is_located_on_the_yaml_line(built: Path) -> None:
    """A cell Frictionless refuses is reported on the YAML value it came from, naming the CSV row too."""
    f = contract_file(built)
    edit(f, "    licence: Licence Ouverte 2.0\n", "    licence: Licence Ouverte 2.0\n    url: https://example.org/t\n")
    assert cli(built, "build").returncode == 0
    csv_path = built / "datapackages" / "contrats" / "contrat-mini" / "documents.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("https://example.org/t", "ftp://example.org/t"),
                        encoding="utf-8")
    done = cli(built, "validate")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    line = line_of(f, "url: https://example.org/t")
    assert f"{MINI}:{line}: documents[0].url: [frictionless:constraint-error]" in done.stderr, done.stderr
    assert "datapackages/contrats/contrat-mini/documents.csv, ligne 2" in done.stderr
