"""contrats draft / new / schema: drafted quotes are verbatim, recall on seeds and synthetic texts, scaffold then
validate, JSON Schema and spellings table up to date, quote hints naming the first difference."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import contract_file, edit
from contrats import paths
from contrats.cli import main
from contrats.quotes import Document, quote_hint

FIXTURES = Path(__file__).parent / "fixtures" / "draft"


def _quality():
    spec = importlib.util.spec_from_file_location("draft_quality", paths.ROOT / "scripts" / "draft_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


QUALITY = _quality()
SEEDS = QUALITY.documents(paths.SOURCES)
GOLD = QUALITY.gold(paths.SOURCES)


def _draft(path: Path, capsys) -> str:
    assert main(["draft", str(path)]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_draft_of_each_seed_recalls_curated_figures_with_verbatim_quotes(doc_id: str) -> None:
    row = QUALITY.measure(doc_id, SEEDS[doc_id], GOLD[doc_id], paths.SOURCES)
    done, total = map(int, row["citations_verbatim"].split("/"))
    assert done == total > 0, row
    assert row["rappel"] >= 0.9, row  # issue 15: ≥ 90 % on each seed (the five together: 98 %)


def test_draft_of_synthetic_documents() -> None:
    """Press-style texts written for the tests: « reglage-* » were used to tune the rules, « mise-de-cote-* » not."""
    hits = total = 0
    for yml in sorted(FIXTURES.glob("*.yml")):
        expected = {k for _, k, _ in QUALITY.facts(yaml.safe_load(yml.read_text(encoding="utf-8")), yml.stem)}
        row = QUALITY.measure(yml.stem, yml.with_suffix(".txt"), expected, paths.SOURCES)
        done, quotes = map(int, row["citations_verbatim"].split("/"))
        assert done == quotes > 0, row
        assert row["rappel"] >= 0.8, row
        hits, total = hits + round(row["rappel"] * row["gold"]), total + row["gold"]
    assert hits / total >= 0.9, (hits, total)


def test_draft_marks_what_it_cannot_decide(capsys) -> None:
    out = _draft(FIXTURES / "reglage-contrat-ruralite.txt", capsys)
    data = yaml.safe_load(out)
    # weekday date: year from the header, given as context, and flagged
    assert data["signature"]["date"] == "2024-03-08"
    assert data["signature"]["preuve"]["contexte"] == "14 mars 2024"
    assert re.search(r"# À VÉRIFIER: année 2024 déduite de « 14 mars 2024 »", out)
    # relative date « le 25 février dernier »: proposed with its reference, flagged
    jalon = next(j for j in data["jalons"] if j["date"] == "2024-02-25")
    assert jalon["preuve"]["contexte"] == "14 mars 2024"
    assert "date relative (« dernier »)" in out
    # qualifiers and ranges
    amounts = {(f.get("montant_eur"), f.get("qualificatif", "exact")) for f in data["financements"]}
    assert (2_000_000, "au_moins") in amounts
    assert any(f.get("qualificatif") == "fourchette" and (f["montant_min_eur"], f["montant_max_eur"]) == (1_500_000, 2_000_000)
               for f in data["financements"])
    assert data["montant_total"] == {"qualificatif": "environ", "montant_eur": 12_000_000,
                                     "preuve": data["montant_total"]["preuve"]}
    # a représenté(e) par pattern gives the person, the function and the party
    dep = next(p for p in data["parties"] if p["id"] == "departement-aude")
    assert dep["territoire"] == {"code": "11", "type": "departement", "millesime": 2024}
    assert dep["representants"][0]["nom"] == "Hélène Sandragné"
    assert dep["representants"][0]["fonction"] == "présidente"
    doc = Document((FIXTURES / "reglage-contrat-ruralite.txt").read_text(encoding="utf-8"))
    for q in re.findall(r'(?:preuve|citation|contexte): "(.*)"', out):
        assert doc.find(q.replace('\\"', '"')) is not None, q


def test_bare_weekday_is_not_turned_into_a_date(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "communique.txt"
    doc.write_text("Communiqué du 12 avril 2024\n\nLe contrat a été signé vendredi à Rodez par la Région Occitanie.\n",
                   encoding="utf-8")
    out = _draft(doc, capsys)
    assert "date relative « vendredi »" in out and "jour de semaine sans quantième" in out
    assert "signature:" not in out


def test_new_then_validate_lists_exactly_the_review_marks(mini: Path, capsys) -> None:
    src = mini / "sources"
    doc = mini / "convention-ubaye.txt"
    doc.write_text(
        "CONVENTION DE DÉVELOPPEMENT 2022-2025\nPréfecture des Alpes-de-Haute-Provence — 8 juillet 2022\n\n"
        "Entre l’État, représenté par Mme Violaine Démaret, préfète des Alpes-de-Haute-Provence,\n"
        "et la communauté de communes de la Vallée de l’Ubaye, représentée par son président, Sylvain Vanpeene.\n\n"
        "Article 1\nLe coût total des 23 actions s’élève à 8 800 000 €.\n"
        "- pour l’État : 5,2 millions d’euros ;\n- pour la communauté de communes : 3 600 000 euros.\n\n"
        "Fait à Barcelonnette, le 4 juillet 2022.\n", encoding="utf-8")
    assert main(["--sources", str(src), "--root", str(mini), "new", str(doc), "--id", "crte-ubaye",
                 "--editeur", "Préfecture des Alpes-de-Haute-Provence"]) == 0
    capsys.readouterr()
    yml = src / "contrats" / "crte-ubaye.yml"
    text = yml.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/contrat.schema.json\n")
    assert (src / "documents" / "convention-ubaye.txt").read_bytes() == doc.read_bytes()
    data = yaml.safe_load(text)
    import hashlib
    assert data["documents"][0]["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert data["documents"][0]["editeur"] == "Préfecture des Alpes-de-Haute-Provence"
    assert data["documents"][0]["date"] == "2022-07-08"
    assert data["signature"]["date"] == "2022-07-04"
    assert {p["id"] for p in data["parties"]} == {"etat", "communaute-de-communes-de-la-vallee-de-lubaye"}
    marks = [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("# À VÉRIFIER")]
    assert marks
    # validation lists every mark, at its line, and nothing else
    assert main(["--sources", str(src), "--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    found = sorted(int(m) for m in re.findall(r"crte-ubaye\.yml:(\d+): \(relecture\): \[a_verifier\]", err))
    assert found == marks
    assert len(re.findall(r"crte-ubaye\.yml:\d+:", err)) == len(marks), err
    # deciding = removing the marks (the proposals are right here): the contract then validates
    yml.write_text("\n".join(l for l in text.splitlines() if not l.lstrip().startswith("# À VÉRIFIER")) + "\n",
                   encoding="utf-8")
    assert main(["--sources", str(src), "--root", str(mini), "check"]) == 0, capsys.readouterr().err
    # an existing file is never overwritten
    assert main(["--sources", str(src), "--root", str(mini), "new", str(doc), "--id", "crte-ubaye"]) == 1
    assert "existe déjà" in capsys.readouterr().err


def test_committed_json_schema_is_up_to_date(capsys) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == (paths.ROOT / "schemas" / "contrat.schema.json").read_text(encoding="utf-8"), \
        "lancer : .venv/bin/contrats schema -o schemas/contrat.schema.json"


def test_json_schema_accepts_the_catalogue_and_describes_fields_in_french() -> None:
    import jsonschema

    schema = json.loads((paths.ROOT / "schemas" / "contrat.schema.json").read_text(encoding="utf-8"))
    for path in sorted(paths.CONTRACTS_DIR.glob("*.yml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    assert schema["properties"]["famille"]["description"].startswith("CPER, CPIER")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "famille": "CPER", "titre": "t", "inconnu": 1}, schema)


def test_spellings_table_is_generated_from_the_parser_tests() -> None:
    run = subprocess.run([sys.executable, str(paths.ROOT / "scripts" / "spellings.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    curation = (paths.SOURCES / "CURATION.md").read_text(encoding="utf-8")
    assert "| « Octobre 2014 » | mois et année | `date: \"2014-10\"` |" in curation


@pytest.mark.parametrize("quote,expected", [
    ("Outre l'État et la Région", "la citation a apostrophe droite ' où le document a apostrophe typographique ’"),
    ("Axe 2 « Soutenir les territoires » - 57,3% des crédits", "trait d'union - où le document a tiret demi-cadratin –"),
    ("État : 994 M€ (36)%", "la citation a « % » où le document a espace"),
    ("il a été également signé ce Lundi 9 janvier", "(majuscule/minuscule)"),
])
def test_quote_hint_names_the_first_difference(quote: str, expected: str) -> None:
    text = (paths.DOCUMENTS_DIR / "communique-signature-cper-hauts-de-france-2021-2027.txt").read_text(encoding="utf-8")
    hint = quote_hint(text, quote)
    assert "passage le plus proche (ligne" in hint and expected in hint, hint


def test_validation_shows_the_hint_and_the_total_with_its_sum(mini: Path, capsys) -> None:
    f = contract_file(mini)
    text = f.read_text(encoding="utf-8")
    quote = re.search(r'preuve: "([^"]*’[^"]*)"', text)
    assert quote, "the mini contract needs a quote with ’"
    edit(f, quote.group(0), quote.group(0).replace("’", "'", 1))
    assert main(["--sources", str(mini / "sources"), "--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert "[preuve_introuvable]" in err and "apostrophe droite ' où le document a apostrophe typographique ’" in err
    edit(f, quote.group(0).replace("’", "'", 1), quote.group(0))
    edit(f, '  - {id: region, partie: region, montant_eur: 846607000, preuve: "pour la Région : 846,607 millions d’euros"}\n', "")
    assert main(["--sources", str(mini / "sources"), "--root", str(mini), "check"]) == 1
    err = capsys.readouterr().err
    assert "[total]" in err and "(893\u202f486\u202f000 € = etat 893\u202f486\u202f000 €)" in err, err
    assert "total annoncé (1\u202f700\u202f000\u202f000 €, environ" in err, err
