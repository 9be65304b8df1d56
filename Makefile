# Two commands do everything on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA := $(or $(TIPLINE_DATA_DIR),var)
PORT ?= 8000
export TIPLINE_DATA_DIR := $(abspath $(DATA))

.PHONY: run dev test lint venv system-deps run-deps cluster-deps bench-cluster bench-failover services messages clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# Debian packages needed to run: libmagic for sniffing uploads; Pango and the CJK fonts that
# WeasyPrint embeds in reward certificates. Needed to test as well: chromium for browser tests,
# gettext for catalogues, poppler-utils (pdftotext) to read certificates back.
RUN_PACKAGES := libmagic1 fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
# pgbouncer for its test (skipped without it); the cluster bench (bench/cluster.py) also needs
# HAProxy in front of the web nodes, wrk to drive them, and PostgreSQL's cluster tools; the
# failover bench (bench/failover.py) Patroni and one etcd (deploy/patroni-cluster.sh).
CLUSTER_PACKAGES := pgbouncer haproxy wrk postgresql-15 patroni etcd-server
SYSTEM_PACKAGES := $(RUN_PACKAGES) chromium gettext poppler-utils pgbouncer
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef
system-deps:
	$(call install_missing,$(SYSTEM_PACKAGES))
run-deps:
	$(call install_missing,$(RUN_PACKAGES))
cluster-deps:
	$(call install_missing,$(CLUSTER_PACKAGES))

# Two web nodes behind HAProxy, PostgreSQL primary + standbys, pgbouncer, Redis, RQ workers;
# kills a node and a standby mid-run (bench/cluster.py, docs/scaling.md).
bench-cluster: venv cluster-deps services
	$(BIN)/python bench/cluster.py

# A three-member Patroni cluster in synchronous mode; kill -9 of the leader under submissions
# (bench/failover.py, docs/scaling.md).
bench-failover: venv cluster-deps services
	$(BIN)/python bench/failover.py

# Start PostgreSQL and Redis if they are installed but stopped (the tests use both).
services:
	bin/services postgres redis

# The production server (gunicorn, debug off, WhiteNoise) with the task worker and scheduler.
run: venv run-deps
	bin/run serve $(PORT)

# Django's development server, debug on; same data directory, worker and scheduler.
dev: venv run-deps
	bin/run dev $(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r core accounts audit intake cases rewards tipline
	TIPLINE_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	TIPLINE_DEBUG=1 $(BIN)/mypy core accounts audit

test: venv system-deps services lint
	TIPLINE_TEST_DATABASE=postgres $(BIN)/pytest -n 2 --dist loadfile
	TIPLINE_TEST_DATABASE=sqlite $(BIN)/pytest -n 2 --dist loadfile -m "not browser and not postgres_only"

messages: venv
	cd $(CURDIR) && TIPLINE_DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'var/*'
	TIPLINE_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) $(DATA)
