"""Builds the wheel with the shipped knowledge prebuilt inside it.

Everything about the project is declared in pyproject.toml; this file only adds one build step.
A wheel carries ``codesync/_shipped/``: ``knowledge.db`` (the SQLite database built from the
committed text form in ``knowledge/api``), ``recipes.toml``, ``libraries.toml``, the model
adapter when there is one and the types read from stub distributions (``stubs/``). An
installed wheel therefore opens its knowledge at once, with no build on first use and
nothing read from a source checkout. Editable installs read the checkout's ``knowledge/``
instead and build the database once into the user cache.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
KNOWLEDGE = ROOT / "knowledge"
DATA_FILES = ("recipes.toml", "libraries.toml")


class BuildWithKnowledge(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or not (KNOWLEDGE / "api").is_dir():
            return
        build_shipped(Path(self.build_lib) / "codesync" / "_shipped")


def build_shipped(target: Path) -> None:
    sys.path.insert(0, str(ROOT / "server"))
    from codesync.knowledge.database import build_layer

    target.mkdir(parents=True, exist_ok=True)
    damaged = build_layer([KNOWLEDGE / "api"], target / "knowledge.db")
    if damaged:
        raise SystemExit(f"the shipped knowledge is damaged: {', '.join(damaged)}")
    for name in DATA_FILES:
        shutil.copy2(KNOWLEDGE / name, target / name)
    for folder in ("model", "stubs"):
        if (KNOWLEDGE / folder).is_dir():
            shutil.copytree(KNOWLEDGE / folder, target / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithKnowledge})
