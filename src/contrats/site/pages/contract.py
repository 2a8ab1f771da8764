"""One page per contract: summary, commitments, timeline, parties, structure, operations, map, sources."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from ...model import CREDIT_KINDS, EXECUTION_MEASURES, STAGE_TYPES
from .. import fmt, links
from ..charts import Bar, ChartFiles, Event, bar_chart, figure, timeline
from ..context import Context
from ..crossref import commitments, primary_commitment
from ..data import Row
from ..evidence import evidence_link
from ..fmt import esc
from ..maps import BASE_FOLDER, france_map
from ..page import Page, badge, bullet_list, definitions, empty, table
from .common import citation_block, contract_territory_names, downloads_list, jsonld_dataset


class _Evidence:
    """Evidence of one contract, by preuve_id, rendered as links from a given page."""

    def __init__(self, ctx: Context, page: Page, contract_id: str) -> None:
        self.page = page
        self.rows = {p["preuve_id"]: p for p in ctx.data.of(contract_id, "preuves")}
        self.pages = {s["source_id"]: s for s in ctx.data.of(contract_id, "sources_publiques")}
        self.contract_id = contract_id

    def of(self, table_: str, line: str, field: str) -> Row | None:
        """The preuves row of a value."""
        return self.rows.get(f"{table_}:{line}:{field}")

    def _one(self, p: Row, label: str, what: str, compact: bool = False) -> str:
        if p.get("niveau") == 2:
            return public_link(self.pages.get(p["source_id"]), p, what, compact)
        return evidence_link(self.page.url, p, label, what)

    def link(self, row: Row | None, label: str = "citation", what: str = "", compact: bool = False) -> str:
        """Link to a quote (tier 1) or to the public page that publishes the figure (tier 2), then the other sources
        stating the same value (« recoupé »); `what` names the value; `compact` leaves out a page's expression."""
        if not row or not row.get("preuve_id"):
            return ""
        main = self.rows.get(row["preuve_id"], row)
        others = [self.rows[k] for k in sorted(self.rows) if k.startswith(row["preuve_id"] + "~")]
        html = self._one(main, label, what, compact)
        if others:
            html += (f' {badge("recoupé", "ok")} <span class="petit">par '
                     + " ; ".join(self._one(o, label, what) for o in others) + "</span>")
        return html

    def field(self, table_: str, line: str, field: str, what: str = "") -> str:
        """Link to the quote of one field of a row."""
        return self.link(self.of(table_, line, field), what=what)


def public_link(source: Row | None, p: Row, what: str = "", compact: bool = False) -> str:
    """Tier-2 evidence: the expression as the page writes it and a link to the page, named by its publisher
    (`compact`: the link alone, where the value is already shown)."""
    if source is None:
        return ""
    label = f"chiffre publié par {source['editeur']}"
    name = f"{label} : {what}" if what else label
    link = (f'<a class="lien-page-publique" href="{esc(source["url"])}" rel="noopener" title="{esc(PUBLIC_TITLE)}" '
            f'aria-label="{esc(name)}">{esc("source" if compact else label)}</a>')
    return link if compact else f'<span class="preuve-page">« {esc(p["expression"])} » — {link}</span>'



PUBLIC_TITLE = "chiffre publié sur une page publique que le projet ne détient pas, repris tel qu’écrit"
CREDIT_LABELS = CREDIT_KINDS  # labels declared with the coded values in the model
MEASURE_LABELS = EXECUTION_MEASURES


def _with(html: str, proof: str) -> str:
    return f"{html} {proof}" if proof else html


def evidence_tier(ctx: Context, cid: str) -> int:
    """The contract's weakest evidence tier: 1 when every value is quoted from a text the project holds, 2 when some
    rest on public pages it does not hold (preuves.niveau; absent means tier 1)."""
    return max((int(p.get("niveau") or 1) for p in ctx.data.of(cid, "preuves")), default=1)


TIERS = {1: "niveau 1 — chaque valeur est citée mot pour mot d’un document que le projet détient",
         2: "niveau 2 — en partie d’après des pages publiques"}


def _party_bars(ctx: Context, page: Page, c: Row, ev: _Evidence) -> tuple[list[Bar], list[list[str]], list[list[object]]]:
    """One bar per party (its primary whole-contract commitment); table rows list every line, details under it."""
    cid = c["id"]
    bars: list[Bar] = []
    rows: list[list[str]] = []
    data: list[list[object]] = []
    total = c["somme_engagements_eur"]
    for p, lines in _party_lines(ctx, cid):
        main = primary_commitment(lines)
        if main is None:
            continue
        short = fmt.amount_short(main)
        if main["part_pct"] is not None:
            short += f" ({fmt.pct(main['part_pct'])})"
        elif total and main["montant_eur"] is not None and main["dans_somme_engagements"]:
            short += f" ({fmt.pct(round(100 * main['montant_eur'] / total, 1))})"
        bars.append(Bar(p["nom"], fmt.amount_value(main), short, main["montant_min_eur"], main["montant_max_eur"],
                        main["qualificatif"] == "au_moins"))
        for f in [main] + [x for x in lines if x is not main]:
            if f["montant_eur"] is None and f["montant_min_eur"] is None:
                continue
            detail = "" if f is main else f'<br><span class="petit">dont : {esc(f["libelle"] or "")}</span>'
            if f.get("nature"):
                detail += f'<br><span class="petit">{esc(CREDIT_LABELS[f["nature"]])}</span>'
            rows.append([ctx.party_link(page, cid, p["partie_id"], p["nom"]) + detail, esc(fmt.amount(f)),
                         ev.link(f, what=f"montant de {p['nom']}")])
            data.append([p["nom"], f["libelle"] or "", f["qualificatif"] or "", f["montant_eur"], f["montant_min_eur"],
                         f["montant_max_eur"], "oui" if f is main else "non"])
    return bars, rows, data


def _who_pays(ctx: Context, page: Page, c: Row, ev: _Evidence) -> str:
    """Chart of who pays how much (one bar per party), or the structure's top-level amounts or shares."""
    cid = c["id"]
    bars, rows, data = _party_bars(ctx, page, c, ev)
    header = ["partie", "libelle", "qualificatif", "montant_eur", "montant_min_eur", "montant_max_eur", "barre"]
    unit = "eur"
    title = "Qui s’engage pour combien"
    if not bars:
        top = [e for e in ctx.data.of(cid, "structure") if e["niveau"] == 1 and e["qualificatif"]]
        money = [e for e in top if fmt.amount_value(e) is not None]
        shares = [e for e in top if e["part_pct"] is not None]
        chosen, unit = (money, "eur") if money else (shares, "pct")
        title = "Répartition par élément de la structure"
        header = ["element", "intitule", "qualificatif", "montant_eur", "montant_min_eur", "montant_max_eur", "part_pct"]
        for e in chosen:
            name = " ".join(x for x in (fmt.TYPES_ELEMENT.get(e["type"], ""), e["numero"] or "") if x) or e["titre"]
            value = fmt.amount_value(e) if unit == "eur" else e["part_pct"]
            bars.append(Bar(f"{name} — {e['titre']}", value, fmt.amount_short(e) if unit == "eur" else fmt.pct(value),
                            e["montant_min_eur"] if unit == "eur" else None,
                            e["montant_max_eur"] if unit == "eur" else None))
            rows.append([esc(f"{name} — {e['titre']}"), esc(fmt.amount(e)),
                         ev.field("structure", e["element_id"], "montant", f"montant de {name}")])
            data.append([name, e["titre"], e["qualificatif"] or "", e["montant_eur"], e["montant_min_eur"],
                         e["montant_max_eur"], e["part_pct"]])
    if not bars:
        return empty("Les documents cités ne donnent aucun montant pour ce contrat.")
    label = f"{title} : {c['titre']}"
    caption = ("Une barre par partie : son engagement pour tout le contrat, tel que les documents l’énoncent ; "
               "ses autres lignes sont dans les données." if unit == "eur" and title.startswith("Qui") else
               "Montants ou parts des crédits par élément de la structure, tels que les documents les énoncent.")
    return (f'<p class="intertitre">{esc(title)}</p>\n'
            + figure(bar_chart(bars, label, unit), esc(caption), table(["Ligne", "Montant", "Source"], rows),
                     files=ChartFiles("engagements", header, data), page=page,
                     extra=" · " + report_link(ctx, page, c, "ce graphique")))


def report_link(ctx: Context, page: Page, c: Row, what: str) -> str:
    """« Signaler une erreur » link opening a prefilled issue on the project's repository (empty without one)."""
    repo = ctx.repository
    if not repo:
        return ""
    title = f"Erreur sur {c['titre']} ({what})"
    body = (f"Page : {ctx.absolute(page.url)}\nContrat : {c['id']}\nPorte sur : {what}\n\n"
            "Ce qui est faux, et la source (document, page, phrase) qui l’établit :\n")
    href = f"{repo.rstrip('/')}/issues/new?" + urlencode({"title": title, "body": body, "labels": "erreur"})
    return (f'<a class="signaler" href="{esc(href)}" rel="noopener">signaler une erreur'
            f'<span class="sr-only"> sur {esc(what)}</span></a>')


def _current_stage(ctx: Context, c: Row, ev: _Evidence) -> str:
    cid = c["id"]
    status = f"{esc(fmt.STATUTS.get(c['statut'], c['statut']))}, constaté le {esc(fmt.date(c['date_statut']))}"
    status = _with(status, ev.field("contrats", cid, "statut", "statut"))
    steps = sorted(ctx.data.of(cid, "jalons"), key=lambda j: Event(j["date"], "").key)
    if steps:
        last = steps[-1]
        status += (f'<br><span class="petit">dernière étape datée : {esc(fmt.TYPES_JALON.get(last["type"], last["type"]))}'
                   f' ({esc(fmt.date(last["date"]))})</span> ' + ev.link(last, what="date de la dernière étape", compact=True))
    staged = [j for j in steps if j.get("qualificatif") and j["type"] in STAGE_TYPES]
    if staged:
        last = staged[-1]
        status += (f'<br><span class="petit">montant à la dernière étape chiffrée '
                   f'({esc(fmt.TYPES_JALON.get(last["type"], last["type"]).lower())}, {esc(fmt.date(last["date"]))}) : '
                   f'<strong>{esc(fmt.amount(last))}</strong></span> '
                   + ev.field("jalons", last["jalon_id"], "montant", "montant de la dernière étape"))
    return status


def _summary(ctx: Context, page: Page, c: Row, ev: _Evidence) -> str:
    """Overview first: total, period, stage, evidence, per inhabitant, freshness, then who pays and the originals."""
    cid = c["id"]
    total = fmt.amount(c, "total_")
    total_html = ""
    if total:
        total_html = f'<span class="synthese__valeur">{esc(total)}</span>' + (
            f'<br><span class="petit">{esc(c["total_perimetre"])}</span>' if c["total_perimetre"] else "")
        total_html = _with(total_html, ev.field("contrats", cid, "montant_total", "total annoncé"))
    elif c["somme_engagements_eur"] is not None:
        total_html = (f'<span class="synthese__valeur">{esc(fmt.euros(c["somme_engagements_eur"]))}</span>'
                      '<br><span class="petit">somme des engagements des parties (calculée)</span>')
    per_head = c.get("total_par_habitant_eur")  # published with the populations of the reference, when present
    signature = ", ".join(x for x in (fmt.date(c["date_signature"]), c["lieu_signature"] and f"à {c['lieu_signature']}") if x)
    history = ctx.history.get(cid)
    fresh = ""
    if history:
        fresh = f"ajouté le {fmt.date(history.added)}" + (
            f", modifié le {fmt.date(history.modified)}" if history.modified != history.added else "")
    tier = evidence_tier(ctx, cid)
    items = [
        ("Total annoncé", total_html or esc("non indiqué par les documents")),
        ("Par habitant", esc(fmt.euros(per_head)) + (
            f'<br><span class="petit">population {esc(c.get("millesime_population") or "")} : '
            f'{esc(fmt.group_digits(c["population"]))} habitants</span>' if c.get("population") else "")
         if per_head is not None else ""),
        ("Période", _with(esc(fmt.period(c["annee_debut"], c["annee_fin"])), ev.field("contrats", cid, "periode", "période"))),
        ("Étape actuelle", _current_stage(ctx, c, ev)),
        ("Signature", _with(esc(signature), ev.field("contrats", cid, "signature", "signature")) if signature else ""),
        ("Preuves", f"{badge(f'niveau {tier}', 'ok' if tier == 1 else 'neutre')} "
                    f'<span class="petit">{esc(TIERS.get(tier, "").split(" — ", 1)[-1])}</span>'),
        ("Fiche", esc(fresh) if fresh else ""),
    ]
    cells = "\n".join(f'<div class="synthese__case"><dt>{esc(k)}</dt><dd>{v}</dd></div>' for k, v in items if v)
    docs = ctx.data.documents
    originals = []
    for d in ctx.xref.cited.get(cid, []):
        if d not in docs:
            continue
        doc = docs[d]
        held = page.link(links.document(d), doc["titre"])
        original = f' — <a href="{esc(doc["url"])}" rel="noopener">original sur le site de l’éditeur</a>' if doc["url"] else ""
        originals.append(f"{held} <span class=\"petit\">({esc(doc['editeur'] or '')}"
                         f"{', ' + esc(fmt.date(doc['date'])) if doc['date'] else ''})</span>{original}")
    blocks = [f'<dl class="synthese">\n{cells}\n</dl>', _who_pays(ctx, page, c, ev)]
    if originals:
        blocks.append('<p class="intertitre">Documents sources</p>\n' + bullet_list(originals, "originaux"))
    report = report_link(ctx, page, c, "la fiche")
    if report:
        blocks.append(f'<p class="petit">Une valeur vous semble fausse ? {report}.</p>')
    return "\n".join(blocks)


def _party_lines(ctx: Context, cid: str) -> list[tuple[Row, list[Row]]]:
    return [(p, commitments(ctx.data, cid, p["partie_id"])) for p in ctx.data.of(cid, "parties")]


def _commitments_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    blocks: list[str] = []
    if c["total_qualificatif"] or c["somme_engagements_eur"] is not None:
        blocks.append(definitions([
            ("Total annoncé", _with(esc(fmt.amount(c, "total_")), ev.field("contrats", cid, "montant_total", "total annoncé"))
             if c["total_qualificatif"] else ""),
            ("Somme des engagements des parties", esc(fmt.euros(c["somme_engagements_eur"])) + " (calculée)"
             if c["somme_engagements_eur"] is not None else ""),
            ("Rapprochement", esc(fmt.RAPPROCHEMENTS.get(c["rapprochement"], ("", ""))[1])),
        ]))
    other = [f for f in ctx.data.of(cid, "financements") if f["element_id"] or f["operation_id"] or not f["partie_id"]]
    if other:
        ops = {o["operation_id"]: o for o in ctx.data.of(cid, "operations")}
        out = []
        for f in other:
            target = ""
            if f["element_id"]:
                e = ctx.element(cid, f["element_id"])
                target = e["titre"] if e else f["element_id"]
            elif f["operation_id"]:
                o = ops.get(f["operation_id"])
                target = (o["nom"] or o["titre"]) if o else f["operation_id"]
            label = esc(f["libelle"] or "")
            if f.get("fait_partie_de"):  # a part of another line: not to be added to it
                parent = next((p for p in ctx.data.of(cid, "financements") if p["ligne_id"] == f["fait_partie_de"]), None)
                label += f' <em>(compris dans « {esc((parent or {}).get("libelle") or f["fait_partie_de"])} »)</em>'
            out.append([label, ctx.party_link(page, cid, f["partie_id"], ctx.party_name(cid, f["partie_id"]))
                        or "ensemble des financeurs", esc(target or "contrat entier"),
                        esc(CREDIT_LABELS.get(f.get("nature") or "", "non précisée")), esc(fmt.amount(f)),
                        ev.link(f, what=f"montant : {f['libelle'] or target}")])
        blocks.append('<p class="intertitre">Lignes financières par volet ou opération</p>')
        if any(f.get("nature") for f in other):
            blocks.append('<p class="petit">Crédits contractualisés, valorisés, de relance et hors contrat sont de natures '
                          'différentes : ils sont présentés côte à côte et ne sont jamais additionnés.</p>')
        blocks.append(table(["Libellé", "Partie", "Porte sur", "Nature des crédits", "Montant", "Source"], out,
                            numeric=[4], stack=True))
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
        if j["type"] == "signature" and j["date"] == c["date_signature"] and not j.get("qualificatif"):
            continue
        label = f"{fmt.TYPES_JALON.get(j['type'], j['type'])} : {j['libelle']}"
        proof = ev.link(j, what=f"date : {j['libelle']}")
        if j.get("qualificatif"):
            label += f" — {fmt.amount(j)}"
            proof += " " + ev.field("jalons", j["jalon_id"], "montant", f"montant : {j['libelle']}")
        events.append((Event(j["date"], label, j["type"] in ("signature", "deliberation")), proof))
    events.append((Event(c["date_statut"], f"Statut constaté : {fmt.STATUTS.get(c['statut'], c['statut']).lower()}"),
                   ev.field("contrats", cid, "statut")))
    events.sort(key=lambda e: e[0].key)
    svg = timeline([e for e, _ in events], f"Chronologie : {c['titre']}")
    rows = [[esc(fmt.date(e.date)), esc(e.label), proof] for e, proof in events]
    files = ChartFiles("chronologie", ["date", "evenement"], [[e.date, e.label] for e, _ in events])
    return [figure(svg, "Dates citées par les sources, de la plus ancienne à la plus récente ; les étapes (protocole, "
                        "accord de relance, signature, avenants, revoyure) avec leur montant.",
                   table(["Date", "Événement", "Source"], rows), files=files, page=page,
                   extra=" · " + report_link(ctx, page, c, "la chronologie"))]


def _execution_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    cid = c["id"]
    obs = sorted(ctx.data.of(cid, "execution"), key=lambda x: (x["date"], x["mesure"], x["partie_id"] or ""))
    if not obs:
        return []
    bars, rates, rows = [], [], []
    for x in obs:
        who = ctx.party_name(cid, x["partie_id"]) if x["partie_id"] else "ensemble"
        name = f"{fmt.date(x['date'])} — {MEASURE_LABELS[x['mesure']]} — {who}"
        value = fmt.amount(x) if x["qualificatif"] != "part" else fmt.pct(x["part_pct"])
        if x["qualificatif"] != "part":
            bars.append(Bar(name, fmt.amount_value(x), fmt.amount_short(x), x["montant_min_eur"], x["montant_max_eur"],
                            x["qualificatif"] == "au_moins"))
        else:
            rates.append(Bar(name, x["part_pct"], fmt.pct(x["part_pct"])))
        rows.append([esc(fmt.date(x["date"])), esc(MEASURE_LABELS[x["mesure"]]), esc(who), esc(x["libelle"] or ""),
                     esc(value), ev.link(x, what=x["libelle"] or "exécution")])
    data_table = table(["Date", "Mesure", "Partie", "Libellé", "Montant ou taux", "Source"], rows, numeric=[4])
    out = []
    if bars:
        out.append(figure(bar_chart(bars, f"Exécution (montants) : {c['titre']}", "eur"),
                          "Montants programmés, engagés ou payés à la date indiquée, tels que les sources les publient.",
                          data_table if not rates else ""))
    if rates:
        out.append(figure(bar_chart(rates, f"Exécution (taux) : {c['titre']}", "pct"),
                          "Taux de programmation, d’engagement ou de paiement à la date indiquée, tels que les sources "
                          "les publient.", data_table))
    return out


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
        name = _with(ctx.party_link(page, cid, p["partie_id"], p["nom"]), ev.link(p, what=f"participation de {p['nom']}"))
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
            amounts.append(_with(text, ev.link(f, what=f"montant de {p['nom']}")))
        people = "<br>".join(_with(esc(r["nom"] + (f", {r['fonction']}" if r["fonction"] else "")), ev.link(r, what=f"représentant {r['nom']}"))
                             for r in reps.get(p["partie_id"], []))
        rows.append([name, esc(fmt.TYPES_PARTIE.get(p["type"], p["type"])), esc(", ".join(roles)), "<br>".join(amounts),
                     people])
    return [table(["Partie", "Type", "Rôles", "Engagement", "Représentants"], rows, numeric=[3], stack=True)]


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
            what = f"montant : {f['libelle'] or who or e['titre']}"
            lines.append(f'<li>{esc((f["libelle"] or who or "Financement") + " : ")}'
                         f'<strong>{esc(fmt.amount(f))}</strong> {ev.link(f, what=what)}</li>')
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
            name = o["nom"] or o["titre"]
            shown = esc(name) + (f'<br><span class="petit">« {esc(o["titre"])} »</span>' if name != o["titre"] else "")
            cells = [shown] + ([esc(o["maitre_ouvrage"] or "")] if owners else [])
            rows.append(cells + [ctx.territory_link(page, t), ev.link(o, what=f"opération {name}")])
        anchor = f' id="{esc("ops-" + element_id)}"' if element_id else ""
        blocks.append(f'<p class="intertitre"{anchor}>{esc(heading)} ({esc(fmt.plural(len(rows), "opération"))})</p>')
        blocks.append(table(["Opération"] + (["Porteur"] if owners else []) + ["Territoire", "Source"], rows,
                            stack=True))
    return blocks


def _figures_section(ctx: Context, page: Page, c: Row, ev: _Evidence) -> list[str]:
    rows = []
    for f in ctx.data.of(c["id"], "chiffres"):
        unit = fmt.UNITES.get(f["unite"], "")
        value = fmt.QUALIFICATIFS.get(f["qualificatif"] or "exact", "") + (
            fmt.euros(f["valeur"]) if f["unite"] == "eur" else fmt.number(f["valeur"], 2) + (f"\u00a0{unit}" if unit else ""))
        if f["unite"] == "frf" and f.get("valeur_eur") is not None:
            value += f" (soit {fmt.euros(f['valeur_eur'])} au taux légal)"
        check = ""
        if f["compte_table"]:
            same = f["compte_constate"] == f["valeur"]
            check = (f'{esc(fmt.group_digits(f["compte_constate"] or 0))} dans la table {esc(f["compte_table"])}'
                     + ("" if same else ' <span class="badge badge--alerte">différent</span>'))
        rows.append([esc(f["libelle"]), esc(value), check, ev.link(f, what=f["libelle"])])
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
        items.append(f"Ce contrat {esc(fmt.TYPES_RELATION.get(r['type'], r['type']))} : {target} {ev.link(r, what='relation')}".strip())
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
        items = "\n".join(f'<li>{ev.link(p)}</li>' if p.get("niveau") == 2 else
                          f'<li><q>{esc(p["citation"])}</q> {ev.link(p, "voir dans le document", "écart, " + p["ligne_id"] + ", " + p["champ"])}</li>'
                          for p in quotes)
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
    blocks = ["<p>Chaque valeur de cette fiche renvoie à sa preuve : une <strong>citation vérifiée dans le texte</strong> "
              "d’un document que le projet détient (lien « citation », passage surligné dans le texte intégral), ou un "
              "<strong>chiffre publié</strong> par l’éditeur d’une page publique, repris tel qu’écrit, avec l’adresse "
              "de la page.</p>"]
    if rows:
        blocks.append(table(["Document", "Éditeur", "Date", "Type", "Licence", "Original"], rows))
    pages = ctx.data.of(cid, "sources_publiques")
    if pages:
        used: dict[str, int] = defaultdict(int)
        for p in ev.rows.values():
            if p.get("niveau") == 2:
                used[p["source_id"]] += 1
        blocks.append('<p class="intertitre" id="pages-publiques">Pages publiques citées</p>')
        blocks.append("<p>Ces pages ne sont pas reproduites : la fiche n’en reprend que les chiffres et les dates, tels "
                      "qu’elles les écrivent (« chiffre publié par … »), avec leur adresse.</p>")
        blocks.append(table(["Page", "Éditeur", "Date de la page", "Consultée le", "Chiffres repris", "Note"], [
            [f'<a href="{esc(s["url"])}" rel="noopener">{esc(s["titre"] or fmt.truncate(s["url"], 60))}</a>',
             esc(s["editeur"]), esc(fmt.date(s["date"]) or "non datée"), esc(fmt.date(s["consulte_le"])),
             esc(str(used.get(s["source_id"], 0))), esc(s["note"] or "")] for s in pages], numeric=[4]))
    # The quotes themselves are listed once, in text order, on each document's page (« Passages cités »).
    n = sum(1 for p in ev.rows.values() if p.get("niveau") != 2)
    if n and doc_ids:
        where = ", ".join(page.link(links.document(d) + "#passages", docs[d]["titre"]) for d in doc_ids)
        verb = "établit la valeur" if n == 1 else "établissent les valeurs"
        blocks.append(f"<p>{esc(fmt.plural(n, 'citation'))} {verb} de cette fiche ; chaque document "
                      f"les liste dans l’ordre du texte : {where}.</p>")
    return blocks


def _count(ctx: Context, cid: str, table_: str, one: str, many: str | None = None) -> str:
    n = len(ctx.data.of(cid, table_))
    return fmt.plural(n, one, many) if n else ""


def contract_page(ctx: Context, c: Row) -> Page:
    """Build the page of one contract: the overview first, then the detail in sections a visitor opens."""
    cid = c["id"]
    names = contract_territory_names(ctx, cid)
    period = fmt.period(c["annee_debut"], c["annee_fin"])
    family = fmt.family(c["famille"]) + (f" ({c['generation']}e génération)" if c["generation"] else "")
    description = fmt.family(c["famille"]) + (f", {period}" if period else "") + (f", {', '.join(names)}" if names else "") + \
        " : parties, engagements financiers, structure, opérations et sources citées mot pour mot."
    page = Page(links.contract(cid), c["titre"], description)
    page.filters = [f"famille:{fmt.family(c['famille'])}", "rubrique:Contrats"] + [f"territoire:{n}" for n in names]
    if period:
        page.filters.append(f"période:{period}")
    page.search_meta = {"famille": family, "periode": period or "non indiquée"}
    ev = _Evidence(ctx, page, cid)
    territories = ", ".join(ctx.territory_link(page, t) for t in ctx.xref.contract_territories.get(cid, []))
    badges = (f'<p class="badges">{badge(family, "famille")} '
              f'{badge(fmt.STATUTS.get(c["statut"], c["statut"]), "statut")}'
              + (f' <span class="petit">{territories}</span>' if territories else "") + "</p>")
    page.html(f'<p class="fil">{page.link(links.CATALOGUE, "Catalogue")} › {esc(fmt.family(c["famille"]))}</p>')
    page.h1(c["titre"], badges)
    if c["resume"]:
        page.html(f'<p class="resume">{esc(c["resume"])}</p>')
    page.section("En bref", "en-bref")
    page.html(_summary(ctx, page, c, ev))
    n_ops = len(ctx.data.of(cid, "operations"))
    sections = [
        ("Engagements financiers", "engagements", lambda: _commitments_section(ctx, page, c, ev),
         _count(ctx, cid, "financements", "ligne financière", "lignes financières")),
        ("Parties", "parties", lambda: _parties_section(ctx, page, c, ev), _count(ctx, cid, "parties", "partie")),
        ("Structure", "structure", lambda: _structure_section(ctx, page, c, ev),
         _count(ctx, cid, "structure", "élément", "éléments")),
        ("Opérations et annexes", "operations", lambda: _operations_section(ctx, page, c, ev),
         fmt.plural(n_ops, "opération") if n_ops else ""),
        ("Chronologie et étapes", "chronologie", lambda: _timeline_section(ctx, page, c, ev),
         _count(ctx, cid, "jalons", "jalon")),
        ("Exécution", "execution", lambda: _execution_section(ctx, page, c, ev),
         _count(ctx, cid, "execution", "observation")),
        ("Autres chiffres cités", "chiffres", lambda: _figures_section(ctx, page, c, ev), _count(ctx, cid, "chiffres", "chiffre")),
        ("Territoires", "territoires", lambda: _territories_section(ctx, page, c), ""),
        ("Relations avec d’autres contrats", "relations", lambda: _relations_section(ctx, page, c, ev), ""),
        ("Écarts documentés", "ecarts", lambda: _discrepancies_section(ctx, page, c, ev), _count(ctx, cid, "ecarts", "écart")),
        ("Sources et preuves", "sources", lambda: _sources_section(ctx, page, c, ev), fmt.plural(len(ev.rows), "citation")),
    ]
    for title, anchor, blocks, count in sections:
        content = list(blocks())
        if not content and anchor in ("chiffres", "execution"):  # shown only when the sources state some
            continue
        page.section(title, anchor)
        label = "Afficher le détail" + (f" ({count})" if count else "")
        page.html(f'<details class="section" data-section="{anchor}">\n<summary>{esc(label)}</summary>\n'
                  + "\n".join(content) + "\n</details>")
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
