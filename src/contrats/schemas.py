"""Table Schemas of every published table, in the schema.data.gouv.fr style (French titles, descriptions, examples)."""

from __future__ import annotations

from typing import Any

from . import model

SCHEMA_VERSION = "0.1.0"
SOURCES_NOTE = "Saisie manuelle à partir des documents publics cités, chaque valeur étant adossée à une citation (table preuves)."
COG = r"^(?:\d{2}|2A|2B|\d{3})$"
SLUG = model.SLUG


def f(name: str, type_: str, title: str, description: str, example: Any = None, **constraints: Any) -> dict:
    """One field descriptor."""
    field: dict[str, Any] = {"name": name, "type": type_, "title": title, "description": description}
    if example is not None:
        field["example"] = example
    if type_ == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if constraints:
        field["constraints"] = constraints
    return field


def _contract_id() -> dict:
    return f("contrat_id", "string", "Identifiant du contrat", "Identifiant du contrat (voir la table contrats).",
             "cper-nord-pas-de-calais-2015-2020", required=True, pattern=SLUG)


def _evidence() -> list[dict]:
    return [
        f("preuve_id", "string", "Identifiant de la preuve", "Renvoie à la ligne de la table preuves qui situe la citation dans le document.",
          "financements:etat:montant"),
        f("document_id", "string", "Document source", "Identifiant du document cité (table documents).",
          "cper-nord-pas-de-calais-2015-2020", pattern=SLUG),
        f("preuve_citation", "string", "Citation", "Extrait mot pour mot du document qui établit la valeur.",
          "pour l’Etat : 893,486 millions d’euros,"),
    ]


def _amount(what: str) -> list[dict]:
    return [
        f("qualificatif", "string", "Qualificatif du montant",
          "Comment le document énonce le montant : exact, environ (« de l'ordre de »), au_moins (« plus de »), "
          "au_plus (« jusqu'à »), fourchette (bornes min et max), part (pourcentage seul).",
          "exact", enum=list(model.QUALIFIERS)),
        f("montant_eur", "integer", "Montant (€)", f"Montant {what} en euros entiers ; vide pour une fourchette ou une part.",
          893486000, minimum=0),
        f("montant_min_eur", "integer", "Montant minimum (€)", "Borne basse d'une fourchette, en euros.", 150000000, minimum=0),
        f("montant_max_eur", "integer", "Montant maximum (€)", "Borne haute d'une fourchette, en euros.", 170000000, minimum=0),
        f("part_pct", "number", "Part (%)", "Part en pourcentage telle qu'écrite dans le document.", 57.3, minimum=0, maximum=100),
    ]


def _territory(prefix: str = "") -> list[dict]:
    return [
        f(f"{prefix}type_territoire", "string", "Type de territoire", "region ou departement.", "region",
          enum=list(model.TERRITORY_TYPES)),
        f(f"{prefix}code_insee", "string", "Code INSEE", "Code officiel géographique (COG) de l'INSEE.", "31", pattern=COG),
        f(f"{prefix}millesime_cog", "integer", "Millésime du COG",
          "Année du Code officiel géographique auquel appartient le code (2015 pour les régions d'avant la fusion de 2016).",
          2015, minimum=1950, maximum=2100),
    ]


def _fk(fields: list[str], resource: str, ref_fields: list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref_fields}}


TABLES: dict[str, dict] = {
    "contrats": {
        "title": "Contrats",
        "description": "Un contrat territorial par ligne : famille, période, statut, signature, total annoncé.",
        "fields": [
            f("id", "string", "Identifiant", "Identifiant stable du contrat, utilisé dans les adresses des pages et des fichiers.",
              "cper-nord-pas-de-calais-2015-2020", required=True, unique=True, pattern=SLUG),
            f("titre", "string", "Titre", "Titre du contrat.", "Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020", required=True),
            f("famille", "string", "Famille", "Famille de contrat.", "CPER", required=True, enum=list(model.FAMILIES)),
            f("generation", "integer", "Génération", "Génération du contrat quand elle s'applique (les CPER 2015-2020 sont la 6e).", 6, minimum=1),
            f("annee_debut", "integer", "Début", "Première année couverte.", 2015, minimum=1980, maximum=2100),
            f("annee_fin", "integer", "Fin", "Dernière année couverte.", 2020, minimum=1980, maximum=2100),
            f("statut", "string", "Statut", "Statut constaté dans la source.", "signé", required=True, enum=list(model.STATUSES)),
            f("date_statut", "string", "Date d'observation du statut",
              "Date ISO 8601 (AAAA, AAAA-MM ou AAAA-MM-JJ) à laquelle le statut a été constaté.", "2023-01-26",
              required=True, pattern=model.PARTIAL_DATE),
            f("date_signature", "date", "Date de signature", "Date de signature (ISO 8601).", "2023-01-09"),
            f("lieu_signature", "string", "Lieu de signature", "Lieu de signature tel que le document le donne.", "la préfecture du Nord"),
            *[dict(x, name="total_" + x["name"], title=x["title"] + " (total annoncé)") for x in _amount("total annoncé par le document")],
            f("total_perimetre", "string", "Périmètre du total", "Ce que couvre le total annoncé.", "hors mobilités"),
            f("somme_engagements_eur", "integer", "Somme des engagements (€)",
              "Somme calculée des engagements exacts ou approchés des parties pour l'ensemble du contrat.", 2164804000, minimum=0),
            f("rapprochement", "string", "Rapprochement",
              "Résultat du rapprochement entre total annoncé et somme des engagements : concordant, ecart_documente, sans_objet.",
              "concordant", enum=["concordant", "ecart_documente", "sans_objet"]),
            f("nb_parties", "integer", "Nombre de parties", "Nombre d'organisations parties (hors groupes).", 5, minimum=0),
            f("nb_operations", "integer", "Nombre d'opérations", "Nombre d'opérations et projets nommés.", 42, minimum=0),
            f("codes_territoires", "string", "Territoires", "Codes INSEE des territoires couverts, séparés par « ; » (type:code@millésime).",
              "region:31@2015;departement:59@2015"),
            f("resume", "string", "Résumé", "Résumé éditorial rédigé par l'équipe du projet.", None),
            f("notes", "string", "Notes", "Remarques éditoriales (provenance, limites de la saisie), séparées par « | ».", None),
            f("document_principal", "string", "Document principal", "Identifiant du document source principal.",
              "cper-nord-pas-de-calais-2015-2020", required=True, pattern=SLUG),
            f("fichier_source", "string", "Fichier source", "Fichier YAML de saisie dans le dépôt.", "sources/contrats/cper-nord-pas-de-calais-2015-2020.yml"),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [],
    },
    "parties": {
        "title": "Parties",
        "description": "Organisations parties à chaque contrat, avec leurs rôles.",
        "fields": [
            _contract_id(),
            f("partie_id", "string", "Identifiant de la partie", "Identifiant de la partie dans le contrat.", "etat", required=True, pattern=SLUG),
            f("nom", "string", "Nom", "Nom usuel de l'organisation.", "Métropole européenne de Lille", required=True),
            f("type", "string", "Type", "Type d'organisation.", "metropole", required=True, enum=list(model.PARTY_TYPES)),
            f("siren", "string", "SIREN", "Numéro SIREN quand il est connu.", "200093201", pattern=r"^\d{9}$"),
            f("signataire", "boolean", "Signataire", "La partie signe le contrat.", True, required=True),
            f("financeur", "boolean", "Financeur", "La partie finance le contrat.", True, required=True),
            f("partenaire", "boolean", "Partenaire", "La partie est partenaire sans signer ni financer.", False, required=True),
            *_territory(),
            f("membres", "string", "Membres", "Pour un groupe de parties : identifiants des membres, séparés par « ; ».", "region;etat"),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "partie_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "representants": {
        "title": "Représentants",
        "description": "Personnes qui signent ou représentent une partie, telles que le document les nomme.",
        "fields": [
            _contract_id(),
            f("partie_id", "string", "Partie", "Partie représentée.", "etat", required=True, pattern=SLUG),
            f("rang", "integer", "Rang", "Ordre du représentant dans le document.", 1, required=True, minimum=1),
            f("nom", "string", "Nom", "Nom tel qu'écrit.", "Jean-François Cordet", required=True),
            f("fonction", "string", "Fonction", "Fonction telle qu'écrite.", "Préfet de la région Nord – Pas-de-Calais"),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "partie_id", "rang"],
        "foreignKeys": [_fk(["contrat_id", "partie_id"], "parties", ["contrat_id", "partie_id"])],
    },
    "territoires": {
        "title": "Territoires couverts",
        "description": "Territoires couverts par chaque contrat, par code INSEE et millésime du COG.",
        "fields": [
            _contract_id(),
            *[dict(x, constraints=dict(x["constraints"], required=True)) for x in _territory()],
            f("nom", "string", "Nom", "Nom du territoire selon le référentiel.", "Nord-Pas-de-Calais", required=True),
        ],
        "primaryKey": ["contrat_id", "type_territoire", "code_insee", "millesime_cog"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "structure": {
        "title": "Structure",
        "description": "Arborescence des axes, volets, sous-volets et objectifs de chaque contrat.",
        "fields": [
            _contract_id(),
            f("element_id", "string", "Identifiant de l'élément", "Identifiant de l'élément dans le contrat.", "volet-mobilites", required=True, pattern=SLUG),
            f("parent_id", "string", "Élément parent", "Élément parent ; vide à la racine.", None, pattern=SLUG),
            f("niveau", "integer", "Niveau", "Profondeur dans l'arborescence (1 à la racine).", 1, required=True, minimum=1),
            f("ordre", "integer", "Ordre", "Rang de l'élément dans tout le contrat (parcours en profondeur).", 1, required=True, minimum=1),
            f("type", "string", "Type", "Nature de l'élément.", "volet", required=True, enum=list(model.ELEMENT_TYPES)),
            f("numero", "string", "Numéro", "Numéro tel qu'écrit.", "1"),
            f("titre", "string", "Intitulé", "Intitulé de l'élément.", "Volet mobilités", required=True),
            *_amount("de l'élément"),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "element_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "operations": {
        "title": "Opérations",
        "description": "Opérations et projets nommés, dont les listes d'annexes (renouvellement urbain…).",
        "fields": [
            _contract_id(),
            f("operation_id", "string", "Identifiant de l'opération", "Identifiant de l'opération dans le contrat.", "anru-sin-le-noble-les-epis", required=True, pattern=SLUG),
            f("element_id", "string", "Élément de structure", "Volet, liste ou objectif auquel l'opération se rattache.", "annexe-nprnu-liste-nationale", pattern=SLUG),
            f("titre", "string", "Intitulé", "Intitulé tel qu'écrit.", "Sin le Noble – Les Epis", required=True),
            f("maitre_ouvrage", "string", "Porteur", "Porteur ou EPCI nommé par le document.", "CA du Douaisis"),
            *_territory(),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "operation_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "financements": {
        "title": "Financements",
        "description": "Lignes financières : qui engage combien, pour quoi (contrat entier, élément, opération).",
        "fields": [
            _contract_id(),
            f("ligne_id", "string", "Identifiant de la ligne", "Identifiant de la ligne dans le contrat.", "etat", required=True, pattern=SLUG),
            f("partie_id", "string", "Partie", "Partie qui s'engage ; vide quand la ligne concerne l'ensemble des financeurs.", "etat", pattern=SLUG),
            f("element_id", "string", "Élément", "Élément de structure concerné ; vide pour le contrat entier.", "volet-numerique", pattern=SLUG),
            f("operation_id", "string", "Opération", "Opération concernée.", None, pattern=SLUG),
            f("libelle", "string", "Libellé", "Courte description de la ligne.", "Engagement de l'État"),
            *_amount("engagé"),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "ligne_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "chiffres": {
        "title": "Autres chiffres",
        "description": "Autres chiffres, parts et comptes cités par les documents.",
        "fields": [
            _contract_id(),
            f("chiffre_id", "string", "Identifiant", "Identifiant du chiffre dans le contrat.", "nb-signataires", required=True, pattern=SLUG),
            f("libelle", "string", "Libellé", "Ce que mesure le chiffre.", "Nombre de signataires", required=True),
            f("valeur", "number", "Valeur", "Valeur : euros, pourcentage ou nombre selon l'unité.", 9, required=True),
            f("unite", "string", "Unité", "eur, pct ou nombre.", "nombre", required=True, enum=list(model.UNITS)),
            f("qualificatif", "string", "Qualificatif", "exact, environ, au_moins, au_plus.", "exact", enum=list(model.QUALIFIERS)),
            f("compte_table", "string", "Liste comptée", "Table dont le nombre de lignes est comparé au chiffre.", "parties"),
            f("compte_constate", "integer", "Compte constaté", "Nombre de lignes de la liste comptée.", 9, minimum=0),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "chiffre_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "jalons": {
        "title": "Jalons",
        "description": "Événements datés de la vie du contrat : circulaires, délibérations, avis, signature.",
        "fields": [
            _contract_id(),
            f("jalon_id", "string", "Identifiant", "Identifiant du jalon dans le contrat.", "deliberation-region", required=True, pattern=SLUG),
            f("date", "string", "Date", "Date ISO 8601 (AAAA-MM-JJ, ou AAAA-MM si le jour n'est pas écrit).", "2015-06-18",
              required=True, pattern=model.PARTIAL_DATE),
            f("type", "string", "Type", "Nature de l'événement.", "deliberation", required=True, enum=list(model.MILESTONE_TYPES)),
            f("libelle", "string", "Libellé", "Description de l'événement.", "Délibération du Conseil régional", required=True),
            f("partie_id", "string", "Partie", "Partie concernée.", "region", pattern=SLUG),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "jalon_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "relations": {
        "title": "Relations entre contrats",
        "description": "Liens d'un contrat vers un autre : fait partie de, succède à, modifie, cite.",
        "fields": [
            _contract_id(),
            f("rang", "integer", "Rang", "Ordre de la relation dans la source.", 1, required=True, minimum=1),
            f("type", "string", "Type", "Nature du lien.", "succede_a", required=True, enum=list(model.RELATION_TYPES)),
            f("cible_id", "string", "Contrat lié", "Identifiant du contrat lié quand il est au catalogue.", "cper-nord-pas-de-calais-2015-2020", pattern=SLUG),
            f("cible_libelle", "string", "Libellé du contrat lié", "Nom du contrat lié quand il n'est pas au catalogue.", "CPER Picardie"),
            f("note", "string", "Note", "Précision éditoriale sur la relation.", None),
            *_evidence(),
        ],
        "primaryKey": ["contrat_id", "rang"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "ecarts": {
        "title": "Écarts constatés",
        "description": "Contradictions ou lacunes internes aux documents, consignées telles quelles (les chiffres ne sont jamais corrigés).",
        "fields": [
            _contract_id(),
            f("ecart_id", "string", "Identifiant", "Identifiant de l'écart dans le contrat.", "parts-axes", required=True, pattern=SLUG),
            f("type", "string", "Type", "Nature de l'écart.", "somme_parts", required=True, enum=list(model.DISCREPANCY_TYPES)),
            f("description", "string", "Description", "Ce qui ne concorde pas.", "Les parts des axes totalisent 99,9 %.", required=True),
            f("controle", "string", "Contrôle expliqué", "Contrôle de validation que l'écart explique.", "parts:structure:racine"),
            f("nb_preuves", "integer", "Nombre de citations", "Nombre de citations (table preuves) qui documentent l'écart.", 2, minimum=1),
        ],
        "primaryKey": ["contrat_id", "ecart_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"])],
    },
    "preuves": {
        "title": "Preuves",
        "description": "Chaque citation qui établit une valeur, avec sa position dans le texte du document.",
        "fields": [
            f("preuve_id", "string", "Identifiant", "Identifiant de la preuve : table:ligne:champ.", "financements:etat:montant", required=True),
            _contract_id(),
            f("table", "string", "Table", "Table de la valeur prouvée.", "financements", required=True),
            f("ligne_id", "string", "Ligne", "Identifiant de la ligne prouvée dans sa table.", "etat", required=True),
            f("champ", "string", "Champ", "Champ ou aspect prouvé.", "montant", required=True),
            f("document_id", "string", "Document", "Document cité.", "cper-nord-pas-de-calais-2015-2020", required=True, pattern=SLUG),
            f("citation", "string", "Citation", "Extrait mot pour mot.", "pour l’Etat : 893,486 millions d’euros,", required=True),
            f("contexte", "string", "Contexte", "Second extrait qui complète la citation (année d'une date…).", "26.01.2023"),
            f("debut", "integer", "Début", "Position (en caractères, à partir de 0) du début de la citation dans le texte.", 2830, required=True, minimum=0),
            f("fin", "integer", "Fin", "Position (exclue) de la fin de la citation dans le texte.", 2870, required=True, minimum=0),
        ],
        "primaryKey": ["contrat_id", "preuve_id"],
        "foreignKeys": [_fk(["contrat_id"], "contrats", ["id"]), _fk(["document_id"], "documents", ["document_id"])],
    },
    "documents": {
        "title": "Documents sources",
        "description": "Documents dont les textes sont cités, avec empreinte et licence ; le texte est fourni dans documents/.",
        "fields": [
            f("document_id", "string", "Identifiant", "Identifiant du document.", "cper-nord-pas-de-calais-2015-2020", required=True, unique=True, pattern=SLUG),
            f("titre", "string", "Titre", "Titre du document.", "Contrat de plan État-Région Nord – Pas-de-Calais 2015-2020", required=True),
            f("editeur", "string", "Éditeur", "Qui publie le document.", "Préfecture de la région Hauts-de-France", required=True),
            f("date", "string", "Date", "Date de publication (ISO 8601, précision variable).", "2023-01-26", pattern=model.PARTIAL_DATE),
            f("type", "string", "Type", "Nature du document.", "texte du contrat", required=True, enum=list(model.DOC_KINDS)),
            f("fichier", "string", "Fichier", "Chemin du texte dans le paquet.", "documents/cper-nord-pas-de-calais-2015-2020.txt", required=True),
            f("sha256", "string", "SHA-256", "Empreinte SHA-256 du texte.", "5bb21aae962f3d19fd8555e6116215232f7a3c28551a0ecfe92b74d4bfca45d2", required=True, pattern=r"^[0-9a-f]{64}$"),
            f("nb_caracteres", "integer", "Taille", "Nombre de caractères du texte.", 195105, required=True, minimum=0),
            f("licence", "string", "Licence", "Licence ou statut de réutilisation.", "Licence Ouverte 2.0", required=True),
            f("url", "string", "Adresse d'origine", "Adresse d'origine du document, si connue.", None, pattern=r"^https?://"),
            f("note", "string", "Note", "Remarque sur la provenance ou l'extraction.", None),
        ],
        "primaryKey": ["document_id"],
        "foreignKeys": [],
    },
}

REFERENCE_TABLES: dict[str, dict] = {
    "regions": {
        "title": "Régions",
        "description": "Régions de France métropolitaine avant (millésimes jusqu'à 2015) et après la fusion de 2016.",
        "fields": [
            f("code", "string", "Code INSEE", "Code de la région au COG.", "32", required=True, pattern=r"^\d{2}$"),
            f("nom", "string", "Nom", "Nom de la région.", "Hauts-de-France", required=True),
            f("millesime_debut", "integer", "Premier millésime", "Premier millésime du COG où ce code désigne cette région.", 2016, required=True),
            f("millesime_fin", "integer", "Dernier millésime", "Dernier millésime du COG où ce code désigne cette région (9999 : toujours en vigueur).", 9999, required=True),
            f("code_successeur", "string", "Région successeure", "Pour une région d'avant 2016 : code de la région issue de la fusion.", "32", pattern=r"^\d{2}$"),
        ],
        "primaryKey": ["code", "millesime_debut"],
        "foreignKeys": [],
    },
    "departements": {
        "title": "Départements",
        "description": "Départements de France métropolitaine et leur région, avant et après 2016.",
        "fields": [
            f("code", "string", "Code INSEE", "Code du département au COG.", "59", required=True, unique=True, pattern=COG),
            f("nom", "string", "Nom", "Nom du département.", "Nord", required=True),
            f("code_region", "string", "Région", "Code de la région depuis 2016.", "32", required=True, pattern=r"^\d{2}$"),
            f("code_region_avant_2016", "string", "Région avant 2016", "Code de la région jusqu'au millésime 2015.", "31", required=True, pattern=r"^\d{2}$"),
            f("millesime_debut", "integer", "Premier millésime", "Premier millésime du COG où le code existe.", 1968, required=True),
            f("millesime_fin", "integer", "Dernier millésime", "Dernier millésime (9999 : toujours en vigueur).", 9999, required=True),
        ],
        "primaryKey": ["code"],
        "foreignKeys": [],
    },
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
    ("jalons", "partie_id"): "parties",
}
for (_table, _field), _target in NULLABLE_REFERENCES.items():
    for _f in TABLES[_table]["fields"]:
        if _f["name"] == _field:
            _f["description"] += f" Référence à la table {_target} du même contrat, vérifiée par la validation du projet."


def table_schema(spec: dict) -> dict:
    """Frictionless Table Schema for one table spec, with schema.data.gouv.fr-style metadata."""
    schema: dict[str, Any] = {
        "title": spec["title"], "description": spec["description"], "version": SCHEMA_VERSION,
        "sources": [{"title": SOURCES_NOTE}],
        "fields": spec["fields"], "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec["foreignKeys"]:
        schema["foreignKeys"] = spec["foreignKeys"]
    return schema
