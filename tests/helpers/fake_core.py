"""A fake library (`fakelib`) in three releases that exercise every finding kind."""

from __future__ import annotations

import textwrap
from pathlib import Path

from codesync.engine.archive import SourceFile
from codesync.engine.release import build_snapshot
from codesync.knowledge import textform

CORE_1_0 = '''
class Base:
    def inherited(self, a, b=1):
        pass

class Frame(Base):
    def __init__(self, data=None, copy=False):
        pass

    def append(self, other, ignore_index=False):
        pass

    def head(self, n=5) -> "Frame":
        return self

def load(path, sep=",", squeeze=None) -> Frame:
    return Frame()

def old_func(x):
    pass

def shifted(a, b=None, c=None):
    pass

def renamed_kw(data, line_terminator=None):
    pass

def product(a, axis=None):
    pass

def prod(a, axis=None):
    pass
'''

CORE_1_5 = CORE_1_0.replace('''def old_func(x):
    pass''', '''def old_func(x):
    warnings.warn("old_func is deprecated and will be removed in 2.0; use new_func instead",
                  DeprecationWarning)

def new_func(x):
    pass''').replace('''def product(a, axis=None):
    pass''', '''def product(a, axis=None):
    warnings.warn("`product` is deprecated as of fakelib 1.5, use `prod` instead",
                  DeprecationWarning)''').replace('''def renamed_kw(data, line_terminator=None):''', '''@deprecate_kwarg(old_arg_name="line_terminator", new_arg_name="lineterminator")
def renamed_kw(data, lineterminator=None):''').replace('''class Base:''', '''import warnings
from ._decorators import deprecate_kwarg

class Base:''')

CORE_2_0 = '''
class Base:
    def inherited(self, a, b=1):
        pass

class Frame(Base):
    def __init__(self, data=None, copy=False):
        pass

    def head(self, n=5) -> "Frame":
        return self

def load(path, sep=","):
    return Frame()

def new_func(x):
    pass

def shifted(a, c=None, b=None):
    pass

def renamed_kw(data, lineterminator=None):
    pass

def prod(a, axis=None):
    pass
'''

INIT = '''
from .core import *
from . import sub
'''

RELEASES = {
    "1.0": {"fakelib/__init__.py": INIT, "fakelib/core.py": CORE_1_0,
            "fakelib/sub.py": "def helper(x, mode='a'):\n    pass\n"},
    "1.5": {"fakelib/__init__.py": INIT, "fakelib/core.py": CORE_1_5,
            "fakelib/_decorators.py": "def deprecate_kwarg(old_arg_name, new_arg_name):\n    pass\n",
            "fakelib/sub.py": "def helper(x, mode='a'):\n    pass\n"},
    "2.0": {"fakelib/__init__.py": INIT, "fakelib/core.py": CORE_2_0,
            "fakelib/sub.py": "def helper(x, mode='b'):\n    pass\n"},
}


def write_knowledge(root: Path, dist: str, releases: dict[str, dict[str, str]],
                    published: list[str] | None = None) -> Path:
    history = textform.DistributionHistory(dist, import_names=[dist])
    for version, files in releases.items():
        sources = [SourceFile(p, textwrap.dedent(t)) for p, t in files.items()]
        snapshot = build_snapshot(sources, [dist])
        info = textform.ReleaseInfo(version, snapshot.status, snapshot.reason,
                                    apis=len(snapshot.exports))
        history.put(info, snapshot.exports, snapshot.definitions)
    history.published = published or list(releases)
    textform.save(history, root)
    return root
