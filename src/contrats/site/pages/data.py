"""Data page: every download, the data dictionary generated from the Table Schemas, licence and version."""

from __future__ import annotations

import json

from .. import fmt, links
from ..context import LICENCE_NAME, LICENCE_URL, Context
from ..data import Table
from ..downloads import FORMATS, size
from ..fmt import esc
from ..page import LIST_PAGE, Page, table
from .common import citation_block, download_table, jsonld_dataset

# Up to this many contracts the data page lists every contract's files; beyond, each contract page does.
LIST_DOWNLOADS = 50
TYPES = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen (true/false)",
         "date": "date (AAAA-MM-JJ)"}


def _constraints(spec: dict) -> str:
    c = spec.get("constraints", {})
    out = []
    if c.get("unique"):
        out.append("unique")
    if "enum" in c:
        out.append("valeurs : " + ", ".join(f"<code>{esc(v)}</code>" for v in c["enum"]))
    if "pattern" in c:
        out.append(f"motif <code>{esc(c['pattern'])}</code>")
    if "minimum" in c:
        out.append(f"minimum {esc(c['minimum'])}")
    if "maximum" in c:
        out.append(f"maximum {esc(c['maximum'])}")
    return "<br>".join(out)


def dictionary(t: Table) -> list[str]:
    """HTML blocks describing one table: description, keys, and one row per field."""
    schema = t.resource["schema"]
    keys = ", ".join(f"<code>{esc(k)}</code>" for k in schema.get("primaryKey", []))
    fks = []
    for fk in schema.get("foreignKeys", []):
        fks.append(", ".join(f"<code>{esc(f)}</code>" for f in fk["fields"]) + f" → table <code>{esc(fk['reference']['resource'])}</code>")
    intro = f'<p>{esc(t.resource.get("description", ""))} Fichier <code>{esc(t.resource["path"])}</code>'
    intro += f", clé primaire : {keys}" if keys else ""
    intro += (" ; références : " + " ; ".join(fks)) if fks else ""
    intro += ".</p>"
    rows = []
    for f in t.fields:
        required = "oui" if f.get("constraints", {}).get("required") else ""
        example = f.get("example")
        rows.append([f"<code>{esc(f['name'])}</code>", esc(f.get("title", "")), esc(TYPES.get(f["type"], f["type"])),
                     required, esc(f.get("description", "")),
                     "" if example is None else f"<code>{esc(json.dumps(example, ensure_ascii=False) if not isinstance(example, str) else example)}</code>",
                     _constraints(f)])
    return [intro, table(["Champ", "Titre", "Type", "Obligatoire", "Description", "Exemple", "Contraintes"], rows)]


def reference_sources(ctx: Context) -> str:
    """What the reference package holds, where it comes from and under which licences."""
    ref = ctx.data.reference
    vintages = sorted({int(r["millesime"]) for r in ref.rows("regions") if int(r["millesime"]) > 2015})
    versions = next((s["title"].split(" — ", 1)[1] for s in ref.descriptor.get("sources", [])
                     if "decoupage-administratif" in s.get("title", "") and " — " in s["title"]), "")
    counts = [f"{fmt.group_digits(len(ref.rows(name)))} lignes dans <code>{name}</code>"
              for name in ("regions", "departements", "epci", "communes") if ref.rows(name)]
    return (
        "<p>Régions, départements et collectivités d’outre-mer, intercommunalités (EPCI à fiscalité propre) et "
        f"communes, par millésime du Code officiel géographique ({esc(', '.join(map(str, vintages)))}), avec leur "
        "SIREN et leur population ; régions d’avant 2016 reliées à la région qui leur a succédé ; contours simplifiés "
        f"(GeoJSON) des cartes. {', '.join(counts)}.</p>\n"
        "<ul>\n"
        "<li>Source : paquet <a href=\"https://github.com/etalab/decoupage-administratif\">"
        "<code>@etalab/decoupage-administratif</code></a> d’Etalab, une version par millésime"
        f"{' (' + esc(versions) + ')' if versions else ''} ; code sous licence MIT, données de l’INSEE (Code officiel "
        "géographique, populations légales) et de la DGCL (EPCI) sous Licence Ouverte.</li>\n"
        "<li>Le paquet n’existe pas avant 2019 ni pour 2020 : un code d’une autre année est contrôlé au millésime "
        "le plus proche, et les messages de contrôle le disent. Les communes ne sont publiées que pour le dernier "
        "millésime (les autres servent aux contrôles).</li>\n"
        "<li>Populations : population municipale du millésime de la ligne (ou du plus proche quand elle manque, "
        "colonne <code>millesime_population</code>) ; une région d’avant 2016 a la somme de ses départements en "
        "2019.</li>\n"
        "<li>SIREN des conseils régionaux et départementaux : répertoire SIRENE de l’INSEE (Licence Ouverte) ; "
        "régions d’avant 2016 et contours : données du projet d’après l’INSEE et l’IGN (Licence Ouverte). Les "
        "cartes montrent l’outre-mer en médaillons aux formes simplifiées, faute de contours.</li>\n"
        "</ul>")


def data_page(ctx: Context) -> Page:
    """Build the data page."""
    cat = ctx.data.catalogue
    version = ctx.data.version
    page = Page(links.DONNEES.rstrip("/") + "/", "Données",
                f"Télécharger le catalogue (version {version}) en CSV, JSON, Excel, SQLite ou paquet Frictionless, "
                "et son dictionnaire des données ; Licence Ouverte 2.0.")
    page.filters = ["rubrique:Données"]
    page.h1("Données")
    schema_version = cat.descriptor.get("contrats:schema_version", "")
    page.html(f'<p class="intro">Toutes les données du site sont téléchargeables, sous <a href="{esc(LICENCE_URL)}">'
              f"{esc(LICENCE_NAME)}</a>. Catalogue en <strong>version {esc(version)}</strong>"
              + (f" (schéma des tables {esc(schema_version)})" if schema_version else "") + ".</p>")
    page.section("Catalogue complet", "catalogue")
    page.html("<p>Les fichiers CSV (un par table, réunis dans un ZIP) sont prêts pour un tableur français : encodage "
              "UTF-8 avec BOM, séparateur point-virgule, virgule décimale. Le paquet de données (ZIP) contient les CSV "
              "d’origine (séparateur virgule, point décimal), le descripteur <code>datapackage.json</code> avec les "
              "schémas des tables, et le texte intégral des documents sources. Le JSON et la base SQLite sont "
              "compressés (gzip : <code>gunzip catalogue.json.gz</code>, ou ouverture directe par la plupart des "
              "outils).</p>")
    page.html(download_table(page, links.CATALOGUE_DOWNLOADS, ctx.downloads.get("catalogue", [])))
    page.html("<p>Les adresses des fichiers sont stables d’une version à l’autre "
              "(<code>telechargements/catalogue/catalogue.xlsx</code>, "
              "<code>telechargements/contrats/&lt;identifiant&gt;/&lt;identifiant&gt;.xlsx</code>…). "
              f"L’index {page.link(links.DOWNLOADS + 'index.json', 'telechargements/index.json')} "
              "les liste tous, pour les scripts : chemin, format, taille, empreinte SHA-256 et nombre de lignes de "
              "chaque table. Dans le classeur Excel et les CSV pour tableur, un texte qui commence par = + - @ est "
              f"protégé pour ne jamais être calculé comme une formule ({page.link(links.METHODOLOGIE + '#telechargements', 'méthodologie')}).</p>")
    counts = [[f'<a href="#table-{esc(name)}">{esc(t.resource.get("title", name))}</a>', f"<code>{esc(name)}</code>",
               esc(fmt.group_digits(len(t.rows)))] for name, t in cat.tables.items()]
    page.html(table(["Table", "Nom", "Lignes"], counts, numeric=[2], caption="Contenu du catalogue"))
    page.section("Par contrat", "par-contrat")
    page.html("<p>Chaque contrat a deux fichiers : le <strong>classeur Excel</strong>, pour le lire ou le calculer "
              "dans un tableur (Excel, LibreOffice : colonnes typées et titrées en français, il remplace les CSV pour "
              "tableur), et le <strong>paquet Frictionless</strong> (ZIP), pour les scripts (pandas, R, frictionless : "
              "CSV d’origine et textes des documents). Les schémas des tables, identiques pour tous les contrats, ne "
              "sont pas recopiés dans chaque paquet : son <code>datapackage.json</code> donne l’adresse de chacun, "
              "publié une seule fois (<code>telechargements/schemas/&lt;table&gt;.json</code>, un fichier Table Schema "
              "par table, listé dans l’index) ; hors ligne, les CSV du paquet se lisent aussi sans eux. Le JSON, les "
              "CSV pour tableur et la base SQLite ne sont proposés que pour le catalogue, qui contient tous les "
              "contrats : pour un seul contrat, filtrer ses tables sur la colonne <code>contrat_id</code> (<code>id</code> "
              "dans la table des contrats, liste des documents à part). Ces deux fichiers ne changent, octet pour octet, "
              "que si les données du contrat changent.</p>")
    contracts = sorted(ctx.data.contracts, key=lambda c: fmt.sort_key(c["titre"]))
    if len(contracts) <= LIST_DOWNLOADS:
        rows = []
        for c in contracts:
            folder = links.contract_downloads(c["id"])
            files = " · ".join(page.link(folder + d.path, d.format.upper(), download="",
                                         title=f"{FORMATS[d.format]}, {size(d.size)}")
                               for d in ctx.downloads.get(c["id"], []))
            rows.append([ctx.contract_link(page, c["id"]), files])
        page.html(table(["Contrat", "Fichiers"], rows))
    else:
        page.html(f"<p>Chacun des {esc(fmt.plural(len(contracts), 'contrat'))} a ses propres fichiers, dans la section "
                  "« Télécharger » de sa fiche (à partir du "
                  f"{page.link(links.CATALOGUE, 'catalogue')}) : classeur Excel et paquet Frictionless, à "
                  "l’adresse <code>telechargements/contrats/&lt;identifiant&gt;/</code>.</p>")
    page.section("Référentiel des territoires", "referentiel")
    page.html(reference_sources(ctx))
    page.html(download_table(page, links.REFERENCE_DOWNLOADS, ctx.downloads.get("reference", [])))
    page.section("Textes des documents", "textes")
    docs = sorted(ctx.data.catalogue.rows("documents"), key=lambda d: fmt.sort_key(d["titre"]))
    if len(docs) <= LIST_PAGE:
        page.html(table(["Document", "Texte brut", "Taille"], [
            [page.link(links.document(d["document_id"]), d["titre"]),
             page.link(f"{links.DOWNLOADS}documents/{d['fichier'].rsplit('/', 1)[-1]}", d["fichier"].rsplit("/", 1)[-1],
                       download=""),
             esc(fmt.plural(d["nb_caracteres"], "caractère"))] for d in docs], numeric=[2]))
    else:
        page.html(f"<p>Les {esc(fmt.plural(len(docs), 'texte'))} sont tous dans le paquet du catalogue (ZIP, dossier "
                  "<code>documents/</code>) ; chacun est aussi lié, en texte brut, depuis sa page de la liste des "
                  f"{page.link(links.DOCUMENTS, 'documents sources')}.</p>")
    page.section("Dictionnaire des données", "dictionnaire")
    page.html("<p>Généré à partir des schémas de tables (Table Schema) du paquet <code>datapackage.json</code>. "
              "Les tables d’un contrat ont les mêmes colonnes que celles du catalogue.</p>")
    for name, t in cat.tables.items():
        page.html(f'<h3 id="table-{esc(name)}">{esc(t.resource.get("title", name))} <code>{esc(name)}</code></h3>')
        for block in dictionary(t):
            page.html(block)
    for name, t in ctx.data.reference.tables.items():
        page.html(f'<h3 id="table-reference-{esc(name)}">{esc(t.resource.get("title", name))} '
                  f'<code>{esc(name)}</code> (référentiel)</h3>')
        for block in dictionary(t):
            page.html(block)
    page.section("Licence", "licence")
    page.html(f'<p>Les données sont publiées sous <a href="{esc(LICENCE_URL)}">{esc(LICENCE_NAME)}</a> : vous pouvez '
              "les copier, les modifier, les diffuser et les exploiter, y compris commercialement, à condition de "
              "mentionner leur source (« Contrats territoriaux ouverts ») et la date de la version utilisée. Les textes "
              "des documents sources restent soumis à leur propre statut, indiqué sur chaque page de document.</p>")
    page.section("Citer le catalogue", "citer")
    page.html(citation_block(ctx, page, cat.descriptor.get("title", "Catalogue")))
    names = sorted({t.label for ts in ctx.xref.contract_territories.values() for t in ts}, key=fmt.sort_key)
    years = [y for c in ctx.data.contracts for y in (c["annee_debut"], c["annee_fin"]) if y]
    extra: dict = {"keywords": cat.descriptor.get("keywords", [])}
    if years:
        extra["temporalCoverage"] = f"{min(years)}/{max(years)}"
    if names:
        extra["spatialCoverage"] = [{"@type": "Place", "name": n} for n in names]
    page.html(jsonld_dataset(ctx, page, cat.descriptor.get("title", "Catalogue"), cat.descriptor.get("description", ""),
                             links.CATALOGUE_DOWNLOADS, ctx.downloads.get("catalogue", []), extra))
    return page
