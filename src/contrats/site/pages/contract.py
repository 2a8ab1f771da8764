"""One page per contract: summary, commitments, timeline, parties, structure, operations, map, sources."""

from __future__ import annotations

from collections import defaultdict

from .. import fmt, links
from ..charts import Bar, Event, bar_chart, figure, timeline
from ..context import Context
from ..crossref import commitments
from ..data import Row
from ..evidence import evidence_link
from ..fmt import esc
from ..maps import BASE_FOLDER, france_map
from ..page import Page, badge, bullet_list, definitions, empty, table
from .common import citation_block, contract_territory_names, downloads_list, jsonld_dataset

REPROCHEMENT_KIND = {"concordant": "ok", "ecart_documente": "alerte", "sans_objet": "neutre"}


class _Evidence:
    """Evidence of one contract, by preuve_id, rendered as links from a given page."""

    def __init__(self, ctx: Context, page: Page, contract_id: str) -> None:
        self.page = page
        self.rows = {p["preuve_id"]: p for p in ctx.data.of(contract_id, "preuves")}
        self.contract_id = contract_id

    def of(self, table_: str, line: str, field: str) -> Row | None:
        """The preuves row of a value."""
        return self.rows.get(f"{table_}:{line}:{field}")

    def link(self, row: Row | None, label: str = "citation") -> str:
        """Link to a quote (row from preuves or any row with preuve_id/document_id)."""
        return evidence_link(self.page.url, row, label) if row else ""

    def field(self, table_: str, line: str, field: str) -> str:
        """Link to the quote of one field of a row."""
        return self.link(self.of(table_, line, field))


def _with(html: str, proof: str) -> str:
    return f"{html} {proof}" if proof else html


def _summary(ctx: Context, page: Page, c: Row, ev: _Evidence) -> str:
    cid = c["id"]
    rap_label, rap_text = fmt.RAPPROCHEMENTS.get(c["rapprochement"], (c["rapprochement"] or "", ""))
    total = fmt.amount(c, "total_")
    if total and c["total_perimetre"]:
        total += f" — {c['total_perimetre']}"
    territories = [ctx.territory_link(page, t) for t in ctx.xref.contract_territories.get(cid, [])]
    family = fmt.family(c["famille"]) + (f" ({c['generation']}e génération)" if c["generation"] else "")
    docs = ctx.data.documents
    sources = [page.link(links.document(d), docs[d]["titre"]) for d in ctx.xref.cited.get(cid, []) if d in docs]
    signature = ", ".join(x for x in (fmt.date(c["date_signature"]), c["lieu_signature"] and f"à {c['lieu_signature']}") if x)
    return definitions([
        ("Famille", esc(family)),
        ("Période couverte", _with(esc(fmt.period(c["annee_debut"], c["annee_fin"])), ev.field("contrats", cid, "periode"))),
        ("Statut", _with(f"{esc(fmt.STATUTS.get(c['statut'], c['statut']))} (constaté : {esc(fmt.date(c['date_statut']))})",
                         ev.field("contrats", cid, "statut"))),
        ("Signature", _with(esc(signature), ev.field("contrats", cid, "signature")) if signature else ""),
        ("Total annoncé", _with(esc(total), ev.field("contrats", cid, "montant_total")) if total else "non indiqué par les documents"),
        ("Somme des engagements des parties", esc(fmt.euros(c["somme_engagements_eur"])) + " (calculée)"
         if c["somme_engagements_eur"] is not None else ""),
        ("Rapprochement", f"{badge(rap_label, REPROCHEMENT_KIND.get(c['rapprochement'], ''))} {esc(rap_text)}"),
        ("Territoires", ", ".join(territories)),
        ("Parties", esc(fmt.plural(c["nb_parties"] or 0, "organisation"))),
        ("Opérations nommées", esc(str(c["nb_operations"])) if c["nb_operations"] else ""),
        ("Documents sources", ", ".join(sources)),
    ])


def _party_lines(ctx: Context, cid: str) -> list[tuple[Row, list[Row]]]:
    return [(p, commitments(ctx.data, cid, p["partie_id"])) for p in ctx.data.of(cid, "parties")]


def _commitments_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    blocks: list[str] = []
    bars: list[Bar] = []
    rows: list[list[str]] = []
    if c["total_qualificatif"]:
        v = fmt.amount_value(c, "total_")
        bars.append(Bar("Total annoncé", v, fmt.amount_short(c, "total_"), c["total_montant_min_eur"],
                        c["total_montant_max_eur"], c["total_qualificatif"] == "au_moins"))
        rows.append(["Total annoncé", esc(fmt.amount(c, "total_")), ev.field("contrats", cid, "montant_total")])
    for p, lines in _party_lines(ctx, cid):
        for f in lines:
            if f["montant_eur"] is None and f["montant_min_eur"] is None:
                continue
            short = fmt.amount_short(f) + (f" ({fmt.pct(f['part_pct'])})" if f["part_pct"] is not None else "")
            name = f"{p['nom']} — {f['libelle']}" if len(lines) > 1 and f["libelle"] else p["nom"]
            bars.append(Bar(name, fmt.amount_value(f), short, f["montant_min_eur"], f["montant_max_eur"],
                            f["qualificatif"] == "au_moins"))
            rows.append([ctx.party_link(page, cid, p["partie_id"], p["nom"]), esc(fmt.amount(f)), ev.link(f)])
    unit = "eur"
    if len(bars) <= 1:
        # No per-party amounts: chart the structure's top-level amounts or shares instead.
        top = [e for e in ctx.data.of(cid, "structure") if e["niveau"] == 1 and e["qualificatif"]]
        money = [e for e in top if fmt.amount_value(e) is not None]
        shares = [e for e in top if e["part_pct"] is not None]
        chosen, unit = (money, "eur") if money else (shares, "pct")
        for e in chosen:
            name = " ".join(x for x in (fmt.TYPES_ELEMENT.get(e["type"], ""), e["numero"] or "") if x) or e["titre"]
            value = fmt.amount_value(e) if unit == "eur" else e["part_pct"]
            bars.append(Bar(f"{name} — {e['titre']}", value, fmt.amount_short(e) if unit == "eur" else fmt.pct(value),
                            e["montant_min_eur"] if unit == "eur" else None,
                            e["montant_max_eur"] if unit == "eur" else None))
            rows.append([esc(f"{name} — {e['titre']}"), esc(fmt.amount(e)), ev.field("structure", e["element_id"], "montant")])
        if unit == "pct":
            bars = [b for b in bars if b.text.endswith("%")]
    if bars:
        label = f"Engagements financiers : {c['titre']}"
        svg = bar_chart(bars, label, unit)
        caption = ("Montants tels que les documents les énoncent (« au moins », « environ », fourchettes) ; "
                   "la flèche signale un minimum." if unit == "eur" else
                   "Parts des crédits par élément de la structure, telles que les documents les énoncent.")
        data_table = table(["Ligne", "Montant", "Source"], rows)
        blocks.append(figure(svg, esc(caption), data_table))
    else:
        blocks.append(empty("Les documents cités ne donnent aucun montant pour ce contrat."))
    other = [f for f in ctx.data.of(cid, "financements") if f["element_id"] or f["operation_id"] or not f["partie_id"]]
    if other:
        out = []
        for f in other:
            target = ""
            if f["element_id"]:
                e = ctx.element(cid, f["element_id"])
                target = e["titre"] if e else f["element_id"]
            elif f["operation_id"]:
                target = next((o["titre"] for o in ctx.data.of(cid, "operations") if o["operation_id"] == f["operation_id"]),
                              f["operation_id"])
            out.append([esc(f["libelle"] or ""), ctx.party_link(page, cid, f["partie_id"], ctx.party_name(cid, f["partie_id"]))
                        or "ensemble des financeurs", esc(target or "contrat entier"), esc(fmt.amount(f)), ev.link(f)])
        blocks.append('<p class="intertitre">Autres lignes financières</p>')
        blocks.append(table(["Libellé", "Partie", "Porte sur", "Montant", "Source"], out, numeric=[3]))
    return blocks


def _timeline_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    events: list[tuple[Event, str]] = []
    if c["annee_debut"]:
        events.append((Event(str(c["annee_debut"]), "Début de la période couverte", early=True), ev.field("contrats", cid, "periode")))
    if c["annee_fin"] and c["annee_fin"] != c["annee_debut"]:
        events.append((Event(str(c["annee_fin"]), "Fin de la période couverte"), ev.field("contrats", cid, "periode")))
    if c["date_signature"]:
        events.append((Event(c["date_signature"], "Signature" + (f" à {c['lieu_signature']}" if c["lieu_signature"] else ""),
                             True), ev.field("contrats", cid, "signature")))
    for j in ctx.data.of(cid, "jalons"):
        if j["type"] == "signature" and j["date"] == c["date_signature"]:
            continue
        events.append((Event(j["date"], f"{fmt.TYPES_JALON.get(j['type'], j['type'])} : {j['libelle']}",
                             j["type"] in ("signature", "deliberation")), ev.link(j)))
    events.append((Event(c["date_statut"], f"Statut constaté : {fmt.STATUTS.get(c['statut'], c['statut']).lower()}"),
                   ev.field("contrats", cid, "statut")))
    events.sort(key=lambda e: e[0].key)
    svg = timeline([e for e, _ in events], f"Chronologie : {c['titre']}")
    rows = [[esc(fmt.date(e.date)), esc(e.label), proof] for e, proof in events]
    return [figure(svg, "Dates citées par les documents, de la plus ancienne à la plus récente.",
                   table(["Date", "Événement", "Source"], rows))]


def _parties_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    parties = ctx.data.of(cid, "parties")
    if not parties:
        return [empty("Aucune partie n’est nommée par les documents cités.")]
    reps: dict[str, list[Row]] = defaultdict(list)
    for r in ctx.data.of(cid, "representants"):
        reps[r["partie_id"]].append(r)
    names = {p["partie_id"]: p["nom"] for p in parties}
    rows = []
    total = c["somme_engagements_eur"]
    for p, lines in _party_lines(ctx, cid):
        roles = [label for key, label in (("signataire", "signataire"), ("financeur", "financeur"),
                                          ("partenaire", "partenaire")) if p[key]]
        name = _with(ctx.party_link(page, cid, p["partie_id"], p["nom"]), ev.link(p))
        if p["membres"]:
            members = [ctx.party_link(page, cid, m, names.get(m, m)) for m in p["membres"].split(";")]
            name += f'<br><span class="petit">regroupe : {", ".join(members)}</span>'
        amounts = []
        for f in lines:
            text = esc(fmt.amount({**f, "part_pct": None}))
            if f["part_pct"] is not None:
                text += f'<br><span class="petit">{esc(fmt.pct(f["part_pct"]))} (part énoncée)</span>'
            elif total and f["dans_somme_engagements"]:
                share = fmt.pct(round(100 * f["montant_eur"] / total, 1))
                text += f'<br><span class="petit">{esc(share)} (part calculée)</span>'
            amounts.append(_with(text, ev.link(f)))
        people = "<br>".join(_with(esc(r["nom"] + (f", {r['fonction']}" if r["fonction"] else "")), ev.link(r))
                             for r in reps.get(p["partie_id"], []))
        rows.append([name, esc(fmt.TYPES_PARTIE.get(p["type"], p["type"])), esc(", ".join(roles)), "<br>".join(amounts),
                     people])
    return [table(["Partie", "Type", "Rôles", "Engagement", "Représentants"], rows, numeric=[3])]


def _structure_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    elements = sorted(ctx.data.of(cid, "structure"), key=lambda e: e["ordre"])
    if not elements:
        return [empty("Les documents cités ne décrivent pas la structure de ce contrat.")]
    children: dict[str | None, list[Row]] = defaultdict(list)
    for e in elements:
        children[e["parent_id"]].append(e)
    ops: dict[str, int] = defaultdict(int)
    for o in ctx.data.of(cid, "operations"):
        ops[o["element_id"]] += 1
    fin: dict[str, list[Row]] = defaultdict(list)
    for f in ctx.data.of(cid, "financements"):
        if f["element_id"]:
            fin[f["element_id"]].append(f)

    def node(e: Row) -> str:
        label = " ".join(x for x in (fmt.TYPES_ELEMENT.get(e["type"], e["type"]), e["numero"] or "") if x)
        parts = [f'<span class="arbre__type">{esc(label)}</span> <span class="arbre__titre">{esc(e["titre"])}</span>',
                 ev.field("structure", e["element_id"], "titre")]
        if e["qualificatif"]:
            parts.append(f'<span class="arbre__montant">{esc(fmt.amount(e))}</span> '
                         + ev.field("structure", e["element_id"], "montant"))
        if ops.get(e["element_id"]):
            parts.append(f'<a class="arbre__ops" href="#{esc("ops-" + e["element_id"])}">'
                         f'{esc(fmt.plural(ops[e["element_id"]], "opération"))}</a>')
        lines = []
        for f in fin.get(e["element_id"], []):
            who = ctx.party_name(cid, f["partie_id"]) if f["partie_id"] else ""
            lines.append(f'<li>{esc((f["libelle"] or who or "Financement") + " : ")}'
                         f'<strong>{esc(fmt.amount(f))}</strong> {ev.link(f)}</li>')
        money = f'\n<ul class="arbre__financements">{"".join(lines)}</ul>' if lines else ""
        kids = children.get(e["element_id"], [])
        sub = ("\n<ul>\n" + "\n".join(f"<li>{node(k)}</li>" for k in kids) + "\n</ul>") if kids else ""
        return " ".join(p for p in parts if p) + money + sub

    roots = children.get(None, [])
    return ['<ul class="arbre">\n' + "\n".join(f"<li>{node(e)}</li>" for e in roots) + "\n</ul>"]


def _operations_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    ops = ctx.data.of(cid, "operations")
    if not ops:
        return [empty("Les documents cités ne nomment aucune opération pour ce contrat.")]
    groups: dict[str | None, list[Row]] = defaultdict(list)
    for o in ops:
        groups[o["element_id"]].append(o)
    order = {e["element_id"]: e["ordre"] for e in ctx.data.of(cid, "structure")}
    blocks = []
    for element_id in sorted(groups, key=lambda k: (order.get(k, 10**6) if k else 10**7)):
        e = ctx.element(cid, element_id) if element_id else None
        heading = (f"{fmt.TYPES_ELEMENT.get(e['type'], '')} {e['numero'] or ''} — {e['titre']}".replace("  ", " ")
                   if e else "Opérations non rattachées à un élément de la structure")
        rows = []
        owners = any(o["maitre_ouvrage"] for o in groups[element_id])
        for o in groups[element_id]:
            t = ctx.xref.territories.resolve(o["type_territoire"], o["code_insee"], o["millesime_cog"])
            cells = [esc(o["titre"])] + ([esc(o["maitre_ouvrage"] or "")] if owners else [])
            rows.append(cells + [ctx.territory_link(page, t), ev.link(o)])
        anchor = f' id="{esc("ops-" + element_id)}"' if element_id else ""
        blocks.append(f'<p class="intertitre"{anchor}>{esc(heading)} ({esc(fmt.plural(len(rows), "opération"))})</p>')
        blocks.append(table(["Opération"] + (["Porteur"] if owners else []) + ["Territoire", "Source"], rows))
    return blocks


def _figures_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    rows = []
    for f in ctx.data.of(c["id"], "chiffres"):
        unit = fmt.UNITES.get(f["unite"], "")
        value = fmt.QUALIFICATIFS.get(f["qualificatif"] or "exact", "") + (
            fmt.euros(f["valeur"]) if f["unite"] == "eur" else fmt.number(f["valeur"], 2) + (f"\u00a0{unit}" if unit else ""))
        check = ""
        if f["compte_table"]:
            same = f["compte_constate"] == f["valeur"]
            check = (f'{esc(fmt.group_digits(f["compte_constate"] or 0))} dans la table {esc(f["compte_table"])}'
                     + ("" if same else ' <span class="badge badge--alerte">différent</span>'))
        rows.append([esc(f["libelle"]), esc(value), check, ev.link(f)])
    if not rows:
        return []
    return [table(["Chiffre", "Valeur", "Compte dans les données", "Source"], rows, numeric=[1])]


def _territories_section(ctx: Context, page: Page, c: Row) -> list[str]:
    cid = c["id"]
    terr = ctx.xref.contract_territories.get(cid, [])
    op_terr = []
    for o in ctx.data.of(cid, "operations"):
        t = ctx.xref.territories.resolve(o["type_territoire"], o["code_insee"], o["millesime_cog"])
        if t and t not in terr and t not in op_terr:
            op_terr.append(t)
    if not terr and not op_terr:
        return [empty("Les documents cités ne rattachent ce contrat à aucune région ni aucun département "
                      "(accord national ou entre collectivités).")]
    base = "regions-2015" if any(t.ancien for t in terr) else "regions"
    label = "Carte des territoires couverts : " + ", ".join(t.label for t in terr + op_terr)
    svg = france_map(ctx.layers, [(t.layer, t.code) for t in terr], label, base, [(t.layer, t.code) for t in op_terr],
                     page.href(f"{BASE_FOLDER}{base}.svg"))
    rows = [[ctx.territory_link(page, t), esc(t.kind), "territoire couvert"] for t in terr]
    rows += [[ctx.territory_link(page, t), esc(t.kind), "lieu d’opérations"] for t in op_terr]
    caption = ("En indigo : territoires couverts par le contrat" + (" ; en bleu clair : territoires où se situent "
               "des opérations nommées" if op_terr else "") + ("." if base == "regions" else
               " ; fond de carte : régions d’avant 2016."))
    return [figure(svg, esc(caption), table(["Territoire", "Type", "Lien"], rows), "carte")]


def _relations_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    items = []
    for r in ctx.data.of(cid, "relations"):
        target = ctx.contract_link(page, r["cible_id"]) if r["cible_id"] else esc(r["cible_libelle"] or "")
        items.append(f"Ce contrat {esc(fmt.TYPES_RELATION.get(r['type'], r['type']))} : {target} {ev.link(r)}".strip())
    for r in ctx.xref.incoming.get(cid, []):
        items.append(f"Ce contrat {esc(fmt.TYPES_RELATION_INVERSE.get(r['type'], r['type']))} : "
                     f"{ctx.contract_link(page, r['contrat_id'])}")
    return [bullet_list(items)] if items else [empty("Aucune relation avec un autre contrat n’est documentée.")]


def _discrepancies_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    out = []
    for e in ctx.data.of(cid, "ecarts"):
        quotes = sorted((p for p in ev.rows.values() if p["table"] == "ecarts" and p["ligne_id"] == e["ecart_id"]),
                        key=lambda p: p["champ"])
        items = "\n".join(f'<li><q>{esc(p["citation"])}</q> {ev.link(p, "voir dans le document")}</li>' for p in quotes)
        control = f' <span class="petit">(contrôle expliqué : {esc(e["controle"])})</span>' if e["controle"] else ""
        out.append(f'<div class="ecart">\n<p>{badge(fmt.TYPES_ECART.get(e["type"], e["type"]), "alerte")} '
                   f'{esc(e["description"])}{control}</p>\n<ul>\n{items}\n</ul>\n</div>')
    if not out:
        return [empty("Aucun écart n’a été constaté dans les documents de ce contrat.")]
    return ['<p>Les chiffres ne sont jamais corrigés : quand les documents se contredisent ou ne se somment pas, '
            'l’écart est consigné ici avec les citations des deux côtés.</p>'] + out


def _sources_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    docs = ctx.data.documents
    doc_ids = [d for d in ctx.xref.cited.get(cid, []) if d in docs]
    rows = []
    for d in doc_ids:
        doc = docs[d]
        original = f'<a href="{esc(doc["url"])}" rel="noopener">document d’origine</a>' if doc["url"] else ""
        rows.append([page.link(links.document(d), doc["titre"]), esc(doc["editeur"]), esc(fmt.date(doc["date"])),
                     esc(doc["type"]), esc(doc["licence"]), original])
    blocks = [table(["Document", "Éditeur", "Date", "Type", "Licence", "Original"], rows)]
    # The quotes themselves are listed once, in text order, on each document's page (« Passages cités »).
    n = len(ev.rows)
    if n and doc_ids:
        where = ", ".join(page.link(links.document(d) + "#passages", docs[d]["titre"]) for d in doc_ids)
        verb = "établit la valeur" if n == 1 else "établissent les valeurs"
        blocks.append(f"<p>{esc(fmt.plural(n, 'citation'))} {verb} de cette fiche ; chaque document "
                      f"les liste dans l’ordre du texte : {where}.</p>")
    return blocks


def contract_page(ctx: Context, c: Row) -> Page:
    """Build the page of one contract."""
    cid = c["id"]
    names = contract_territory_names(ctx, cid)
    period = fmt.period(c["annee_debut"], c["annee_fin"])
    description = fmt.family(c["famille"]) + (f", {period}" if period else "") + (f", {', '.join(names)}" if names else "") + \
        " : parties, engagements financiers, structure, opérations et sources citées mot pour mot."
    page = Page(links.contract(cid), c["titre"], description)
    page.filters = [f"famille:{fmt.family(c['famille'])}", "rubrique:Contrats"] + [f"territoire:{n}" for n in names]
    if period:
        page.filters.append(f"période:{period}")
    ev = _Evidence(ctx, page, cid)
    rap_label, _ = fmt.RAPPROCHEMENTS.get(c["rapprochement"], (c["rapprochement"] or "", ""))
    badges = (f'<p class="badges">{badge(fmt.family(c["famille"]), "famille")} '
              f'{badge(fmt.STATUTS.get(c["statut"], c["statut"]), "statut")} '
              f'{badge(rap_label, REPROCHEMENT_KIND.get(c["rapprochement"], ""))}</p>')
    page.html(f'<p class="fil">{page.link(links.CATALOGUE, "Catalogue")} › {esc(fmt.family(c["famille"]))}</p>')
    page.h1(c["titre"], badges)
    if c["resume"]:
        page.html(f'<p class="resume">{esc(c["resume"])}</p>')
    page.section("En bref", "en-bref")
    page.html(_summary(ctx, page, c, ev))
    sections = [
        ("Engagements financiers", "engagements", lambda: _commitments_section(ctx, page, c, ev)),
        ("Chronologie", "chronologie", lambda: _timeline_section(ctx, page, c, ev)),
        ("Parties", "parties", lambda: _parties_section(ctx, page, c, ev)),
        ("Structure", "structure", lambda: _structure_section(ctx, page, c, ev)),
        ("Opérations et annexes", "operations", lambda: _operations_section(ctx, page, c, ev)),
        ("Autres chiffres cités", "chiffres", lambda: _figures_section(ctx, page, c, ev)),
        ("Territoires", "territoires", lambda: _territories_section(ctx, page, c)),
        ("Relations avec d’autres contrats", "relations", lambda: _relations_section(ctx, page, c, ev)),
        ("Écarts documentés", "ecarts", lambda: _discrepancies_section(ctx, page, c, ev)),
    ]
    for title, anchor, blocks in sections:
        content = list(blocks())
        if content or anchor != "chiffres":  # other figures only show when the document states some
            page.section(title, anchor)
            for b in content:
                page.html(b)
    page.section("Sources et preuves", "sources")
    page.html("<p>Chaque valeur de cette fiche renvoie, par son lien « citation », au passage du document qui "
              "l’établit, surligné dans le texte intégral.</p>")
    for b in _sources_section(ctx, page, c, ev):
        page.html(b)
    folder = links.contract_downloads(cid)
    page.section("Télécharger", "telecharger")
    page.html(downloads_list(ctx, page, cid, folder))
    page.section("Citer", "citer")
    page.html(citation_block(ctx, page, c["titre"]))
    extra = {"keywords": [fmt.family(c["famille"]), "contrat territorial"] + names}
    if c["annee_debut"] and c["annee_fin"]:
        extra["temporalCoverage"] = f"{c['annee_debut']}/{c['annee_fin']}"
    if names:
        extra["spatialCoverage"] = [{"@type": "Place", "name": n} for n in names]
    page.html(jsonld_dataset(ctx, page, c["titre"], description, folder, ctx.downloads.get(cid, []), extra))
    return page
