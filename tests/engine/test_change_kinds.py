"""Every change kind, found across fakelib 1.0 -> 1.1 -> 2.0 and read back through the store."""

from __future__ import annotations

import pytest

from codesync.analysis.api_history import HistoryBuilder
from codesync.knowledge import history as h
from helpers.fakelib import changes_of, deprecation_of, make_knowledge

ALL_KINDS = {
    h.API_ADDED, h.API_REMOVED, h.API_MOVED, h.API_DEPRECATED, h.PARAM_ADDED,
    h.PARAM_ADDED_REQUIRED, h.PARAM_REMOVED, h.PARAM_RENAMED, h.PARAM_KIND, h.PARAM_REORDERED,
    h.PARAM_DEFAULT, h.PARAM_DEPRECATED,
}


def only(history: dict, kind: str, parameter: str | None = None) -> dict:
    found = [c for c in changes_of(history, kind) if parameter is None or c.get("parameter") == parameter]
    assert len(found) == 1, f"expected one {kind} ({parameter}) in {history['changes']}"
    return found[0]


def test_stored_releases_in_version_order(fakelib_knowledge):
    assert fakelib_knowledge.versions("fakelib") == ["1.0", "1.1", "2.0"]
    assert [r["status"] for r in fakelib_knowledge.release_rows("fakelib")] == ["ok"] * 3


def test_api_removed_in_2_0(explain, fakelib_knowledge):
    history = explain("fakelib.old_func")
    assert history["present"] == [{"first": "1.0", "last": "1.1"}]
    assert only(history, h.API_REMOVED)["in"] == "2.0"
    assert fakelib_knowledge.export("fakelib", "1.1", "fakelib.old_func") == "fakelib.core.old_func"
    assert fakelib_knowledge.export("fakelib", "2.0", "fakelib.old_func") is None


def test_api_added_in_1_1(explain, fakelib_knowledge):
    history = explain("fakelib.new_func")
    assert history["present"] == [{"first": "1.1", "last": "2.0"}]
    assert only(history, h.API_ADDED)["in"] == "1.1"
    assert fakelib_knowledge.export("fakelib", "1.0", "fakelib.new_func") is None


def test_api_renamed_shows_as_deprecation_naming_the_new_api_then_removal(explain):
    old = explain("fakelib.old_func")
    record = deprecation_of(old)
    assert record["replacement"] == "fakelib.new_func"
    assert record["removed_in"] == "2.0"
    assert [c["kind"] for c in old["changes"]] == [h.API_DEPRECATED, h.API_REMOVED]


def test_api_moved_keeps_public_name(explain, fakelib_knowledge):
    history = explain("fakelib.moved")
    assert history["present"] == [{"first": "1.0", "last": "2.0"}]
    assert history["canonical"] == "fakelib._impl.moved"
    change = only(history, h.API_MOVED)
    assert change["in"] == "2.0"
    assert "fakelib.core.moved" in change["detail"] and "fakelib._impl.moved" in change["detail"]
    assert fakelib_knowledge.export("fakelib", "1.1", "fakelib.moved") == "fakelib.core.moved"
    assert fakelib_knowledge.export("fakelib", "2.0", "fakelib.moved") == "fakelib._impl.moved"
    # the re-export from the old module still points at the new definition
    assert fakelib_knowledge.export("fakelib", "2.0", "fakelib.core.moved") == "fakelib._impl.moved"


def test_default_changed(explain):
    change = only(explain("fakelib.compute"), h.PARAM_DEFAULT, "mode")
    assert change["in"] == "1.1"
    assert "'fast' -> 'auto'" in change["detail"]


def test_optional_parameter_added(explain):
    change = only(explain("fakelib.compute"), h.PARAM_ADDED, "d")
    assert change["in"] == "1.1"


def test_required_parameter_added(explain):
    change = only(explain("fakelib.compute"), h.PARAM_ADDED_REQUIRED, "e")
    assert change["in"] == "2.0"
    assert "required" in change["detail"]


def test_parameter_removed(explain):
    change = only(explain("fakelib.compute"), h.PARAM_REMOVED, "legacy")
    assert change["in"] == "2.0"


def test_signature_intervals(explain):
    assert explain("fakelib.compute")["signatures"] == [
        {"first": "1.0", "last": "1.0", "signature": "compute(a, b, c=1, mode='fast', legacy=None)"},
        {"first": "1.1", "last": "1.1",
         "signature": "compute(a, b, c=1, mode='auto', legacy=None, d=None)"},
        {"first": "2.0", "last": "2.0", "signature": "compute(a, b, c=1, mode='auto', d=None, *, e)"},
    ]
    # unchanged releases are one interval
    assert explain("fakelib.resize")["signatures"] == [
        {"first": "1.0", "last": "1.0", "signature": "resize(shape, refcheck=True)"},
        {"first": "1.1", "last": "2.0", "signature": "resize(new_shape, refcheck=True)"},
    ]


def test_positional_parameter_renamed(explain):
    history = explain("fakelib.resize")
    change = only(history, h.PARAM_RENAMED, "shape")
    assert (change["in"], change["new_name"]) == ("1.1", "new_shape")
    assert not changes_of(history, h.PARAM_REMOVED) and not changes_of(history, h.PARAM_ADDED)


def test_parameters_reordered(explain):
    change = only(explain("fakelib.reorder"), h.PARAM_REORDERED)
    assert change["in"] == "2.0"
    assert "(a, b, c) -> (b, a, c)" in change["detail"]


def test_positional_to_keyword_only(explain):
    change = only(explain("fakelib.kwonly"), h.PARAM_KIND, "b")
    assert change["in"] == "2.0"
    assert "became keyword-only" in change["detail"]


def test_keyword_only_back_to_positional(explain):
    change = only(explain("fakelib.back"), h.PARAM_KIND, "b")
    assert change["in"] == "2.0"
    assert "became positional-or-keyword (was keyword-only)" in change["detail"]


def test_unchanged_api_has_no_changes(explain):
    assert explain("fakelib.Frame.__init__")["changes"] == []


def test_class_object_base_is_noise(explain, fakelib_knowledge):
    """``class Frame(object)`` -> ``class Frame:`` is not a change."""
    assert fakelib_knowledge.definition("fakelib", "1.0", "fakelib.frame.Frame").bases == ["object"]
    assert fakelib_knowledge.definition("fakelib", "2.0", "fakelib.frame.Frame").bases == []
    history = explain("fakelib.Frame")
    assert history["changes"] == []
    assert history["signatures"] == [
        {"first": "1.0", "last": "2.0", "signature": "Frame(data=None, copy=False)"}]


def test_deleted_build_script_is_not_api(fakelib_knowledge):
    for version in fakelib_knowledge.versions("fakelib"):
        for path in ("setup", "setup.build_helper", "fakelib.setup", "build_helper"):
            assert fakelib_knowledge.export("fakelib", version, path) is None
    rows = fakelib_knowledge.db.execute(
        "SELECT path FROM exports WHERE path LIKE '%setup%' OR path LIKE '%build_helper%'").fetchall()
    assert rows == []


def test_every_change_kind_is_exercised(explain):
    names = ["fakelib.old_func", "fakelib.new_func", "fakelib.moved", "fakelib.compute",
             "fakelib.resize", "fakelib.reorder", "fakelib.kwonly", "fakelib.back",
             "fakelib.Frame.to_csv"]
    seen = {c["kind"] for name in names for c in explain(name)["changes"]}
    assert seen == ALL_KINDS


def test_change_point_exact_when_published_equals_stored(fakelib_knowledge):
    assert fakelib_knowledge.change_point("fakelib", "1.1", "2.0") == "2.0"
    assert fakelib_knowledge.change_point("fakelib", None, "1.0") == "1.0"


# "between A and B": a published release lies between two stored ones -------------------------

GAPLIB = {
    "1.0": {"gaplib/__init__.py": '''
        def old(x):
            pass

        def keep(a, b=1):
            pass

        def stays(a):
            pass
    '''},
    "3.0": {"gaplib/__init__.py": '''
        import warnings

        def keep(a, b=2):
            warnings.warn("keep is deprecated", DeprecationWarning)

        def stays(a):
            warnings.warn("stays is deprecated since 2.5 and will be removed in 4.0",
                          DeprecationWarning)
    '''},
}


@pytest.fixture(scope="module")
def gaplib(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("gaplib"), "gaplib", GAPLIB,
                               published=["1.0", "2.0", "2.5", "3.0", "3.1"])
    yield knowledge, HistoryBuilder(knowledge)
    knowledge.close()


def test_published_versions_are_stored(gaplib):
    knowledge, _ = gaplib
    assert knowledge.versions("gaplib") == ["1.0", "3.0"]
    assert knowledge.published("gaplib") == ["1.0", "2.0", "2.5", "3.0", "3.1"]
    assert knowledge.previous_published("gaplib", "3.0") == "2.5"


def test_removal_between_stored_releases_is_never_a_guess(gaplib):
    knowledge, builder = gaplib
    history = builder.build("gaplib.old")
    assert only(history, h.API_REMOVED)["in"] == "between 1.0 and 3.0"
    assert knowledge.change_point("gaplib", "1.0", "3.0") == "between 1.0 and 3.0"


def test_unversioned_deprecation_between_stored_releases(gaplib):
    _, builder = gaplib
    history = builder.build("gaplib.keep")
    assert deprecation_of(history)["since"] == "between 1.0 and 3.0"
    assert {c["in"] for c in history["changes"]} == {"between 1.0 and 3.0"}
    assert {c["kind"] for c in history["changes"]} == {h.API_DEPRECATED, h.PARAM_DEFAULT}


def test_version_named_by_the_source_wins_over_between(gaplib):
    _, builder = gaplib
    record = deprecation_of(builder.build("gaplib.stays"))
    assert record["since"] == "2.5"
    assert record["removal"] == "4.0"
    assert "removed_in" not in record


def test_text_rendering_says_between(gaplib):
    from codesync.explain import render

    _, builder = gaplib
    text = render(builder.build("gaplib.old"))
    assert "between 1.0 and 3.0" in text
    assert "in between" not in text
