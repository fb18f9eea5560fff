# 售后服务训练营: every task a content editor or developer needs.
# `make help` lists the targets. Everything installs what it needs first.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.deps-stamp
NODE_STAMP := node_modules/.deps-stamp
SYS_STAMP := $(VENV)/.sysdeps-stamp
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help deps sysdeps check build pdf serve stats schema test bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install the Debian package python3-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt PKGS="nodejs npm"
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(STAMP) $(NODE_STAMP) ## Install Python packages into .venv and the offline-search shim

apt:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	 $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(PKGS)

sysdeps: ## Install Chromium, a CJK font, Pango and poppler (Debian) when missing
	@missing=""; \
	 command -v chromium >/dev/null || missing="$$missing chromium"; \
	 command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	 fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	 command -v pdffonts >/dev/null || missing="$$missing poppler-utils"; \
	 ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	 ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || missing="$$missing libharfbuzz-subset0"; \
	 if [ -n "$$missing" ]; then echo "installing:$$missing"; $(MAKE) --no-print-directory apt PKGS="$$missing"; fi

check: $(STAMP) ## Validate every content file and list all problems
	$(PY) -m build_tools check

build: deps sysdeps ## Build the complete site and its PDFs into site/ (the old site stays if anything fails)
	$(PY) -m build_tools build

pdf: deps sysdeps ## Write the course, drill workbook and answer key PDFs into site/pdf/
	$(PY) -m build_tools pdf

serve: deps ## Build and serve on http://127.0.0.1:8000 with live reload
	$(PY) -m build_tools serve

stats: $(STAMP) ## Print counts over the course
	$(PY) -m build_tools stats

schema: $(STAMP) ## Regenerate the JSON Schemas for editors
	$(PY) -m build_tools schema

test: deps sysdeps ## Run the whole test suite (installs what it needs)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: deps sysdeps ## Measure build time, page weight, drill responsiveness, search quality and PDF growth
	$(PY) -m build_tools bench

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .site-build-* .site-old-* .pytest_cache tests/artifacts
