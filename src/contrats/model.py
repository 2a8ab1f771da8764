"""Pydantic model of a contract source file (sources/contrats/<id>.yml), documented field by field."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG, min_length=1, max_length=80)]
URL = r"^https?://\S+$"  # Table Schema patterns match the whole value: keep it anchored and complete
PARTIAL_DATE = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"


def _real_date(value: str) -> str:
    """Reject impossible calendar dates such as 2021-02-30."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        dt.date(*parts)
    return value


PartialDate = Annotated[str, StringConstraints(pattern=PARTIAL_DATE), AfterValidator(_real_date)]
FullDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Euros = Annotated[int, Field(ge=0, le=1_000_000_000_000)]  # nothing in a territorial contract reaches 1,000 G€

FAMILIES = ("CPER", "CPIER", "contrat de convergence", "pacte territorial", "contrat de réciprocité", "accord-cadre",
            "accord de partenariat", "CRTE", "autre")
Family = Literal["CPER", "CPIER", "contrat de convergence", "pacte territorial", "contrat de réciprocité",
                 "accord-cadre", "accord de partenariat", "CRTE", "autre"]
# Coded values: each declared once, with the French label the site shows; the Literal types derive from them.
STATUSES = {"projet": "Projet", "en préparation": "En préparation", "signé": "Signé", "en cours": "En cours",
            "clos": "Clos", "abandonné": "Abandonné"}
Status = Literal[tuple(STATUSES)]  # type: ignore[valid-type]
QUALIFIERS = ("exact", "environ", "au_moins", "au_plus", "fourchette", "part")
Qualifier = Literal["exact", "environ", "au_moins", "au_plus", "fourchette", "part"]
PARTY_TYPES = {"etat": "État", "region": "Région", "departement": "Département", "metropole": "Métropole",
               "epci": "Intercommunalité (EPCI)", "commune": "Commune", "pays": "Pays", "association": "Association",
               "operateur": "Opérateur", "groupe": "Groupe de parties", "autre": "Autre"}
PartyType = Literal[tuple(PARTY_TYPES)]  # type: ignore[valid-type]
Role = Literal["signataire", "financeur", "partenaire"]
ELEMENT_TYPES = {"axe": "Axe", "volet": "Volet", "sous_volet": "Sous-volet", "objectif": "Objectif",
                 "priorite": "Priorité", "thematique": "Thématique", "action": "Action", "liste": "Liste",
                 "annexe": "Annexe"}
ElementType = Literal[tuple(ELEMENT_TYPES)]  # type: ignore[valid-type]
# Territory codes: région/département (COG), commune (5 characters), EPCI (its 9-digit SIREN).
COG_OR_SIREN = r"^(?:\d{2}|2A|2B|\d{3}|\d{5}|2[AB]\d{3}|\d{9})$"
TERRITORY_TYPES = ("region", "departement", "epci", "commune")
TerritoryType = Literal["region", "departement", "epci", "commune"]
DOC_KINDS = ("texte du contrat", "communiqué", "fiche", "page web", "annexe", "autre")
DocKind = Literal["texte du contrat", "communiqué", "fiche", "page web", "annexe", "autre"]
RELATION_TYPES = {"fait_partie_de": "fait partie de", "succede_a": "succède à", "modifie": "modifie", "cite": "cite"}
RelationType = Literal[tuple(RELATION_TYPES)]  # type: ignore[valid-type]
MILESTONE_TYPES = {"lancement": "Lancement", "circulaire": "Circulaire", "mandat": "Mandat", "protocole": "Protocole",
                   "accord_relance": "Accord de relance", "contrat_cadre": "Contrat-cadre", "avis": "Avis",
                   "deliberation": "Délibération", "signature": "Signature", "avenant": "Avenant",
                   "revoyure": "Revoyure", "revision": "Révision", "autre": "Autre événement"}
MilestoneType = Literal[tuple(MILESTONE_TYPES)]  # type: ignore[valid-type]
# Stages whose amounts replace the contract's earlier figures (the latest one is shown as current).
STAGE_TYPES = ("protocole", "accord_relance", "contrat_cadre", "signature", "avenant", "revoyure", "revision")
CREDIT_KINDS = {"contractualise": "crédits contractualisés", "valorise": "crédits valorisés",
                "relance": "crédits de relance", "hors_contrat": "hors contrat"}
CreditKind = Literal[tuple(CREDIT_KINDS)]  # type: ignore[valid-type]
EXECUTION_MEASURES = {"programme": "programmé", "engage": "engagé", "paye": "payé"}
ExecutionMeasure = Literal[tuple(EXECUTION_MEASURES)]  # type: ignore[valid-type]
UNITS = ("eur", "frf", "pct", "nombre")
Unit = Literal["eur", "frf", "pct", "nombre"]
# Legal conversion rate of the French franc (Council Regulation (EC) No 2866/98): amounts in francs keep their currency
# and are also published in euros at this rate.
FRF_PER_EUR = "6.55957"
DISCREPANCY_TYPES = {"somme_parts": "Somme des parts", "somme_montants": "Somme des montants", "compte": "Compte",
                     "date": "Date", "sources": "Écart entre sources", "autre": "Autre"}
DiscrepancyType = Literal[tuple(DISCREPANCY_TYPES)]  # type: ignore[valid-type]
# Copying rule: a tier-2 expression is the figure as the page writes it, a few words, never a sentence.
EXPRESSION_MAX = 60


class Strict(BaseModel):
    """Base: unknown keys are errors, values keep the type written (no silent coercion)."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True, frozen=True)


class Evidence(Strict):
    """Tier 1: a verbatim quote from a document held by the project. Tier 2: a figure's expression on a public page."""

    document: Slug | None = None
    """Identifiant du document cité ; par défaut le `document_principal` du contrat (niveau 1)."""
    citation: Text | None = None
    """Extrait copié mot pour mot du document (les sauts de ligne et césures peuvent différer) (niveau 1)."""
    contexte: Text | None = None
    """Second extrait qui complète la citation ou l'expression, par exemple l'année d'une date écrite « lundi 9 janvier »."""
    source: Slug | None = None
    """Identifiant d'une page de `sources_publiques` du contrat (niveau 2 : page que le projet ne détient pas)."""
    expression: Annotated[str, StringConstraints(min_length=1, max_length=EXPRESSION_MAX)] | None = None
    """Le chiffre ou la date exactement comme la page l'écrit (« plus de 2,7 milliards », « 42 % ») : quelques mots."""

    @model_validator(mode="after")
    def _one_tier(self) -> Evidence:
        return _check_evidence(self)

    @property
    def tier(self) -> int:
        """1 for a quote from a held document, 2 for an expression from a public page."""
        return 2 if self.source is not None else 1

    @property
    def text(self) -> str:
        """What the value is parsed from: the quote or the expression."""
        return self.citation if self.citation is not None else self.expression  # type: ignore[return-value]


EvidenceField = Union[Text, Evidence]


def as_evidence(value: EvidenceField | None) -> Evidence | None:
    """Normalise the short form (a bare quote) to an Evidence object."""
    if value is None or isinstance(value, Evidence):
        return value
    return Evidence(citation=value)


class Amount(Strict):
    """Mixin: an amount in whole euros, with how the document states it."""

    montant_eur: Euros | None = None
    """Montant en euros entiers ; pour une fourchette, laisser vide et remplir min et max."""
    montant_min_eur: Euros | None = None
    """Borne basse d'une fourchette (« entre 150 et 170 M€ » → 150000000)."""
    montant_max_eur: Euros | None = None
    """Borne haute d'une fourchette."""
    qualificatif: Qualifier = "exact"
    """exact, environ (« de l'ordre de »), au_moins (« plus de »), au_plus (« jusqu'à »), fourchette, ou part (seulement un pourcentage)."""
    part_pct: float | None = Field(default=None, ge=0, le=100)
    """Part en pourcentage telle qu'écrite (57,3 % → 57.3)."""
    tolerance_eur: Euros | None = None
    """Écart d'arrondi admis lors des rapprochements ; par défaut déduit de la précision de la citation."""
    autres_preuves: list[EvidenceField] = Field(default_factory=list)
    """Autres sources indépendantes qui donnent la même valeur (recoupement) ; un désaccord va dans ecarts."""

    @model_validator(mode="after")
    def _coherent(self) -> Amount:
        return _check_amount(self)


class Period(Strict):
    """Years covered by the contract."""

    debut: int = Field(ge=1980, le=2100)
    """Première année couverte."""
    fin: int = Field(ge=1980, le=2100)
    """Dernière année couverte."""
    preuve: EvidenceField
    """Citation qui donne la période."""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        return _check_period(self)


class StatusObs(Strict):
    """The contract's status as observed on a date."""

    valeur: Status
    """Statut : projet, en préparation, signé, en cours, clos, abandonné."""
    date_observation: PartialDate
    """Date (AAAA, AAAA-MM ou AAAA-MM-JJ) à laquelle le statut a été constaté dans la source."""
    preuve: EvidenceField
    """Citation qui montre ce statut à cette date."""


class Signature(Strict):
    """When and where the contract was signed."""

    autres_preuves: list[EvidenceField] = Field(default_factory=list)
    """Autres sources indépendantes qui donnent la même date (recoupement)."""

    date: FullDate | None = None
    """Date de signature (AAAA-MM-JJ)."""
    lieu: Text | None = None
    """Lieu de signature tel que le document le donne."""
    preuve: EvidenceField
    """Citation qui donne la date (et le lieu)."""


class TerritoryRef(Strict):
    """A territory by INSEE COG code and the COG vintage the code belongs to."""

    code: Annotated[str, StringConstraints(pattern=COG_OR_SIREN)]
    """Code INSEE (COG) : région « 31 », département « 59 », commune « 31555 » ; pour un EPCI, son SIREN
    (« 243100518 ») ; entre guillemets en YAML."""
    type: TerritoryType
    """region, departement, epci ou commune."""
    millesime: int = Field(ge=1950, le=2100)
    """Millésime du COG auquel le code appartient (les régions d'avant 2016 ont le millésime 2015)."""


class Representative(Strict):
    """A person who signs or represents a party, as the document names them."""

    nom: Text
    """Nom tel qu'écrit dans le document."""
    fonction: Text | None = None
    """Fonction telle qu'écrite dans le document."""
    preuve: EvidenceField
    """Citation qui contient le nom (et la fonction)."""


class Party(Strict):
    """An organisation taking part in the contract."""

    id: Slug
    """Identifiant stable de la partie (ex. « etat », « region-hauts-de-france »)."""
    nom: Text | None = None
    """Nom usuel de l'organisation ; pour une collectivité (région, département, EPCI, commune) dont le territoire
    est donné, il peut être omis : la construction reprend le nom et le SIREN du référentiel."""
    alias: list[Text] = Field(default_factory=list)
    """Autres noms sous lesquels le document désigne la partie (« la Région », « Conseil départemental du Nord »)."""
    type: PartyType
    """etat, region, departement, metropole, epci, commune, pays, association, operateur, groupe, autre."""
    roles: list[Role] = Field(min_length=1)
    """Rôles : signataire, financeur, partenaire."""
    siren: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] | None = None
    """SIREN de l'organisation quand il est connu (9 chiffres, clé de Luhn vérifiée)."""
    territoire: TerritoryRef | None = None
    """Territoire de la collectivité (région ou département), avec son millésime."""
    membres: list[Slug] = Field(default_factory=list)
    """Pour un groupe (« autres signataires ») : identifiants des parties qui le composent."""
    representants: list[Representative] = Field(default_factory=list)
    """Représentants nommés par le document."""
    preuve: EvidenceField | None = None
    """Citation qui montre la participation de l'organisation."""

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, v: list[str]) -> list[str]:
        return _check_roles(v)


class Element(Strict):
    """A node of the contract's structure: axe, volet, sous-volet, objectif…"""

    id: Slug
    """Identifiant unique dans le contrat."""
    type: ElementType
    """axe, volet, sous_volet, objectif, priorite, thematique, action, liste, annexe."""
    numero: Annotated[str, StringConstraints(max_length=20)] | None = None
    """Numéro tel qu'écrit (« 1 », « 2.3 »), s'il y en a un."""
    titre: Text
    """Intitulé, tel qu'il figure dans la citation."""
    montant: ElementAmount | None = None
    """Montant ou part de l'élément, s'il est indiqué."""
    preuve: EvidenceField
    """Citation qui contient l'intitulé."""
    elements: list[Element] = Field(default_factory=list)
    """Sous-éléments."""


class ElementAmount(Amount):
    """Amount or share stated for a structure element."""

    preuve: EvidenceField
    """Citation qui donne le montant ou la part."""


class Financing(Amount):
    """A financial line: who commits how much, to what."""

    id: Slug
    """Identifiant unique dans le contrat."""
    partie: Slug | None = None
    """Partie qui s'engage ; vide quand la ligne porte sur l'ensemble des financeurs."""
    element: Slug | None = None
    """Élément de structure concerné ; vide pour le contrat entier."""
    operation: Slug | None = None
    """Opération concernée, le cas échéant."""
    fait_partie_de: Slug | None = None
    """Ligne qui contient celle-ci (« 17 M€ parmi les 55 M€ ») : les deux ne s'additionnent pas."""
    libelle: Text | None = None
    """Courte description de la ligne."""
    nature: CreditKind | None = None
    """Nature des crédits : contractualise, valorise, relance (plan de relance), hors_contrat ; jamais additionnées entre elles."""
    preuve: EvidenceField
    """Citation qui donne le montant."""


class Operation(Strict):
    """A named operation or project, including items of annex lists."""

    id: Slug
    """Identifiant unique dans le contrat."""
    titre: Text
    """Intitulé tel qu'il figure dans la citation."""
    nom: Text | None = None
    """Nom lisible (groupe nominal court, capitalisé) rédigé d'après le document, quand l'intitulé tel qu'écrit
    n'en est pas un (« la rénovation de la RN2 » → « Rénovation de la RN2 »)."""
    element: Slug | None = None
    """Élément de structure (volet, liste d'annexe…) auquel l'opération se rattache."""
    maitre_ouvrage: Text | None = None
    """Porteur ou EPCI tel que nommé par le document."""
    territoire: TerritoryRef | None = None
    """Territoire nommé par le texte (souvent le département)."""
    preuve: EvidenceField
    """Citation qui nomme l'opération."""


class Figure(Strict):
    """Any other figure, share or count the document states."""

    id: Slug
    """Identifiant unique dans le contrat."""
    libelle: Text
    """Ce que mesure le chiffre."""
    valeur: int | float
    """Valeur : euros entiers (unite eur), francs entiers (frf, montants d'avant 2002), pourcentage (pct) ou nombre."""
    unite: Unit
    """eur, frf, pct ou nombre."""
    qualificatif: Qualifier = "exact"
    """exact, environ, au_moins, au_plus."""
    compte: CountRule | None = None
    """Pour un nombre d'éléments listés : quelle table compter, pour le comparer au texte."""
    preuve: EvidenceField
    """Citation qui donne le chiffre."""
    autres_preuves: list[EvidenceField] = Field(default_factory=list)
    """Autres sources indépendantes qui donnent la même valeur (recoupement)."""


class CountRule(Strict):
    """Which rows of the contract a stated count should equal."""

    table: Literal["parties", "operations", "structure"]
    """Table dont on compte les lignes."""
    filtre: dict[str, str] = Field(default_factory=dict)
    """Conditions champ → valeur. parties : id, type, role ; operations : id, element, territoire ;
    structure : id, type, parent (« racine » pour le premier niveau)."""


class Milestone(Strict):
    """A dated event in the contract's life (deliberation, opinion, signature…)."""

    id: Slug
    """Identifiant unique dans le contrat."""
    date: PartialDate
    """Date (AAAA-MM-JJ, ou AAAA-MM si le jour n'est pas écrit)."""
    type: MilestoneType
    """lancement, circulaire, mandat, protocole, avis, deliberation, signature, revision, autre."""
    libelle: Text
    """Description de l'événement."""
    partie: Slug | None = None
    """Partie concernée, le cas échéant."""
    montant: ElementAmount | None = None
    """Montant du contrat à cette étape (protocole, accord de relance, signature, avenant…), s'il est indiqué."""
    preuve: EvidenceField
    """Citation qui donne la date."""
    autres_preuves: list[EvidenceField] = Field(default_factory=list)
    """Autres sources indépendantes qui donnent la même date (recoupement)."""


class Execution(Amount):
    """A dated observation of how much of the contract was programmed, committed or paid."""

    id: Slug
    """Identifiant unique dans le contrat."""
    date: PartialDate
    """Date d'arrêté de l'observation (« au 31 décembre 2022 »)."""
    mesure: ExecutionMeasure
    """programme (programmé), engage (engagé) ou paye (payé, mandaté)."""
    partie: Slug | None = None
    """Partie dont l'exécution est mesurée ; vide pour l'ensemble des financeurs."""
    libelle: Text | None = None
    """Courte description de l'observation."""
    preuve: EvidenceField
    """Citation ou expression qui donne le montant ou le taux (qualificatif « part » pour un taux seul)."""


class Relation(Strict):
    """A link from this contract to another one."""

    type: RelationType
    """fait_partie_de, succede_a, modifie, cite."""
    cible: Slug | None = None
    """Identifiant du contrat lié s'il est au catalogue."""
    cible_libelle: Text | None = None
    """Nom du contrat lié quand il n'est pas au catalogue."""
    preuve: EvidenceField | None = None
    """Citation qui établit la relation."""
    note: Text | None = None
    """Précision éditoriale sur la relation."""

    @model_validator(mode="after")
    def _target(self) -> Relation:
        return _check_relation(self)


class Discrepancy(Strict):
    """A contradiction or gap inside a source, recorded as data with both sides' evidence."""

    id: Slug
    """Identifiant unique dans le contrat."""
    type: DiscrepancyType
    """somme_parts, somme_montants, compte, date, autre."""
    description: Text
    """Ce qui ne concorde pas, en une phrase."""
    controle: Annotated[str, StringConstraints(max_length=200)] | None = None
    """Contrôle de validation que cet écart explique (ex. « parts:structure:racine », « compte:nb-signataires »)."""
    preuves: list[EvidenceField] = Field(min_length=1)
    """Les citations des deux côtés de l'écart."""


class Document(Strict):
    """A source document whose text is kept under sources/documents/."""

    id: Slug
    """Identifiant du document ; le texte est dans sources/documents/<fichier>."""
    titre: Text
    """Titre du document."""
    editeur: Text
    """Qui publie le document (préfecture, collectivité…)."""
    date: PartialDate | None = None
    """Date de publication (AAAA, AAAA-MM ou AAAA-MM-JJ)."""
    type: DocKind
    """texte du contrat, communiqué, fiche, page web, annexe, autre."""
    fichier: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.txt$")]
    """Nom du fichier texte dans sources/documents/."""
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    """Empreinte SHA-256 du fichier texte, vérifiée à chaque construction."""
    licence: Text
    """Licence ou statut de réutilisation du document."""
    url: Annotated[str, StringConstraints(pattern=URL)] | None = None
    """Adresse d'origine, si connue."""
    note: Text | None = None
    """Remarque sur la provenance ou l'extraction du texte."""


class PublicSource(Strict):
    """A public page the project does not hold (tier-2 evidence): its address, publisher and dates only."""

    id: Slug
    """Identifiant de la page dans le contrat, cité par `source` dans les preuves."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)]
    """Adresse de la page."""
    editeur: Text
    """Qui publie la page (préfecture, conseil régional, CESER, IEDOM, Sénat…)."""
    titre: Text | None = None
    """Titre court de la page, s'il aide à la retrouver."""
    date: PartialDate | None = None
    """Date de la page (mise à jour ou publication), vide si la page n'est pas datée."""
    consulte_le: FullDate
    """Date à laquelle la page a été consultée."""
    note: Text | None = None
    """Remarque sur la page (hôte de préproduction, archive, même texte qu'une autre page…)."""


class Contract(Strict):
    """A territorial contract, as curated from its documents."""

    id: Slug
    """Identifiant stable, aussi nom du fichier (<id>.yml) et des pages."""
    famille: Family
    """CPER, CPIER, pacte territorial, contrat de réciprocité, accord-cadre, accord de partenariat, CRTE, autre."""
    titre: Text
    """Titre du contrat."""
    resume: Text | None = None
    """Résumé rédigé par l'équipe (texte éditorial, sans chiffre)."""
    generation: int | None = Field(default=None, ge=1, le=20)
    """Génération (les CPER 2015-2020 sont la 6e), quand elle s'applique."""
    generation_preuve: EvidenceField | None = None
    """Citation qui donne la génération, quand le document la donne."""
    notes: list[Text] = Field(default_factory=list)
    """Remarques éditoriales (provenance, limites de la saisie), affichées avec le contrat."""
    periode: Period | None = None
    """Années couvertes."""
    statut: StatusObs
    """Statut constaté et sa date."""
    signature: Signature | None = None
    """Date et lieu de signature."""
    document_principal: Slug | None = None
    """Document cité par défaut dans les preuves de niveau 1 ; vide pour un contrat documenté par des pages publiques seules."""
    documents: list[Document] = Field(default_factory=list)
    """Documents déclarés par ce fichier (un document n'est déclaré qu'une fois dans tout sources/)."""
    sources_publiques: list[PublicSource] = Field(default_factory=list)
    """Pages publiques citées par des preuves de niveau 2 (adresse, éditeur, dates ; aucun texte recopié)."""
    territoires: list[TerritoryRef] = Field(default_factory=list)
    """Territoires couverts."""
    parties: list[Party] = Field(default_factory=list)
    """Organisations parties au contrat."""
    montant_total: Total | None = None
    """Total annoncé par le document."""
    structure: list[Element] = Field(default_factory=list)
    """Arborescence des axes, volets, sous-volets, objectifs."""
    financements: list[Financing] = Field(default_factory=list)
    """Lignes financières."""
    operations: list[Operation] = Field(default_factory=list)
    """Opérations et projets nommés, listes d'annexes."""
    chiffres: list[Figure] = Field(default_factory=list)
    """Autres chiffres, parts et comptes cités."""
    jalons: list[Milestone] = Field(default_factory=list)
    """Événements datés : étapes (protocole, accord de relance, signature, avenants, revoyure) avec leurs montants."""
    execution: list[Execution] = Field(default_factory=list)
    """Observations datées de l'exécution : montants ou taux programmés, engagés, payés."""
    relations: list[Relation] = Field(default_factory=list)
    """Liens vers d'autres contrats."""
    ecarts: list[Discrepancy] = Field(default_factory=list)
    """Contradictions ou lacunes constatées dans les sources."""


class Total(Amount):
    """The total the document states for the contract."""

    perimetre: Text | None = None
    """Ce que couvre le total (« hors mobilités »)."""
    preuve: EvidenceField
    """Citation qui donne le total."""


Amount.model_rebuild()
ElementAmount.model_rebuild()
Financing.model_rebuild()
Execution.model_rebuild()
Milestone.model_rebuild()
Element.model_rebuild()
Figure.model_rebuild()
Contract.model_rebuild()


class Licence(Strict):
    """Licence of the published data."""

    nom: Text
    """Identifiant court (etalab-2.0)."""
    titre: Text
    """Nom complet."""
    url: Annotated[str, StringConstraints(pattern=URL)]
    """Texte de la licence."""


class CatalogueMeta(Strict):
    """Metadata of the published catalogue (sources/catalogue.yml)."""

    nom: Slug
    """Nom du paquet catalogue."""
    titre: Text
    """Titre du catalogue."""
    description: Text
    """Description du catalogue."""
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    """Version sémantique des données (voir CHANGELOG.md)."""
    licence: Licence
    """Licence des données publiées."""
    site: Annotated[str, StringConstraints(pattern=URL)]
    """Adresse du site public."""
    depot: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    """Adresse du dépôt public (GitHub) : les liens « signaler une erreur » y ouvrent un ticket prérempli."""
    minimums: dict[str, int] = Field(default_factory=dict)
    """Nombre minimal de lignes attendu par table ; en dessous, la validation échoue."""


# Validator bodies are plain functions so that mutation testing (mutmut) reaches them: it skips decorated methods.

def _check_evidence(obj: Evidence) -> Evidence:
    """An evidence is a tier-1 quote or a tier-2 source with its expression, never both."""
    if obj.source is not None or obj.expression is not None:
        if obj.source is None or obj.expression is None:
            raise ValueError("une preuve de niveau 2 demande source et expression")
        if obj.document is not None or obj.citation is not None:
            raise ValueError("une preuve cite soit un document (citation), soit une page publique (source et expression)")
        if obj.contexte is not None and len(obj.contexte) > EXPRESSION_MAX:
            raise ValueError(f"le contexte d'une preuve de niveau 2 ne dépasse pas {EXPRESSION_MAX} caractères")
    elif obj.citation is None:
        raise ValueError("une preuve demande une citation (niveau 1) ou une source et une expression (niveau 2)")
    return obj


def _check_amount(obj: Amount) -> Amount:
    """The amount fields match the qualifier: a range has bounds only, a share a percentage only, others an amount."""
    q = obj.qualificatif
    if q == "fourchette":
        if obj.montant_min_eur is None or obj.montant_max_eur is None or obj.montant_eur is not None:
            raise ValueError("une fourchette demande montant_min_eur et montant_max_eur, sans montant_eur")
        if obj.montant_min_eur > obj.montant_max_eur:
            raise ValueError("montant_min_eur dépasse montant_max_eur")
    elif q == "part":
        if obj.part_pct is None or obj.montant_eur is not None:
            raise ValueError("le qualificatif « part » demande part_pct et aucun montant")
    else:
        if obj.montant_eur is None:
            raise ValueError(f"le qualificatif « {q} » demande montant_eur")
        if obj.montant_min_eur is not None or obj.montant_max_eur is not None:
            raise ValueError("montant_min_eur et montant_max_eur ne servent qu'aux fourchettes")
    return obj


def _check_period(obj: Period) -> Period:
    """A period ends no earlier than it starts."""
    if obj.fin < obj.debut:
        raise ValueError("la fin de période précède son début")
    return obj


def _check_roles(v: list[str]) -> list[str]:
    """No role is listed twice."""
    if len(set(v)) != len(v):
        raise ValueError("rôle répété")
    return v


def _check_relation(obj: Relation) -> Relation:
    """A relation names its target, in the catalogue or by name."""
    if not obj.cible and not obj.cible_libelle:
        raise ValueError("une relation demande cible ou cible_libelle")
    return obj
