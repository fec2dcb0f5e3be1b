"""``__all__`` built from a literal table in another module of the distribution (pygments'
``list(LEXERS)``, served lazily by a module-replacing ``__getattr__``): its keys are names the
module has, each the class the entry's module defines."""

from __future__ import annotations

from helpers.fakelib import snapshot

LIBRARY = {
    "fakelib/__init__.py": "",
    "fakelib/lexers/_mapping.py": '''
        LEXERS = {
            'AlphaLexer': ('fakelib.lexers.alpha', 'Alpha', ('alpha',)),
            'BetaLexer': ('fakelib.lexers.beta', 'Beta', ('beta',)),
        }
    ''',
    "fakelib/lexers/_names.py": '''
        EXTRA = ['Gamma']
    ''',
    "fakelib/lexers/__init__.py": '''
        import sys
        import types
        from fakelib.lexers._mapping import LEXERS
        from fakelib.lexers._names import EXTRA

        COMPAT = {'OldAlphaLexer': 'AlphaLexer'}
        __all__ = ['get_lexer'] + list(LEXERS) + list(COMPAT)

        def get_lexer(name):
            pass

        class _automodule(types.ModuleType):
            def __getattr__(self, name):
                info = LEXERS.get(name)
                if info:
                    return __import__(info[0])
                raise AttributeError(name)

        oldmod = sys.modules[__name__]
        newmod = _automodule(__name__)
        newmod.__dict__.update(oldmod.__dict__)
        sys.modules[__name__] = newmod
    ''',
    "fakelib/lexers/alpha.py": '''
        __all__ = ['AlphaLexer']
        class AlphaLexer:
            def __init__(self, stripnl=True):
                pass
    ''',
    "fakelib/lexers/beta.py": '''
        __all__ = ['BetaLexer']
        class BetaLexer:
            pass
    ''',
    "fakelib/other.py": '''
        from fakelib.lexers._names import EXTRA
        from elsewhere import NAMES
        __all__ = list(EXTRA)
        Gamma = 1
        def helper():
            pass
    ''',
    "fakelib/foreign.py": '''
        from elsewhere import NAMES
        __all__ = ['one'] + list(NAMES)
        def one():
            pass
        def two():
            pass
    ''',
}


def test_keys_of_a_table_in_another_module_are_exports_bound_to_their_classes():
    snap = snapshot(LIBRARY)
    assert snap.exports["fakelib.lexers.AlphaLexer"] == "fakelib.lexers.alpha.AlphaLexer"
    assert snap.exports["fakelib.lexers.BetaLexer"] == "fakelib.lexers.beta.BetaLexer"
    assert snap.exports["fakelib.lexers.get_lexer"] == "fakelib.lexers.get_lexer"
    assert [p.name for p in snap.definitions["fakelib.lexers.alpha.AlphaLexer.__init__"].params] \
        == ["stripnl"]


def test_a_literal_list_in_another_module_lists_names():
    snap = snapshot(LIBRARY)
    assert "fakelib.other.Gamma" in snap.exports


def test_a_table_of_another_distribution_leaves_the_module_bound_names():
    snap = snapshot(LIBRARY)
    assert "fakelib.foreign.one" in snap.exports
    assert "fakelib.foreign.two" in snap.exports
