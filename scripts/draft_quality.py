"""Measure `contrats draft`: recall and precision of curated figures, dates and people, with verbatim quotes.

For each document, the reference ("gold") facts are those the curated YAML files back with a quote of that
document: amounts (with their qualifier), ranges, shares, counts, periods, dates of signature and milestones,
and representatives' names. A gold fact is recalled when the draft proposes the same value with a quote that
the project's own quote search finds in the document. Precision is the share of the draft's facts that are gold.

    python scripts/draft_quality.py                # seeds (sources/) and the test documents (tests/fixtures/draft)
    python scripts/draft_quality.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from contrats.draft import make_draft, render  # noqa: E402
from contrats.quotes import Document  # noqa: E402

KINDS = {"eur": "chiffres", "range": "chiffres", "pct": "chiffres", "count": "chiffres", "period": "chiffres",
         "date": "dates", "person": "personnes"}


def _num(v) -> str:
    return format(Decimal(str(v)).normalize(), "f")


def facts(data: dict, default_doc: str) -> list[tuple[str, tuple, str]]:
    """(document id, fact key, quote) for every figure, date and person a contract YAML (as plain data) backs."""
    out: list[tuple[str, tuple, str]] = []

    def visit(node, parent: str | None) -> None:
        if isinstance(node, list):
            for x in node:
                visit(x, parent)
            return
        if not isinstance(node, dict):
            return
        ev = node.get("preuve")
        if isinstance(ev, dict) and "source" in ev:  # tier 2: a public page the project does not hold, no text to draft from
            ev = None
        if ev is not None and parent != "ecarts":
            doc = ev.get("document", default_doc) if isinstance(ev, dict) else default_doc
            quote = ev.get("citation", "") if isinstance(ev, dict) else ev
            keys: list[tuple] = []
            q = node.get("qualificatif", "exact")
            if node.get("montant_eur") is not None:
                keys.append(("eur", node["montant_eur"], q))
            if node.get("montant_min_eur") is not None:
                keys.append(("range", node["montant_min_eur"], node.get("montant_max_eur")))
            if node.get("part_pct") is not None:
                keys.append(("pct", _num(node["part_pct"])))
            if "valeur" in node and "unite" in node:
                kind = {"eur": "eur", "pct": "pct", "nombre": "count"}[node["unite"]]
                keys.append((kind, node["valeur"], q) if kind == "eur" else (kind, _num(node["valeur"])))
            if parent == "periode":
                keys.append(("period", node.get("debut"), node.get("fin")))
            if parent in ("signature", "jalons") and node.get("date"):
                keys.append(("date", str(node["date"])))
            if parent == "representants" and node.get("nom"):
                keys.append(("person", " ".join(str(node["nom"]).split()).casefold()))
            out.extend((doc, k, quote) for k in keys)
        for key, value in node.items():
            if key != "preuve":
                visit(value, key)

    visit(data, None)
    return out


def gold(sources: Path) -> dict[str, set[tuple]]:
    """Gold facts per document id, from every curated contract file."""
    by_doc: dict[str, set[tuple]] = defaultdict(set)
    for path in sorted((sources / "contrats").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for doc, key, _ in facts(data, data.get("document_principal")):
            by_doc[doc].add(key)
    return by_doc


def documents(sources: Path) -> dict[str, Path]:
    """Document id -> text file, from the documents declared in the contract files."""
    out = {}
    for path in sorted((sources / "contrats").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for d in data.get("documents", []):
            out[d["id"]] = sources / "documents" / d["fichier"]
    return out


_NLP = None


def add_ner_people(draft, text: str) -> None:
    """Experiment: add the person names (PER) a French spaCy model finds and the rules missed, as representatives
    of a party to identify, quoted by their own clause. Needs spacy and fr_core_news_sm (not project dependencies)."""
    global _NLP
    import re

    from contrats.draft import Item, Party
    from contrats.quotes import collapse
    if _NLP is None:
        import spacy
        _NLP = spacy.load("fr_core_news_sm")
    known = {r.fields["nom"].casefold() for p in draft.parties for r in p.representants}
    doc = Document(text)
    extra = []
    for ent in _NLP(text).ents:
        name = collapse(re.sub(r"^(?:M\.|Mme|Monsieur|Madame)\s+", "", ent.text))
        if ent.label_ != "PER" or len(name.split()) < 2 or name.casefold() in known or "\n" in ent.text.strip():
            continue
        a = max(text.rfind(c, 0, ent.start_char) for c in ".;\n") + 1
        b = min([x for x in (text.find(c, ent.end_char) for c in ".;\n") if x >= 0] or [len(text)])
        quote = collapse(text[a:b])
        if len(quote) > 300 or doc.find(quote) is None:
            quote = name
        known.add(name.casefold())
        extra.append(Item("representants", {"nom": name}, quote, review=["repéré par le modèle NER : à confirmer"]))
    if extra:
        draft.parties.append(Party("ner-a-identifier", "Partie à identifier", "autre", extra[0].quote, 0,
                                   representants=extra))


def measure(doc_id: str, text_path: Path, expected: set[tuple], sources: Path, ner: bool = False) -> dict:
    """Recall, precision and verbatim rate of the draft of one document."""
    text = text_path.read_text(encoding="utf-8")
    draft = make_draft(text, doc_id, sources)
    if ner:
        add_ner_people(draft, text)
    draft_yaml = render(draft)
    data = yaml.safe_load(draft_yaml)  # measure what the command prints, read back
    doc = Document(text)
    proposed = facts(data, doc_id)
    verbatim = [doc.find(q) is not None for _, _, q in proposed]
    keys = {k for (_, k, q), ok in zip(proposed, verbatim) if ok}
    row: dict = {"document": doc_id, "gold": len(expected), "propose": len(keys),
                 "citations_verbatim": f"{sum(verbatim)}/{len(verbatim)}"}
    for group in ("chiffres", "dates", "personnes"):
        g = {k for k in expected if KINDS[k[0]] == group}
        row[group] = f"{len(g & keys)}/{len(g)}"
    row["rappel"] = round(len(expected & keys) / len(expected), 3) if expected else None
    row["precision"] = round(len(expected & keys) / len(keys), 3) if keys else None
    row["manquants"] = sorted(map(str, expected - keys))
    return row


def main(argv: list[str] | None = None) -> int:
    """Print the per-document table; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=Path, default=ROOT / "sources")
    ap.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "draft")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--missing", action="store_true", help="lister les faits manqués")
    ap.add_argument("--ner", action="store_true", help="expérience : ajouter les personnes trouvées par spaCy "
                    "fr_core_news_sm (à installer à part)")
    args = ap.parse_args(argv)
    rows = []
    g = gold(args.sources)
    for doc_id, path in documents(args.sources).items():
        rows.append({"jeu": "graines (réglé)", **measure(doc_id, path, g.get(doc_id, set()), args.sources, args.ner)})
    for yml in sorted(args.fixtures.glob("*.yml")):
        data = yaml.safe_load(yml.read_text(encoding="utf-8"))
        exp = {k for _, k, _ in facts(data, yml.stem)}
        split = "synthétique (réglé)" if "reglage" in yml.stem else "synthétique (mis de côté)"
        rows.append({"jeu": split, **measure(yml.stem, yml.with_suffix(".txt"), exp, args.sources, args.ner)})
    cols = ["jeu", "document", "gold", "propose", "chiffres", "dates", "personnes", "rappel", "precision",
            "citations_verbatim"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    for split in ("graines (réglé)", "synthétique (réglé)", "synthétique (mis de côté)"):
        sel = [r for r in rows if r["jeu"] == split]
        if sel:
            gold_n = sum(r["gold"] for r in sel)
            hit = sum(round((r["rappel"] or 0) * r["gold"]) for r in sel)
            prop = sum(r["propose"] for r in sel)
            print(f"\n{split} : rappel {hit}/{gold_n} = {hit / gold_n:.1%}, précision {hit}/{prop} = "
                  f"{hit / prop if prop else 0:.1%}")
    if args.missing:
        for r in rows:
            if r["manquants"]:
                print(f"\n{r['document']} manque : " + "; ".join(r["manquants"]))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
