# claimstream: `make demo` sets everything up on a fresh machine and runs the demo;
# `make test` sets up (quick when already done) and runs the test suite.
#
# `setup` is stamped (.venv/.setup-done) and reruns only when pyproject.toml or the Kafka pom
# change. It installs missing system packages when run as root on Debian/Ubuntu (Java, Maven,
# Prometheus, Alertmanager, Chromium and its driver for the ledger page test, python3-venv), creates .venv, installs the package with its test
# extras, and fetches the Kafka jars from Maven Central once (~43 MB into ~/.claimstream).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup system-packages demo test soak lint

setup: $(STAMP)

$(STAMP): pyproject.toml deploy/kafka/pom.xml
	@$(MAKE) --no-print-directory system-packages
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test,train]'  # train: scikit-learn, so the trainer's export test runs too
	$(BIN)/claimstream broker fetch
	@touch $@

# Missing tools are installed with apt-get when we are root; otherwise say what to install.
system-packages:
	@pkgs=""; \
	command -v java >/dev/null || pkgs="$$pkgs openjdk-17-jre-headless"; \
	command -v mvn >/dev/null || pkgs="$$pkgs maven"; \
	command -v promtool >/dev/null || pkgs="$$pkgs prometheus"; \
	command -v amtool >/dev/null || pkgs="$$pkgs prometheus-alertmanager"; \
	command -v chromium >/dev/null || pkgs="$$pkgs chromium"; \
	command -v chromedriver >/dev/null || pkgs="$$pkgs chromium-driver"; \
	test -x $(BIN)/python || $(PYTHON) -c 'import ensurepip' 2>/dev/null || pkgs="$$pkgs python3-venv"; \
	if [ -z "$$pkgs" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing system packages:$$pkgs"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q; \
		apt-get install -y -q --no-install-recommends $$pkgs; \
	else \
		echo "missing system packages:$$pkgs (install them, e.g. sudo apt-get install$$pkgs)" >&2; \
		exit 1; \
	fi

demo: setup
	$(BIN)/claimstream demo

test: setup
	$(BIN)/pytest

soak: setup
	$(BIN)/pytest -m soak

lint: setup
	$(BIN)/ruff check services tests
	$(BIN)/ruff format --check services tests
	$(BIN)/mypy services/claimstream
