"""Every published table declared once: its rows (which model objects), its columns (model source, type, French
title and description, constraints) and the evidence it carries. Table Schemas, rows, the evidence list checked by
validation and the site's labels all derive from these declarations (see CONTRIBUTING.md, « Ajouter un champ »)."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import model
from .derived import commitments_sum, count_rows, is_whole_contract, organisations, walk_elements, whole_contract_lines
from .model import Contract

SCHEMA_VERSION = "0.1.0"
SOURCES_NOTE = "Saisie manuelle à partir des documents publics cités, chaque valeur étant adossée à une citation (table preuves)."
COG = model.COG_OR_SIREN
SLUG = model.SLUG


# --- declarations ----------------------------------------------------------------------------------

@dataclass
class Item:
    """One object that becomes a row: the model object, its YAML location, the contract, its parent row's item."""

    obj: Any
    loc: tuple
    contract: Contract
    parent: Item | None = None
    extra: dict = field(default_factory=dict)  # position facts (rang, niveau…) and build inputs (reference…)


def resolve(obj: Any, path: str | tuple[str, ...]) -> Any:
    """The value at a dotted model path ("periode.debut"); None as soon as a step is missing."""
    for part in path.split(".") if isinstance(path, str) else path:
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


@dataclass(frozen=True)
class Col:
    """One published column: its Table Schema descriptor and where its value comes from.

    `src` names the model field(s) the column publishes, as dotted paths from the row's object; `get` computes the
    value from the Item when it is not simply the value at `src` (derived columns have `get` and no `src`)."""

    name: str
    type: str
    title: str
    description: str
    example: Any = None
    constraints: dict = field(default_factory=dict)
    src: str | tuple[str, ...] | None = None
    get: Callable[[Item], Any] | None = None

    def descriptor(self) -> dict:
        """The Table Schema field descriptor."""
        d: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title, "description": self.description}
        if self.example is not None:
            d["example"] = self.example
        if self.type == "boolean":
            d["trueValues"], d["falseValues"] = ["true"], ["false"]
        if self.constraints:
            d["constraints"] = dict(self.constraints)
        return d

    def value(self, item: Item) -> Any:
        """The cell value for one row."""
        if self.get is not None:
            return self.get(item)
        assert isinstance(self.src, str), f"column {self.name} has neither get nor a single src"
        return resolve(item.obj, self.src)

    def sources(self) -> tuple[str, ...]:
        """Model paths this column publishes."""
        return () if self.src is None else (self.src,) if isinstance(self.src, str) else self.src


def f(name: str, type_: str, title: str, description: str, example: Any = None, *,
      src: str | tuple[str, ...] | None = None, get: Callable[[Item], Any] | None = None, **constraints: Any) -> Col:
    """One column."""
    return Col(name, type_, title, description, example, constraints, src, get)


@dataclass(frozen=True)
class Proof:
    """An evidence field of the row's object: recorded in the preuves table and checked by validation.

    `check` names the verification applied to the quote (a key of checks.VERIFY); `label` is how the site names
    what the quote proves; `inline` puts the proof's id, document and quote on the row itself."""

    champ: str
    src: str
    check: str
    label: str
    inline: bool = False

    owner_path: str = field(init=False)  # dotted path from the row's object to the evidence's owner ("": itself)
    name: str = field(init=False)  # the evidence field's name on its owner
    owner_steps: tuple[str, ...] = field(init=False)  # owner_path as a YAML location suffix

    def __post_init__(self) -> None:
        owner_path, _, name = self.src.rpartition(".")
        object.__setattr__(self, "owner_path", owner_path)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "owner_steps", tuple(owner_path.split(".")) if owner_path else ())


@dataclass
class Table:
    """A published table: Table Schema metadata, the model objects its rows come from, columns and proofs."""

    name: str
    title: str
    description: str
    label: str  # singular noun shown on the site (« financement »)
    fields: list[Col]
    primaryKey: list[str]
    foreignKeys: list[dict]
    model: type | None = None  # class of the row objects
    source: str | None = None  # model path of the row objects from the parent table's object (None: the object itself)
    parent: str | None = None  # table whose items this table's items come from (None: the contract)
    items: Callable[[Item], Iterable[Item]] | None = None  # custom enumeration (default: the list at `source`)
    line_id: Callable[[Item], str] = lambda it: it.obj.id
    proofs: list[Proof] = field(default_factory=list)
    _getters: list | None = field(default=None, repr=False)

    def row(self, item: Item) -> dict[str, Any]:
        """The published row of one item: Col.value of every column, with each column's path split once."""
        if self._getters is None:
            self._getters = [(c.name, c.get, None if c.get else tuple(c.src.split("."))) for c in self.fields]
        obj = item.obj
        return {name: get(item) if get else getattr(obj, path[0]) if len(path) == 1 else resolve(obj, path)
                for name, get, path in self._getters}

    def spec(self) -> dict:
        """The Table Schema parts of the table, as output.py and diff.py read them."""
        return {"title": self.title, "description": self.description, "fields": [c.descriptor() for c in self.fields],
                "primaryKey": self.primaryKey, "foreignKeys": self.foreignKeys}

    def children_of(self, parent: Item) -> Iterator[Item]:
        """The items of this table under one item of its parent table."""
        if self.items is not None:
            yield from self.items(parent)
        elif self.source is None:
            yield parent
        else:
            for i, obj in enumerate(resolve(parent.obj, self.source) or []):
                yield Item(obj, parent.loc + (self.source, i), parent.contract, parent, {"rang": i + 1})


# --- shared column groups ----------------------------------------------------------------------------

def _contract_id() -> Col:
    return f("contrat_id", "string", "Identifiant du contrat", "Identifiant du contrat (voir la table contrats).",
             "cper-nord-pas-de-calais-2015-2020", get=lambda it: it.contract.id, required=True, pattern=SLUG)


def _evidence() -> list[Col]:
    """The inline proof of a row (see Proof.inline), filled by the row builder."""
    return [
        f("preuve_id", "string", "Identifiant de la preuve", "Renvoie à la ligne de la table preuves qui situe la citation dans le document.",
          "financements:etat:montant", get=lambda it: it.extra["preuve"]["preuve_id"]),
        f("document_id", "string", "Document source", "Identifiant du document cité (table documents).",
          "cper-nord-pas-de-calais-2015-2020", get=lambda it: it.extra["preuve"]["document_id"], pattern=SLUG),
        f("preuve_citation", "string", "Citation", "Extrait mot pour mot du document qui établit la valeur.",
          "pour l’Etat : 893,486 millions d’euros,", get=lambda it: it.extra["preuve"]["preuve_citation"]),
    ]


def _amount(what: str, base: str = "", prefix: str = "", suffix: str = "") -> list[Col]:
    """Amount columns (model.Amount) of the object at `base`."""
    def col(name: str, type_: str, title: str, description: str, example: Any, **constraints: Any) -> Col:
        return f(prefix + name, type_, title + suffix, description, example, src=base + name, **constraints)

    return [
        col("qualificatif", "string", "Qualificatif du montant",
            "Comment le document énonce le montant : exact, environ (« de l'ordre de »), au_moins (« plus de »), "
            "au_plus (« jusqu'à »), fourchette (bornes min et max), part (pourcentage seul).",
            "exact", enum=list(model.QUALIFIERS)),
        col("montant_eur", "integer", "Montant (€)", f"Montant {what} en euros entiers ; vide pour une fourchette ou une part.",
            893486000, minimum=0),
        col("montant_min_eur", "integer", "Montant minimum (€)", "Borne basse d'une fourchette, en euros.", 150000000, minimum=0),
        col("montant_max_eur", "integer", "Montant maximum (€)", "Borne haute d'une fourchette, en euros.", 170000000, minimum=0),
        col("part_pct", "number", "Part (%)", "Part en pourcentage telle qu'écrite dans le document.", 57.3, minimum=0, maximum=100),
    ]


def _territory(base: str = "", required: bool = False) -> list[Col]:
    """Territory columns (model.TerritoryRef) of the object at `base`."""
    req = {"required": True} if required else {}
    return [
        f("type_territoire", "string", "Type de territoire", "region, departement, epci ou commune.", "region",
          src=base + "type", enum=list(model.TERRITORY_TYPES), **req),
        f("code_insee", "string", "Code INSEE", "Code officiel géographique (COG) de l'INSEE ; pour un EPCI, son SIREN.", "31",
          src=base + "code", pattern=COG, **req),
        f("millesime_cog", "integer", "Millésime du COG",
          "Année du Code officiel géographique auquel appartient le code (2015 pour les régions d'avant la fusion de 2016).",
          2015, src=base + "millesime", minimum=1950, maximum=2100, **req),
    ]


def _fk(fields: list[str], resource: str, ref_fields: list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref_fields}}


def _figure_value(it: Item) -> Any:
    """A figure's value as published: integral floats as integers (except percentages), other floats exact."""
    from decimal import Decimal
    value = it.obj.valeur
    if isinstance(value, float) and value == int(value) and it.obj.unite != "pct":
        value = int(value)
    return Decimal(str(value)) if isinstance(value, float) else value


def _euro_value(it: Item) -> int | None:
    """A figure's value in euros: itself for euros, converted at the legal rate for francs."""
    from decimal import ROUND_HALF_EVEN, Decimal
    if it.obj.unite == "eur":
        return int(it.obj.valeur)
    if it.obj.unite == "frf":
        return int((Decimal(str(it.obj.valeur)) / Decimal(model.FRF_PER_EUR)).quantize(Decimal(1), ROUND_HALF_EVEN))
    return None


def _structure_items(parent: Item) -> Iterator[Item]:
    for order, (el, loc, parent_id, depth) in enumerate(walk_elements(parent.obj.structure), start=1):
        yield Item(el, loc, parent.contract, parent, {"parent_id": parent_id, "niveau": depth, "ordre": order})


def _whole(it: Item) -> bool:
    return is_whole_contract(it.obj)


def _in_sum(it: Item) -> bool:
    if "somme" not in it.parent.extra:
        it.parent.extra["somme"] = {id(x) for x in whole_contract_lines(it.contract)}
    return id(it.obj) in it.parent.extra["somme"]


def _territory_name(it: Item) -> str | None:
    from .reference import lookup
    t = it.obj
    ref = lookup(it.parent.extra["reference"], t.type, t.code, t.millesime)
    return ref.nom if ref else None


def _contract_population(it: Item) -> tuple[int | None, int | None]:
    from .reference import contract_population
    if "population" not in it.extra:
        it.extra["population"] = contract_population(it.extra["reference"], it.obj)
    return it.extra["population"]


def _per_inhabitant(it: Item) -> int | None:
    from .reference import per_inhabitant
    total = it.obj.montant_total
    return per_inhabitant(total.montant_eur if total else None, _contract_population(it)[0])


def _party_name(it: Item) -> str | None:
    from .reference import collectivity_name
    return it.obj.nom or collectivity_name(it.parent.extra["reference"], it.obj)


def _party_siren(it: Item) -> str | None:
    from .reference import collectivity_siren
    return it.obj.siren or collectivity_siren(it.parent.extra["reference"], it.obj)


def _ev(field_name: str) -> Callable[[Item], Any]:
    return lambda it: it.extra[field_name]


CONTRACT_TABLES: list[Table] = [
    Table(
        "contrats", "Contrats", "Un contrat territorial par ligne : famille, période, statut, signature, total annoncé.",
        "contrat", model=model.Contract, line_id=lambda it: it.obj.id,
        fields=[
            f("id", "string", "Identifiant", "Identifiant stable du contrat, utilisé dans les adresses des pages et des fichiers.",
              "cper-nord-pas-de-calais-2015-2020", src="id", required=True, unique=True, pattern=SLUG),
            f("titre", "string", "Titre", "Titre du contrat.", "Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020",
              src="titre", required=True),
            f("famille", "string", "Famille", "Famille de contrat.", "CPER", src="famille", required=True, enum=list(model.FAMILIES)),
            f("generation", "integer", "Génération", "Génération du contrat quand elle s'applique (les CPER 2015-2020 sont la 6e).", 6,
              src="generation", minimum=1),
            f("annee_debut", "integer", "Début", "Première année couverte.", 2015, src="periode.debut", minimum=1980, maximum=2100),
            f("annee_fin", "integer", "Fin", "Dernière année couverte.", 2020, src="periode.fin", minimum=1980, maximum=2100),
            f("statut", "string", "Statut", "Statut constaté dans la source.", "signé", src="statut.valeur", required=True,
              enum=list(model.STATUSES)),
            f("date_statut", "string", "Date d'observation du statut",
              "Date ISO 8601 (AAAA, AAAA-MM ou AAAA-MM-JJ) à laquelle le statut a été constaté.", "2023-01-26",
              src="statut.date_observation", required=True, pattern=model.PARTIAL_DATE),
            f("date_signature", "date", "Date de signature", "Date de signature (ISO 8601).", "2023-01-09", src="signature.date"),
            f("lieu_signature", "string", "Lieu de signature", "Lieu de signature tel que le document le donne.",
              "la préfecture du Nord", src="signature.lieu"),
            *_amount("total annoncé par le document", "montant_total.", "total_", " (total annoncé)"),
            f("total_perimetre", "string", "Périmètre du total", "Ce que couvre le total annoncé.", "hors mobilités",
              src="montant_total.perimetre"),
            f("somme_engagements_eur", "integer", "Somme des engagements (€)",
              "Somme calculée des engagements exacts ou approchés des parties pour l'ensemble du contrat.", 2164804000,
              get=lambda it: commitments_sum(it.obj), minimum=0),
            f("rapprochement", "string", "Rapprochement",
              "Résultat du rapprochement entre total annoncé et somme des engagements : concordant, ecart_documente, sans_objet.",
              "concordant", get=_ev("rapprochement"), enum=["concordant", "ecart_documente", "sans_objet"]),
            f("nb_parties", "integer", "Nombre de parties", "Nombre d'organisations parties (hors groupes).", 5,
              get=lambda it: len(organisations(it.obj)), minimum=0),
            f("nb_operations", "integer", "Nombre d'opérations", "Nombre d'opérations et projets nommés.", 42,
              get=lambda it: len(it.obj.operations), minimum=0),
            f("codes_territoires", "string", "Territoires", "Codes INSEE des territoires couverts, séparés par « ; » (type:code@millésime).",
              "region:31@2015;departement:59@2015", src="territoires",
              get=lambda it: ";".join(f"{t.type}:{t.code}@{t.millesime}" for t in it.obj.territoires) or None),
            f("population", "integer", "Population des territoires",
              "Population municipale des territoires couverts (somme de ceux qu'aucun autre territoire couvert ne "
              "contient), au millésime du référentiel le plus proche de la date du contrat (table reference/regions…).",
              4074433, get=lambda it: _contract_population(it)[0], minimum=0),
            f("millesime_population", "integer", "Millésime de la population",
              "Millésime du référentiel dont vient la population (pour une région d'avant 2016 : somme de ses "
              "départements en 2019).", 2019, get=lambda it: _contract_population(it)[1]),
            f("total_par_habitant_eur", "integer", "Total annoncé par habitant (€)",
              "Champ calculé : total annoncé (total_montant_eur) divisé par la population des territoires, arrondi à "
              "l'euro ; même qualificatif que le total.", 1757,
              get=lambda it: _per_inhabitant(it), minimum=0),
            f("resume", "string", "Résumé", "Résumé éditorial rédigé par l'équipe du projet.", None, src="resume"),
            f("notes", "string", "Notes", "Remarques éditoriales (provenance, limites de la saisie), séparées par « | ».", None,
              src="notes", get=lambda it: " | ".join(it.obj.notes) or None),
            f("document_principal", "string", "Document principal",
              "Identifiant du document source principal ; vide pour un contrat documenté par des pages publiques seules.",
              "cper-nord-pas-de-calais-2015-2020", src="document_principal", pattern=SLUG),
            f("fichier_source", "string", "Fichier source", "Fichier YAML de saisie dans le dépôt.",
              "sources/contrats/cper-nord-pas-de-calais-2015-2020.yml", get=_ev("fichier_source")),
        ],
        primaryKey=["id"], foreignKeys=[],
        proofs=[Proof("periode", "periode.preuve", "periode", "période"),
                Proof("generation", "generation_preuve", "generation", "génération"),
                Proof("statut", "statut.preuve", "statut", "statut"),
                Proof("signature", "signature.preuve", "signature", "signature"),
                Proof("signature~{k}", "signature.autres_preuves", "date_signature", "date de signature (recoupement)"),
                Proof("montant_total", "montant_total.preuve", "montant", "total annoncé"),
                Proof("montant_total~{k}", "montant_total.autres_preuves", "montant", "total annoncé (recoupement)")],
    ),
    Table(
        "parties", "Parties", "Organisations parties à chaque contrat, avec leurs rôles.", "partie",
        model=model.Party, source="parties",
        fields=[
            _contract_id(),
            f("partie_id", "string", "Identifiant de la partie", "Identifiant de la partie dans le contrat.", "etat",
              src="id", required=True, pattern=SLUG),
            f("nom", "string", "Nom", "Nom usuel de l'organisation (repris du référentiel pour une collectivité dont "
              "seul le territoire est saisi).", "Métropole européenne de Lille", src="nom", get=_party_name,
              required=True),
            f("alias", "string", "Autres noms",
              "Autres noms sous lesquels le document désigne la partie, séparés par « ; ».", "Région;Conseil régional",
              src="alias", get=lambda it: ";".join(it.obj.alias) or None),
            f("type", "string", "Type", "Type d'organisation.", "metropole", src="type", required=True, enum=list(model.PARTY_TYPES)),
            f("siren", "string", "SIREN", "Numéro SIREN quand il est connu ; pour une collectivité dont le territoire est "
              "donné, repris du référentiel des territoires.", "200093201", src="siren", get=_party_siren,
              pattern=r"^\d{9}$"),
            *[f(role, "boolean", title, description, example, src="roles", get=lambda it, r=role: r in it.obj.roles,
                required=True)
              for role, title, description, example in (
                  ("signataire", "Signataire", "La partie signe le contrat.", True),
                  ("financeur", "Financeur", "La partie finance le contrat.", True),
                  ("partenaire", "Partenaire", "La partie est partenaire sans signer ni financer.", False))],
            *_territory("territoire."),
            f("membres", "string", "Membres", "Pour un groupe de parties : identifiants des membres, séparés par « ; ».",
              "region;etat", src="membres", get=lambda it: ";".join(it.obj.membres) or None),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "partie_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("participation", "preuve", "trouve", "participation", inline=True)],
    ),
    Table(
        "representants", "Représentants", "Personnes qui signent ou représentent une partie, telles que le document les nomme.",
        "représentant", model=model.Representative, source="representants", parent="parties",
        line_id=lambda it: f"{it.parent.obj.id}-{it.extra['rang']}",
        fields=[
            _contract_id(),
            f("partie_id", "string", "Partie", "Partie représentée.", "etat", get=lambda it: it.parent.obj.id,
              required=True, pattern=SLUG),
            f("rang", "integer", "Rang", "Ordre du représentant dans le document.", 1, get=_ev("rang"), required=True, minimum=1),
            f("nom", "string", "Nom", "Nom tel qu'écrit.", "Jean-François Cordet", src="nom", required=True),
            f("fonction", "string", "Fonction", "Fonction telle qu'écrite.", "Préfet de la région Nord – Pas-de-Calais", src="fonction"),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "partie_id", "rang"],
        foreignKeys=[_fk(["contrat_id", "partie_id"], "parties", ["contrat_id", "partie_id"])],
        proofs=[Proof("nom", "preuve", "representant", "nom", inline=True)],
    ),
    Table(
        "territoires", "Territoires couverts", "Territoires couverts par chaque contrat, par code INSEE et millésime du COG.",
        "territoire", model=model.TerritoryRef, source="territoires",
        fields=[
            _contract_id(),
            *_territory(required=True),
            f("nom", "string", "Nom", "Nom du territoire selon le référentiel.", "Nord-Pas-de-Calais", get=_territory_name,
              required=True),
        ],
        primaryKey=["contrat_id", "type_territoire", "code_insee", "millesime_cog"],
        foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
    ),
    Table(
        "structure", "Structure", "Arborescence des axes, volets, sous-volets et objectifs de chaque contrat.", "structure",
        model=model.Element, source="structure", items=_structure_items,
        fields=[
            _contract_id(),
            f("element_id", "string", "Identifiant de l'élément", "Identifiant de l'élément dans le contrat.", "volet-mobilites",
              src="id", required=True, pattern=SLUG),
            f("parent_id", "string", "Élément parent", "Élément parent ; vide à la racine.", None, src="elements",
              get=_ev("parent_id"), pattern=SLUG),
            f("niveau", "integer", "Niveau", "Profondeur dans l'arborescence (1 à la racine).", 1, get=_ev("niveau"),
              required=True, minimum=1),
            f("ordre", "integer", "Ordre", "Rang de l'élément dans tout le contrat (parcours en profondeur).", 1, get=_ev("ordre"),
              required=True, minimum=1),
            f("type", "string", "Type", "Nature de l'élément.", "volet", src="type", required=True, enum=list(model.ELEMENT_TYPES)),
            f("numero", "string", "Numéro", "Numéro tel qu'écrit.", "1", src="numero"),
            f("titre", "string", "Intitulé", "Intitulé de l'élément.", "Volet mobilités", src="titre", required=True),
            *_amount("de l'élément", "montant."),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "element_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("montant", "montant.preuve", "montant", "montant"),
                Proof("montant~{k}", "montant.autres_preuves", "montant", "montant (recoupement)"),
                Proof("titre", "preuve", "titre", "intitulé", inline=True)],
    ),
    Table(
        "operations", "Opérations", "Opérations et projets nommés, dont les listes d'annexes (renouvellement urbain…).",
        "opération", model=model.Operation, source="operations",
        fields=[
            _contract_id(),
            f("operation_id", "string", "Identifiant de l'opération", "Identifiant de l'opération dans le contrat.",
              "anru-sin-le-noble-les-epis", src="id", required=True, pattern=SLUG),
            f("element_id", "string", "Élément de structure", "Volet, liste ou objectif auquel l'opération se rattache.",
              "annexe-nprnu-liste-nationale", src="element", pattern=SLUG),
            f("titre", "string", "Intitulé", "Intitulé tel qu'écrit.", "Sin le Noble – Les Epis", src="titre", required=True),
            f("nom", "string", "Nom", "Nom lisible de l'opération : l'intitulé quand il en est un, sinon un groupe nominal "
              "rédigé d'après le document.", "Rénovation de la RN2", src=("nom", "titre"), get=lambda it: it.obj.nom or it.obj.titre,
              required=True),
            f("maitre_ouvrage", "string", "Porteur", "Porteur ou EPCI nommé par le document.", "CA du Douaisis", src="maitre_ouvrage"),
            *_territory("territoire."),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "operation_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("titre", "preuve", "titre", "intitulé", inline=True)],
    ),
    Table(
        "financements", "Financements", "Lignes financières : qui engage combien, pour quoi (contrat entier, élément, opération).",
        "financement", model=model.Financing, source="financements",
        fields=[
            _contract_id(),
            f("ligne_id", "string", "Identifiant de la ligne", "Identifiant de la ligne dans le contrat.", "etat",
              src="id", required=True, pattern=SLUG),
            f("partie_id", "string", "Partie", "Partie qui s'engage ; vide quand la ligne concerne l'ensemble des financeurs.",
              "etat", src="partie", pattern=SLUG),
            f("element_id", "string", "Élément", "Élément de structure concerné ; vide pour le contrat entier.",
              "volet-numerique", src="element", pattern=SLUG),
            f("operation_id", "string", "Opération", "Opération concernée.", None, src="operation", pattern=SLUG),
            f("fait_partie_de", "string", "Fait partie de",
              "Ligne qui contient celle-ci (les deux montants ne s'additionnent pas) ; vide sinon.",
              "usine-du-futur-etat", src="fait_partie_de", pattern=SLUG),
            f("libelle", "string", "Libellé", "Courte description de la ligne.", "Engagement de l'État", src="libelle"),
            f("nature", "string", "Nature des crédits",
              "contractualise, valorise (crédits valorisés), relance (plan de relance), hors_contrat ; vide si la source ne "
              "le précise pas. Des crédits de natures différentes ne s'additionnent pas.", "contractualise", src="nature",
              enum=list(model.CREDIT_KINDS)),
            *_amount("engagé"),
            *_evidence(),
            f("engagement_global", "boolean", "Engagement pour le contrat entier",
              "Calculé : la ligne est l'engagement d'une partie pour l'ensemble du contrat (ni élément ni opération).",
              True, get=_whole, required=True),
            f("dans_somme_engagements", "boolean", "Compté dans la somme des engagements",
              "Calculé : la ligne entre dans la somme des engagements du contrat (contrats.somme_engagements_eur) : "
              "engagement pour le contrat entier, montant exact ou approché, crédits contractualisés (ou de nature non "
              "précisée), membre d'un groupe non compté deux fois.",
              True, get=_in_sum, required=True),
        ],
        primaryKey=["contrat_id", "ligne_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("montant", "preuve", "montant", "montant", inline=True),
                Proof("montant~{k}", "autres_preuves", "montant", "montant (recoupement)")],
    ),
    Table(
        "chiffres", "Autres chiffres", "Autres chiffres, parts et comptes cités par les documents.", "chiffre",
        model=model.Figure, source="chiffres",
        fields=[
            _contract_id(),
            f("chiffre_id", "string", "Identifiant", "Identifiant du chiffre dans le contrat.", "nb-signataires",
              src="id", required=True, pattern=SLUG),
            f("libelle", "string", "Libellé", "Ce que mesure le chiffre.", "Nombre de signataires", src="libelle", required=True),
            f("valeur", "number", "Valeur", "Valeur : euros, pourcentage ou nombre selon l'unité.", 9, src="valeur",
              get=_figure_value, required=True),
            f("unite", "string", "Unité", "eur, frf (francs), pct ou nombre.", "nombre", src="unite", required=True,
              enum=list(model.UNITS)),
            f("valeur_eur", "integer", "Valeur en euros",
              f"Calculé : pour un montant en euros, la valeur ; en francs, sa contre-valeur en euros au taux légal "
              f"(1 € = {model.FRF_PER_EUR} F), arrondie à l'euro ; vide pour une part ou un nombre.", 25138537676,
              get=_euro_value),
            f("qualificatif", "string", "Qualificatif", "exact, environ, au_moins, au_plus.", "exact", src="qualificatif",
              enum=list(model.QUALIFIERS)),
            f("compte_table", "string", "Liste comptée", "Table dont le nombre de lignes est comparé au chiffre.", "parties",
              src="compte.table", enum=list(typing.get_args(model.CountRule.model_fields["table"].annotation))),
            f("compte_constate", "integer", "Compte constaté", "Nombre de lignes de la liste comptée.", 9, src="compte.filtre",
              get=lambda it: count_rows(it.contract, it.obj.compte) if it.obj.compte else None, minimum=0),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "chiffre_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("valeur", "preuve", "chiffre", "valeur", inline=True),
                Proof("valeur~{k}", "autres_preuves", "chiffre", "valeur (recoupement)")],
    ),
    Table(
        "jalons", "Jalons", "Événements datés de la vie du contrat : circulaires, délibérations, avis, signature.", "jalon",
        model=model.Milestone, source="jalons",
        fields=[
            _contract_id(),
            f("jalon_id", "string", "Identifiant", "Identifiant du jalon dans le contrat.", "deliberation-region",
              src="id", required=True, pattern=SLUG),
            f("date", "string", "Date", "Date ISO 8601 (AAAA-MM-JJ, ou AAAA-MM si le jour n'est pas écrit).", "2015-06-18",
              src="date", required=True, pattern=model.PARTIAL_DATE),
            f("type", "string", "Type", "Nature de l'événement.", "deliberation", src="type", required=True,
              enum=list(model.MILESTONE_TYPES)),
            f("libelle", "string", "Libellé", "Description de l'événement.", "Délibération du Conseil régional",
              src="libelle", required=True),
            f("partie_id", "string", "Partie", "Partie concernée.", "region", src="partie", pattern=SLUG),
            *_amount("du contrat à cette étape (protocole, accord de relance, signature, avenant…)", "montant."),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "jalon_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("date", "preuve", "jalon", "date", inline=True),
                Proof("date~{k}", "autres_preuves", "jalon", "date (recoupement)"),
                Proof("montant", "montant.preuve", "montant", "montant de l'étape"),
                Proof("montant~{k}", "montant.autres_preuves", "montant", "montant de l'étape (recoupement)")],
    ),
    Table(
        "execution", "Exécution",
        "Observations datées de l'exécution : montants ou taux programmés, engagés ou payés, par partie quand la source le dit.",
        "observation d'exécution", model=model.Execution, source="execution",
        fields=[
            _contract_id(),
            f("observation_id", "string", "Identifiant", "Identifiant de l'observation dans le contrat.", "programme-2022",
              src="id", required=True, pattern=SLUG),
            f("date", "string", "Date", "Date d'arrêté de l'observation (ISO 8601, précision variable).", "2022-12-31",
              src="date", required=True, pattern=model.PARTIAL_DATE),
            f("mesure", "string", "Mesure", "programme (programmé), engage (engagé) ou paye (payé, mandaté).", "programme",
              src="mesure", required=True, enum=list(model.EXECUTION_MEASURES)),
            f("partie_id", "string", "Partie", "Partie dont l'exécution est mesurée ; vide pour l'ensemble.", "etat",
              src="partie", pattern=SLUG),
            f("libelle", "string", "Libellé", "Courte description de l'observation.", "Crédits programmés par l'État",
              src="libelle"),
            *_amount("observé (un taux seul a le qualificatif part)"),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "observation_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("valeur", "preuve", "execution", "valeur", inline=True),
                Proof("valeur~{k}", "autres_preuves", "execution", "valeur (recoupement)")],
    ),
    Table(
        "sources_publiques", "Pages publiques citées",
        "Pages publiques que le projet ne détient pas (preuves de niveau 2) : adresse, éditeur, date de la page et date "
        "de consultation ; seuls les chiffres, dates et noms en sont repris.",
        "page publique", model=model.PublicSource, source="sources_publiques",
        fields=[
            _contract_id(),
            f("source_id", "string", "Identifiant", "Identifiant de la page dans le contrat.", "region-2024",
              src="id", required=True, pattern=SLUG),
            f("url", "string", "Adresse", "Adresse de la page.", "https://paysdelaloire.fr/", src="url", required=True,
              pattern=r"^https?://\S+$"),
            f("editeur", "string", "Éditeur", "Qui publie la page.", "Région Pays de la Loire", src="editeur", required=True),
            f("titre", "string", "Titre", "Titre court de la page.", None, src="titre"),
            f("date", "string", "Date de la page", "Date de publication ou de mise à jour (ISO 8601, précision variable).",
              "2024-12-20", src="date", pattern=model.PARTIAL_DATE),
            f("consulte_le", "date", "Consultée le", "Date de consultation de la page.", "2026-12-03", src="consulte_le",
              required=True),
            f("note", "string", "Note", "Remarque sur la page (hôte de préproduction, archive…).", None, src="note"),
        ],
        primaryKey=["contrat_id", "source_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
    ),
    Table(
        "relations", "Relations entre contrats", "Liens d'un contrat vers un autre : fait partie de, succède à, modifie, cite.",
        "relation", model=model.Relation, source="relations", line_id=lambda it: str(it.extra["rang"]),
        fields=[
            _contract_id(),
            f("rang", "integer", "Rang", "Ordre de la relation dans la source.", 1, get=_ev("rang"), required=True, minimum=1),
            f("type", "string", "Type", "Nature du lien.", "succede_a", src="type", required=True, enum=list(model.RELATION_TYPES)),
            f("cible_id", "string", "Contrat lié", "Identifiant du contrat lié quand il est au catalogue.",
              "cper-nord-pas-de-calais-2015-2020", src="cible", pattern=SLUG),
            f("cible_libelle", "string", "Libellé du contrat lié", "Nom du contrat lié quand il n'est pas au catalogue.",
              "CPER Picardie", src="cible_libelle"),
            f("note", "string", "Note", "Précision éditoriale sur la relation.", None, src="note"),
            *_evidence(),
        ],
        primaryKey=["contrat_id", "rang"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("relation", "preuve", "trouve", "relation", inline=True)],
    ),
    Table(
        "ecarts", "Écarts constatés",
        "Contradictions ou lacunes internes aux documents, consignées telles quelles (les chiffres ne sont jamais corrigés).",
        "écart", model=model.Discrepancy, source="ecarts",
        fields=[
            _contract_id(),
            f("ecart_id", "string", "Identifiant", "Identifiant de l'écart dans le contrat.", "parts-axes",
              src="id", required=True, pattern=SLUG),
            f("type", "string", "Type", "Nature de l'écart.", "somme_parts", src="type", required=True,
              enum=list(model.DISCREPANCY_TYPES)),
            f("description", "string", "Description", "Ce qui ne concorde pas.", "Les parts des axes totalisent 99,9 %.",
              src="description", required=True),
            f("controle", "string", "Contrôle expliqué", "Contrôle de validation que l'écart explique.", "parts:structure:racine",
              src="controle"),
            f("nb_preuves", "integer", "Nombre de citations", "Nombre de citations (table preuves) qui documentent l'écart.", 2,
              get=lambda it: len(it.obj.preuves), minimum=1),
        ],
        primaryKey=["contrat_id", "ecart_id"], foreignKeys=[_fk(["contrat_id"], "contrats", ["id"])],
        proofs=[Proof("preuve-{k}", "preuves", "trouve", "citation")],
    ),
    Table(
        "preuves", "Preuves",
        "Chaque preuve d'une valeur : citation située dans le texte d'un document (niveau 1), ou chiffre tel qu'une page "
        "publique l'écrit (niveau 2).", "preuve",
        model=model.Evidence,
        fields=[
            f("preuve_id", "string", "Identifiant", "Identifiant de la preuve : table:ligne:champ.", "financements:etat:montant",
              get=_ev("preuve_id"), required=True),
            _contract_id(),
            f("table", "string", "Table", "Table de la valeur prouvée.", "financements", get=_ev("table"), required=True),
            f("ligne_id", "string", "Ligne", "Identifiant de la ligne prouvée dans sa table.", "etat", get=_ev("ligne_id"),
              required=True),
            f("champ", "string", "Champ", "Champ ou aspect prouvé.", "montant", get=_ev("champ"), required=True),
            f("niveau", "integer", "Niveau de preuve",
              "1 : citation vérifiée dans le texte d'un document détenu par le projet ; 2 : chiffre publié sur une page "
              "publique (table sources_publiques), repris tel qu'écrit.", 1, get=lambda it: it.obj.tier, required=True,
              enum=[1, 2]),
            f("document_id", "string", "Document", "Document cité (niveau 1).", "cper-nord-pas-de-calais-2015-2020",
              src="document", get=_ev("document_id"), pattern=SLUG),
            f("citation", "string", "Citation", "Extrait mot pour mot (niveau 1).", "pour l’Etat : 893,486 millions d’euros,",
              src="citation"),
            f("source_id", "string", "Page publique",
              "Page citée (niveau 2), voir la table sources_publiques du même contrat.", "region-2024", src="source",
              pattern=SLUG),
            f("expression", "string", "Expression",
              f"Le chiffre ou la date tel que la page l'écrit (niveau 2), {model.EXPRESSION_MAX} caractères au plus.",
              "3,4 milliards d’euros", src="expression", maxLength=model.EXPRESSION_MAX),
            f("contexte", "string", "Contexte", "Second extrait qui complète la citation ou l'expression (année d'une date…).",
              "26.01.2023", src="contexte"),
            f("debut", "integer", "Début",
              "Position (en caractères, à partir de 0) du début de la citation dans le texte (niveau 1).", 2830,
              get=_ev("debut"), minimum=0),
            f("fin", "integer", "Fin", "Position (exclue) de la fin de la citation dans le texte (niveau 1).", 2870,
              get=_ev("fin"), minimum=0),
        ],
        primaryKey=["contrat_id", "preuve_id"],
        foreignKeys=[_fk(["contrat_id"], "contrats", ["id"]), _fk(["document_id"], "documents", ["document_id"])],
    ),
    Table(
        "documents", "Documents sources",
        "Documents dont les textes sont cités, avec empreinte et licence ; le texte est fourni dans documents/.", "document",
        model=model.Document, source="documents",
        fields=[
            f("document_id", "string", "Identifiant", "Identifiant du document.", "cper-nord-pas-de-calais-2015-2020",
              src="id", required=True, unique=True, pattern=SLUG),
            f("titre", "string", "Titre", "Titre du document.", "Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020",
              src="titre", required=True),
            f("editeur", "string", "Éditeur", "Qui publie le document.", "Préfecture de la région Hauts-de-France",
              src="editeur", required=True),
            f("date", "string", "Date", "Date de publication (ISO 8601, précision variable).", "2023-01-26", src="date",
              pattern=model.PARTIAL_DATE),
            f("type", "string", "Type", "Nature du document.", "texte du contrat", src="type", required=True,
              enum=list(model.DOC_KINDS)),
            f("fichier", "string", "Fichier", "Chemin du texte dans le paquet.", "documents/cper-nord-pas-de-calais-2015-2020.txt",
              src="fichier", get=lambda it: f"documents/{it.obj.fichier}", required=True),
            f("sha256", "string", "SHA-256", "Empreinte SHA-256 du texte.",
              "5bb21aae962f3d19fd8555e6116215232f7a3c28551a0ecfe92b74d4bfca45d2", src="sha256", required=True,
              pattern=r"^[0-9a-f]{64}$"),
            f("nb_caracteres", "integer", "Taille", "Nombre de caractères du texte.", 195105, get=_ev("nb_caracteres"),
              required=True, minimum=0),
            f("licence", "string", "Licence", "Licence ou statut de réutilisation.", "Licence Ouverte 2.0", src="licence",
              required=True),
            f("url", "string", "Adresse d'origine", "Adresse d'origine du document, si connue.", None, src="url",
              pattern=model.URL),
            f("note", "string", "Note", "Remarque sur la provenance ou l'extraction.", None, src="note"),
        ],
        primaryKey=["document_id"], foreignKeys=[],
    ),
]
PUBLISHED: dict[str, Table] = {t.name: t for t in CONTRACT_TABLES}

# Model fields deliberately not published as columns, with the reason (tests/test_declarations.py holds every other
# field of the model to a column or a proof).
NOT_PUBLISHED: dict[tuple[type, str], str] = {
    (model.Amount, "tolerance_eur"): "paramètre du rapprochement des totaux, pas une donnée du document",
}

# Optional references inside a contract (partie_id, element_id, operation_id, parent_id) cannot be declared as
# composite foreign keys: Frictionless rejects a composite key whose second part is empty. The project's own
# validation (checks.check_references) verifies them instead, and the field descriptions say so.
NULLABLE_REFERENCES = {
    ("structure", "parent_id"): "structure",
    ("operations", "element_id"): "structure",
    ("financements", "partie_id"): "parties",
    ("financements", "element_id"): "structure",
    ("financements", "operation_id"): "operations",
    ("financements", "fait_partie_de"): "financements",
    ("jalons", "partie_id"): "parties",
    ("execution", "partie_id"): "parties",
    ("preuves", "source_id"): "sources_publiques",
}
for (_table, _field), _target in NULLABLE_REFERENCES.items():
    _cols = PUBLISHED[_table].fields
    _i = next(i for i, c in enumerate(_cols) if c.name == _field)
    _cols[_i] = Col(**{**_cols[_i].__dict__,
                       "description": _cols[_i].description + f" Référence à la table {_target} du même contrat, "
                                                              "vérifiée par la validation du projet."})

TABLES: dict[str, dict] = {t.name: t.spec() for t in CONTRACT_TABLES}


_CHILDREN: dict[str | None, list[Table]] = {}
for _t in CONTRACT_TABLES:
    if _t.name not in ("preuves", "documents"):
        _CHILDREN.setdefault(_t.parent, []).append(_t)


def children(parent: str | None) -> list[Table]:
    """Tables whose rows come from each item of `parent` (None: from the contract), in publication order."""
    return _CHILDREN.get(parent, [])


def proof_label(table: str, champ: str) -> str:
    """What a preuves row (table, champ) proves, in French, for the site; the champ itself when undeclared."""
    for proof in PUBLISHED[table].proofs if table in PUBLISHED else []:
        head, _, tail = proof.champ.partition("{k}")
        if champ == proof.champ or ("{k}" in proof.champ and champ.startswith(head) and champ.endswith(tail)
                                    and champ[len(head):len(champ) - len(tail)].isdigit()):
            return proof.label
    return champ


def proof_items(table: Table, item: Item) -> Iterator[tuple[Proof, str, Any, Any, tuple, tuple]]:
    """(proof, champ, evidence field value, owner object, YAML location of the owner, YAML location of the evidence)
    for each evidence of one row's object; a list of evidence (ecarts.preuves) gives one per quote."""
    for proof in table.proofs:
        owner_path, name = proof.owner_path, proof.name
        owner = resolve(item.obj, owner_path) if owner_path else item.obj
        raw = None if owner is None else getattr(owner, name)
        owner_loc = item.loc + proof.owner_steps
        if isinstance(raw, list):
            for k, one in enumerate(raw, start=1):
                yield proof, proof.champ.format(k=k), one, owner, owner_loc, owner_loc + (name, k - 1)
        else:
            yield proof, proof.champ, raw, owner, owner_loc, owner_loc + (name,)


def walk(root: Item, parent: str | None = None) -> Iterator[tuple[Table, Item]]:
    """Every (table, item) of one contract, a parent row's child rows right after it."""
    for table in children(parent):
        nested = table.name in _CHILDREN
        for item in table.children_of(root):
            yield table, item
            if nested:
                yield from walk(item, table.name)



def _population() -> list[Col]:
    return [
        f("population", "integer", "Population", "Population municipale (INSEE, populations légales) de la ligne ; "
          "vide quand la source ne la donne pas.", 5998916, minimum=0),
        f("millesime_population", "integer", "Millésime de la population",
          "Millésime du paquet dont vient la population (celui de la ligne, ou le plus proche quand il manque ; pour "
          "une région d'avant 2016 : somme de ses départements au premier millésime disponible).", 2024),
    ]


_MILLESIME = f("millesime", "integer", "Millésime du COG",
               "Millésime du Code officiel géographique de la ligne (2015 : régions d'avant la fusion de 2016, "
               "valables de 1982 à 2015).", 2024, required=True, minimum=1950, maximum=2100)
_ZONE = f("zone", "string", "Zone", "metro (métropole), drom (département ou région d'outre-mer), com "
          "(collectivité d'outre-mer).", "metro", enum=["metro", "drom", "com"])
_SIREN = f("siren", "string", "SIREN", "SIREN de la collectivité (répertoire SIRENE de l'INSEE).", "200053742",
           pattern=r"^\d{9}$")

REFERENCE_TABLES: dict[str, dict] = {
    "regions": {
        "title": "Régions",
        "description": "Régions de chaque millésime du COG retenu (métropole et outre-mer), et régions d'avant la fusion "
                       "de 2016 (millésime 2015) reliées à la région qui leur succède.",
        "fields": [
            f("code", "string", "Code INSEE", "Code de la région au COG.", "32", required=True, pattern=r"^\d{2}$"),
            f("nom", "string", "Nom", "Nom de la région.", "Hauts-de-France", required=True),
            _MILLESIME, _ZONE, _SIREN,
            f("code_successeur", "string", "Région successeure",
              "Pour une région d'avant 2016 : code de la région issue de la fusion.", "32", pattern=r"^\d{2}$"),
            *_population(),
        ],
        "primaryKey": ["code", "millesime"],
        "foreignKeys": [],
    },
    "departements": {
        "title": "Départements",
        "description": "Départements (101) et collectivités d'outre-mer de chaque millésime du COG retenu, avec leur "
                       "région et leur région d'avant 2016.",
        "fields": [
            f("code", "string", "Code INSEE", "Code du département (ou de la collectivité d'outre-mer) au COG.", "59",
              required=True, pattern=r"^(?:\d{2}|2A|2B|\d{3})$"),
            f("nom", "string", "Nom", "Nom du département.", "Nord", required=True),
            _MILLESIME, _ZONE,
            f("code_region", "string", "Région", "Code de la région au même millésime (vide pour une collectivité "
              "d'outre-mer).", "32", pattern=r"^\d{2}$"),
            f("code_region_avant_2016", "string", "Région avant 2016",
              "Code de la région d'avant la fusion de 2016 à laquelle appartenait le département.", "31",
              pattern=r"^\d{2}$"),
            _SIREN, *_population(),
        ],
        "primaryKey": ["code", "millesime"],
        "foreignKeys": [],  # code_region is empty for overseas collectivities: checked by the tests instead
    },
    "epci": {
        "title": "EPCI à fiscalité propre",
        "description": "Établissements publics de coopération intercommunale à fiscalité propre de chaque millésime "
                       "retenu : SIREN, nature, nombre de communes membres, département principal et population.",
        "fields": [
            f("siren", "string", "SIREN", "SIREN de l'EPCI (son code au COG).", "243100518", required=True,
              pattern=r"^\d{9}$"),
            f("nom", "string", "Nom", "Nom de l'EPCI.", "Toulouse Métropole", required=True),
            _MILLESIME,
            f("type_epci", "string", "Nature", "CC, CA, CU, METRO (métropole), MET69 (Métropole de Lyon).", "METRO",
              required=True),
            f("mode_financement", "string", "Régime fiscal", "FPU (fiscalité professionnelle unique) ou FA "
              "(fiscalité additionnelle).", "FPU"),
            f("code_departement", "string", "Département principal",
              "Département qui compte la plus grande part de la population des communes membres.", "31",
              pattern=r"^(?:\d{2}|2A|2B|\d{3})$"),
            f("codes_departements", "string", "Départements", "Départements des communes membres, séparés par « ; ».",
              "31"),
            f("code_region", "string", "Région", "Région du département principal.", "76", pattern=r"^\d{2}$"),
            f("nombre_communes", "integer", "Communes membres", "Nombre de communes membres.", 37, minimum=1),
            *_population(),
            f("population_totale", "integer", "Population totale",
              "Population totale (comptée à part incluse) des communes membres.", 775014, minimum=0),
        ],
        "primaryKey": ["siren", "millesime"],
        "foreignKeys": [{"fields": ["code_departement", "millesime"],
                         "reference": {"resource": "departements", "fields": ["code", "millesime"]}}],
    },
    "communes": {
        "title": "Communes",
        "description": "Communes du dernier millésime retenu, avec leur département, leur EPCI et leur population "
                       "(les millésimes antérieurs servent aux contrôles, depuis le paquet npm épinglé).",
        "fields": [
            f("code", "string", "Code INSEE", "Code de la commune au COG.", "31555", required=True,
              pattern=r"^(?:\d{5}|2[AB]\d{3})$"),
            f("nom", "string", "Nom", "Nom de la commune.", "Toulouse", required=True),
            _MILLESIME,
            f("code_departement", "string", "Département", "Département (ou collectivité d'outre-mer).", "31",
              pattern=r"^(?:\d{2}|2A|2B|\d{3})$"),
            f("code_region", "string", "Région", "Région (vide pour une collectivité d'outre-mer).", "76",
              pattern=r"^\d{2}$"),
            f("siren", "string", "SIREN", "SIREN de la commune.", "213105554", pattern=r"^\d{9}$"),
            f("siren_epci", "string", "EPCI", "SIREN de l'EPCI à fiscalité propre dont la commune est membre.",
              "243100518", pattern=r"^\d{9}$"),
            *_population(),
        ],
        "primaryKey": ["code", "millesime"],
        "foreignKeys": [],
    },
}
for _spec in REFERENCE_TABLES.values():
    _spec["fields"] = [c.descriptor() for c in _spec["fields"]]


def table_schema(spec: dict) -> dict:
    """Frictionless Table Schema for one table spec, with schema.data.gouv.fr-style metadata."""
    schema: dict[str, Any] = {
        "title": spec["title"], "description": spec["description"], "version": SCHEMA_VERSION,
        "sources": [{"title": SOURCES_NOTE}],
        "fields": spec["fields"], "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec["foreignKeys"]:
        schema["foreignKeys"] = spec["foreignKeys"]
    return schema
