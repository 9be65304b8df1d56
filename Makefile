# Two commands do everything on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA := $(or $(TIPLINE_DATA_DIR),var)
PORT ?= 8000
export TIPLINE_DATA_DIR := $(abspath $(DATA))

.PHONY: run test lint venv system-deps messages clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# Debian packages: libmagic for sniffing uploads, chromium + CJK fonts for browser tests (and
# the fonts embedded in reward certificates), poppler-utils (pdftotext) to check certificates.
SYSTEM_PACKAGES := libmagic1 chromium fonts-noto-cjk gettext poppler-utils
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

run: venv
	bin/run-dev $(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p $(TIPLINE_DATA_DIR)
	TIPLINE_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	TIPLINE_DEBUG=1 $(BIN)/mypy core accounts audit

test: venv system-deps lint
	TIPLINE_TEST_DATABASE=postgres $(BIN)/pytest -n 2 --dist loadfile
	TIPLINE_TEST_DATABASE=sqlite $(BIN)/pytest -n 2 --dist loadfile -m "not browser and not postgres_only"

messages: venv
	cd $(CURDIR) && TIPLINE_DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore '.venv/*' --ignore 'var/*'
	TIPLINE_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) $(DATA)
