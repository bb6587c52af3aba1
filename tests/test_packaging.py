"""pyproject.toml gives setuptools nothing to warn about on a first `make run` (it printed
about 135 lines: a licence table setuptools deprecates, and data folders not listed as packages)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_licence_is_an_spdx_string() -> None:
    assert isinstance(_project()["project"]["license"], str)


def test_every_folder_with_files_in_store_and_tui_is_a_discovered_package() -> None:
    from setuptools import find_namespace_packages

    config = _project()["tool"]["setuptools"]
    found = config["packages"]["find"]
    assert found.get("namespaces", True)
    packages = set(find_namespace_packages(where=str(ROOT), include=found["include"]))
    for top in ("store", "tui"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if folder.name == "__pycache__" or not any(f.is_file() for f in folder.iterdir()):
                continue
            assert ".".join(folder.relative_to(ROOT).parts) in packages, folder


def test_makefile_install_is_quiet_and_says_what_it_does() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = [line for line in makefile.splitlines() if "pip install" in line]
    assert install and all("--quiet" in line for line in install)
    assert "making the virtual environment" in makefile
