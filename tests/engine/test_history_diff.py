"""``history.diff`` on hand-made definitions: one test per change kind and the rename rules."""

from __future__ import annotations

from codesync.knowledge import history as h
from codesync.knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    Definition,
    Deprecation,
    Param,
)

A, K, P = POSITIONAL_OR_KEYWORD, KEYWORD_ONLY, POSITIONAL_ONLY


def fn(*params: Param, path: str = "m.f", **kwargs) -> Definition:
    return Definition(path=path, kind="function", params=list(params), **kwargs)


def kinds(changes) -> list[tuple[str, str | None]]:
    return [(c.kind, c.parameter) for c in changes]


def test_nothing_to_compare():
    assert h.diff(None, None) == []


def test_added_and_removed():
    assert kinds(h.diff(None, fn())) == [(h.API_ADDED, None)]
    assert kinds(h.diff(fn(), None)) == [(h.API_REMOVED, None)]


def test_identical_is_no_change():
    f = fn(Param("a", A), Param("b", A, "1"))
    assert h.diff(f, fn(Param("a", A), Param("b", A, "1"))) == []


def test_moved():
    [change] = h.diff(fn(Param("a", A)), fn(Param("a", A), path="m._impl.f"))
    assert change.kind == h.API_MOVED and "m._impl.f" in change.detail


def test_deprecated_once():
    record = Deprecation("f is deprecated", form="warn")
    assert kinds(h.diff(fn(), fn(deprecated=record))) == [(h.API_DEPRECATED, None)]
    assert h.diff(fn(deprecated=record), fn(deprecated=record)) == []


def test_parameter_added_optional_and_required():
    changes = h.diff(fn(Param("a", A)), fn(Param("a", A), Param("b", A, "1"), Param("c", K)))
    assert kinds(changes) == [(h.PARAM_ADDED, "b"), (h.PARAM_ADDED_REQUIRED, "c")]


def test_parameter_removed():
    assert kinds(h.diff(fn(Param("a", A), Param("b", K, "1")), fn(Param("a", A)))) == [
        (h.PARAM_REMOVED, "b")]


def test_rename_by_position_kind_and_default():
    [change] = h.diff(fn(Param("shape", A)), fn(Param("new_shape", A)))
    assert (change.kind, change.parameter, change.new_name) == (h.PARAM_RENAMED, "shape", "new_shape")


def test_no_rename_when_default_differs():
    changes = h.diff(fn(Param("a", A, "1")), fn(Param("b", A, "2")))
    assert kinds(changes) == [(h.PARAM_ADDED, "b"), (h.PARAM_REMOVED, "a")]


def test_rename_named_by_decorator_mapping():
    old = fn(Param("x", A), Param("line_terminator", A, "None"))
    new = fn(Param("x", A), Param("extra", A, "0"), Param("lineterminator", K, "None"),
             extra_keywords={"line_terminator": "lineterminator"})
    changes = h.diff(old, new)
    assert (h.PARAM_RENAMED, "line_terminator") in kinds(changes)
    assert (h.PARAM_ADDED, "extra") in kinds(changes)
    assert (h.PARAM_ADDED, "lineterminator") not in kinds(changes)


def test_rename_named_by_deprecation_replacement():
    old = fn(Param("sparse", K, "True"))
    new = fn(Param("sparse_output", K, "False"),
             param_deprecations={"sparse": Deprecation("use sparse_output", replacement="sparse_output")})
    changes = h.diff(old, new)
    renamed = [c for c in changes if c.kind == h.PARAM_RENAMED]
    assert [(c.parameter, c.new_name) for c in renamed] == [("sparse", "sparse_output")]


def test_kind_changes_both_ways():
    to_kw = h.diff(fn(Param("a", A), Param("b", A, "1")), fn(Param("a", A), Param("b", K, "1")))
    assert kinds(to_kw) == [(h.PARAM_KIND, "b")]
    assert "keyword-only" in to_kw[0].detail
    back = h.diff(fn(Param("b", K, "1")), fn(Param("b", A, "1")))
    assert kinds(back) == [(h.PARAM_KIND, "b")]
    to_posonly = h.diff(fn(Param("a", A)), fn(Param("a", P)))
    assert "positional-only" in to_posonly[0].detail


def test_reordered():
    changes = h.diff(fn(Param("a", A), Param("b", A), Param("c", A)),
                     fn(Param("b", A), Param("a", A), Param("c", A)))
    assert kinds(changes) == [(h.PARAM_REORDERED, None)]


def test_keyword_only_order_is_not_a_reorder():
    assert h.diff(fn(Param("a", K, "1"), Param("b", K, "2")),
                  fn(Param("b", K, "2"), Param("a", K, "1"))) == []


def test_default_changed_only_between_defaults():
    [change] = h.diff(fn(Param("mode", A, "'fast'")), fn(Param("mode", A, "'auto'")))
    assert change.kind == h.PARAM_DEFAULT and "'fast' -> 'auto'" in change.detail
    # becoming required is a different story: no default-changed for it
    assert h.PARAM_DEFAULT not in {c.kind for c in h.diff(fn(Param("m", A, "1")), fn(Param("m", A)))}


def test_parameter_deprecated_and_internal_records_skipped():
    new = fn(Param("a", A), param_deprecations={
        "a": Deprecation("a is deprecated", replacement="b"),
        "*positional": Deprecation("positional use deprecated")})
    changes = h.diff(fn(Param("a", A)), new)
    assert [(c.kind, c.parameter, c.new_name) for c in changes] == [(h.PARAM_DEPRECATED, "a", "b")]


def test_unknown_signature_compares_nothing():
    old = Definition("m.f", "function", params=None)
    assert h.diff(old, fn(Param("a", A))) == []


def test_explicit_params_override():
    """``explain`` passes a class's constructor parameters."""
    cls_old = Definition("m.C", "class")
    cls_new = Definition("m.C", "class")
    changes = h.diff(cls_old, cls_new, [Param("a", A)], [Param("a", A), Param("b", A)])
    assert kinds(changes) == [(h.PARAM_ADDED_REQUIRED, "b")]


def test_var_keyword_is_not_required():
    assert kinds(h.diff(fn(), fn(Param("kw", VAR_KEYWORD)))) == [(h.PARAM_ADDED, "kw")]


def test_change_json():
    change = h.Change(h.PARAM_RENAMED, "x", parameter="a", new_name="b")
    assert change.to_json() == {"kind": h.PARAM_RENAMED, "detail": "x", "parameter": "a",
                                "new_name": "b"}
    assert h.Change(h.API_ADDED, "added").to_json() == {"kind": h.API_ADDED, "detail": "added"}
