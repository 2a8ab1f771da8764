"""Filesystem locations used by every stage (paths only, no logic)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "sources"
CONTRACTS_DIR = SOURCES / "contrats"
DOCUMENTS_DIR = SOURCES / "documents"
REFERENCE_SRC = SOURCES / "reference"
DATAPACKAGES = ROOT / "datapackages"
CATALOGUE_PKG = DATAPACKAGES / "catalogue"
BUILD = ROOT / "build"
VALIDATION_REPORT = BUILD / "validation.json"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
