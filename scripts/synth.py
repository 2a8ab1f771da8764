"""Maintainer tool: write a synthetic but realistic sources/ tree of N contracts (deterministic for a seed).

Each contract gets a document text and a YAML file whose every figure is backed by a verbatim quote of that
text, with the families, territories, parties, structures and amounts of the real catalogue.

    python scripts/synth.py --n 1000 --out /tmp/synth --seed 1
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "sources" / "reference"

FAMILIES = [("CPER", 0.25), ("CPIER", 0.05), ("CRTE", 0.45), ("contrat de réciprocité", 0.1),
            ("pacte territorial", 0.1), ("accord-cadre", 0.05)]
VOLETS = ["mobilités", "transition écologique et énergétique", "enseignement supérieur, recherche et innovation",
          "numérique", "emploi", "territorial", "culture", "santé", "cohésion sociale", "attractivité"]
PLACES = ["la gare", "le pôle d'échanges", "le campus", "la médiathèque", "la station d'épuration", "le port",
          "la maison de santé", "le lycée", "la piste cyclable", "le centre-bourg", "le quartier", "le musée"]
TOWNS = ["Arras", "Albi", "Brest", "Calais", "Dax", "Épinal", "Foix", "Gap", "Laon", "Lens", "Millau", "Nevers",
         "Niort", "Rodez", "Sens", "Tarbes", "Vannes", "Vichy", "Autun", "Cahors", "Dole", "Redon", "Saintes"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def _reference() -> tuple[list[dict], list[dict]]:
    """Regions before 2016 (project data) and of the 2024 COG (official reference), and départements."""
    from contrats.reference import load_reference

    ref = load_reference(REFERENCE)
    regions = [{"code": t.code, "nom": t.nom, "millesime_debut": t.millesime_debut, "millesime_fin": t.millesime_fin}
               for t in ref.of_type("region") if t.millesime_fin <= 2015 or t.millesime_debut == 2024]
    with (REFERENCE / "departements.csv").open(encoding="utf-8") as f:
        deps = list(csv.DictReader(f))
    return regions, deps


def _millions(euros: int) -> str:
    whole, frac = divmod(euros // 1000, 1000)
    return f"{whole},{frac:03d} millions d’euros"


def _family(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for fam, p in FAMILIES:
        acc += p
        if x < acc:
            return fam
    return FAMILIES[-1][0]


def make_contract(i: int, rng: random.Random, regions: list[dict], deps: list[dict]) -> tuple[str, str, dict]:
    """One synthetic contract: (id, document text, YAML data)."""
    fam = _family(rng)
    start = rng.choice([2007, 2015, 2021])
    end = start + (6 if start < 2021 else 6)
    vintage = 2015 if start < 2016 else 2024
    valid = [r for r in regions if int(r["millesime_debut"]) <= vintage <= int(r["millesime_fin"])]
    region = rng.choice(valid)
    reg_deps = [d for d in deps if (d["code_region_avant_2016"] if vintage == 2015 else d["code_region"]) == region["code"]]
    dep = rng.choice(reg_deps)
    cid = f"synth-{i:05d}-{fam.lower().replace(' ', '-').replace('é', 'e')}"
    doc_id = f"doc-{cid}"
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    sign_year = start + rng.randint(0, 1)
    town = rng.choice(TOWNS)
    n_parties = rng.randint(2, 5)
    amounts = [rng.randint(5_000, 900_000) * 1000 for _ in range(n_parties)]
    names = ["l’Etat", f"la Région {region['nom']}", f"le Département {dep['nom']}"] + [
        f"la communauté d’agglomération de {rng.choice(TOWNS)} {k}" for k in range(n_parties)]
    names = names[:n_parties]
    lines = [f"Contrat {fam} {region['nom']} {start}-{end}", "",
             f"Le présent contrat {start} – {end} est conclu entre les parties suivantes.", ""]
    for k, (name, amount) in enumerate(zip(names, amounts)):
        lines.append(f"- pour {name} : {_millions(amount)},")
    total = sum(amounts)
    lines += ["", f"Le contrat mobilise au total de l’ordre de {round(total / 1e9, 1):.1f} milliard d’euros.".replace(".", ",", 1), ""]
    volets = rng.sample(VOLETS, rng.randint(3, 7))
    shares = [rng.randint(5, 30) for _ in volets]
    scale = 100 / sum(shares)
    shares = [round(s * scale) for s in shares]
    shares[-1] = 100 - sum(shares[:-1])
    ops = []
    for v, (volet, share) in enumerate(zip(volets, shares)):
        lines.append(f"Volet {volet} : {share} % des crédits.")
        for o in range(rng.randint(2, 12)):
            place = f"{rng.choice(PLACES)} de {rng.choice(TOWNS)} n°{v}{o}"
            lines.append(f"Opération : aménagement de {place}.")
            ops.append((v, o, place))
        lines.append("")
    lines += [f"Fait à {town}, le {day} {MONTHS[month - 1]} {sign_year}.", ""]
    # filler prose, as in real contracts
    lines += [" ".join(rng.choice(["Les signataires", "Le comité de suivi", "Les partenaires"]) +
                       " veillent à la cohérence des financements et à l’évaluation des actions." for _ in range(3))
              for _ in range(rng.randint(5, 40))]
    text = "\n".join(lines) + "\n"
    parties = []
    financements = []
    for k, (name, amount) in enumerate(zip(names, amounts)):
        pid = f"partie-{k}"
        ptype = ["etat", "region", "departement"][k] if k < 3 else "epci"
        party = {"id": pid, "nom": name.split(" ", 1)[1] if " " in name else name, "type": ptype,
                 "roles": ["signataire", "financeur"]}
        if ptype == "region":
            party["territoire"] = {"code": region["code"], "type": "region", "millesime": vintage}
        if ptype == "departement":
            party["territoire"] = {"code": dep["code"], "type": "departement", "millesime": vintage}
        parties.append(party)
        financements.append({"id": f"engagement-{k}", "partie": pid, "montant_eur": amount,
                             "preuve": f"pour {name} : {_millions(amount)}"})
    structure = []
    for v, (volet, share) in enumerate(zip(volets, shares)):
        structure.append({"id": f"volet-{v}", "type": "volet", "titre": f"Volet {volet}",
                          "preuve": f"Volet {volet} : {share} % des crédits.",
                          "montant": {"qualificatif": "part", "part_pct": share,
                                      "preuve": f"Volet {volet} : {share} % des crédits."}})
    approx = round(total / 1e9, 1)
    data = {
        "id": cid, "famille": fam, "titre": f"Contrat {fam} {region['nom']} {start}-{end} (synthétique n° {i})",
        "periode": {"debut": start, "fin": end, "preuve": f"Le présent contrat {start} – {end} est conclu"},
        "statut": {"valeur": "signé", "date_observation": f"{sign_year}-{month:02d}-{day:02d}",
                   "preuve": f"le {day} {MONTHS[month - 1]} {sign_year}"},
        "signature": {"date": f"{sign_year}-{month:02d}-{day:02d}", "lieu": town,
                      "preuve": f"Fait à {town}, le {day} {MONTHS[month - 1]} {sign_year}."},
        "document_principal": doc_id,
        "documents": [{"id": doc_id, "titre": f"Texte du contrat synthétique n° {i}", "editeur": "Générateur synthétique",
                       "type": "texte du contrat", "fichier": f"{doc_id}.txt",
                       "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                       "licence": "Données synthétiques de test"}],
        "territoires": [{"code": region["code"], "type": "region", "millesime": vintage}],
        "parties": parties,
        "structure": structure,
        "financements": financements,
        "operations": [{"id": f"op-{v}-{o}", "titre": f"aménagement de {place}", "nom": f"Aménagement de {place}", "element": f"volet-{v}",
                        "territoire": {"code": dep["code"], "type": "departement", "millesime": vintage},
                        "preuve": f"Opération : aménagement de {place}."} for v, o, place in ops],
    }
    if approx >= 0.1:
        data["montant_total"] = {"montant_eur": int(round(approx * 1e9)), "qualificatif": "environ",
                                 "tolerance_eur": 100_000_000,
                                 "preuve": f"de l’ordre de {approx:.1f} milliard d’euros".replace(".", ",", 1)}
    return cid, text, data


def write_corpus(out: Path, n: int, seed: int = 1) -> Path:
    """Write `out`/sources with n synthetic contracts, the reference data and catalogue metadata."""
    rng = random.Random(seed)
    regions, deps = _reference()
    src = out / "sources"
    if src.exists():
        shutil.rmtree(src)
    (src / "contrats").mkdir(parents=True)
    (src / "documents").mkdir()
    shutil.copytree(REFERENCE, src / "reference")
    meta = yaml.safe_load((ROOT / "sources" / "catalogue.yml").read_text(encoding="utf-8"))
    meta["minimums"] = {"contrats": n}
    (src / "catalogue.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for i in range(n):
        cid, text, data = make_contract(i, rng, regions, deps)
        (src / "documents" / data["documents"][0]["fichier"]).write_text(text, encoding="utf-8")
        (src / "contrats" / f"{cid}.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return src


def main() -> None:
    """Command line: --n, --out, --seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write_corpus(args.out, args.n, args.seed))


if __name__ == "__main__":
    main()
