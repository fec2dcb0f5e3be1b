"""Replacement code in deprecation texts, applied by the template fixer: an expression over
the method's receiver, a registry lookup with the call's argument, a method appended for a
flag. Each on a library written for the test."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import attach_fixes, fix_source
from helpers.fakelib import make_knowledge

V1 = '''
import warnings

class Frame:
    def mean(self, axis=None):
        pass

    def abs(self):
        pass

    def squeeze(self, axis=None):
        pass

    def spread(self, axis=None):
        pass

    def mad(self, axis=None):
        warnings.warn("mad is deprecated. To compute the same result, you may do "
                      "`(df - df.mean()).abs().mean()`.", FutureWarning)

    def peak(self):
        warnings.warn("peak is deprecated; `df.spread()` computes something else, use "
                      "`df.mean()` instead", FutureWarning)

class Registry:
    def __getitem__(self, name):
        pass

    def lookup(self, obj):
        pass

colormaps = Registry()

def get_style(name=None):
    warnings.warn("get_style is deprecated, use ``lib.colormaps[name]`` instead", FutureWarning)

def get_cmap(name=None, lut=None):
    warnings.warn("get_cmap is deprecated, use ``lib.colormaps[name]`` instead", FutureWarning)

def load(path, squeeze=None) -> Frame:
    if squeeze is not None:
        warnings.warn('The squeeze argument is deprecated. Append .squeeze("columns") to '
                      'the call to squeeze the data.', FutureWarning)
'''
V2 = '''
import warnings

class Frame:
    def mean(self, axis=None):
        pass

    def abs(self):
        pass

    def squeeze(self, axis=None):
        pass

    def spread(self, axis=None):
        pass

class Registry:
    def __getitem__(self, name):
        pass

    def lookup(self, obj):
        pass

colormaps = Registry()

def get_style(name=None):
    warnings.warn("get_style is deprecated: use ``lib.colormaps[name]`` or "
                  "``lib.colormaps.lookup(obj)``; ``get_style(name)`` goes in 3.0",
                  FutureWarning)

def load(path) -> Frame:
    pass
'''


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("templates"), "lib",
                          {"1.0": {"lib/__init__.py": V1}, "2.0": {"lib/__init__.py": V2}})


def fixed(knowledge, source: str, target: str = "2.0") -> str:
    checker = Checker(knowledge, VersionContext.of({"lib": target}, {"lib": "1.0"}))
    return fix_source(checker, source, "t.py")[0]


def fixes(knowledge, source: str, target: str = "2.0"):
    checker = Checker(knowledge, VersionContext.of({"lib": target}, {"lib": "1.0"}))
    return [f.fixes for f in attach_fixes(checker.check_source(source, "t.py").findings, source)]


HEAD = "import lib\nframe = lib.load(p)\n"


@pytest.mark.parametrize("target", ["1.0", "2.0"])  # deprecated, then removed
def test_an_expression_over_the_receiver(knowledge, target):
    assert fixed(knowledge, HEAD + "m = frame.mad()\n", target) == \
        HEAD + "m = (frame - frame.mean()).abs().mean()\n"


def test_a_receiver_with_effects_is_not_evaluated_twice(knowledge):
    source = "import lib\nm = lib.load(p).mad()\n"
    assert fixed(knowledge, source) == source


def test_an_argument_the_expression_has_no_place_for_blocks_it(knowledge):
    source = HEAD + "m = frame.mad(axis=0)\n"
    assert fixed(knowledge, source) == source


def test_a_text_showing_another_method_is_not_taken_for_the_replacement(knowledge):
    # the first code in the text names a method; the one it advises comes after
    assert fixed(knowledge, HEAD + "v = frame.peak()\n", "1.0") == HEAD + "v = frame.mean()\n"


@pytest.mark.parametrize("target", ["1.0", "2.0"])
def test_a_registry_lookup_takes_the_argument(knowledge, target):
    source = "import lib\nc = lib.get_cmap('viridis')\n"
    assert fixed(knowledge, source, target) == "import lib\nc = lib.colormaps['viridis']\n"


@pytest.mark.parametrize("target", ["1.0", "2.0"])
def test_a_lookup_among_alternatives_is_for_a_person(knowledge, target):
    # 2.0's text adds lookup(obj) beside colormaps[name]: each serves some of the values
    # get_style took, so even at 1.0, whose text named one, the rewrite is only suggested
    source = "import lib\nc = lib.get_style(style)\n"
    assert fixed(knowledge, source, target) == source
    [found] = fixes(knowledge, source, target)
    assert [(f.source, f.title) for f in found] == [("suggested", "Use `lib.colormaps[name]`")]


def test_an_unfilled_placeholder_blocks_the_lookup(knowledge):
    source = "import lib\nc = lib.get_cmap()\n"
    assert fixed(knowledge, source) == source


@pytest.mark.parametrize("target", ["1.0", "2.0"])
def test_a_method_appended_for_a_flag(knowledge, target):
    source = "import lib\nf = lib.load(p, squeeze=True)\n"
    assert fixed(knowledge, source, target) == \
        'import lib\nf = lib.load(p).squeeze("columns")\n'


def test_a_flag_turned_off_gets_no_appended_method(knowledge):
    [found] = fixes(knowledge, "import lib\nf = lib.load(p, squeeze=False)\n")
    assert all("append" not in fix.title for fix in found)


@pytest.mark.parametrize(("text", "snippets"), [
    ("To compute the same result, you may do `(df - df.mean()).abs().mean()`.",
     ["(df - df.mean()).abs().mean()"]),
    ('The squeeze argument is deprecated. Append .squeeze("columns") to the call.',
     ['.squeeze("columns")']),
    ("`df.spread()` computes something else, use `df.mean()` instead", ["df.mean()"]),
    ("``matplotlib.colormaps[name]`` or ``pyplot.get_cmap()``",
     ["matplotlib.colormaps[name]", "pyplot.get_cmap()"]),
    ("please use dns.resolver.resolve() instead", ["dns.resolver.resolve()"]),
    ("Please use `tqdm.notebook.trange` instead of `tqdm.tnrange`", ["tqdm.notebook.trange"]),
])
def test_the_code_a_text_advises(text, snippets):
    from codesync.fixes.templates import code_snippets

    assert code_snippets(text) == snippets


def test_a_text_that_shows_the_old_call_gives_no_rewrite(tmp_path):
    v1 = ('import warnings\n\ndef old_info():\n    warnings.warn("`lib.old_info()` is deprecated, '
          'use `lib.new_id` instead", DeprecationWarning)\n\ndef new_id():\n    pass\n')
    knowledge = make_knowledge(tmp_path, "lib", {"1.0": {"lib/__init__.py": v1},
                                                 "2.0": {"lib/__init__.py": v1}})
    source = "import lib\nv = lib.old_info()\n"
    assert all(fix.edits[0].new_text != "lib.old_info()"
               for found in fixes(knowledge, source) for fix in found)


SPLIT_V1 = '''
import warnings

def ident():
    pass

def release():
    pass

def sort(a, axis=-1):
    pass

def info():
    warnings.warn("info() is deprecated. Please use lib.ident(), lib.release() and "
                  "lib.label() instead.", DeprecationWarning)

def msort(a):
    warnings.warn("msort is deprecated, use lib.sort(a, axis=0) instead of lib.msort(a)",
                  DeprecationWarning)

def label():
    pass
'''


@pytest.fixture(scope="module")
def split_knowledge(tmp_path_factory):
    later = SPLIT_V1.replace("def info():", "def _gone():").replace("def msort(a):", "def _x(a):")
    return make_knowledge(tmp_path_factory.mktemp("split"), "lib",
                          {"1.0": {"lib/__init__.py": SPLIT_V1},
                           "2.0": {"lib/__init__.py": later}})


def test_advice_that_splits_one_result_over_several_calls_is_only_suggested(split_knowledge):
    """"use lib.ident(), lib.release() and lib.label()": the first call alone is not the
    old result, so `codesync fix` leaves it for a person to choose."""
    source = "import lib\nv = lib.info()\n"
    [found] = fixes(split_knowledge, source)
    assert [fix.source for fix in found] == ["suggested"]
    assert fixed(split_knowledge, source) == source


def test_advice_naming_one_successor_beside_the_old_call_is_exact(split_knowledge):
    source = "import lib\nv = lib.msort(x)\n"
    assert fixed(split_knowledge, source) == "import lib\nv = lib.sort(x, axis=0)\n"
