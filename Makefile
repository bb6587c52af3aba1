# Both entry points create .venv/ themselves on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

# A first run says what it does (making the venv takes a minute) and shows nothing else:
# pip shows errors only (-qq: a pip.conf naming an index folder that is missing made one
# warning per package), and pyproject.toml is written so setuptools has nothing to warn about.
$(STAMP): pyproject.toml
	@echo "kechuang: making the virtual environment $(VENV)/ (first run only, about a minute)"
	@$(PY) -m venv $(VENV)
	@$(BIN)/pip install --quiet --quiet --disable-pip-version-check --upgrade pip
	@echo "kechuang: installing kechuang and its dependencies into $(VENV)/"
	@$(BIN)/pip install --quiet --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)
	@echo "kechuang: ready"

run: $(STAMP)
	$(BIN)/kechuang

test: $(STAMP)
	$(BIN)/ruff check store tui tests benchmarks
	$(BIN)/python .ci/no_copied_text.py
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check store tui tests benchmarks
	$(BIN)/python .ci/no_copied_text.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
