"""Every rule of checks.py, one planted fault per case on the mini contract, with the exact problems it reports
(severity, rule, field, message). Fast (no build): these are the tests make mutation runs against checks.py."""

from __future__ import annotations

import pytest

from rulekit import found, mini


def _set(path, value):
    def edit(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return edit


def _append(path, value):
    def edit(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node.setdefault(path[-1], []).append(value)
    return edit


def _all(*edits):
    def edit(d):
        for e in edits:
            e(d)
    return edit


FIN0 = ["financements", 0]
R946 = "pour la Région : 946,607 millions d’euros.\n"
REGION_946 = _all(_set(["financements", 1, "montant_eur"], 946_607_000),
                  _set(["financements", 1, "preuve"], "pour la Région : 946,607 millions d’euros"))
CASES: dict[str, tuple] = {
    "preuve_document": (_set(FIN0 + ["preuve"], {"document": "autre", "citation": "pour l’Etat : 893,486 millions d’euros"}), {}),
    "citation_absente": (_set(FIN0 + ["preuve"], "pour l’Etat : 893,487 millions d’euros"), {}),
    "contexte_absent": (_set(FIN0 + ["preuve"], {"citation": "pour l’Etat : 893,486 millions d’euros", "contexte": "absent du texte"}), {}),
    "montant_faux": (_set(FIN0 + ["montant_eur"], 893_000_000), {}),
    "fourchette_fausse": (_set(["financements", 2, "montant_max_eur"], 160_000_000), {}),
    "qualificatif_au_moins_dit_exact": (_set(["financements", 3, "qualificatif"], "exact"), {}),
    "qualificatif_exact_dit_environ": (_set(FIN0 + ["qualificatif"], "environ"), {}),
    "qualificatif_environ_dit_exact": (_set(["montant_total", "qualificatif"], "exact"), {}),
    "qualificatif_au_plus_dit_exact": (_append(["financements"], {"id": "plafond", "element": "volet-numerique", "montant_eur": 5_000_000, "preuve": "jusqu’à 5 M€ par projet"}), {"extra_text": "Aide jusqu’à 5 M€ par projet.\n"}),
    "part_fausse": (_set(["structure", 0, "montant", "part_pct"], 65), {}),
    "part_de_ligne_fausse": (_set(FIN0 + ["part_pct"], 50), {}),
    "periode_fausse": (_set(["periode", "debut"], 2020), {}),
    "generation_sans_valeur": (_set(["generation_preuve"], "Contrat de démonstration 2021-2027"), {}),
    "generation_fausse": (_all(_set(["generation"], 3), _set(["generation_preuve"], "Deux opérations sont inscrites")), {}),
    "statut_date_fausse": (_set(["statut", "date_observation"], "2023-01-27"), {}),
    "signature_date_sans_contexte": (_set(["signature", "preuve"], "Signé ce lundi 9 janvier à Lille"), {}),
    "signature_lieu_faux": (_set(["signature", "lieu"], "Paris"), {}),
    "representant_nom_faux": (_set(["parties", 0, "representants", 0, "nom"], "Jeanne Dupont"), {}),
    "representant_fonction_fausse": (_set(["parties", 0, "representants", 0, "fonction"], "Ministre"), {}),
    "titre_faux": (_set(["structure", 1, "titre"], "Volet routier"), {}),
    "operation_titre_faux": (_set(["operations", 0, "titre"], "gare de Lille-Europe"), {}),
    "jalon_date_fausse": (_set(["jalons", 0, "date"], "2023-02"), {}),
    "jalon_mois_seul": (_set(["jalons", 0, "date"], "2023-01"), {}),
    "chiffre_eur_decimal": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 1.5, "unite": "eur", "preuve": "entre 150 et 170 M€"}), {}),
    "chiffre_eur_faux": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 20_000_001, "unite": "eur", "preuve": "dont plus de 20 M€ pour les écoles"}), {}),
    "chiffre_eur_qualificatif": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 20_000_000, "unite": "eur", "preuve": "dont plus de 20 M€ pour les écoles"}), {}),
    "chiffre_pct_faux": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 61, "unite": "pct", "preuve": "Volet mobilités : 60 % des crédits"}), {}),
    "chiffre_pct_juste": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 60, "unite": "pct", "qualificatif": "environ", "preuve": "Volet mobilités : 60 % des crédits"}), {}),
    "chiffre_fourchette_non_verifiee": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 2, "unite": "nombre", "qualificatif": "fourchette", "preuve": "Deux opérations sont inscrites"}), {}),
    "chiffre_sans_citation_de_nombre": (_append(["chiffres"], {"id": "c", "libelle": "c", "valeur": 2, "unite": "nombre", "preuve": "Volet numérique"}), {}),
    "id_partie_double": (_set(["parties", 1, "id"], "etat"), {}),
    "id_structure_double": (_set(["structure", 1, "id"], "volet-mobilites"), {}),
    "id_operation_double": (_set(["operations", 1, "id"], "gare-lille-flandres"), {}),
    "id_chiffre_double": (_append(["chiffres"], {"id": "nb-operations", "libelle": "c", "valeur": 2, "unite": "nombre", "preuve": "Deux opérations sont inscrites"}), {}),
    "id_jalon_double": (_append(["jalons"], {"id": "signature", "date": "2023-01-09", "type": "signature", "libelle": "s", "preuve": {"citation": "Signé ce lundi 9 janvier", "contexte": "Publié le 26.01.2023"}}), {}),
    "id_ecart_double": (_all(_append(["ecarts"], {"id": "e", "type": "autre", "description": "d", "preuves": ["Volet numérique"]}), _append(["ecarts"], {"id": "e", "type": "autre", "description": "d", "preuves": ["Volet numérique"]})), {}),
    "ref_partie": (_set(["financements", 2, "partie"], "inconnue"), {}),
    "ref_operation": (_set(["financements", 2, "operation"], "inconnue"), {}),
    "ref_operation_element": (_set(["operations", 0, "element"], "inconnu"), {}),
    "ref_jalon_partie": (_set(["jalons", 0, "partie"], "inconnue"), {}),
    "membres_inconnus_hors_groupe": (_set(["parties", 1, "membres"], ["inconnue"]), {}),
    "groupe_avec_membres": (_append(["parties"], {"id": "groupe", "nom": "Groupe", "type": "groupe", "roles": ["financeur"], "membres": ["etat", "region"]}), {}),
    "siren_faux": (_set(["parties", 1, "siren"], "200053743"), {}),
    "relation_a_soi": (_set(["relations"], [{"type": "cite", "cible": "contrat-mini"}]), {}),
    "relation_autre": (_set(["relations"], [{"type": "cite", "cible": "autre-contrat"}]), {}),
    "document_principal_inconnu": (_set(["document_principal"], "inconnu"), {}),
    "compte_sur_pct": (_set(["chiffres", 0, "unite"], "pct"), {}),
    "empreinte": (_set(["documents", 0, "sha256"], "0" * 64), {"keep_sha": True}),
    "code_cog": (_set(["operations", 0, "territoire", "code"], "99"), {}),
    "total_discordant": (_all(REGION_946, _set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "exact", "preuve": "1,7 milliard d’euros"})), {"extra_text": R946}),
    "total_concordant_a_l_arrondi": (_set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "exact", "preuve": "1,7 milliard d’euros"}), {}),
    "total_environ_discordant": (_all(REGION_946, _set(["financements", 0, "montant_eur"], 1_193_486_000), _set(["financements", 0, "preuve"], "pour l’Etat : 1 193,486 millions d’euros")), {"extra_text": R946 + "pour l’Etat : 1 193,486 millions d’euros\n"}),
    "total_documente": (_all(REGION_946, _set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "exact", "preuve": "1,7 milliard d’euros"}), _append(["ecarts"], {"id": "e", "type": "somme_montants", "description": "d", "controle": "total", "preuves": ["1,7 milliard d’euros"]})), {"extra_text": R946}),
    "total_tolerance_large": (_all(REGION_946, _set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "exact", "tolerance_eur": 150_000_000, "preuve": "1,7 milliard d’euros"})), {"extra_text": R946}),
    "total_tolerance_courte": (_all(REGION_946, _set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "environ", "tolerance_eur": 100_000_000, "preuve": "de l’ordre de 1,7 milliard d’euros"})), {"extra_text": R946}),
    "total_au_moins_atteint": (_set(["montant_total"], {"montant_eur": 1_700_000_000, "qualificatif": "au_moins", "preuve": "plus de 1,7 milliard d’euros"}), {"extra_text": "plus de 1,7 milliard d’euros\n"}),
    "total_au_moins_manque": (_set(["montant_total"], {"montant_eur": 1_800_000_000, "qualificatif": "au_moins", "preuve": "plus de 1,8 milliard d’euros"}), {"extra_text": "plus de 1,8 milliard d’euros\n"}),
    "total_au_plus_respecte": (_set(["montant_total"], {"montant_eur": 1_800_000_000, "qualificatif": "au_plus", "preuve": "jusqu’à 1,8 milliard d’euros"}), {"extra_text": "jusqu’à 1,8 milliard d’euros\n"}),
    "total_au_plus_depasse": (_set(["montant_total"], {"montant_eur": 1_600_000_000, "qualificatif": "au_plus", "preuve": "jusqu’à 1,6 milliard d’euros"}), {"extra_text": "jusqu’à 1,6 milliard d’euros\n"}),
    "total_fourchette_dedans": (_set(["montant_total"], {"montant_min_eur": 1_700_000_000, "montant_max_eur": 1_800_000_000, "qualificatif": "fourchette", "preuve": "entre 1,7 et 1,8 milliard d’euros"}), {"extra_text": "entre 1,7 et 1,8 milliard d’euros\n"}),
    "total_fourchette_dehors": (_set(["montant_total"], {"montant_min_eur": 1_800_000_000, "montant_max_eur": 1_900_000_000, "qualificatif": "fourchette", "preuve": "entre 1,8 et 1,9 milliard d’euros"}), {"extra_text": "entre 1,8 et 1,9 milliard d’euros\n"}),
    "total_part_seule": (_set(["montant_total"], {"qualificatif": "part", "part_pct": 60, "preuve": "Volet mobilités : 60 % des crédits"}), {}),
    "groupe_compte_pour_ses_membres": (_all(_append(["parties"], {"id": "groupe", "nom": "Ensemble", "type": "groupe", "roles": ["financeur"], "membres": ["region"]}), _append(["financements"], {"id": "groupe", "partie": "groupe", "montant_eur": 846_607_000, "preuve": "Ensemble : 846,607 millions d’euros"})), {"extra_text": "Ensemble : 846,607 millions d’euros\n"}),
    "montant_absurde": (_all(_set(["financements", 1, "montant_eur"], 3_500_000_000), _set(["financements", 1, "preuve"], "pour la Région : 3 500 millions d’euros")), {"extra_text": "pour la Région : 3 500 millions d’euros.\n"}),
    "montant_double_du_total": (_all(_set(["financements", 1, "montant_eur"], 3_400_000_000), _set(["financements", 1, "preuve"], "pour la Région : 3 400 millions d’euros")), {"extra_text": "pour la Région : 3 400 millions d’euros.\n"}),
    "parts_depassent": (_all(_set(["structure", 0, "montant", "part_pct"], 70), _set(["structure", 0, "montant", "preuve"], "Volet mobilités : 70 % des crédits"), _set(["structure", 0, "preuve"], "Volet mobilités : 70 % des crédits")), {"extra_text": "Volet mobilités : 70 % des crédits.\n"}),
    "parts_incompletes": (_all(_set(["structure", 0, "montant", "part_pct"], 50), _set(["structure", 0, "montant", "preuve"], "Volet mobilités : 50 % des crédits"), _set(["structure", 0, "preuve"], "Volet mobilités : 50 % des crédits")), {"extra_text": "Volet mobilités : 50 % des crédits.\n"}),
    "parts_partielles": (_all(_set(["structure", 0, "montant", "part_pct"], 50), _set(["structure", 0, "montant", "preuve"], "Volet mobilités : 50 % des crédits"), _set(["structure", 0, "preuve"], "Volet mobilités : 50 % des crédits"), _append(["structure"], {"id": "volet-sans-part", "type": "volet", "titre": "Volet numérique", "preuve": "Volet numérique"})), {"extra_text": "Volet mobilités : 50 % des crédits.\n"}),
    "parts_des_parties": (_all(_set(FIN0 + ["part_pct"], 60), _set(FIN0 + ["preuve"], "pour l’Etat : 893,486 millions d’euros (60 %)"), _set(["financements", 1, "part_pct"], 60), _set(["financements", 1, "preuve"], "pour la Région : 846,607 millions d’euros (60 %)")), {"extra_text": "pour l’Etat : 893,486 millions d’euros (60 %)\npour la Région : 846,607 millions d’euros (60 %)\n"}),
    "signature_hors_periode": (_set(["periode"], {"debut": 2026, "fin": 2027, "preuve": "Programme 2026-2027"}), {"extra_text": "Programme 2026-2027\n"}),
    "signature_juste_avant_periode": (_set(["periode"], {"debut": 2025, "fin": 2027, "preuve": "Programme 2025-2027"}), {"extra_text": "Programme 2025-2027\n"}),
    "signature_apres_periode": (_set(["periode"], {"debut": 2020, "fin": 2022, "preuve": "Programme 2020-2022"}), {"extra_text": "Programme 2020-2022\n"}),
    "statut_avant_signature": (_set(["statut"], {"valeur": "signé", "date_observation": "2022-10", "preuve": "Octobre 2022"}), {"extra_text": "Octobre 2022\n"}),
    "projet_avant_signature": (_set(["statut"], {"valeur": "projet", "date_observation": "2022-10", "preuve": "Octobre 2022"}), {"extra_text": "Octobre 2022\n"}),
    "statut_le_jour_de_la_signature": (_set(["statut"], {"valeur": "signé", "date_observation": "2023-01", "preuve": "Janvier 2023"}), {"extra_text": "Janvier 2023\n"}),
    "signe_sans_date": (_all(_set(["signature"], None), _set(["jalons"], [])), {}),
    "signe_avec_jalons": (_set(["signature"], None), {}),
    "projet_sans_date": (_all(_set(["signature"], None), _set(["jalons"], []), _set(["statut", "valeur"], "projet")), {}),
    "compte_filtre_inconnu": (_set(["chiffres", 0, "compte", "filtre"], {"couleur": "rouge"}), {}),
    "compte_faux": (_set(["chiffres", 0, "compte", "filtre"], {"element": "volet-numerique"}), {}),
    "compte_documente": (_all(_set(["chiffres", 0, "compte", "filtre"], {"element": "volet-numerique"}), _append(["ecarts"], {"id": "e", "type": "compte", "description": "d", "controle": "compte:nb-operations", "preuves": ["Deux opérations sont inscrites"]})), {}),
    "compte_parties": (_set(["chiffres", 0, "compte"], {"table": "parties", "filtre": {"role": "signataire"}}), {}),
    "compte_parties_faux": (_set(["chiffres", 0, "compte"], {"table": "parties", "filtre": {"type": "etat"}}), {}),
    "compte_structure": (_set(["chiffres", 0, "compte"], {"table": "structure", "filtre": {"parent": "racine"}}), {}),
    "compte_structure_faux": (_set(["chiffres", 0, "compte"], {"table": "structure", "filtre": {"type": "axe"}}), {}),
    "compte_territoire": (_set(["chiffres", 0, "compte"], {"table": "operations", "filtre": {"territoire": "59"}}), {}),
    "controle_inutile": (_append(["ecarts"], {"id": "e", "type": "autre", "description": "d", "controle": "total", "preuves": ["Volet numérique"]}), {}),
    "id_fichier": (lambda d: None, {"stem": "autre-nom"}),
}


EXPECTED: dict[str, list[tuple[str, str, str, str]]] = {
    'preuve_document': [
        ('erreur', 'preuve_document', 'financements[0].preuve', 'document « autre » non déclaré dans sources/contrats'),
    ],
    'citation_absente': [
        ('erreur', 'preuve_introuvable', 'financements[0].preuve', 'citation absente du document « texte-mini » (copier le texte mot pour mot) : « pour l’Etat : 893,487 millions d’euros »'),
    ],
    'contexte_absent': [
        ('erreur', 'preuve_introuvable', 'financements[0].preuve', 'contexte absente du document « texte-mini » (copier le texte mot pour mot) : « absent du texte »'),
    ],
    'montant_faux': [
        ('erreur', 'valeur_preuve', 'financements[0].montant_eur', 'le montant ne correspond pas à la citation (montants lus dans la citation : 893 486 000 €)'),
    ],
    'fourchette_fausse': [
        ('erreur', 'valeur_preuve', 'financements[2].montant_min_eur', 'le montant ne correspond pas à la citation (montants lus dans la citation : 150 000 000 €)'),
    ],
    'qualificatif_au_moins_dit_exact': [
        ('erreur', 'qualificatif_preuve', 'financements[3].qualificatif', 'la citation donne ce montant comme un minimum (« plus de ») : qualificatif attendu « au_moins », pas « exact »'),
    ],
    'qualificatif_exact_dit_environ': [
        ('erreur', 'qualificatif_preuve', 'financements[0].qualificatif', 'la citation donne ce montant comme sans approximation : qualificatif attendu « exact », pas « environ »'),
    ],
    'qualificatif_environ_dit_exact': [
        ('erreur', 'qualificatif_preuve', 'montant_total.qualificatif', 'la citation donne ce montant comme une valeur approchée : qualificatif attendu « environ », pas « exact »'),
    ],
    'qualificatif_au_plus_dit_exact': [
        ('erreur', 'qualificatif_preuve', 'financements[4].qualificatif', "la citation donne ce montant comme un maximum (« jusqu'à ») : qualificatif attendu « au_plus », pas « exact »"),
    ],
    'part_fausse': [
        ('erreur', 'valeur_preuve', 'structure[0].montant.part_pct', 'la part ne correspond pas à la citation (parts lues : 60 %)'),
        ('erreur', 'somme_parts', 'structure', "les parts totalisent 105.0 % (tolérance d'arrondi 0.5 points) ; si le document se contredit, le consigner dans ecarts avec controle: parts:structure:racine"),
    ],
    'part_de_ligne_fausse': [
        ('erreur', 'valeur_preuve', 'financements[0].part_pct', 'la part ne correspond pas à la citation (parts lues : aucune)'),
    ],
    'periode_fausse': [
        ('erreur', 'valeur_preuve', 'periode.debut', "l'année 2020 n'est pas dans la citation"),
    ],
    'generation_sans_valeur': [
        ('erreur', 'valeur_preuve', 'generation_preuve', 'generation_preuve sans generation'),
    ],
    'generation_fausse': [
        ('erreur', 'valeur_preuve', 'generation', "la génération 3 n'est pas dans la citation"),
    ],
    'statut_date_fausse': [
        ('erreur', 'valeur_preuve', 'statut.date_observation', 'la date 2023-01-27 ne correspond pas à la citation (dates lues : 2023-01-26)'),
        ('erreur', 'date_document', 'statut.date_observation', 'la date 2023-01-27 est postérieure au document « texte-mini » (2023-01-26) qui la rapporte : citer un document plus récent, ou corriger la date'),
    ],
    'signature_date_sans_contexte': [
        ('erreur', 'valeur_preuve', 'signature.date', 'la date 2023-01-09 ne correspond pas à la citation (dates lues : --01-09) (année absente de la citation : la donner dans « contexte »)'),
    ],
    'signature_lieu_faux': [
        ('erreur', 'valeur_preuve', 'signature.lieu', "« Paris » n'apparaît pas dans la citation"),
    ],
    'representant_nom_faux': [
        ('erreur', 'valeur_preuve', 'parties[0].representants[0].nom', "« Jeanne Dupont » n'apparaît pas dans la citation"),
    ],
    'representant_fonction_fausse': [
        ('erreur', 'valeur_preuve', 'parties[0].representants[0].fonction', "« Ministre » n'apparaît pas dans la citation"),
    ],
    'titre_faux': [
        ('erreur', 'valeur_preuve', 'structure[1].titre', "« Volet routier » n'apparaît pas dans la citation"),
    ],
    'operation_titre_faux': [
        ('erreur', 'valeur_preuve', 'operations[0].titre', "« gare de Lille-Europe » n'apparaît pas dans la citation"),
    ],
    'jalon_date_fausse': [
        ('erreur', 'valeur_preuve', 'jalons[0].date', 'la date 2023-02 ne correspond pas à la citation (dates lues : --01-09)'),
        ('erreur', 'date_document', 'jalons[0].date', 'la date 2023-02 est postérieure au document « texte-mini » (2023-01-26) qui la rapporte : citer un document plus récent, ou corriger la date'),
    ],
    'jalon_mois_seul': [],
    'chiffre_eur_decimal': [
        ('erreur', 'type', 'chiffres[1].valeur', 'un montant en euros doit être entier'),
    ],
    'chiffre_eur_faux': [
        ('erreur', 'valeur_preuve', 'chiffres[1].valeur', 'la valeur ne correspond pas à la citation (valeurs lues : 20000000)'),
    ],
    'chiffre_eur_qualificatif': [
        ('erreur', 'qualificatif_preuve', 'chiffres[1].qualificatif', 'la citation donne ce chiffre comme un minimum (« plus de ») : qualificatif attendu « au_moins », pas « exact »'),
    ],
    'chiffre_pct_faux': [
        ('erreur', 'valeur_preuve', 'chiffres[1].valeur', 'la valeur ne correspond pas à la citation (valeurs lues : 60)'),
    ],
    'chiffre_pct_juste': [
        ('erreur', 'qualificatif_preuve', 'chiffres[1].qualificatif', 'la citation donne ce chiffre comme sans approximation : qualificatif attendu « exact », pas « environ »'),
    ],
    'chiffre_fourchette_non_verifiee': [],
    'chiffre_sans_citation_de_nombre': [
        ('erreur', 'valeur_preuve', 'chiffres[1].valeur', 'la valeur ne correspond pas à la citation (valeurs lues : aucune)'),
    ],
    'id_partie_double': [
        ('erreur', 'id_duplique', 'parties[1].id', "l'identifiant « etat » est déjà utilisé dans parties"),
        ('erreur', 'reference', 'financements[1].partie', "« region » n'existe pas dans parties"),
    ],
    'id_structure_double': [
        ('erreur', 'id_duplique', 'structure[1].id', "l'identifiant « volet-mobilites » est déjà utilisé dans structure"),
        ('erreur', 'reference', 'financements[2].element', "« volet-numerique » n'existe pas dans structure"),
        ('erreur', 'reference', 'financements[3].element', "« volet-numerique » n'existe pas dans structure"),
    ],
    'id_operation_double': [
        ('erreur', 'id_duplique', 'operations[1].id', "l'identifiant « gare-lille-flandres » est déjà utilisé dans operations"),
    ],
    'id_chiffre_double': [
        ('erreur', 'id_duplique', 'chiffres[1].id', "l'identifiant « nb-operations » est déjà utilisé dans chiffres"),
    ],
    'id_jalon_double': [
        ('erreur', 'id_duplique', 'jalons[1].id', "l'identifiant « signature » est déjà utilisé dans jalons"),
    ],
    'id_ecart_double': [
        ('erreur', 'id_duplique', 'ecarts[1].id', "l'identifiant « e » est déjà utilisé dans ecarts"),
    ],
    'ref_partie': [
        ('erreur', 'reference', 'financements[2].partie', "« inconnue » n'existe pas dans parties"),
    ],
    'ref_operation': [
        ('erreur', 'reference', 'financements[2].operation', "« inconnue » n'existe pas dans operations"),
    ],
    'ref_operation_element': [
        ('erreur', 'reference', 'operations[0].element', "« inconnu » n'existe pas dans structure"),
        ('erreur', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 1 ; si le document se contredit, le consigner dans ecarts avec controle: compte:nb-operations'),
    ],
    'ref_jalon_partie': [
        ('erreur', 'reference', 'jalons[0].partie', "« inconnue » n'existe pas dans parties"),
    ],
    'membres_inconnus_hors_groupe': [
        ('erreur', 'reference', 'parties[1].membres[0]', "« inconnue » n'existe pas dans parties"),
        ('erreur', 'membres', 'parties[1].membres', 'seul un groupe (type: groupe) a des membres'),
    ],
    'groupe_avec_membres': [],
    'siren_faux': [
        ('erreur', 'siren', 'parties[1].siren', 'SIREN 200053743 invalide (clé de Luhn)'),
        ('erreur', 'siren_reference', 'parties[1].siren', 'SIREN 200053743 différent de celui de Hauts-de-France au référentiel (200053742, COG 2024) : retirer le SIREN saisi, la construction le reprend du référentiel'),
    ],
    'relation_a_soi': [
        ('erreur', 'reference', 'relations[0].cible', 'un contrat ne peut pas être lié à lui-même'),
    ],
    'relation_autre': [],
    'document_principal_inconnu': [
        ('erreur', 'reference', 'document_principal', 'document « inconnu » non déclaré'),
        ('erreur', 'preuve_document', 'periode.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'statut.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'signature.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'montant_total.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'parties[0].representants[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'parties[1].representants[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'structure[0].montant.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'structure[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'structure[1].montant.preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'structure[1].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'operations[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'operations[1].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'financements[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'financements[1].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'financements[2].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'financements[3].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'chiffres[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
        ('erreur', 'preuve_document', 'jalons[0].preuve', 'document « inconnu » non déclaré dans sources/contrats'),
    ],
    'compte_sur_pct': [
        ('erreur', 'compte', 'chiffres[0].compte', 'seul un nombre (unite: nombre) peut être comparé à une liste'),
        ('erreur', 'valeur_preuve', 'chiffres[0].valeur', 'la valeur ne correspond pas à la citation (valeurs lues : aucune)'),
    ],
    'empreinte': [
        ('erreur', 'empreinte', 'documents[0].sha256', 'le texte texte-mini.txt a changé : SHA-256 d38ffc0b003b5476b7217ed6f893c8fd8e976bbfedb3edcd58241a2ca47cf003'),
    ],
    'code_cog': [
        ('erreur', 'code_cog', 'operations[0].territoire.code', 'aucun(e) departement de code « 99 » au COG 2024 (voir datapackages/reference/)'),
    ],
    'total_discordant': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f840\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 946\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, exact, tolérance 50\u202f001\u202f000 € ; écart 140\u202f093\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_concordant_a_l_arrondi': [],
    'total_environ_discordant': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (2\u202f140\u202f093\u202f000 € = etat 1\u202f193\u202f486\u202f000 € + region 946\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, environ, tolérance 170\u202f000\u202f000 € ; écart 440\u202f093\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_documente': [
        ('info', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f840\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 946\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, exact, tolérance 50\u202f001\u202f000 € ; écart 140\u202f093\u202f000 €) — écart documenté (total)'),
    ],
    'total_tolerance_large': [],
    'total_tolerance_courte': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f840\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 946\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, environ, tolérance 100\u202f000\u202f000 € ; écart 140\u202f093\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_au_moins_atteint': [],
    'total_au_moins_manque': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f740\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 846\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f800\u202f000\u202f000 €, au_moins, tolérance 50\u202f001\u202f000 € ; écart -59\u202f907\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_au_plus_respecte': [],
    'total_au_plus_depasse': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f740\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 846\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f600\u202f000\u202f000 €, au_plus, tolérance 50\u202f001\u202f000 € ; écart 140\u202f093\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_fourchette_dedans': [],
    'total_fourchette_dehors': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (1\u202f740\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region 846\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f800\u202f000\u202f000 € à 1\u202f900\u202f000\u202f000 €, fourchette, tolérance 50\u202f001\u202f000 € ; écart -59\u202f907\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'total_part_seule': [],
    'groupe_compte_pour_ses_membres': [],
    'montant_absurde': [
        ('erreur', 'montant_absurde', 'financements[1].montant_eur', 'la ligne dépasse le double du total du contrat'),
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (4\u202f393\u202f486\u202f000 € = etat 893\u202f486\u202f000 € + region 3\u202f500\u202f000\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, environ, tolérance 170\u202f000\u202f000 € ; écart 2\u202f693\u202f486\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'montant_double_du_total': [
        ('erreur', 'total', 'montant_total', 'la somme des engagements des parties (4\u202f293\u202f486\u202f000 € = etat 893\u202f486\u202f000 € + region 3\u202f400\u202f000\u202f000 €) ne concorde pas avec le total annoncé (1\u202f700\u202f000\u202f000 €, environ, tolérance 170\u202f000\u202f000 € ; écart 2\u202f593\u202f486\u202f000 €) ; si le document se contredit, le consigner dans ecarts avec controle: total'),
    ],
    'parts_depassent': [
        ('erreur', 'somme_parts', 'structure', "les parts totalisent 110.0 % (tolérance d'arrondi 1.0 points) ; si le document se contredit, le consigner dans ecarts avec controle: parts:structure:racine"),
    ],
    'parts_incompletes': [
        ('erreur', 'somme_parts', 'structure', "les parts totalisent 90.0 % (tolérance d'arrondi 1.0 points) ; si le document se contredit, le consigner dans ecarts avec controle: parts:structure:racine"),
    ],
    'parts_partielles': [],
    'parts_des_parties': [
        ('erreur', 'somme_parts', 'financements', "les parts totalisent 120.0 % (tolérance d'arrondi 1.0 points) ; si le document se contredit, le consigner dans ecarts avec controle: parts:parties"),
    ],
    'signature_hors_periode': [
        ('erreur', 'date_periode', 'signature.date', 'signature en 2023 hors de la période 2026-2027'),
    ],
    'signature_juste_avant_periode': [],
    'signature_apres_periode': [
        ('erreur', 'date_periode', 'signature.date', 'signature en 2023 hors de la période 2020-2022'),
    ],
    'statut_avant_signature': [
        ('erreur', 'date_statut', 'statut.date_observation', 'statut observé avant la signature'),
    ],
    'projet_avant_signature': [],
    'statut_le_jour_de_la_signature': [],
    'signe_sans_date': [
        ('info', 'date_statut', 'statut', 'un contrat signé devrait avoir une signature ou des jalons'),
    ],
    'signe_avec_jalons': [],
    'projet_sans_date': [],
    'compte_filtre_inconnu': [
        ('erreur', 'compte', 'chiffres[0].compte.filtre', 'filtre inconnu : couleur (admis : element, id, territoire)'),
    ],
    'compte_faux': [
        ('erreur', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 0 ; si le document se contredit, le consigner dans ecarts avec controle: compte:nb-operations'),
    ],
    'compte_documente': [
        ('info', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 0 — écart documenté (compte:nb-operations)'),
    ],
    'compte_parties': [],
    'compte_parties_faux': [
        ('erreur', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 1 ; si le document se contredit, le consigner dans ecarts avec controle: compte:nb-operations'),
    ],
    'compte_structure': [],
    'compte_structure_faux': [
        ('erreur', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 0 ; si le document se contredit, le consigner dans ecarts avec controle: compte:nb-operations'),
    ],
    'compte_territoire': [
        ('erreur', 'compte', 'chiffres[0].valeur', 'le document annonce 2 mais la liste en compte 1 ; si le document se contredit, le consigner dans ecarts avec controle: compte:nb-operations'),
    ],
    'controle_inutile': [
        ('info', 'controle_inutile', 'ecarts[0].controle', "le contrôle « total » ne signale rien : l'écart reste publié, sa clé de contrôle est sans effet"),
    ],
    'id_fichier': [
        ('erreur', 'id_fichier', 'id', "l'id « contrat-mini » doit être le nom du fichier (autre-nom.yml)"),
    ],
}


# Cases where the message ends with a hint computed by the quote search (closest passage): only its start is fixed.
HINTED = {"citation_absente", "contexte_absent"}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(name: str) -> None:
    edit, options = CASES[name]
    data = mini()
    edit(data)
    got = found(data, **options)
    if name in HINTED:
        assert [(s, r, f) for s, r, f, _ in got] == [(s, r, f) for s, r, f, _ in EXPECTED[name]]
        for (_, _, _, message), (_, _, _, start) in zip(got, EXPECTED[name]):
            assert message.startswith(start), message
    else:
        assert got == EXPECTED[name]
