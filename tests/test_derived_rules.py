"""Derived facts (structure walk, whole-contract commitments and their sum, list counts), edge by edge."""

from __future__ import annotations

from contrats.derived import commitments_sum, count_rows, is_whole_contract, walk_elements, whole_contract_lines
from contrats.model import Contract, CountRule, Financing
from rulekit import mini


def contract(edit=None) -> Contract:
    data = mini()
    if edit:
        edit(data)
    return Contract.model_validate(data)


def test_walk_is_depth_first_with_locations_parents_and_depths() -> None:
    def nest(d):
        d["structure"][0]["elements"] = [{"id": "sous", "type": "sous_volet", "titre": "Sous", "preuve": "q",
                                          "elements": [{"id": "fin", "type": "action", "titre": "F", "preuve": "q"}]}]
    walked = [(el.id, loc, parent, depth) for el, loc, parent, depth in walk_elements(contract(nest).structure)]
    assert walked == [
        ("volet-mobilites", ("structure", 0), None, 1),
        ("sous", ("structure", 0, "elements", 0), "volet-mobilites", 2),
        ("fin", ("structure", 0, "elements", 0, "elements", 0), "sous", 3),
        ("volet-numerique", ("structure", 1), None, 1),
    ]


def test_whole_contract_means_a_party_and_nothing_narrower() -> None:
    assert is_whole_contract(Financing(id="a", partie="etat", montant_eur=1, preuve="q"))
    assert not is_whole_contract(Financing(id="a", montant_eur=1, preuve="q"))
    assert not is_whole_contract(Financing(id="a", partie="etat", element="v", montant_eur=1, preuve="q"))
    assert not is_whole_contract(Financing(id="a", partie="etat", operation="o", montant_eur=1, preuve="q"))


def test_sum_of_exact_and_approximate_whole_contract_commitments() -> None:
    c = contract()
    assert [f.id for f in whole_contract_lines(c)] == ["etat", "region"]
    assert commitments_sum(c) == 893_486_000 + 846_607_000


def test_bounds_are_not_added() -> None:
    def bounds(d):
        d["financements"][0]["qualificatif"] = "au_moins"
        d["financements"][1]["qualificatif"] = "environ"
    assert [f.id for f in whole_contract_lines(contract(bounds))] == ["region"]
    assert commitments_sum(contract(lambda d: d["financements"].__delitem__(slice(0, 2)))) is None


def test_a_group_counts_once_for_its_members() -> None:
    def group(d):
        d["parties"].append({"id": "ensemble", "nom": "Ensemble", "type": "groupe", "roles": ["financeur"],
                             "membres": ["region"]})
        d["financements"].append({"id": "ensemble", "partie": "ensemble", "montant_eur": 5, "preuve": "q"})
    assert [f.id for f in whole_contract_lines(contract(group))] == ["etat", "ensemble"]


def test_a_group_without_commitment_leaves_its_members_counted() -> None:
    def group(d):
        d["parties"].append({"id": "ensemble", "nom": "Ensemble", "type": "groupe", "roles": ["financeur"],
                             "membres": ["region"]})
        d["financements"].append({"id": "ensemble-volet", "partie": "ensemble", "element": "volet-numerique",
                                  "montant_eur": 5, "preuve": "q"})
    assert [f.id for f in whole_contract_lines(contract(group))] == ["etat", "region"]


def test_a_line_part_of_another_is_not_added() -> None:
    def part(d):
        d["financements"].append({"id": "dont", "partie": "etat", "montant_eur": 5, "fait_partie_de": "etat",
                                  "preuve": "q"})
    assert [f.id for f in whole_contract_lines(contract(part))] == ["etat", "region"]


def test_counts_by_table_and_filter() -> None:
    c = contract()
    assert count_rows(c, CountRule(table="operations", filtre={"element": "volet-mobilites"})) == 2
    assert count_rows(c, CountRule(table="operations", filtre={"territoire": "62"})) == 1
    assert count_rows(c, CountRule(table="operations", filtre={"id": "port-calais", "territoire": "62"})) == 1
    assert count_rows(c, CountRule(table="operations", filtre={"id": "port-calais", "territoire": "59"})) == 0
    assert count_rows(c, CountRule(table="parties", filtre={"role": "financeur"})) == 2
    assert count_rows(c, CountRule(table="parties", filtre={"role": "partenaire"})) == 0
    assert count_rows(c, CountRule(table="parties", filtre={"type": "region"})) == 1
    assert count_rows(c, CountRule(table="parties")) == 2
    assert count_rows(c, CountRule(table="structure", filtre={"parent": "racine", "type": "volet"})) == 2
    assert count_rows(c, CountRule(table="structure", filtre={"id": "volet-numerique"})) == 1


def test_groups_are_not_counted_as_parties() -> None:
    def group(d):
        d["parties"].append({"id": "ensemble", "nom": "Ensemble", "type": "groupe", "roles": ["signataire"],
                             "membres": ["region"]})
    assert count_rows(contract(group), CountRule(table="parties", filtre={"role": "signataire"})) == 2


def test_nested_elements_count_under_their_parent() -> None:
    def nest(d):
        d["structure"][0]["elements"] = [{"id": "sous", "type": "sous_volet", "titre": "Sous", "preuve": "q"}]
    c = contract(nest)
    assert count_rows(c, CountRule(table="structure", filtre={"parent": "volet-mobilites"})) == 1
    assert count_rows(c, CountRule(table="structure", filtre={"parent": "racine"})) == 2


def test_count_filters_on_ids_and_missing_territories() -> None:
    def no_place(d):
        del d["operations"][0]["territoire"]
    c = contract(no_place)
    assert count_rows(c, CountRule(table="parties", filtre={"id": "etat"})) == 1
    assert count_rows(c, CountRule(table="parties", filtre={"id": "etat", "role": "financeur"})) == 1
    assert count_rows(c, CountRule(table="operations", filtre={"territoire": "59"})) == 0
    assert count_rows(c, CountRule(table="structure", filtre={"id": "volet-mobilites", "parent": "racine"})) == 1
