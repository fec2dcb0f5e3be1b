"""Recipes apply only to the argument types they are exact for; other known types get the
form that is right for them, unknown ones no fix."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes import recipes
from codesync.fixes.apply import attach_fixes, fix_source
from helpers.fakelib import make_knowledge

V1 = '''
class Series:
    def append(self, to_append, ignore_index=False):
        pass

class DataFrame:
    def append(self, other, ignore_index=False, sort=False):
        pass

    def head(self) -> "DataFrame":
        pass

def concat(objs, ignore_index=False, sort=False):
    pass

def read(path) -> DataFrame:
    pass
'''
V2 = '''
class Series:
    pass

class DataFrame:
    def head(self) -> "DataFrame":
        pass

def concat(objs, ignore_index=False, sort=False):
    pass

def read(path) -> DataFrame:
    pass
'''
RECIPES = '''
[[recipe]]
title = "Use concat"
apis = ["frames.DataFrame.append"]
kinds = ["removed"]
template = "{module:frames}.concat([{receiver}, {other}]{rest})"
requires = ["other"]
types = { other = ["frames.DataFrame"] }

[[recipe]]
title = "Use concat"
apis = ["frames.DataFrame.append"]
kinds = ["removed"]
template = "{module:frames}.concat([{receiver}, *{other}]{rest})"
requires = ["other"]
types = { other = ["list[frames.DataFrame]"] }

[[recipe]]
title = "Use concat with a one-row frame"
apis = ["frames.DataFrame.append"]
kinds = ["removed"]
template = "{module:frames}.concat([{receiver}, {module:frames}.DataFrame([{other}])]{rest})"
requires = ["other", "ignore_index"]
types = { other = ["dict"] }
values = { ignore_index = ["True"] }
exact = false

[[recipe]]
title = "Use concat with the row as a frame"
apis = ["frames.DataFrame.append"]
kinds = ["removed"]
template = "{module:frames}.concat([{receiver}, {other}.to_frame().T]{rest})"
requires = ["other"]
types = { other = ["frames.Series"] }
exact = false

[[recipe]]
title = "Use item"
apis = ["frames.Series.append"]
kinds = ["removed"]
template = "{to_append}.item()"
'''


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("typed"), "frames",
                          {"1.0": {"frames/__init__.py": V1}, "2.0": {"frames/__init__.py": V2}})


@pytest.fixture(autouse=True)
def recipe_file(tmp_path, monkeypatch):
    path = tmp_path / "recipes.toml"
    path.write_text(RECIPES)
    monkeypatch.setattr(recipes, "recipes_file", lambda: path)
    recipes.load_recipes.cache_clear()
    yield
    recipes.load_recipes.cache_clear()


def _checker(knowledge) -> Checker:
    return Checker(knowledge, VersionContext.of({"frames": "2.0"}, {"frames": "1.0"}))


def fixes(knowledge, body: str) -> list[tuple[str, str]]:
    source = f"import frames as fr\n\n\n{body}"
    found = attach_fixes(_checker(knowledge).check_source(source, "t.py").findings, source)
    assert found, "no finding"
    return [(fix.source, source_after(source, fix)) for fix in found[0].fixes]


def source_after(source: str, fix) -> str:
    from codesync.fixes.apply import apply_edits

    return apply_edits(source, list(fix.edits)).split("\n\n\n", 1)[1]


def test_a_dataframe_argument_gets_the_exact_recipe(knowledge):
    body = "df = fr.read('p')\nother = fr.read('q')\nout = df.append(other, ignore_index=True)\n"
    assert fixes(knowledge, body) == [("recipe", body.replace(
        "df.append(other, ignore_index=True)", "fr.concat([df, other], ignore_index=True)"))]


def test_a_list_of_dataframes_is_unpacked(knowledge):
    body = "df = fr.read('p')\nout = df.append([df.head(), fr.read('q')])\n"
    assert fixes(knowledge, body) == [("recipe", body.replace(
        "df.append([df.head(), fr.read('q')])", "fr.concat([df, *[df.head(), fr.read('q')]])"))]
    annotated = "def f(df: fr.DataFrame, parts: list[fr.DataFrame]):\n    return df.append(parts)\n"
    assert fixes(knowledge, annotated) == [("recipe", annotated.replace(
        "df.append(parts)", "fr.concat([df, *parts])"))]


def test_a_dict_row_gets_the_one_row_frame_form_as_a_suggestion(knowledge):
    body = "def f(df: fr.DataFrame, row: dict):\n    return df.append(row, ignore_index=True)\n"
    assert fixes(knowledge, body) == [("suggested", body.replace(
        "df.append(row, ignore_index=True)",
        "fr.concat([df, fr.DataFrame([row])], ignore_index=True)"))]
    literal = "df = fr.read('p')\nout = df.append({'a': 1})\n"  # needs ignore_index=True
    assert fixes(knowledge, literal) == []


def test_a_series_row_is_a_suggestion_and_fix_does_not_apply_it(knowledge):
    body = ("def f(df: fr.DataFrame, s: fr.Series):\n"
            "    return df.append(s, ignore_index=True)\n")
    [(kind, _)] = fixes(knowledge, body)
    assert kind == "suggested"
    source = f"import frames as fr\n{body}"
    assert fix_source(_checker(knowledge), source, "t.py")[0] == source


@pytest.mark.parametrize("argument, binding", [
    ("rows", "rows = [1, 2]\n"),  # a list, not of frames
    ("rows", "rows = [{'a': 1}]\n"),
    ("other", "other = make()\n"),  # unknown
    ("other", ""),  # unbound here
    ("other", "other: dict = {}\nother = make()\n"),  # bound two ways
])
def test_other_or_unknown_types_get_no_fix(knowledge, argument, binding):
    body = f"df = fr.read('p')\n{binding}out = df.append({argument})\n"
    assert fixes(knowledge, body) == []


def test_operands_are_parenthesized_where_the_template_needs_it(knowledge):
    body = "s = fr.Series()\nv = s.append(a + b)\n"
    assert fixes(knowledge, body) == [("recipe", body.replace("s.append(a + b)", "(a + b).item()"))]
