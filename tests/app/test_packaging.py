"""`main.py --self-test` from source, and the PyInstaller build: the frozen app passes its self-test."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def run_self_test(command: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    environment.pop("FORESIGHT_KEYS_HOME", None)
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300, cwd=tmp_path)


def test_self_test_from_source_passes(tmp_path):
    result = run_self_test([sys.executable, str(REPOSITORY / "main.py"), "--self-test"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test (from source): 3 passed, 0 failed" in result.stdout
    assert "propagateSizeHints" not in result.stdout + result.stderr  # Qt's offscreen noise is kept out
    assert not (tmp_path / "home").exists()  # it wrote only to its temporary user folder


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the Linux archive is built here; see README for the others")
def test_frozen_build_passes_its_self_test_from_the_archive(tmp_path):
    build = subprocess.run([str(REPOSITORY / "packaging" / "build.sh")], capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    archives = sorted((REPOSITORY / "dist").glob("ForesightKeys-*-linux-x86_64.tar.gz"))
    assert archives, "no archive built"
    with tarfile.open(archives[-1]) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    assert {"app", "foresight-keys.desktop", "foresight-keys.png", "install.sh"} <= {p.name for p in unpacked.iterdir()}
    installed = subprocess.run([str(unpacked / "install.sh")], capture_output=True, text=True,
                               env={**os.environ, "PREFIX": str(tmp_path / "prefix")}, timeout=300)
    assert installed.returncode == 0, installed.stderr
    launcher = tmp_path / "prefix" / "bin" / "ForesightKeys"
    result = run_self_test([str(launcher), "--self-test"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test (frozen): 3 passed, 0 failed" in result.stdout
