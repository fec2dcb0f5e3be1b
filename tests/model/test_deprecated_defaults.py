"""A module-level per-parameter deprecation table (pandas 1.4-1.5's ``_deprecated_defaults``)
is read as the parameters' deprecations, and its advice reaches the template fixer (a
library written for the test)."""

from __future__ import annotations

from codesync.config import Settings
from codesync.fixes.apply import apply_edits
from codesync.project import Project
from helpers.fakelib import snapshot, write_history

READERS = '''
from typing import NamedTuple
import warnings

class _Config(NamedTuple):
    default_value: object
    msg: str | None

_deprecated_defaults: dict[str, _Config] = {
    "squeeze": _Config(None, 'Append .squeeze("columns") to the call to squeeze.'),
    "prefix": _Config(None, "Use a list comprehension on the column names in the future."),
    "quiet": _Config(None, None),
    "error_bad": _Config(None, "Use on_bad in the future."),
}

def load(path, squeeze=None, prefix=None, sep=",", error_bad=None, on_bad=None):
    return _Reader(path, squeeze=squeeze, prefix=prefix).read()

class _Reader:
    def __init__(self, path, squeeze=None, prefix=None):
        for arg, config in _deprecated_defaults.items():
            warnings.warn(f"{arg} is deprecated. {config.msg}", FutureWarning)

def dump(frame, sep=","):
    pass
'''
FRAME = '''
class Frame:
    def squeeze(self, axis=None):
        pass
'''
V1 = {"tabkit/__init__.py": "from .readers import load, dump\nfrom .frame import Frame\n",
      "tabkit/readers.py": READERS, "tabkit/frame.py": FRAME}
V2 = {**V1, "tabkit/readers.py": "def load(path, sep=','):\n    pass\n\n"
                                 "def dump(frame, sep=','):\n    pass\n"}


def test_the_table_deprecates_each_parameter_of_the_module_s_functions() -> None:
    definitions = snapshot(V1, ["tabkit"]).definitions
    load = definitions["tabkit.readers.load"]
    assert set(load.param_deprecations) == {"squeeze", "prefix", "error_bad"}
    squeeze = load.param_deprecations["squeeze"]
    assert 'Append .squeeze("columns") to the call' in squeeze.message
    assert squeeze.form == "parameter-table"
    assert "quiet" not in load.param_deprecations  # no such parameter
    assert not definitions["tabkit.readers.dump"].param_deprecations


def test_a_table_the_module_never_reads_is_not_taken() -> None:
    unread = READERS.replace("_deprecated_defaults.items()", "{}.items()")
    definitions = snapshot({**V1, "tabkit/readers.py": unread}, ["tabkit"]).definitions
    assert not definitions["tabkit.readers.load"].param_deprecations


def test_the_table_s_advice_gives_the_appended_method_fix(tmp_path, monkeypatch) -> None:
    root = tmp_path / "api"
    write_history(root, "tabkit", {"1.0": V1, "2.0": V2})
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    source = "import tabkit\n\nframe = tabkit.load(path, squeeze=True)\n"
    for target in ("1.0", "2.0"):  # deprecated, then removed
        project = Project(tmp_path / "proj", Settings(target={"tabkit": target},
                                                      baseline={"tabkit": "1.0"}))
        finding = next(f for f in project.check_source(source, "code.py").findings
                       if f.line == 3)
        assert finding.fixes, (target, finding.message)
        fixed = apply_edits(source, list(finding.fixes[0].edits))
        assert 'frame = tabkit.load(path).squeeze("columns")' in fixed, fixed


def test_a_table_s_successor_is_no_rename(tmp_path, monkeypatch) -> None:
    # "Use on_bad in the future": error_bad=False is not on_bad=False
    definitions = snapshot(V1, ["tabkit"]).definitions
    assert definitions["tabkit.readers.load"].param_deprecations["error_bad"].replacement is None
    root = tmp_path / "api"
    write_history(root, "tabkit", {"1.0": V1})
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    project = Project(tmp_path / "proj", Settings(target={"tabkit": "1.0"}))
    source = "import tabkit\n\nframe = tabkit.load(path, error_bad=False)\n"
    finding = next(f for f in project.check_source(source, "code.py").findings if f.line == 3)
    assert not finding.fixes
