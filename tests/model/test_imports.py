"""A removed name imported with ``from M import name`` reaches the model: the import and all
its uses are rewritten and proven together, as one fix (each use's rewrite stubbed here)."""

from __future__ import annotations

import pytest

from codesync.analysis.findings import Edit, Fix
from codesync.analysis.positions import LineIndex
from codesync.config import Settings
from codesync.fixes.apply import apply_edits
from codesync.model.imports import rewrite_import
from codesync.model.rewrite import eligible
from codesync.project import Project

SOURCE = """\
import os
from matplotlib.cm import register_cmap, ScalarMappable

register_cmap(name="x", cmap=c)
if os:
    register_cmap(name="y", cmap=d)  # kept
print(ScalarMappable)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return Project(tmp_path_factory.mktemp("imports"),
                   Settings(target={"matplotlib": "3.9.0"}, baseline={"matplotlib": "3.6.3"}))


def _finding(project, source):
    [found] = [f for f in project.check_source(source, "c.py").findings if f.kind == "removed"]
    return found


def _register(text, use):
    node = use.evidence.site.node
    name, cmap = (k.value for k in node.keywords)
    new = f"matplotlib.colormaps.register({cmap.id}, name={name.value!r})"
    return Fix("use", "model", (Edit(*LineIndex(text).span(node), new),))


def _check(project):
    return lambda text: project.check_source(text, "c.py").findings


def test_the_import_and_every_use_are_one_proven_fix(project):
    finding = _finding(project, SOURCE)
    assert eligible(finding)
    fix = rewrite_import(SOURCE, finding, _check(project), _register, "T")
    assert fix is not None and fix.source == "model"
    assert apply_edits(SOURCE, list(fix.edits)) == SOURCE.replace(
        "from matplotlib.cm import register_cmap, ScalarMappable",
        "from matplotlib.cm import ScalarMappable\nimport matplotlib.cm").replace(
        'register_cmap(name="x", cmap=c)', "matplotlib.colormaps.register(c, name='x')").replace(
        'register_cmap(name="y", cmap=d)', "matplotlib.colormaps.register(d, name='y')")


def test_one_use_left_unproven_leaves_all_unfixed(project):
    finding = _finding(project, SOURCE)
    calls = []

    def second_fails(text, use):
        calls.append(use.line)
        return _register(text, use) if len(calls) == 1 else None

    assert rewrite_import(SOURCE, finding, _check(project), second_fails, "T") is None


def test_a_use_not_understood_is_not_rewritten(project):
    source = "from matplotlib.cm import register_cmap\n\nr = register_cmap\nr(name='x', cmap=c)\n"
    finding = _finding(project, source)
    assert rewrite_import(source, finding, _check(project), _register, "T") is None


def test_a_use_the_module_spelling_does_not_report_proves_nothing(project):
    finding = _finding(project, SOURCE)
    clean = lambda text: [f for f in project.check_source(text, "c.py").findings  # noqa: E731
                          if f.line != 5]  # the first use, spelled with the module
    assert rewrite_import(SOURCE, finding, clean, _register, "T") is None
