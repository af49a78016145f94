# Quick start: `make run` (API with demo data on 127.0.0.1:5005) and `make test` (every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5005

.PHONY: run worker test lint install services tools migrate demo mailman

$(BIN)/aether: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

install: $(BIN)/aether

# GNU Mailman 3 core, for the tests of the Mailman REST client (tests/mailman.py): a virtualenv of
# its own, since Mailman pins its own SQLAlchemy, alembic and falcon. The lock comes from
# mailman-requirements.in: pip-compile --generate-hashes --strip-extras --no-emit-index-url
# --no-emit-find-links -o requirements-mailman.lock mailman-requirements.in
MAILMAN_VENV := .venv-mailman
$(MAILMAN_VENV)/bin/mailman: requirements-mailman.lock
	$(PYTHON) -m venv $(MAILMAN_VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(MAILMAN_VENV)/bin/pip install -q --disable-pip-version-check --require-hashes -r requirements-mailman.lock
	touch $@

mailman: $(MAILMAN_VENV)/bin/mailman

services:
	scripts/services.sh

migrate: install services
	$(BIN)/aether migrate

demo: migrate
	$(BIN)/aether seed-lookups
	$(BIN)/aether seed-demo

run: demo
	@echo
	@echo "Try:  curl -s -H 'x-api-key: ae_demo_conference_admin_key_00000000000' http://$(HOST):$(PORT)/v3/auth/me"
	@echo
	$(BIN)/aether serve --host $(HOST) --port $(PORT)

# Background jobs (media work, schedules), beside `make run`, in another shell.
worker: migrate tools
	$(BIN)/aether worker

# curl: README's walk-through, which make test runs (tests/api/test_readme.py). ffmpeg and
# LibreOffice (writer, impress; no GUI): the media actions (api/media.py) and their tests. Node
# and npm: the TypeScript client test (openapi-typescript, tsc); Chromium: the /docs browser test.
TOOLS := curl:curl ffmpeg:ffmpeg ffprobe:ffmpeg soffice:libreoffice-writer-nogui soffice:libreoffice-impress-nogui \
	node:nodejs npm:npm chromium:chromium
tools:
	@missing=$$(for pair in $(TOOLS); do command -v $${pair%%:*} >/dev/null || echo $${pair#*:}; done | sort -u); \
	[ -z "$$missing" ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } || \
		{ echo "make: the tests need: apt-get install $$missing"; exit 1; }

lint: install
	$(BIN)/sqlfluff lint db

test: install services tools mailman lint
	$(BIN)/pytest tests/sql tests/api
