"""Names a module imports from another distribution are names it has: ``from tokenize
import TokenError`` in a module without ``__all__`` is an attribute (and what a star import
of it gives), so an earlier release's own ``TokenError`` there did not go away (sympy 1.2's
``sympy_parser``). Where either branch may run, or an ``except ImportError`` stands in for an
optional dependency, the other distribution's import is kept over the local stand-in: its
shape is unknown, so calls made with the real one are not judged by the stand-in's signature
(sympy's ``GMPYRational``: gmpy2's ``mpq``, or a placeholder class taking one argument)."""

from __future__ import annotations

from helpers.fakelib import snapshot


def test_a_name_imported_from_elsewhere_is_an_attribute_of_a_module_without_all():
    snap = snapshot({
        "fakelib/__init__.py": "from .parser import parse\n",
        "fakelib/parser.py": '''
            from __future__ import annotations
            from tokenize import TokenError, generate_tokens as _generate
            import os
            def parse(s): pass
        ''',
        "fakelib/listed.py": '''
            from tokenize import TokenError
            __all__ = ["run"]
            def run(): pass
        ''',
    })
    # bound there, not offered: no export of another distribution's class, but no removal
    assert "fakelib.parser.TokenError" not in snap.exports
    assert snap.definitions["fakelib.parser"].unlisted == ["TokenError"]
    assert "fakelib.listed.TokenError" not in snap.exports
    assert snap.definitions["fakelib.listed"].unlisted == ["TokenError"]


GROUND_TYPES = {
    "fakelib/__init__.py": "from .ground import GMPYRational, MPQ, Plain\n",
    "fakelib/ground.py": '''
        import os
        GROUND_TYPES = os.environ.get("GROUND_TYPES", "auto")

        class _GMPYRational:
            def __init__(self, obj):
                pass

        class Plain:
            def __init__(self, obj):
                pass

        if GROUND_TYPES == "gmpy":
            from gmpy2 import mpq as GMPYRational
        elif GROUND_TYPES == "flint":
            GMPYRational = _GMPYRational
        else:
            GMPYRational = _GMPYRational

        try:
            from gmpy2 import mpq as MPQ
        except ImportError:
            from ._pythonmpq import PythonMPQ as MPQ

        if GROUND_TYPES == "plain":
            Plain = Plain
    ''',
    "fakelib/_pythonmpq.py": '''
        class PythonMPQ:
            def __init__(self, numerator, denominator=None):
                pass
    ''',
}


def test_either_branch_keeps_the_other_distribution_s_import():
    snap = snapshot(GROUND_TYPES)
    assert snap.exports["fakelib.ground.GMPYRational"] == "gmpy2.mpq"
    # and where it is imported from there
    assert snap.exports["fakelib.GMPYRational"] == "gmpy2.mpq"


def test_an_except_import_error_stand_in_does_not_replace_the_import():
    snap = snapshot(GROUND_TYPES)
    assert snap.exports["fakelib.ground.MPQ"] == "gmpy2.mpq"


def test_local_rebindings_in_branches_are_unchanged():
    snap = snapshot(GROUND_TYPES)
    assert snap.exports["fakelib.Plain"] == "fakelib.ground.Plain"


def test_with_all_a_name_the_module_defines_where_the_import_fails_stays_its_own():
    snap = snapshot({"fakelib/__init__.py": '''
        __all__ = ("run", "DocInfo")
        def run(): pass
        try:
            from typing_extensions import Doc
        except ImportError:
            class Doc:
                def __init__(self, documentation): pass
        DocInfo = Doc
    '''})
    assert snap.exports["fakelib.Doc"] == "typing_extensions.Doc"
    assert snap.exports["fakelib.DocInfo"] == "typing_extensions.Doc"


def test_an_optional_dependency_s_flag_stays_a_value_and_a_version_branch_stand_in_counts():
    snap = snapshot({"fakelib/__init__.py": '''
        import sys
        __all__ = ("run",)
        def run(): pass
        try:
            from chardet import __version__ as chardet_version
        except ImportError:
            chardet_version = None
        if sys.version_info >= (3, 11):
            from shlex import quote
        else:
            def quote(s): pass
    '''})
    assert snap.exports["fakelib.chardet_version"] == "fakelib.chardet_version"
    assert snap.exports["fakelib.quote"] == "shlex.quote"


def test_a_value_or_the_distribution_s_own_import_in_the_other_branch_is_kept():
    snap = snapshot({
        "fakelib/__init__.py": '''
            import os, sys
            from typing import TYPE_CHECKING
            SSL_AVAILABLE = True
            if sys.version_info >= (3, 12):
                from collections.abc import Buffer
            else:
                from typing import Union
                Buffer = Union[bytes, bytearray]
            if os.environ.get("USE_FAST"):
                from fastlib import Add
            else:
                from fakelib.core import Add
            if TYPE_CHECKING and SSL_AVAILABLE:
                from ssl import TLSVersion
            else:
                TLSVersion = None
        ''',
        "fakelib/core.py": "class Add:\n    def __init__(self, *args, evaluate=True): pass\n",
    })
    assert snap.exports["fakelib.Buffer"] == "fakelib.Buffer"  # a value either way
    assert snap.exports["fakelib.Add"] == "fakelib.core.Add"  # the library's own class
    # ``TYPE_CHECKING and ...`` never runs: the else branch is what the module has
    assert snap.exports["fakelib.TLSVersion"] == "fakelib.TLSVersion"


def test_a_star_import_gives_the_stand_in_name():
    snap = snapshot({
        "fakelib/__init__.py": "",
        "fakelib/testing.py": '''
            try:
                from _pytest.outcomes import Failed
            except ImportError:
                class Failed(Exception):
                    pass
        ''',
        "fakelib/old_testing.py": "from fakelib.testing import *\n",
    })
    assert snap.exports["fakelib.old_testing.Failed"] == "_pytest.outcomes.Failed"


def test_a_stand_in_behind_a_nested_import_fallback_counts():
    # fastapi's EmailStr: an inner try imports it from one place or another, the outer
    # ``except ImportError`` defines it when the optional dependency is missing
    snap = snapshot({"fakelib/__init__.py": '''
        __all__ = ["run"]
        def run(): pass
        try:
            import email_validator
            try:
                from pydantic import EmailStr
            except ImportError:
                from pydantic.types import EmailStr
        except ImportError:
            class EmailStr(str):
                pass
    '''})
    assert snap.exports["fakelib.EmailStr"] == "pydantic.EmailStr"


def test_a_name_bound_to_another_distribution_s_attribute_is_an_attribute_not_an_export():
    snap = snapshot({
        "fakelib/__init__.py": '''
            import sys, inspect
            from .core import run
            CUR_OS = sys.platform
            POS = inspect.Parameter.POSITIONAL_OR_KEYWORD
            long = int
            again = run
        ''',
        "fakelib/core.py": "def run(): pass\n",
    })
    assert snap.definitions["fakelib"].unlisted == ["CUR_OS", "POS", "long"]
    assert "fakelib.CUR_OS" not in snap.exports and snap.exports["fakelib.again"] == "fakelib.core.run"
