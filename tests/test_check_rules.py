"""checks.py rule by rule, beyond the planted faults of test_rules.py: each rule's positive and negative case with the
exact located message, the tier-2 exemptions, and the pure helpers (Luhn key, name folding, amounts found in a
quote, reconciliation status). Fast (no build): make mutation runs these against checks.py."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from contrats.checks import Ctx, check_one, find_amount, find_percent, fold, names_party, reconcile_total, reconciliation, siren_ok, territories_named
from contrats.model import Contract, Party
from contrats.quotes import Document as Text
from contrats.sources import Corpus, Lines, Source
from rulekit import MINI_TXT, MINI_YML, found, mini, reference

PAGE = {"id": "page", "url": "https://www.example.org/page", "editeur": "Préfecture", "date": "2021-01",
        "consulte_le": "2026-12-03"}
PAGE2 = {"id": "page2", "url": "https://www.example.org/autre", "editeur": "IEDOM", "date": "2019-07",
         "consulte_le": "2026-12-03"}


def t2(expression: str, source: str = "page", **kw) -> dict:
    """A tier-2 evidence: a figure as a public page writes it."""
    return {"source": source, "expression": expression, **kw}


def with_pages(*pages: dict) -> dict:
    """The mini contract with public pages declared."""
    data = mini()
    data["sources_publiques"] = [dict(p) for p in (pages or (PAGE,))]
    return data


def jalon(data: dict, date: str, preuve, id_: str = "essai") -> dict:
    data["jalons"].append({"id": id_, "date": date, "type": "autre", "libelle": "Essai", "preuve": preuve})
    return data


def errs(data: dict, **kw) -> list[tuple[str, str, str]]:
    """(rule, field, message) of every error."""
    return [(r, f, m) for s, r, f, m in found(data, **kw) if s == "erreur"]


# --- Luhn key ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("siren", ["200053742", "200000925", "200000172", "130005481", "110070018", "000000000",
                                   "200005932", "732829320", "552100554"])
def test_valid_sirens(siren: str) -> None:
    assert siren_ok(siren)


@pytest.mark.parametrize("siren", ["200053743", "200000926", "200000173", "130005482", "110070019", "000000001",
                                   "200005933", "732829321", "552100555", "100000000", "010000000"])
def test_invalid_sirens(siren: str) -> None:
    assert not siren_ok(siren)


# --- where a problem is reported: file, line, field ----------------------------------------------------

def _real_source(text: str) -> list:
    """The checks on the mini contract read from its YAML file (real line numbers), over the given text."""
    lines = Lines(MINI_YML, "sources/contrats/contrat-mini.yml")
    data = mini()
    contract = Contract.model_validate(data)
    source = Source(MINI_YML, "sources/contrats/contrat-mini.yml", lines, contract)
    corpus = Corpus(sources=[source])
    doc = contract.documents[0]
    corpus.documents[doc.id] = (doc, source)
    corpus.texts[doc.id] = Text(text)
    corpus.raw_texts[doc.id] = text.encode("utf-8")
    return check_one(Ctx(source, corpus, []), reference())


def test_problems_name_file_line_and_field() -> None:
    got = _real_source(MINI_TXT + "ajout\n")
    assert [(p.file, p.line, p.field, p.rule, p.severity) for p in got] == [
        ("sources/contrats/contrat-mini.yml", 18, "documents[0].sha256", "empreinte", "erreur")]
    assert got[0].message == ("le texte texte-mini.txt a changé : SHA-256 "
                              + hashlib.sha256((MINI_TXT + "ajout\n").encode()).hexdigest())


def test_evidence_problems_point_at_the_evidence_line() -> None:
    text = MINI_TXT.replace("Publié le 26.01.2023.", "Publié en 2023.")
    got = [(p.line, p.field, p.rule) for p in _real_source(text)]
    assert got == [(18, "documents[0].sha256", "empreinte"), (5, "statut.preuve", "preuve_introuvable"),
                   (9, "signature.preuve", "preuve_introuvable"), (74, "jalons[0].preuve", "preuve_introuvable")]


# --- evidence: resolution -----------------------------------------------------------------------------

def test_tier2_page_must_be_declared() -> None:
    data = with_pages()
    data["financements"][1]["preuve"] = t2("846,607 millions d’euros", source="ailleurs")
    assert errs(data) == [("preuve_source", "financements[1].preuve",
                           "page « ailleurs » non déclarée dans sources_publiques du contrat")]
    data["financements"][1]["preuve"] = t2("846,608 millions d’euros", source="ailleurs")  # not read: no value error
    assert [r for r, _, _ in errs(data)] == ["preuve_source"]


def test_tier2_expression_is_checked_against_the_value() -> None:
    data = with_pages()
    data["financements"][1]["preuve"] = t2("846,607 millions d’euros")
    assert errs(data) == []
    data["financements"][1]["preuve"] = t2("846,608 millions d’euros")
    assert errs(data) == [("valeur_preuve", "financements[1].montant_eur",
                           "le montant ne correspond pas à la citation (montants lus dans la citation : 846 608 000 €)")]


def test_contract_needs_a_document_or_pages() -> None:
    data = mini()
    data["document_principal"] = None
    got = errs(data)
    assert ("reference", "document_principal", "un contrat cite un document principal ou des sources_publiques") in got
    assert ("preuve_document", "periode.preuve", "citation sans document : donner document ou document_principal") in got


def test_long_missing_quote_is_cut_at_120_characters() -> None:
    quote = "x" * 119 + "yz" + " suite"
    data = mini()
    data["financements"][0]["preuve"] = quote
    [(rule, field, message)] = errs(data)
    assert (rule, field) == ("preuve_introuvable", "financements[0].preuve")
    assert message.startswith(f"citation absente du document « texte-mini » (copier le texte mot pour mot) : « {'x' * 119}y » ; ")


def test_quote_and_context_both_missing_are_both_reported() -> None:
    data = mini()
    data["financements"][0]["preuve"] = {"citation": "absente", "contexte": "absent aussi"}
    got = [(r, f, m.split(" : « ")[0]) for r, f, m in errs(data)]
    assert got == [("preuve_introuvable", "financements[0].preuve", "citation absente du document « texte-mini » (copier le texte mot pour mot)"),
                   ("preuve_introuvable", "financements[0].preuve", "contexte absente du document « texte-mini » (copier le texte mot pour mot)")]


def test_unreadable_document_is_not_checked_again() -> None:
    data = mini()
    data["structure"][1]["titre"] = "Volet routier"  # not in its quote: reported only if the text were read
    contract = Contract.model_validate(data)
    source = Source(MINI_YML, "sources/contrats/contrat-mini.yml", Lines(MINI_YML, "x"), contract)
    corpus = Corpus(sources=[source])
    corpus.documents["texte-mini"] = (contract.documents[0], source)  # declared, but its text could not be read
    assert [(p.rule, p.field) for p in check_one(Ctx(source, corpus, []), reference())] == []


def test_a_document_declared_twice_is_hashed_once() -> None:
    data = mini()
    data["documents"][0]["sha256"] = "0" * 64
    contract = Contract.model_validate(data)
    first = Contract.model_validate(mini()).documents[0]  # the same id, registered by another file first
    source = Source(MINI_YML, "sources/contrats/contrat-mini.yml", Lines(MINI_YML, "x"), contract)
    corpus = Corpus(sources=[source])
    corpus.documents["texte-mini"] = (first, source)
    corpus.texts["texte-mini"] = Text(MINI_TXT)
    corpus.raw_texts["texte-mini"] = MINI_TXT.encode()
    assert [p.rule for p in check_one(Ctx(source, corpus, []), reference())] == []


# --- evidence: amounts ----------------------------------------------------------------------------------

def test_find_amount_exact_and_ranges() -> None:
    quote = "entre 150 et 170 M€ de réseaux, dont 20 M€"
    assert find_amount(quote, 20_000_000, None, None).value == Decimal(20_000_000)
    assert find_amount(quote, 150_000_000, None, None) is None  # a bound of a range is not an amount
    assert find_amount(quote, None, 150_000_000, 170_000_000).upper == Decimal(170_000_000)
    assert find_amount(quote, None, 150_000_000, 180_000_000) is None
    assert find_amount(quote, None, 140_000_000, 170_000_000) is None
    assert find_amount("20 M€", 20_000_000, None, 30_000_000).value == Decimal(20_000_000)  # one bound: not a range
    assert find_amount("20 M€", 20_000_000, 20_000_000, None).value == Decimal(20_000_000)
    assert find_amount("", None, None, None) is None
    assert find_amount("5 M€", None, None, None) is None


def test_find_percent() -> None:
    assert find_percent("12,5 % puis 40 %", 40).value == Decimal(40)
    assert find_percent("12,5 % puis 40 %", 12.5).value == Decimal("12.5")
    assert find_percent("12,5 % puis 40 %", 12) is None


def test_range_with_a_wrong_low_bound() -> None:
    data = mini()
    data["financements"][2]["montant_min_eur"] = 140_000_000
    assert errs(data) == [("valeur_preuve", "financements[2].montant_min_eur",
                           "le montant ne correspond pas à la citation (montants lus dans la citation : 150 000 000 €)")]


def test_amount_message_lists_every_amount_read() -> None:
    data = mini()
    data["financements"][3]["montant_eur"] = 21_000_000
    data["financements"][3]["preuve"] = "entre 150 et 170 M€ de réseaux, dont plus de 20 M€ pour les écoles"
    assert errs(data) == [("valeur_preuve", "financements[3].montant_eur",
                           "le montant ne correspond pas à la citation (montants lus dans la citation : "
                           "150 000 000 €, 20 000 000 €)")]
    data["financements"][3]["preuve"] = "Volet numérique"
    assert errs(data) == [("valeur_preuve", "financements[3].montant_eur",
                           "le montant ne correspond pas à la citation (montants lus dans la citation : aucun)")]


@pytest.mark.parametrize("written,said,qualifier", [
    ("environ 5 M€", "une valeur approchée", "environ"),
    ("plus de 5 M€", "un minimum (« plus de »)", "au_moins"),
    ("jusqu’à 5 M€", "un maximum (« jusqu'à »)", "au_plus"),
])
def test_amount_qualifier_must_be_the_written_one(written: str, said: str, qualifier: str) -> None:
    data = mini()
    data["financements"].append({"id": "aide", "element": "volet-numerique", "montant_eur": 5_000_000,
                                 "preuve": written})
    extra = written + " d’aide.\n"
    assert errs(data, extra_text=extra) == [
        ("qualificatif_preuve", "financements[4].qualificatif",
         f"la citation donne ce montant comme {said} : qualificatif attendu « {qualifier} », pas « exact »")]
    data["financements"][4]["qualificatif"] = qualifier
    assert errs(data, extra_text=extra) == []


def test_exact_amount_said_to_be_approximate() -> None:
    data = mini()
    data["financements"][0]["qualificatif"] = "au_plus"
    assert [e for e in errs(data) if e[0] != "total"] == [("qualificatif_preuve", "financements[0].qualificatif",
                           "la citation donne ce montant comme sans approximation : qualificatif attendu « exact », "
                           "pas « au_plus »")]


def test_share_message_lists_the_shares_read() -> None:
    data = mini()
    data["structure"][0]["montant"]["preuve"] = "Volet mobilités : 60 % des crédits. Volet numérique : 40 % des crédits"
    data["structure"][0]["montant"]["part_pct"] = 50
    assert ("valeur_preuve", "structure[0].montant.part_pct",
            "la part ne correspond pas à la citation (parts lues : 60 %, 40 %)") in errs(data)
    data["structure"][0]["montant"]["preuve"] = "Volet mobilités"
    assert ("valeur_preuve", "structure[0].montant.part_pct",
            "la part ne correspond pas à la citation (parts lues : aucune)") in errs(data)


def test_a_line_with_an_amount_and_a_share_checks_both() -> None:
    data = mini()
    data["financements"][0]["part_pct"] = 51
    data["financements"][0]["preuve"] = "pour l’Etat : 893,486 millions d’euros (51 %)"
    extra = "pour l’Etat : 893,486 millions d’euros (51 %)\n"
    assert errs(data, extra_text=extra) == []
    data["financements"][0]["part_pct"] = 52
    assert errs(data, extra_text=extra) == [("valeur_preuve", "financements[0].part_pct",
                                             "la part ne correspond pas à la citation (parts lues : 51 %)")]


# --- evidence: the party a commitment's quote names ------------------------------------------------------

def test_party_named_skipped_for_tier2() -> None:
    data = with_pages()
    data["financements"][0]["partie"] = "region"
    data["financements"][0]["preuve"] = t2("893,486 millions d’euros")  # names nobody: a page's figure
    assert errs(data) == []
    data["financements"][0]["preuve"] = "pour l’Etat : 893,486 millions d’euros"  # the same line from the text
    assert [r for r, _, _ in errs(data)] == ["partie_preuve"]


def test_party_named_message() -> None:
    data = mini()
    data["financements"][1]["partie"] = "etat"
    assert errs(data) == [("partie_preuve", "financements[1].partie",
                           "la citation (ni son contexte) ne nomme pas la partie « État » : citer le passage qui la "
                           "nomme dans « contexte », ou déclarer le nom employé par le document dans alias")]


def test_party_without_a_name_is_called_by_its_id() -> None:
    data = mini()
    data["parties"][1]["nom"] = None
    data["parties"][1]["alias"] = []
    got = [(r, f, m) for r, f, m in errs(data) if r == "partie_preuve"]
    assert got == [("partie_preuve", "financements[1].partie",
                    "la citation (ni son contexte) ne nomme pas la partie « region » : citer le passage qui la "
                    "nomme dans « contexte », ou déclarer le nom employé par le document dans alias")]


def test_names_party_folds_and_respects_word_boundaries() -> None:
    etat = Party(id="etat", nom="État", type="etat", roles=["financeur"])
    assert names_party(etat, "pour l’Etat : 5 M€")
    assert names_party(etat, "L'ÉTAT")
    assert not names_party(etat, "les Etats-Unis")  # a longer word
    assert not names_party(etat, "")
    region = Party(id="r", nom="Région Île-de-France", alias=["IDF", "-"], type="region", roles=["financeur"])
    assert names_party(region, "la Region Ile de France")
    assert names_party(region, "la région  île–de–France")
    assert names_party(region, "(IDF)")
    assert not names_party(region, "la Région seule, 5 M€")  # an alias that folds to nothing names nobody
    assert not names_party(Party(id="x", type="etat", roles=["financeur"]), "pour l’Etat")


def test_fold() -> None:
    assert fold("Île-de-France") == "Ile de France"
    assert fold("l’État d'abord") == "l Etat d abord"
    assert fold("  Nord – Pas-de-Calais\n") == "Nord Pas de Calais"
    assert fold("a‐b‑c—d") == "a b c d"
    assert fold("Côte-d’Or") == "Cote d Or"


# --- evidence: dates -----------------------------------------------------------------------------------

YEAR_HINT = " (l'année doit y être écrite comme une date : « en 2023 », « le 9 janvier 2023 »)"
CONTEXT_HINT = " (année absente de la citation : la donner dans « contexte »)"


def test_year_only_date_tier1_message() -> None:
    assert errs(jalon(mini(), "2021", "Contrat de démonstration 2021-2027")) == [
        ("valeur_preuve", "jalons[1].date", f"la date 2021 ne correspond pas à la citation (dates lues : aucune){YEAR_HINT}")]


def test_year_only_date_tier2_bare_year() -> None:
    assert errs(jalon(with_pages(), "2019", t2("2019"))) == []
    assert errs(jalon(with_pages(), "2019", t2("(2019)"))) == []
    assert errs(jalon(with_pages(), "2019", t2("en 2019"))) == []
    assert errs(jalon(with_pages(), "2019", t2("2019-2022"))) == [
        ("valeur_preuve", "jalons[1].date", f"la date 2019 ne correspond pas à la citation (dates lues : aucune){YEAR_HINT}")]
    assert errs(jalon(with_pages(), "2019", t2("12019"))) != []
    assert errs(jalon(with_pages(), "2019", t2("2018"))) != []


def test_year_only_bare_year_needs_tier2() -> None:
    assert errs(jalon(mini(), "2021", "2021"), extra_text="2021\n") == [
        ("valeur_preuve", "jalons[1].date", f"la date 2021 ne correspond pas à la citation (dates lues : aucune){YEAR_HINT}")]


def test_year_only_date_tier2_page_date() -> None:
    assert errs(jalon(with_pages(), "2021", t2("2021-2027"))) == []  # the page is dated 2021-01
    undated = dict(PAGE, date=None)
    assert [r for r, _, _ in errs(jalon(with_pages(undated), "2021", t2("2021-2027")))] == ["valeur_preuve"]


def test_tier2_day_and_month_dated_by_the_page() -> None:
    assert errs(jalon(with_pages(), "2021-01-09", t2("9 janvier"))) == []
    assert errs(jalon(with_pages(), "2022-01-09", t2("9 janvier"))) == [
        ("valeur_preuve", "jalons[1].date",
         f"la date 2022-01-09 ne correspond pas à la citation (dates lues : --01-09){CONTEXT_HINT}")]
    assert errs(jalon(with_pages(), "2022-01-09", t2("9 janvier", contexte="en 2022"))) == []


def test_tier1_day_and_month_need_a_context_year() -> None:
    data = jalon(mini(), "2023-01-09", "Signé ce lundi 9 janvier")
    assert errs(data) == [("valeur_preuve", "jalons[1].date",
                           f"la date 2023-01-09 ne correspond pas à la citation (dates lues : --01-09){CONTEXT_HINT}")]
    data = jalon(mini(), "2023-01-09", {"citation": "Signé ce lundi 9 janvier", "contexte": "Contrat de démonstration 2021-2027"})
    assert errs(data) == [("valeur_preuve", "jalons[1].date",
                           "la date 2023-01-09 ne correspond pas à la citation (dates lues : --01-09)")]


def test_month_and_day_must_both_match() -> None:
    for date in ("2023-01-10", "2023-02-26", "2023-02", "2022-01-26"):
        data = jalon(mini(), date, "Publié le 26.01.2023")
        assert [e for e in errs(data) if e[0] == "valeur_preuve"] == [("valeur_preuve", "jalons[1].date",
                               f"la date {date} ne correspond pas à la citation (dates lues : 2023-01-26)")]
    assert errs(jalon(mini(), "2023-01", "Publié le 26.01.2023")) == []
    assert errs(jalon(mini(), "2023-01-26", "Publié le 26.01.2023")) == []


def test_date_written_with_its_year_needs_no_context_hint() -> None:
    data = jalon(mini(), "2022-01-26", "Publié le 26.01.2023 ; signé ce lundi 9 janvier")
    assert errs(data, extra_text="Publié le 26.01.2023 ; signé ce lundi 9 janvier\n") == [
        ("valeur_preuve", "jalons[1].date",
         f"la date 2022-01-26 ne correspond pas à la citation (dates lues : --01-09, 2023-01-26){CONTEXT_HINT}")]
    data = jalon(mini(), "2022-01-26", "Publié le 26.01.2023")
    assert errs(data)[0][2].endswith("(dates lues : 2023-01-26)")


def test_date_after_document_skipped_for_tier2() -> None:
    data = jalon(with_pages(), "2024", t2("2024"))  # the mini document is dated 2023-01-26
    assert errs(data) == []
    data = jalon(mini(), "2024", "en 2024")
    assert errs(data, extra_text="Une révision en 2024.\n") == [
        ("date_document", "jalons[1].date", "la date 2024 est postérieure au document « texte-mini » (2023-01-26) "
                                            "qui la rapporte : citer un document plus récent, ou corriger la date")]


def test_undated_document_dates_nothing() -> None:
    data = jalon(mini(), "2024", "en 2024")
    data["documents"][0].pop("date")
    assert errs(data, extra_text="Une révision en 2024.\n") == []


def test_signature_date_after_document() -> None:
    data = mini()
    data["documents"][0]["date"] = "2023-01-08"
    got = errs(data)
    assert ("date_document", "signature.date", "la date 2023-01-09 est postérieure au document « texte-mini » "
            "(2023-01-08) qui la rapporte : citer un document plus récent, ou corriger la date") in got
    assert ("date_document", "statut.date_observation", "la date 2023-01-26 est postérieure au document « texte-mini » "
            "(2023-01-08) qui la rapporte : citer un document plus récent, ou corriger la date") in got


def test_status_observed_on_the_page_date() -> None:
    data = with_pages(dict(PAGE, date="2023-05-31"))
    data["statut"] = {"valeur": "signé", "date_observation": "2023-05-31", "preuve": t2("9 janvier 2023")}
    assert errs(data) == []
    data["statut"]["date_observation"] = "2023-05-30"
    assert errs(data) == [("valeur_preuve", "statut.date_observation",
                           "la date 2023-05-30 ne correspond pas à la citation (dates lues : 2023-01-09, 2023-05-31)")]


def test_status_date_read_in_the_context() -> None:
    data = mini()
    data["statut"]["preuve"] = {"citation": "Deux opérations sont inscrites", "contexte": "Publié le 26.01.2023"}
    assert errs(data) == []
    data["statut"]["preuve"] = {"citation": "Deux opérations sont inscrites", "contexte": "Signé ce lundi 9 janvier"}
    assert errs(data) == [("valeur_preuve", "statut.date_observation",
                           "la date 2023-01-26 ne correspond pas à la citation (dates lues : --01-09)")]


def test_signature_without_date_checks_the_place_only() -> None:
    data = mini()
    data["signature"] = {"lieu": "Lille", "preuve": "Signé ce lundi 9 janvier à Lille"}
    assert errs(data) == []
    data["signature"]["lieu"] = "Douai"
    assert errs(data) == [("valeur_preuve", "signature.lieu", "« Douai » n'apparaît pas dans la citation")]


def test_corroborating_source_of_a_signature_confirms_its_date() -> None:
    data = with_pages(PAGE, PAGE2)
    data["signature"]["autres_preuves"] = [t2("9 janvier 2023", source="page2")]
    assert errs(data) == []
    data["signature"]["autres_preuves"] = [t2("10 janvier 2023", source="page2")]
    assert errs(data) == [("valeur_preuve", "signature.date",
                           "la date 2023-01-09 ne correspond pas à la citation (dates lues : 2023-01-10)")]
    data["signature"]["autres_preuves"] = [t2("à Lille, 9 janvier 2023", source="page2")]
    data["signature"]["lieu"] = "Lille"
    data["signature"]["preuve"] = "Signé ce lundi 9 janvier à Lille"
    assert errs(data) == [("valeur_preuve", "signature.date", "la date 2023-01-09 ne correspond pas à la citation "
                           f"(dates lues : --01-09){CONTEXT_HINT}")]


def test_undated_signature_corroborated() -> None:
    data = with_pages(PAGE, PAGE2)
    data["signature"] = {"lieu": "Lille", "preuve": "Signé ce lundi 9 janvier à Lille",
                         "autres_preuves": [t2("à Paris", source="page2")]}
    assert errs(data) == []


def test_milestone_date_after_document() -> None:
    data = jalon(mini(), "2023-02", "février 2023")
    assert errs(data, extra_text="En février 2023.\n") == [
        ("date_document", "jalons[1].date", "la date 2023-02 est postérieure au document « texte-mini » (2023-01-26) "
                                            "qui la rapporte : citer un document plus récent, ou corriger la date")]


def test_long_name_is_cut_at_80_characters() -> None:
    data = mini()
    data["structure"][1]["titre"] = "V" * 79 + "WX suite"
    assert errs(data) == [("valeur_preuve", "structure[1].titre", f"« {'V' * 79}W » n'apparaît pas dans la citation")]


# --- evidence: periods, execution, figures ---------------------------------------------------------------

def test_period_years_each_reported() -> None:
    data = mini()
    data["periode"].update(debut=2020, fin=2028)
    assert errs(data) == [("valeur_preuve", "periode.debut", "l'année 2020 n'est pas dans la citation"),
                          ("valeur_preuve", "periode.fin", "l'année 2028 n'est pas dans la citation")]
    data["periode"].update(debut=2021, fin=2026)
    assert errs(data) == [("valeur_preuve", "periode.fin", "l'année 2026 n'est pas dans la citation")]


def _execution(**kw) -> dict:
    row = {"id": "x", "date": "2021-01", "mesure": "engage", "partie": "etat", "montant_eur": 20_000_000,
           "preuve": t2("20 M€")}
    row.update(kw)
    data = with_pages()
    data["execution"] = [row]
    return data


def test_execution_dated_by_its_page() -> None:
    assert errs(_execution()) == []
    assert errs(_execution(date="2021-02")) == [
        ("valeur_preuve", "execution[0].date", "la date 2021-02 ne correspond pas à la citation (dates lues : 2021-01)")]
    assert errs(_execution(montant_eur=21_000_000)) == [
        ("valeur_preuve", "execution[0].montant_eur",
         "le montant ne correspond pas à la citation (montants lus dans la citation : 20 000 000 €)")]
    assert errs(_execution(date="2021-02", preuve=t2("20 M€", contexte="février 2021"))) == []


def test_execution_dated_by_its_quote_or_context() -> None:
    data = mini()
    data["execution"] = [{"id": "x", "date": "2023-01", "mesure": "paye", "montant_eur": 20_000_000,
                          "preuve": {"citation": "plus de 20 M€", "contexte": "Publié le 26.01.2023"}}]
    assert [(r, f) for r, f, _ in errs(data)] == [("qualificatif_preuve", "execution[0].qualificatif")]
    data["execution"][0]["preuve"] = "plus de 20 M€ en janvier 2023"
    assert [(r, f) for r, f, _ in errs(data, extra_text="plus de 20 M€ en janvier 2023\n")] == [
        ("qualificatif_preuve", "execution[0].qualificatif")]
    data["execution"][0]["preuve"] = "plus de 20 M€"
    assert [(r, f) for r, f, _ in errs(data)] == [("qualificatif_preuve", "execution[0].qualificatif"),
                                                  ("valeur_preuve", "execution[0].date")]


def _figure(value, quote, unit="nombre", extra="", **kw):
    data = mini()
    data["chiffres"].append({"id": "c", "libelle": "c", "valeur": value, "unite": unit, "preuve": quote, **kw})
    return errs(data, extra_text=extra)


def test_figures_in_francs() -> None:
    line = "soit 164,9 milliards de francs.\n"
    assert _figure(164_900_000_000, "164,9 milliards de francs", "frf", line) == []
    assert _figure(164_900_000_001, "164,9 milliards de francs", "frf", line) == [
        ("valeur_preuve", "chiffres[1].valeur", "la valeur ne correspond pas à la citation (valeurs lues : 164900000000.0)")]
    assert _figure(1.5, "164,9 milliards de francs", "frf", line) == [
        ("type", "chiffres[1].valeur", "un montant en francs doit être entier")]
    assert _figure(164_900_000_000, "164,9 milliards de francs", "eur", line) == [
        ("valeur_preuve", "chiffres[1].valeur", "la valeur ne correspond pas à la citation (valeurs lues : aucune)")]


def test_figure_message_lists_every_value_read() -> None:
    assert _figure(3, "Deux opérations pour 60 %", extra="Deux opérations pour 60 % des crédits.\n") == [
        ("valeur_preuve", "chiffres[1].valeur", "la valeur ne correspond pas à la citation (valeurs lues : 2, 60)")]


def test_figure_in_euros_ignores_ranges() -> None:
    assert _figure(150_000_000, "entre 150 et 170 M€ de réseaux", "eur") == [
        ("valeur_preuve", "chiffres[1].valeur", "la valeur ne correspond pas à la citation (valeurs lues : aucune)")]
    assert _figure(20_000_000, "dont plus de 20 M€ pour les écoles", "eur", qualificatif="au_moins") == []


def test_figure_counts_and_percents_are_read_apart() -> None:
    assert _figure(60, "Volet mobilités : 60 % des crédits", "nombre") == []
    assert _figure(2, "Deux opérations sont inscrites", "pct") == [
        ("valeur_preuve", "chiffres[1].valeur", "la valeur ne correspond pas à la citation (valeurs lues : aucune)")]
    assert _figure(2, "Deux opérations sont inscrites", "nombre", qualificatif="environ") == [
        ("qualificatif_preuve", "chiffres[1].qualificatif",
         "la citation donne ce chiffre comme sans approximation : qualificatif attendu « exact », pas « environ »")]
    assert _figure(2, "Deux opérations sont inscrites", "nombre", qualificatif="au_moins") != []
    assert _figure(2, "Deux opérations sont inscrites", "nombre", qualificatif="au_plus") != []
    assert _figure(60, "Volet mobilités : 60 % des crédits", "pct", qualificatif="au_plus") != []


def test_generation_message() -> None:
    data = mini()
    data["generation"] = 3
    data["generation_preuve"] = "Deux opérations sont inscrites"
    assert errs(data) == [("valeur_preuve", "generation", "la génération 3 n'est pas dans la citation")]
    data["generation"] = 2
    assert errs(data) == []
    data["generation"] = None
    assert errs(data) == [("valeur_preuve", "generation_preuve", "generation_preuve sans generation")]


# --- identifiers and references ------------------------------------------------------------------------

def test_duplicate_ids_in_every_list() -> None:
    data = with_pages(PAGE, dict(PAGE2, id="page"))
    data["financements"][1]["id"] = "etat"
    data["structure"][0]["elements"] = [
        {"id": "sous", "type": "sous_volet", "titre": "Volet mobilités", "preuve": "Volet mobilités"},
        {"id": "sous", "type": "sous_volet", "titre": "Volet mobilités", "preuve": "Volet mobilités"}]
    data["execution"] = [{"id": "x", "date": "2021-01", "mesure": "engage", "montant_eur": 20_000_000, "preuve": t2("20 M€")},
                         {"id": "x", "date": "2021-01", "mesure": "paye", "montant_eur": 20_000_000, "preuve": t2("20 M€")}]
    got = [(r, f, m) for r, f, m in errs(data) if r == "id_duplique"]
    assert got == [
        ("id_duplique", "structure[0].elements[1].id", "l'identifiant « sous » est déjà utilisé dans structure"),
        ("id_duplique", "financements[1].id", "l'identifiant « etat » est déjà utilisé dans financements"),
        ("id_duplique", "execution[1].id", "l'identifiant « x » est déjà utilisé dans execution"),
        ("id_duplique", "sources_publiques[1].id", "l'identifiant « page » est déjà utilisé dans sources_publiques")]


def test_the_same_id_in_two_lists_is_fine() -> None:
    data = mini()
    data["operations"][0]["id"] = "etat"  # also a party and a line
    assert errs(data) == []


def test_references_of_lines_and_execution() -> None:
    data = _execution(partie="inconnue")
    data["financements"][2]["element"] = "inconnu"
    assert [(r, f, m) for r, f, m in errs(data) if r == "reference"] == [
        ("reference", "financements[2].element", "« inconnu » n'existe pas dans structure"),
        ("reference", "execution[0].partie", "« inconnue » n'existe pas dans parties")]


def test_members_of_a_group_exist() -> None:
    data = mini()
    data["parties"].append({"id": "groupe", "nom": "Groupe", "type": "groupe", "roles": ["financeur"],
                            "membres": ["etat", "inconnue"]})
    assert errs(data) == [("reference", "parties[2].membres[1]", "« inconnue » n'existe pas dans parties")]


def test_count_rule_only_on_numbers() -> None:
    data = mini()
    data["chiffres"][0]["unite"] = "eur"
    assert ("compte", "chiffres[0].compte", "seul un nombre (unite: nombre) peut être comparé à une liste") in errs(data)
    data["chiffres"][0]["unite"] = "nombre"
    data["chiffres"][0]["compte"] = None
    assert errs(data) == []


# --- territories ---------------------------------------------------------------------------------------

def test_unknown_codes_everywhere_with_their_vintage() -> None:
    data = mini()
    data["territoires"][0] = {"code": "99", "type": "region", "millesime": 2030}
    data["parties"][1]["territoire"]["code"] = "98"
    data["operations"][1]["territoire"]["code"] = "999"
    assert [e for e in errs(data) if e[0] == "code_cog"] == [
        ("code_cog", "territoires[0].code", "aucun(e) region de code « 99 » au COG 2030 (COG 2026, millésime le plus "
                                            "proche de 2030 disponible au référentiel) (voir datapackages/reference/)"),
        ("code_cog", "parties[1].territoire.code", "aucun(e) region de code « 98 » au COG 2024 (voir datapackages/reference/)"),
        ("code_cog", "operations[1].territoire.code", "aucun(e) departement de code « 999 » au COG 2024 (voir datapackages/reference/)")]
    data["territoires"][0]["millesime"] = 2010  # former regions: their own vintage, no nearest one
    assert ("code_cog", "territoires[0].code", "aucun(e) region de code « 99 » au COG 2010 (voir datapackages/reference/)") in errs(data)


NOM_MANQUANT = ("nom manquant : écrire le nom de l'organisation, ou, pour une collectivité (region, departement, epci, "
                "commune), son territoire du même type, dont la construction reprend le nom et le SIREN")


def test_a_party_without_name_needs_its_territory() -> None:
    data = mini()
    data["parties"][1]["nom"] = None
    data["parties"][1]["alias"] = ["Région"]
    assert errs(data) == []  # the reference names the region of code 32
    data["parties"][0]["nom"] = None
    data["parties"][0]["alias"] = ["Etat"]
    assert errs(data) == [("nom_partie", "parties[0]", NOM_MANQUANT)]
    data["parties"][1]["territoire"]["type"] = "departement"
    data["parties"][1]["territoire"]["code"] = "59"
    assert ("nom_partie", "parties[1]", NOM_MANQUANT) in errs(data)


def test_siren_of_a_collectivity_against_the_reference() -> None:
    data = mini()
    data["parties"][1]["siren"] = "234400034"  # the Pays de la Loire's, valid key
    assert errs(data) == [("siren_reference", "parties[1].siren",
                           "SIREN 234400034 différent de celui de Hauts-de-France au référentiel (200053742, COG 2024) : "
                           "retirer le SIREN saisi, la construction le reprend du référentiel")]
    data["parties"][1]["siren"] = None
    assert errs(data) == []
    data["parties"][1]["siren"] = "234400034"
    data["parties"][1]["type"] = "departement"  # the territory is not of the party's type: nothing to compare
    assert errs(data) == []


def _epci(siren: str, type_: str = "epci", **kw) -> dict:
    data = mini()
    data["parties"].append({"id": "epci", "nom": "Communauté", "type": type_, "roles": ["financeur"], "siren": siren, **kw})
    return data


def test_siren_of_an_epci_against_the_reference() -> None:
    assert errs(_epci("200000925")) == []
    msg = "aucun EPCI de SIREN 000000000 au COG 2023, millésime de la date du contrat"
    assert errs(_epci("000000000")) == [("siren_reference", "parties[2].siren", msg)]
    assert errs(_epci("000000000", "metropole")) == [("siren_reference", "parties[2].siren", msg)]
    assert errs(_epci("000000000", "autre")) == []
    assert errs(_epci("000000001")) == [("siren", "parties[2].siren", "SIREN 000000001 invalide (clé de Luhn)")]
    assert errs(_epci("000000000", territoire={"code": "200000925", "type": "epci", "millesime": 2023})) == [
        ("siren_reference", "parties[2].siren", "SIREN 000000000 différent de celui de CC de la Plaine Dijonnaise au "
         "référentiel (200000925, COG 2023) : retirer le SIREN saisi, la construction le reprend du référentiel")]


def test_siren_of_an_epci_at_the_contract_year() -> None:
    data = _epci("000000000")
    data["signature"] = None
    data["periode"] = {"debut": 2017, "fin": 2020, "preuve": "Programme 2017-2020"}
    assert errs(data, extra_text="Programme 2017-2020\n") == [
        ("siren_reference", "parties[2].siren", "aucun EPCI de SIREN 000000000 au COG 2017 (COG 2019, millésime le "
         "plus proche de 2017 disponible au référentiel), millésime de la date du contrat")]


def test_code_against_the_names_message() -> None:
    data = mini()
    data["titre"] = "Contrat de démonstration Pays de la Loire et Bretagne"
    assert errs(data) == [("code_nom", "territoires[0].code",
                           "le code region « 32 » désigne Hauts-de-France, mais le texte nomme : Bretagne, Pays de la Loire")]
    data["territoires"].append({"code": "53", "type": "region", "millesime": 2024})
    data["territoires"].append({"code": "59", "type": "departement", "millesime": 2024})  # no département named
    data["territoires"].append({"code": "99", "type": "region", "millesime": 2024})  # unknown: reported as code_cog
    assert [e[:2] for e in errs(data)] == [("code_cog", "territoires[3].code"), ("code_nom", "territoires[0].code")]


def test_party_territory_named_by_its_alias() -> None:
    data = mini()
    data["parties"][1]["alias"] = ["Région", "Région Bretagne"]
    assert [e[:2] for e in errs(data)] == [("code_nom", "territoires[0].code"), ("code_nom", "parties[1].territoire.code")]
    data["parties"][1]["alias"] = ["Région", "Région Hauts-de-France"]
    assert errs(data) == []


def test_territories_named_needs_a_capital() -> None:
    ref = reference()
    assert territories_named("la bretagne", ref) == set()
    assert territories_named("la Bretagne", ref) == {("region", "53")}
    assert territories_named("Bretagne, Nord", ref) == {("region", "53"), ("departement", "59")}
    assert territories_named("", ref) == set()


# --- totals ---------------------------------------------------------------------------------------------

def _total(**total) -> Contract:
    data = mini()
    data["montant_total"] = {"preuve": "1,7 milliard d’euros", **total}
    return Contract.model_validate(data)


# The mini contract's whole-contract lines add up to 1 740 093 000 €.
@pytest.mark.parametrize("total,status", [
    ({"montant_eur": 1_700_000_000, "tolerance_eur": 40_093_000}, "concordant"),  # the gap is the tolerance
    ({"montant_eur": 1_700_000_000, "tolerance_eur": 40_092_999}, "discordant"),
    ({"montant_eur": 1_780_186_000, "tolerance_eur": 40_093_000}, "concordant"),
    ({"montant_eur": 1_780_186_001, "tolerance_eur": 40_093_000}, "discordant"),
    ({"montant_eur": 1_800_000_000, "qualificatif": "au_moins", "tolerance_eur": 59_907_000}, "concordant"),
    ({"montant_eur": 1_800_000_000, "qualificatif": "au_moins", "tolerance_eur": 59_906_999}, "discordant"),
    ({"montant_eur": 1_700_000_000, "qualificatif": "au_moins"}, "concordant"),
    ({"montant_eur": 1_700_000_000, "qualificatif": "au_plus", "tolerance_eur": 40_093_000}, "concordant"),
    ({"montant_eur": 1_700_000_000, "qualificatif": "au_plus", "tolerance_eur": 40_092_999}, "discordant"),
    ({"montant_eur": 1_800_000_000, "qualificatif": "au_plus"}, "concordant"),
    ({"montant_min_eur": 1_750_000_000, "montant_max_eur": 1_760_000_000, "qualificatif": "fourchette",
      "tolerance_eur": 9_907_000}, "concordant"),
    ({"montant_min_eur": 1_750_000_000, "montant_max_eur": 1_760_000_000, "qualificatif": "fourchette",
      "tolerance_eur": 9_906_999}, "discordant"),
    ({"montant_min_eur": 1_720_000_000, "montant_max_eur": 1_730_000_000, "qualificatif": "fourchette",
      "tolerance_eur": 10_093_000}, "concordant"),
    ({"montant_min_eur": 1_720_000_000, "montant_max_eur": 1_730_000_000, "qualificatif": "fourchette",
      "tolerance_eur": 10_092_999}, "discordant"),
    ({"montant_eur": 1_582_000_000, "qualificatif": "environ"}, "concordant"),  # 10 % of 1 582 M€ = 158,2 M€
    ({"montant_eur": 1_581_000_000, "qualificatif": "environ"}, "discordant"),
    ({"montant_eur": 1_933_000_000, "qualificatif": "environ"}, "concordant"),
    ({"montant_eur": 1_934_000_000, "qualificatif": "environ"}, "discordant"),
    ({"montant_eur": 1_750_000_000, "qualificatif": "environ", "tolerance_eur": 10_000_000}, "concordant"),
    ({"montant_eur": 1_751_000_000, "qualificatif": "environ", "tolerance_eur": 10_000_000}, "discordant"),
])
def test_reconciliation_bounds(total: dict, status: str) -> None:
    assert reconcile_total(_total(**total))[0] == status
    assert reconciliation(_total(**total)) == status


def test_reconciliation_without_anything_to_compare() -> None:
    data = mini()
    data["montant_total"] = None
    assert reconcile_total(Contract.model_validate(data)) == ("sans_objet", "")
    assert reconciliation(Contract.model_validate(data)) == "sans_objet"
    data = mini()
    for f in data["financements"][:2]:
        f["element"] = "volet-mobilites"  # no whole-contract line left
    assert reconcile_total(Contract.model_validate(data)) == ("sans_objet", "")
    assert reconcile_total(_total(qualificatif="part", part_pct=60)) == ("sans_objet", "")
    assert reconciliation(_total(qualificatif="part", part_pct=60)) == "sans_objet"


def test_reconciliation_with_a_documented_gap() -> None:
    data = mini()
    data["montant_total"] = {"montant_eur": 1_600_000_000, "preuve": "1,6 milliard"}
    assert reconciliation(Contract.model_validate(data)) == "discordant"
    data["ecarts"] = [{"id": "e", "type": "autre", "description": "d", "controle": "compte:x", "preuves": ["x"]}]
    assert reconciliation(Contract.model_validate(data)) == "discordant"
    data["ecarts"].append({"id": "f", "type": "autre", "description": "d", "controle": "total", "preuves": ["x"]})
    assert reconciliation(Contract.model_validate(data)) == "ecart_documente"
    assert reconciliation(Contract.model_validate(mini())) == "concordant"


def test_reconciliation_tolerance_is_the_rounding_written() -> None:
    # « 1,7 milliard » is rounded to 50 M€, each « …,486 millions » to 500 €; a total not found in its quote adds 0
    assert "tolérance 50\u202f001\u202f000 €" in reconcile_total(_total(montant_eur=1_700_000_000))[1]
    assert "tolérance 1\u202f000 €" in reconcile_total(_total(montant_eur=1_600_000_001))[1]
    assert reconcile_total(_total(montant_eur=1_600_000_001))[1] == (
        "la somme des engagements des parties (1\u202f740\u202f093\u202f000 € = etat 893\u202f486\u202f000 € + region "
        "846\u202f607\u202f000 €) ne concorde pas avec le total annoncé (1\u202f600\u202f000\u202f001 €, exact, "
        "tolérance 1\u202f000 € ; écart 140\u202f092\u202f999 €)")


def test_absurd_line_only_for_whole_contract_amounts() -> None:
    data = mini()
    data["financements"][2] = {"id": "reseaux", "element": "volet-numerique", "montant_eur": 3_500_000_000,
                               "preuve": "3 500 millions d’euros"}
    assert errs(data, extra_text="3 500 millions d’euros\n") == []
    data = mini()
    data["montant_total"] = {"qualificatif": "fourchette", "montant_min_eur": 1_700_000_000,
                             "montant_max_eur": 1_800_000_000, "preuve": "entre 1,7 et 1,8 milliard d’euros"}
    data["financements"][1].update(montant_eur=3_500_000_000, preuve="pour la Région : 3 500 millions d’euros")
    assert [r for r, _, _ in errs(data, extra_text="entre 1,7 et 1,8 milliard d’euros\npour la Région : 3 500 "
                                                   "millions d’euros\n")] == ["total"]


# --- lines that are part of others ------------------------------------------------------------------------

def _lines(*lines: dict, extra: str) -> list:
    data = mini()
    data["financements"] += [dict(line) for line in lines]
    return errs(data, extra_text=extra)


PARENT = {"id": "total-volet", "element": "volet-numerique", "montant_eur": 55_000_000, "preuve": "55 M€ au volet"}


def _part(id_: str, millions: int, parent: str = "total-volet", **kw) -> dict:
    return {"id": id_, "element": "volet-numerique", "montant_eur": millions * 1_000_000, "fait_partie_de": parent,
            "preuve": f"part {id_} : {millions} M€", **kw}


def _text(*lines: dict) -> str:
    return "".join(line["preuve"] + ".\n" for line in lines)


def test_parts_add_up_within_the_rounding() -> None:
    parts = (_part("a", 38), _part("b", 17), _part("c", 2))  # 57 M€ = 55 M€ + four roundings of 0,5 M€
    assert _lines(PARENT, *parts, extra=_text(PARENT, *parts)) == []
    parts = (_part("a", 38), _part("b", 17), _part("c", 3))
    assert _lines(PARENT, *parts, extra=_text(PARENT, *parts)) == [
        ("somme_parties", "financements[4].montant_eur",
         "les lignes qui font partie de « total-volet » totalisent 58 000 000 €, plus que ses 55 000 000 €")]


def test_only_exact_or_approximate_parts_count() -> None:
    parts = (_part("a", 38), _part("b", 30, qualificatif="au_moins", preuve="part b : plus de 30 M€"))
    assert _lines(PARENT, *parts, extra=_text(PARENT, *parts)) == []
    parts = (_part("a", 38), _part("b", 30, qualificatif="environ", preuve="part b : environ 30 M€"))
    assert [e[0] for e in _lines(PARENT, *parts, extra=_text(PARENT, *parts))] == ["somme_parties"]


@pytest.mark.parametrize("qualifier,prefix,checked", [
    ("exact", "", True), ("environ", "environ ", True), ("au_plus", "jusqu’à ", True), ("au_moins", "plus de ", False)])
def test_parent_qualifier(qualifier: str, prefix: str, checked: bool) -> None:
    parent = dict(PARENT, qualificatif=qualifier, preuve=f"{prefix}55 M€ au volet")
    parts = (_part("a", 38), _part("b", 30))
    got = _lines(parent, *parts, extra=_text(parent, *parts))
    assert [e[0] for e in got] == (["somme_parties"] if checked else [])


def test_parent_range_is_not_summed() -> None:
    parent = {"id": "total-volet", "element": "volet-numerique", "qualificatif": "fourchette",
              "montant_min_eur": 50_000_000, "montant_max_eur": 55_000_000, "preuve": "entre 50 et 55 M€ au volet"}
    parts = (_part("a", 38), _part("b", 30))
    assert _lines(parent, *parts, extra=_text(parent, *parts)) == []


def test_chains_of_parts_and_cycles() -> None:
    parts = (_part("a", 30), _part("b", 20, parent="a"))
    assert _lines(PARENT, *parts, extra=_text(PARENT, *parts)) == []
    cycle = (_part("a", 30, parent="b"), _part("b", 20, parent="a"))
    assert _lines(*cycle, extra=_text(*cycle)) == [
        ("fait_partie_de", "financements[4].fait_partie_de", "la ligne « a » fait partie d'elle-même (cycle par « a »)"),
        ("fait_partie_de", "financements[5].fait_partie_de", "la ligne « b » fait partie d'elle-même (cycle par « b »)"),
        ("somme_parties", "financements[5].montant_eur",
         "les lignes qui font partie de « b » totalisent 30 000 000 €, plus que ses 20 000 000 €")]
    loop = (_part("a", 30, parent="c"), _part("b", 20, parent="a"), _part("c", 10, parent="b"))
    assert [e[:2] for e in _lines(*loop, extra=_text(*loop)) if e[0] != "somme_parties"] == [
        ("fait_partie_de", "financements[4].fait_partie_de"), ("fait_partie_de", "financements[5].fait_partie_de"),
        ("fait_partie_de", "financements[6].fait_partie_de")]
    into_a_loop = (_part("a", 30, parent="b"), _part("b", 20, parent="a"), _part("c", 1, parent="a"))
    assert [e[2] for e in _lines(*into_a_loop, extra=_text(*into_a_loop)) if e[0] == "fait_partie_de"][2] == \
        "la ligne « c » fait partie d'elle-même (cycle par « a »)"
    unknown_above = (_part("a", 30, parent="b"), _part("b", 20, parent="inconnue"))
    assert [e[:2] for e in _lines(*unknown_above, extra=_text(*unknown_above)) if e[0] != "somme_parties"] == [
        ("reference", "financements[5].fait_partie_de")]


# --- shares ---------------------------------------------------------------------------------------------

def _shares(a: float, b: float, nested: bool = False, written: tuple[str, str] | None = None) -> list:
    """The mini contract with two sibling shares (of the two volets, or of two sub-volets of the first)."""
    data = mini()
    written = written or (f"{a:g}".replace(".", ","), f"{b:g}".replace(".", ","))
    quotes = [f"Volet mobilités : {written[0]} % des crédits", f"Volet numérique : {written[1]} % des crédits"]
    amounts = [{"qualificatif": "part", "part_pct": v, "preuve": q} for v, q in zip((a, b), quotes)]
    if nested:
        data["structure"][0]["elements"] = [{"id": f"sous-{i}", "type": "sous_volet", "titre": "Volet", "preuve": "Volet",
                                             "montant": m} for i, m in enumerate(amounts)]
    else:
        for el, m in zip(data["structure"], amounts):
            el["montant"] = m
    return errs(data, extra_text="".join(q + ".\n" for q in quotes))


@pytest.mark.parametrize("a,b,bad", [(61, 40, False), (62, 40, True), (59, 40, False), (58, 40, True), (60, 40, False)])
def test_share_sum_within_the_rounding(a: int, b: int, bad: bool) -> None:
    got = _shares(a, b)
    assert got == ([("somme_parts", "structure", f"les parts totalisent {a + b}.0 % (tolérance d'arrondi 1.0 points) ; "
                     "si le document se contredit, le consigner dans ecarts avec controle: parts:structure:racine")]
                   if bad else [])


def test_share_sum_of_nested_elements() -> None:
    assert _shares(62, 40, nested=True) == [
        ("somme_parts", "structure[0].elements", "les parts totalisent 102.0 % (tolérance d'arrondi 1.0 points) ; si le "
         "document se contredit, le consigner dans ecarts avec controle: parts:structure:volet-mobilites")]
    assert _shares(61, 40, nested=True) == []


def test_a_single_share_is_not_summed() -> None:
    data = mini()
    data["structure"][1].pop("montant")
    data["structure"][0]["montant"]["part_pct"] = 40
    data["structure"][0]["montant"]["preuve"] = "Volet numérique : 40 % des crédits"
    assert errs(data) == []


def test_shares_rounded_to_a_tenth() -> None:
    assert _shares(60.5, 40) == []  # tolerance 0,05 + 0,5
    assert _shares(60.6, 40) == [("somme_parts", "structure", "les parts totalisent 100.6 % (tolérance d'arrondi 0.55 "
                                  "points) ; si le document se contredit, le consigner dans ecarts avec controle: "
                                  "parts:structure:racine")]


def test_a_share_not_in_its_quote_adds_no_tolerance() -> None:
    got = _shares(62, 40, written=("60", "40"))
    assert got == [("valeur_preuve", "structure[0].montant.part_pct", "la part ne correspond pas à la citation (parts lues : 60 %)"),
                   ("somme_parts", "structure", "les parts totalisent 102.0 % (tolérance d'arrondi 0.5 points) ; si le "
                    "document se contredit, le consigner dans ecarts avec controle: parts:structure:racine")]


# --- operation names ------------------------------------------------------------------------------------

def _operation(**kw) -> list:
    data = mini()
    data["operations"][0].update(kw)
    return errs(data)


def test_operation_names() -> None:
    assert _operation(nom="gare de Lille-Flandres") == [
        ("nom_lisible", "operations[0].nom", "le nom « gare de Lille-Flandres » doit commencer par une majuscule")]
    assert _operation(nom="« gare » de Lille") == [
        ("nom_lisible", "operations[0].nom", "le nom « « gare » de Lille » doit commencer par une majuscule")]
    assert _operation(nom="2e gare de Lille") != []  # the first letter counts, not the first character
    assert _operation(nom="2024") == []  # no letter: nothing to capitalise
    assert _operation(nom="« Gare » de Lille") == []
    assert _operation(nom=None) == [
        ("nom_lisible", "operations[0].titre", "l'intitulé « gare de Lille-Flandres » n'est pas un nom : ajouter un "
         "« nom » lisible (groupe nominal court, capitalisé, rédigé d'après le document)")]
    data = mini()
    data["operations"][0].update(nom=None, titre="Gare de Lille-Flandres", preuve="Gare de Lille-Flandres")
    assert errs(data, extra_text="Gare de Lille-Flandres\n") == []


# --- dates of the contract ------------------------------------------------------------------------------

def test_signature_in_the_last_year_of_the_period() -> None:
    data = mini()
    data["periode"] = {"debut": 2021, "fin": 2023, "preuve": "Programme 2021-2023"}
    assert errs(data, extra_text="Programme 2021-2023\n") == []


def test_signature_without_period_or_date() -> None:
    data = mini()
    data["periode"] = None
    assert errs(data) == []
    data = mini()
    data["signature"] = {"lieu": "Lille", "preuve": "Signé ce lundi 9 janvier à Lille"}
    data["periode"] = {"debut": 2026, "fin": 2027, "preuve": "Programme 2026-2027"}
    assert errs(data, extra_text="Programme 2026-2027\n") == []


@pytest.mark.parametrize("status", ["signé", "en cours", "clos"])
def test_status_observed_before_signature(status: str) -> None:
    data = mini()
    data["statut"] = {"valeur": status, "date_observation": "2022-10", "preuve": "Octobre 2022"}
    assert errs(data, extra_text="Octobre 2022\n") == [
        ("date_statut", "statut.date_observation", "statut observé avant la signature")]
    data["signature"] = None
    data["jalons"] = []
    assert found(data, extra_text="Octobre 2022\n") == [
        ("info", "date_statut", "statut", "un contrat signé devrait avoir une signature ou des jalons")]


@pytest.mark.parametrize("status", ["projet", "en préparation"])
def test_status_before_signature_is_fine_for_a_project(status: str) -> None:
    data = mini()
    data["statut"] = {"valeur": status, "date_observation": "2022-10", "preuve": "Octobre 2022"}
    assert errs(data, extra_text="Octobre 2022\n") == []
    data["signature"] = None
    data["jalons"] = []
    assert found(data, extra_text="Octobre 2022\n") == []


def test_status_observed_before_an_undated_signature() -> None:
    data = mini()
    data["signature"] = {"lieu": "Lille", "preuve": "Signé ce lundi 9 janvier à Lille"}
    data["statut"] = {"valeur": "signé", "date_observation": "2022-10", "preuve": "Octobre 2022"}
    assert found(data, extra_text="Octobre 2022\n") == []


# --- counts and documented discrepancies ------------------------------------------------------------------

def test_count_with_an_unknown_filter_lists_the_allowed_ones() -> None:
    data = mini()
    data["chiffres"][0]["compte"] = {"table": "parties", "filtre": {"couleur": "rouge", "age": "1"}}
    [(rule, field, message)] = errs(data)
    assert (rule, field) == ("compte", "chiffres[0].compte.filtre")
    assert message.startswith("filtre inconnu : age, couleur (admis : ")


def test_count_equal_to_the_rows() -> None:
    data = mini()
    data["chiffres"][0]["compte"] = {"table": "operations", "filtre": {}}
    assert errs(data) == []


def test_a_documented_discrepancy_that_fires_is_not_unused() -> None:
    data = mini()
    data["chiffres"][0]["compte"]["filtre"] = {"element": "volet-numerique"}
    data["ecarts"] = [{"id": "e", "type": "compte", "description": "d", "controle": "compte:nb-operations",
                       "preuves": ["Deux opérations sont inscrites"]},
                      {"id": "f", "type": "autre", "description": "d", "preuves": ["Volet numérique"]}]
    assert found(data) == [("info", "compte", "chiffres[0].valeur",
                            "le document annonce 2 mais la liste en compte 0 — écart documenté (compte:nb-operations)")]


# --- public pages, discrepancies between sources, corroboration -------------------------------------------

def test_a_page_declared_twice() -> None:
    data = with_pages(PAGE, dict(PAGE2, url=PAGE["url"]))
    data["financements"][1]["preuve"] = t2("846,607 millions d’euros")
    data["financements"][0]["preuve"] = t2("893,486 millions d’euros", source="page2")
    assert found(data) == [("erreur", "source_dupliquee", "sources_publiques[1].url", "page déjà déclarée sous l'id « page »")]
    data["sources_publiques"].append(dict(PAGE, id="page3"))
    data["financements"][2]["preuve"] = t2("entre 150 et 170 M€", source="page3")
    assert [p[2:] for p in found(data)] == [("sources_publiques[1].url", "page déjà déclarée sous l'id « page »"),
                                            ("sources_publiques[2].url", "page déjà déclarée sous l'id « page »")]


def test_an_unused_page() -> None:
    data = with_pages(PAGE, PAGE2)
    data["financements"][1]["preuve"] = t2("846,607 millions d’euros")
    assert found(data) == [("info", "source_inutilisee", "sources_publiques[1].id",
                            "la page « page2 » n'est citée par aucune preuve")]


def _sources_gap(*preuves) -> list:
    data = with_pages(PAGE, PAGE2, dict(PAGE2, id="page3", url="https://www.example.org/3"))
    data["financements"][1]["preuve"] = t2("846,607 millions d’euros")
    data["financements"][0]["preuve"] = t2("893,486 millions d’euros", source="page2")
    data["financements"][2]["preuve"] = t2("entre 150 et 170 M€", source="page3")
    data["ecarts"] = [{"id": "e", "type": "sources", "description": "d", "preuves": list(preuves)}]
    return errs(data)


ECART_SOURCES = ("ecart_sources", "ecarts[0].preuves", "un écart entre sources cite au moins deux sources d'éditeurs différents")


def test_discrepancy_between_sources_needs_two_publishers() -> None:
    assert _sources_gap(t2("23 M€"), t2("4,1 M€", source="page2")) == []
    assert _sources_gap(t2("23 M€", source="page2"), t2("4,1 M€", source="page3")) == [ECART_SOURCES]  # both IEDOM
    assert _sources_gap(t2("23 M€"), "Volet numérique") == []  # a page and a held document
    assert _sources_gap("Volet numérique", "Volet mobilités") == [ECART_SOURCES]
    assert _sources_gap("Volet numérique", {"document": "texte-mini", "citation": "Volet mobilités"}) == [ECART_SOURCES]
    assert _sources_gap(t2("23 M€", source="x"), t2("4 M€", source="y"))[-1:] != [ECART_SOURCES]


def test_other_discrepancies_need_one_source() -> None:
    data = mini()
    data["ecarts"] = [{"id": "e", "type": "autre", "description": "d", "preuves": ["Volet numérique"]}]
    assert errs(data) == []


def _corroborated(*others) -> list:
    data = with_pages(PAGE, PAGE2, dict(PAGE2, id="page3", url="https://www.example.org/3"))
    data["montant_total"] = {"montant_eur": 1_700_000_000, "qualificatif": "environ",
                             "preuve": t2("environ 1,7 milliard d’euros", source="page"), "autres_preuves": list(others)}
    return errs(data)


def test_corroboration_comes_from_other_publishers() -> None:
    assert _corroborated(t2("environ 1,7 milliard d’euros", source="page2")) == []
    assert _corroborated("de l’ordre de 1,7 milliard d’euros") == []
    same = ("recoupement", "montant_total.autres_preuves[0]",
            "cette preuve vient d'un éditeur déjà cité pour la même valeur : pas de recoupement indépendant")
    assert _corroborated(t2("environ 1,7 milliard d’euros", source="page")) == [same]
    assert _corroborated(t2("environ 1,7 milliard d’euros", source="page2"), t2("environ 1,7 milliard d’euros", source="page3")) == [
        ("recoupement", "montant_total.autres_preuves[1]",
         "cette preuve vient d'un éditeur déjà cité pour la même valeur : pas de recoupement indépendant")]
    assert _corroborated(t2("environ 1,7 milliard d’euros", source="page2"), "de l’ordre de 1,7 milliard d’euros") == []
    assert _corroborated("de l’ordre de 1,7 milliard d’euros", "Le contrat mobilise au total de l’ordre de 1,7 "
                                                               "milliard d’euros")[-1][:2] == ("recoupement", "montant_total.autres_preuves[1]")


# --- each row is checked, whatever the rows before it --------------------------------------------------

def test_every_count_is_checked_after_a_plain_figure_or_a_bad_filter() -> None:
    data = mini()
    plain = {"id": "plain", "libelle": "c", "valeur": 2, "unite": "nombre", "preuve": "Deux opérations sont inscrites"}
    bad_filter = dict(data["chiffres"][0], id="filtre", compte={"table": "operations", "filtre": {"couleur": "x"}})
    data["chiffres"] = [plain, bad_filter, dict(data["chiffres"][0], compte={"table": "operations", "filtre": {"element": "volet-numerique"}})]
    assert [(r, f) for r, f, _ in errs(data)] == [("compte", "chiffres[1].compte.filtre"), ("compte", "chiffres[2].valeur")]


def test_every_territory_code_is_checked_after_one_that_is_fine() -> None:
    data = mini()
    data["titre"] = "Contrat de démonstration Bretagne"
    data["territoires"] = [{"code": "59", "type": "departement", "millesime": 2024}, {"code": "99", "type": "region", "millesime": 2024},
                           {"code": "32", "type": "region", "millesime": 2024}]
    assert [(r, f) for r, f, _ in errs(data)] == [("code_cog", "territoires[1].code"), ("code_nom", "territoires[2].code")]


def test_every_part_is_checked_after_an_unknown_one() -> None:
    lines = (_part("x", 1, parent="inconnue"), _part("a", 30, parent="b"), _part("b", 20, parent="a"))
    got = _lines(*lines, extra=_text(*lines))
    assert got[0] == ("reference", "financements[4].fait_partie_de", "« inconnue » n'existe pas dans financements")
    assert [(r, f) for r, f, _ in got[1:3]] == [("fait_partie_de", "financements[5].fait_partie_de"),
                                                ("fait_partie_de", "financements[6].fait_partie_de")]


def test_parts_exceeding_by_less_than_a_euro() -> None:
    # 38 M€ (± 0,5 M€) + 18 000 001 € (± 0,5 €) against 55 M€ (± 0,5 M€): 0,5 € over the rounding
    parts = (_part("a", 38), dict(_part("b", 0), montant_eur=18_000_001, preuve="part b : 18 000 001 €"))
    assert [e[0] for e in _lines(PARENT, *parts, extra=_text(PARENT, *parts))] == ["somme_parties"]
    parts = (_part("a", 38), dict(_part("b", 0), montant_eur=18_000_000, preuve="part b : 18 000 000 €"))
    assert _lines(PARENT, *parts, extra=_text(PARENT, *parts)) == []


def test_shares_of_the_parties_must_reach_100() -> None:
    data = mini()
    for i, (name, amount) in enumerate((("l’Etat", "893,486"), ("la Région", "846,607"))):
        data["financements"][i]["part_pct"] = 40
        data["financements"][i]["preuve"] = f"pour {name} : {amount} millions d’euros (40 %)"
    extra = "pour l’Etat : 893,486 millions d’euros (40 %)\npour la Région : 846,607 millions d’euros (40 %)\n"
    assert errs(data, extra_text=extra) == [
        ("somme_parts", "financements", "les parts totalisent 80.0 % (tolérance d'arrondi 1.0 points) ; si le document "
         "se contredit, le consigner dans ecarts avec controle: parts:parties")]
