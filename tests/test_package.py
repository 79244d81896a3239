"""Marks of a real package: licence in the wheel, one version, a changelog, honest python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import papertoolkit as ptk
from papertoolkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def test_version_has_one_source(capsys):
    assert ptk.__version__ == VERSION
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"papertoolkit {VERSION}\n"
    assert "__version__ =" not in (ROOT / "papertoolkit" / "__init__.py").read_text()


def test_version_from_the_console(tmp_path):
    result = subprocess.run([sys.executable, "-m", "papertoolkit.cli", "--version"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"papertoolkit {VERSION}\n",
                                                                 "")


def test_license_is_mit_and_declared():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_changelog_keeps_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "keepachangelog.com" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## [Unreleased]"
    assert f"## [{VERSION}]" in " ".join(headings)


def test_requires_python_claims_what_runs():
    floor = PYPROJECT["project"]["requires-python"]
    assert floor == ">=3.11"
    assert sys.version_info >= (3, 11)
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"


def test_wheel_carries_the_license(tmp_path):
    setuptools = pytest.importorskip("setuptools")
    if int(setuptools.__version__.split(".")[0]) < 77:
        pytest.skip(f"setuptools {setuptools.__version__} < 77 cannot build this pyproject")
    pytest.importorskip("wheel")
    src = tmp_path / "src"  # build from a copy: the checkout stays clean
    shutil.copytree(ROOT / "papertoolkit", src / "papertoolkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path / "dist"), str(src)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "dist").glob("papertoolkit-*.whl")
    assert wheel.name.startswith(f"papertoolkit-{VERSION}-")
    with zipfile.ZipFile(wheel) as archive:
        info = f"papertoolkit-{VERSION}.dist-info"
        license_text = archive.read(f"{info}/licenses/LICENSE").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
        names = set(archive.namelist())
    # the offline map's scripts (report, write_network_html) are package data
    assert {"papertoolkit/network/static/sigma_page.js",
            "papertoolkit/network/static/sigma_hover.js"} <= names
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata
    assert "License-File: LICENSE" in metadata
    assert "Requires-Python: >=3.11" in metadata


def test_single_file_writes_get_the_usual_mode(tmp_path):
    from papertoolkit._atomic import write_file_atomic

    target = tmp_path / "report.html"
    write_file_atomic(target, "<p>x</p>")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_text(encoding="utf-8") == "<p>x</p>"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left
