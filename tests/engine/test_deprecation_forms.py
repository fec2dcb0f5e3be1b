"""Every deprecation form the engine recognises, stored and read back as ``explain`` shows it.

Release-level facts go through fakelib (``conftest.fakelib_knowledge``); the rarer spellings
of each form are checked on one scanned module.
"""

from __future__ import annotations

import pytest

from codesync.engine import deprecations as dep
from codesync.engine.extract import scan_module
from codesync.knowledge import history as h
from codesync.knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD
from helpers.fakelib import changes_of, deprecation_of, make_knowledge

# warnings.warn ----------------------------------------------------------------------------


def test_warn_with_since_removal_and_replacement(explain, fakelib_knowledge):
    record = deprecation_of(explain("fakelib.old_func"))
    assert record["form"] == "warn"
    assert record["since"] == "1.1"
    assert record["removal"] == "2.0"
    assert record["replacement"] == "fakelib.new_func"
    assert record["removed_in"] == "2.0"
    stored = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.core.old_func").deprecated
    assert (stored.since, stored.removal, stored.form) == ("1.1", "2.0", "warn")
    assert fakelib_knowledge.definition("fakelib", "1.0", "fakelib.core.old_func").deprecated is None


def test_future_warning_in_a_method(explain):
    history = explain("fakelib.Frame.append")
    record = deprecation_of(history)
    assert record["replacement"] == "fakelib.concat"
    assert record["since"] == "1.1"  # no version in the message: the release it appeared in
    assert record["removed_in"] == "2.0"
    assert [(c["in"], c["kind"]) for c in history["changes"]] == [
        ("1.1", h.API_DEPRECATED), ("2.0", h.API_REMOVED)]


def test_message_held_in_a_local_variable(explain):
    record = deprecation_of(explain("fakelib.msg_var"))
    assert record["message"] == "msg_var is deprecated as of 1.1 and will be removed in 2.0"
    assert (record["since"], record["removal"]) == ("1.1", "2.0")


def test_message_and_category_as_keywords(explain):
    record = deprecation_of(explain("fakelib.cat_kw"))
    assert record["replacement"] == "fakelib.new_func"
    assert record["form"] == "warn"


def test_since_as_the_source_states_it(explain):
    record = deprecation_of(explain("fakelib.early_since"))
    assert record["since"] == "0.9"
    assert record["first_seen"] == "1.1"


def test_guarded_warn_deprecates_a_parameter(explain, fakelib_knowledge):
    history = explain("fakelib.compute")
    record = deprecation_of(history, "legacy")
    assert record["since"] == "1.1"
    assert record["removed_in"] == "2.0"
    assert not [d for d in history["deprecations"] if d["parameter"] is None]
    change = [c for c in changes_of(history, h.PARAM_DEPRECATED) if c["parameter"] == "legacy"]
    assert [c["in"] for c in change] == ["1.1"]
    stored = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.core.compute")
    assert stored.deprecated is None and set(stored.param_deprecations) == {"legacy"}


def test_numpy_dispatcher_function_warning(explain, fakelib_knowledge):
    history = explain("fakelib.dispatched")
    record = deprecation_of(history)
    assert record["replacement"] == "fakelib.new_func"
    assert history["present"] == [{"first": "1.0", "last": "2.0"}]
    # the dispatcher decorator is known not to change the signature
    stored = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.core.dispatched")
    assert stored.decorated is False
    assert [p.name for p in stored.params] == ["ar1", "ar2"]


# decorators --------------------------------------------------------------------------------


def test_pep702_deprecated_decorator(explain):
    history = explain("fakelib.pep702_func")
    record = deprecation_of(history)
    assert record["form"] == "decorator"
    assert record["replacement"] == "fakelib.new_func"
    assert record["since"] == "1.1"
    assert record["removed_in"] == "2.0"


def test_sklearn_deprecated_class(explain):
    history = explain("fakelib.estimators.OldEstimator")
    record = deprecation_of(history)
    assert (record["since"], record["removal"]) == ("1.1", "2.0")
    assert record["replacement"] == "fakelib.estimators.Encoder"
    assert history["signatures"] == [
        {"first": "1.0", "last": "1.1", "signature": "OldEstimator(alpha=1.0)"}]
    assert [c["kind"] for c in history["changes"]] == [h.API_DEPRECATED, h.API_REMOVED]


def test_sklearn_constructor_parameter_deprecated_in_fit(explain, fakelib_knowledge):
    history = explain("fakelib.estimators.Encoder")
    record = deprecation_of(history, "sparse")
    assert record["replacement"] == "sparse_output"
    assert (record["since"], record["removal"], record["removed_in"]) == ("1.1", "1.3", "2.0")
    init = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.estimators.Encoder.__init__")
    assert set(init.param_deprecations) == {"sparse"}
    assert [c["parameter"] for c in changes_of(history, h.PARAM_REMOVED)] == ["sparse"]


def test_constructor_parameter_deprecation_is_a_change(explain):
    history = explain("fakelib.estimators.Encoder")
    assert [(c["in"], c["parameter"]) for c in changes_of(history, h.PARAM_DEPRECATED)] == [
        ("1.1", "sparse")]


def test_pandas_deprecate_kwarg_rename(explain, fakelib_knowledge):
    stored = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.frame.Frame.to_csv")
    # an argument accepted only through the decorator is part of the signature
    assert stored.extra_keywords == {"line_terminator": "lineterminator"}
    assert [p.name for p in stored.params] == ["path", "lineterminator"]
    history = explain("fakelib.Frame.to_csv")
    renamed = changes_of(history, h.PARAM_RENAMED)
    assert renamed and all((c["in"], c["parameter"], c["new_name"]) ==
                           ("1.1", "line_terminator", "lineterminator") for c in renamed)
    record = deprecation_of(history, "line_terminator")
    assert record["replacement"] == "lineterminator"
    assert (record["since"], record["removed_in"]) == ("1.1", "2.0")
    gone = only_parameter_removed(history)
    assert (gone["in"], gone["parameter"]) == ("2.0", "line_terminator")


def only_parameter_removed(history: dict) -> dict:
    [change] = changes_of(history, h.PARAM_REMOVED)
    return change


def test_pandas_deprecate_nonkeyword_arguments(explain, fakelib_knowledge):
    stored = fakelib_knowledge.definition("fakelib", "1.1", "fakelib.frame.Frame.drop")
    # positional use still works with a FutureWarning and the signature is unchanged:
    # a deprecation with a positional limit, not a keyword-only signature
    assert [(p.name, p.kind) for p in stored.params] == [
        ("labels", POSITIONAL_OR_KEYWORD), ("axis", POSITIONAL_OR_KEYWORD),
        ("index", POSITIONAL_OR_KEYWORD)]
    assert stored.positional_limit == 1
    assert stored.param_deprecations["*positional"].removal == "2.0"
    history = explain("fakelib.Frame.drop")
    # 2.0 makes them keyword-only for real
    assert [(c["in"], c["kind"], c["parameter"]) for c in history["changes"]] == [
        ("2.0", h.PARAM_KIND, "axis"), ("2.0", h.PARAM_KIND, "index")]
    assert history["deprecations"] == []  # the "*positional" record is internal


def test_matplotlib_rename_parameter(explain):
    history = explain("fakelib.plotting.rename")
    record = deprecation_of(history, "old")
    assert (record["since"], record["replacement"], record["removed_in"]) == ("1.1", "new", "2.0")
    assert {(c["in"], c["new_name"]) for c in changes_of(history, h.PARAM_RENAMED)} == {
        ("1.1", "new")}
    assert only_parameter_removed(history)["in"] == "2.0"


def test_matplotlib_make_keyword_only(explain):
    history = explain("fakelib.plotting.keyword")
    assert history["signatures"][1] == {"first": "1.1", "last": "2.0",
                                        "signature": "keyword(x, *, scalex=True, scaley=True)"}
    kinds = {(c["in"], c["parameter"]) for c in changes_of(history, h.PARAM_KIND)}
    assert kinds == {("1.1", "scalex"), ("1.1", "scaley")}
    record = deprecation_of(history, "scalex")
    assert record["since"] == "1.1" and "positionally" in record["message"]


def test_matplotlib_delete_parameter(explain):
    history = explain("fakelib.plotting.delete")
    record = deprecation_of(history, "extra")
    assert (record["since"], record["removed_in"]) == ("1.1", "2.0")
    assert [(c["in"], c["kind"]) for c in history["changes"]] == [
        ("1.1", h.PARAM_DEPRECATED), ("2.0", h.PARAM_REMOVED)]


def test_matplotlib_api_deprecated(explain):
    record = deprecation_of(explain("fakelib.plotting.old_plot"))
    assert (record["since"], record["replacement"]) == ("1.1", "fakelib.plotting.new_plot")
    assert record["form"] == "decorator"


def test_matplotlib_warn_deprecated_call(explain):
    record = deprecation_of(explain("fakelib.plotting.warn_dep"))
    assert (record["since"], record["replacement"]) == ("1.1", "fakelib.plotting.new_plot")
    assert record["message"] == "warn_dep is deprecated"


# docstrings and expiry tables ---------------------------------------------------------------


def test_docstring_deprecated_directive(explain):
    record = deprecation_of(explain("fakelib.doc_dep"))
    assert record["form"] == "docstring"
    assert (record["since"], record["removal"]) == ("1.1", "2.0")
    assert record["replacement"] == "fakelib.new_func"


def test_docstring_parameter_directive(explain):
    history = explain("fakelib.doc_param")
    record = deprecation_of(history, "b")
    assert (record["form"], record["since"]) == ("docstring", "1.1")
    assert not [d for d in history["deprecations"] if d["parameter"] is None]
    assert [c["parameter"] for c in changes_of(history, h.PARAM_DEPRECATED)] == ["b"]


def test_module_getattr_expiry_table(fakelib_knowledge):
    module = fakelib_knowledge.definition("fakelib", "2.0", "fakelib")
    assert module.kind == "module"
    assert module.dynamic is True
    assert module.expired == {"old_func": "old_func was removed in 2.0, use new_func instead"}
    assert fakelib_knowledge.definition("fakelib", "1.1", "fakelib").expired == {}


def test_expiry_table_spellings():
    info = scan_module("m", """
__expired_attributes__ = {
    "float_": "`np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.",
    "product": ("removed", None),
}
__former_attrs__ = {"object": "use the builtin object"}
not_a_table = {"x": "y"}
""", is_package=True)
    assert info.expired == {
        "float_": "`np.float_` was removed in the NumPy 2.0 release. Use `np.float64` instead.",
        "product": "removed",
        "object": "use the builtin object",
    }


def test_release_deprecation_counts(fakelib_knowledge):
    counts = [r["deprecations"] for r in fakelib_knowledge.release_rows("fakelib")]
    assert counts == [0, 19, 0]  # one per deprecated API or parameter in the table above


# rarer spellings, one module ---------------------------------------------------------------

SPELLINGS = '''
import sys
import warnings
import typing_extensions
from matplotlib import _api
from sklearn.utils import deprecated

@deprecate_kwarg("old", "new")
def positional_kwarg(new=None): pass

@deprecate_kwarg(old_arg_name="gone", new_arg_name=None)
def kwarg_removed(x, gone=None): pass

@warnings.deprecated("Use other() instead")
def stdlib_deprecated(): pass

@deprecated()
def sklearn_empty(): pass

@deprecated
def sklearn_bare(): pass

@_api.deprecated("3.6", alternative="New")
class OldClass: pass

@_api.make_keyword_only("3.6", name="b")
def keyword_by_name(a, b=1, c=2): pass

@_api.rename_parameter("3.6", "o", "n")
def renamed(n=None): pass

@deprecate_nonkeyword_arguments(version="3.0")
def nonkeyword_default(a, b, c=1, d=2): pass

def two_guarded(a, b=None, c=None):
    if b is not None and c is not None:
        warnings.warn("c is deprecated", FutureWarning)

def plain_warnings(x):
    warnings.warn("x is deprecated")
    warnings.warn("slow", RuntimeWarning)

def unrelated_guard(x):
    if sys.version_info > (3,):
        warnings.warn("python 2 is deprecated", DeprecationWarning)

def fstring(x):
    warnings.warn(f"{x!r} is deprecated since 1.1, use `other` instead", DeprecationWarning)

def formatted(x):
    warnings.warn("{} is deprecated in favor of other".format(x), category=DeprecationWarning)

def pending(x):
    warnings.warn("pending removal", PendingDeprecationWarning)

def helper_warn(x):
    _api.warn_deprecated("3.5", name="helper_warn", alternative="other")

def own_helper(x):
    _deprecate_thing("own_helper is deprecated, use other instead")

def raises(x):
    raise DeprecationWarning("not a warning call")
'''


@pytest.fixture(scope="module")
def spellings():
    info = scan_module("m", SPELLINGS, False)
    assert info.parse_how == "ast"
    return info.definitions


def test_deprecate_kwarg_positional_arguments(spellings):
    d = spellings["m.positional_kwarg"]
    assert d.extra_keywords == {"old": "new"}
    assert d.param_deprecations["old"].replacement == "new"


def test_deprecate_kwarg_without_new_name(spellings):
    d = spellings["m.kwarg_removed"]
    assert d.extra_keywords == {"gone": ""}
    assert d.param_deprecations["gone"].replacement is None


@pytest.mark.parametrize("name", ["m.stdlib_deprecated", "m.sklearn_empty", "m.sklearn_bare"])
def test_deprecated_decorator_spellings(spellings, name):
    record = spellings[name].deprecated
    assert record is not None and record.form == "decorator"
    assert spellings[name].decorated is False


def test_stdlib_deprecated_replacement(spellings):
    assert spellings["m.stdlib_deprecated"].deprecated.replacement == "other"


def test_deprecated_class_with_since_and_alternative(spellings):
    record = spellings["m.OldClass"].deprecated
    assert (record.since, record.replacement) == ("3.6", "New")


def test_make_keyword_only_by_keyword_name(spellings):
    d = spellings["m.keyword_by_name"]
    assert [(p.name, p.kind) for p in d.params] == [
        ("a", POSITIONAL_OR_KEYWORD), ("b", KEYWORD_ONLY), ("c", KEYWORD_ONLY)]
    assert d.param_deprecations["b"].since == "3.6"


def test_rename_parameter_maps_old_name(spellings):
    d = spellings["m.renamed"]
    assert d.extra_keywords == {"o": "n"}
    assert (d.param_deprecations["o"].since, d.param_deprecations["o"].replacement) == ("3.6", "n")


def test_nonkeyword_arguments_without_allowed_args(spellings):
    d = spellings["m.nonkeyword_default"]
    assert all(p.kind == POSITIONAL_OR_KEYWORD for p in d.params)
    assert d.positional_limit == 2  # the parameters without defaults


def test_guarded_warning_names_its_parameter(spellings):
    d = spellings["m.two_guarded"]
    assert set(d.param_deprecations) == {"c"}
    assert d.deprecated is None


@pytest.mark.parametrize("name", ["m.plain_warnings", "m.unrelated_guard", "m.raises"])
def test_not_deprecations(spellings, name):
    d = spellings[name]
    assert d.deprecated is None and d.param_deprecations == {}


def test_message_expressions(spellings):
    fstring = spellings["m.fstring"].deprecated
    assert (fstring.since, fstring.replacement) == ("1.1", "other")
    assert spellings["m.formatted"].deprecated.replacement == "other"
    assert spellings["m.pending"].deprecated is not None


def test_deprecation_helper_calls(spellings):
    helper = spellings["m.helper_warn"].deprecated
    assert (helper.since, helper.replacement) == ("3.5", "other")
    own = spellings["m.own_helper"].deprecated
    assert own is not None and own.replacement == "other"


# message parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize("message, since, removal, replacement", [
    ("old_func is deprecated since version 1.1 and will be removed in 2.0; use new_func instead",
     "1.1", "2.0", "new_func"),
    ("`product` is deprecated as of NumPy 1.25.0, and will be removed in NumPy 2.0. "
     "Please use `prod` instead.", "1.25.0", "2.0", "prod"),
    ("Function get_feature_names is deprecated; get_feature_names is deprecated in 1.0 and will "
     "be removed in 1.2. Please use get_feature_names_out instead.", "1.0", "1.2",
     "get_feature_names_out"),
    ("`sparse` was renamed to `sparse_output` in version 1.2 and will be removed in 1.4.",
     "1.2", "1.4", "sparse_output"),
    ("The frame.append method is deprecated and will be removed from pandas in a future "
     "version. Use pandas.concat instead.", None, None, "pandas.concat"),
    ("the 'line_terminator' keyword is deprecated, use 'lineterminator' instead", None, None,
     "lineterminator"),
    ("`get_connection` has been deprecated in favor of `get_connection_with_tls_context`.",
     None, None, "get_connection_with_tls_context"),
    ("This will be removed in v3.0.0 and is replaced by new_thing", None, "3.0.0", "new_thing"),
    ("Support is deprecated and will stay until 4.0", None, "4.0", None),
])
def test_message_parsing(message, since, removal, replacement):
    record = dep.from_message(message, "warn")
    assert (record.since, record.removal, record.replacement) == (since, removal, replacement)


def test_removal_version_is_not_since():
    record = dep.from_message("foo is deprecated and will be removed in version 3.0", "warn")
    assert (record.since, record.removal) == (None, "3.0")


def test_replacement_named_by_sphinx_role():
    api, _ = dep.docstring_deprecations(
        "Thing.\n\n.. deprecated:: 1.1\n    Use :func:`fakelib.other` instead.\n")
    assert api.replacement == "fakelib.other"


def test_versionremoved_directive_is_a_removal():
    api, _ = dep.docstring_deprecations(
        "Thing.\n\n.. versionremoved:: 2.0\n    The ``b`` parameter was removed.\n")
    assert api is not None and api.form == "docstring"
    assert api.removal == "2.0" and api.since is None


def test_versionremoved_directive_is_recorded():
    api, params = dep.docstring_deprecations(
        "Thing.\n\n.. versionremoved:: 2.0\n    The ``b`` parameter was removed.\n")
    assert api is not None and api.form == "docstring" and "2.0" in (api.since, api.removal)
    assert params == {}


@pytest.mark.parametrize("call, expected", [
    ("warnings.warn('x', DeprecationWarning)", True),
    ("warnings.warn('x', category=FutureWarning)", True),
    ("warn('x', np.VisibleDeprecationWarning)", True),
    ("warnings.warn('x', RemovedInDjango50Warning)", True),
    ("warnings.warn('x', PendingDeprecationWarning, stacklevel=2)", True),
    ("_api.warn_deprecated('3.5', name='x')", True),
    ("warn_deprecation('x')", True),
    ("warnings.warn('x is deprecated')", False),
    ("warnings.warn('x', UserWarning)", False),
    ("logger.warning('deprecated')", False),
])
def test_is_deprecation_warn(call, expected):
    import ast

    node = ast.parse(call).body[0].value
    assert dep.is_deprecation_warn(node) is expected


# a deprecated property, scikit-learn style --------------------------------------------------

PROPERTY_RELEASES = {
    "1.0": {"proplib/__init__.py": '''
        class Est:
            @property
            def n_features_(self):
                return 1
    '''},
    "1.1": {"proplib/__init__.py": '''
        from .utils import deprecated

        class Est:
            @deprecated("Attribute `n_features_` was deprecated in version 1.1 and will be "
                        "removed in 1.3. Use `n_features_in_` instead.")
            @property
            def n_features_(self):
                return 1
    '''},
}


def test_sklearn_deprecated_property(tmp_path):
    from codesync.analysis.api_history import HistoryBuilder

    knowledge = make_knowledge(tmp_path, "proplib", PROPERTY_RELEASES)
    history = HistoryBuilder(knowledge).build("proplib.Est.n_features_")
    record = deprecation_of(history)
    assert (record["since"], record["removal"]) == ("1.1", "1.3")


PARAMETER_DECORATORS = '''
@deprecated_params(flag=("1.3", "The flag parameter is deprecated and will be removed."))
def made_with_flag(url, flag=False, **kwargs): pass

@_deprecate_arguments(version="0.26", deprecated_args=["legacy", "old_cache"],
                      custom_message="Pass cache_dir instead.")
def fetched(repo, legacy=None, old_cache=None): pass

@deprecate_positional_arg_names
def nothing_named(a, b): pass
'''


def test_a_deprecation_decorator_about_parameters_deprecates_those_not_the_function():
    found = scan_module("m", PARAMETER_DECORATORS, False).definitions
    made = found["m.made_with_flag"]
    assert made.deprecated is None
    assert (made.param_deprecations["flag"].since, made.param_deprecations["flag"].message) == \
        ("1.3", "The flag parameter is deprecated and will be removed.")
    fetched = found["m.fetched"]
    assert fetched.deprecated is None
    assert set(fetched.param_deprecations) == {"legacy", "old_cache"}
    assert fetched.param_deprecations["legacy"].removal == "0.26"
    assert fetched.param_deprecations["legacy"].since is None
    assert found["m.nothing_named"].deprecated is None


SPHINX_FIELD_DOC = """Make an engine.

:param url: where to connect.
:param convert_unicode=False: if set to True, converts.

    .. deprecated:: 1.3

        The :paramref:`.make.convert_unicode` parameter is deprecated.

:param echo: log statements.
"""


def test_a_directive_inside_a_sphinx_parameter_field_deprecates_that_parameter():
    api, params = dep.docstring_deprecations(SPHINX_FIELD_DOC)
    assert api is None
    assert set(params) == {"convert_unicode"} and params["convert_unicode"].since == "1.3"


def test_a_directive_after_the_fields_is_the_functions():
    api, params = dep.docstring_deprecations(
        "Thing.\n\n:param a: an a.\n\n.. deprecated:: 2.0\n    Use other.\n")
    assert api is not None and api.since == "2.0" and params == {}


def test_a_directive_without_a_version_takes_no_word_for_one():
    api, _ = dep.docstring_deprecations(
        "Thing.\n\n.. deprecated:: The thing is deprecated.\n")
    assert api is not None and api.since is None
