"""Deprecations found where the public function is not the one that warns: a helper it hands
its arguments to, a decorator called on an expression; and the last deprecation's advice
kept in the knowledge for the release that removes the API."""

from __future__ import annotations

from helpers.fakelib import make_knowledge, snapshot

FORWARDING = {
    "fakelib/__init__.py": '''
        import warnings

        def send_file(path, download_name=None, attachment_filename=None, **kwargs):
            return _send(**_prepare(path=path, download_name=download_name,
                                    attachment_filename=attachment_filename))

        def send_more(path, **kwargs):
            return _prepare(path=path, **kwargs)

        def _prepare(path, download_name=None, attachment_filename=None, cache_timeout=None,
                     **kwargs):
            if attachment_filename is not None:
                warnings.warn("The 'attachment_filename' parameter has been renamed to "
                              "'download_name'.", DeprecationWarning, stacklevel=3)
                download_name = attachment_filename
            if cache_timeout is not None:
                warnings.warn("'cache_timeout' is deprecated, use 'max_age'.", DeprecationWarning)
            if "old" in kwargs:
                warnings.warn("'old' is deprecated.", DeprecationWarning)
            return {}

        def _send(**kwargs):
            pass
    ''',
}


def test_a_keyword_the_helper_warns_about_is_deprecated_on_the_public_function():
    snap = snapshot(FORWARDING)
    send = snap.definitions["fakelib.send_file"]
    record = send.param_deprecations["attachment_filename"]
    assert record.replacement == "download_name"
    assert "renamed" in record.message
    assert "cache_timeout" not in send.param_deprecations  # not handed on by send_file


def test_keywords_forwarded_through_kwargs_carry_the_helpers_deprecations():
    more = snapshot(FORWARDING).definitions["fakelib.send_more"]
    assert {"attachment_filename", "cache_timeout", "old"} <= set(more.param_deprecations)
    assert more.extra_keywords["old"] == ""
    assert "path" not in more.param_deprecations


def test_a_deprecation_decorator_called_on_an_expression():
    snap = snapshot({"fakelib/__init__.py": '''
        from ._api import deprecated

        def new_plot(data, ax=None, *, style="line"):
            pass

        old_plot = deprecated("Use new_plot instead.")(new_plot)
        other = deprecated("1.2", alternative="fakelib.new_plot")(_elsewhere.func)

        class Legend:
            def __init__(self):
                self.legend_handles = []
            legendHandles = deprecated("3.7", alternative="legend_handles")(
                property(lambda self: self.legend_handles))
            def draw(self, renderer): pass
            paint = deprecated("3.8", alternative="draw")(draw)
    '''})
    old = snap.definitions[snap.exports["fakelib.old_plot"]]
    assert old.deprecated is not None and old.deprecated.replacement == "fakelib.new_plot"
    assert [p.name for p in old.params] == ["data", "ax", "style"]
    other = snap.definitions[snap.exports["fakelib.other"]]
    assert other.deprecated.since == "1.2"
    handles = snap.definitions["fakelib.Legend.legendHandles"]
    assert handles.kind == "property"
    assert handles.deprecated.replacement.endswith("legend_handles")
    paint = snap.definitions["fakelib.Legend.paint"]
    assert paint.kind == "method" and [p.name for p in paint.params] == ["renderer"]
    assert paint.deprecated.since == "3.8"
    assert snap.definitions["fakelib.new_plot"].deprecated is None


ADVICE = {
    "1.0": {"fakelib/__init__.py": "def plot_matrix(est, X): pass\n"},
    "1.1": {"fakelib/__init__.py": '''
        from ._api import deprecated

        @deprecated("Function plot_matrix is deprecated and will be removed in 1.2. Use one "
                    "of the class methods: Display.from_predictions or Display.from_estimator.")
        def plot_matrix(est, X): pass
    '''},
    "1.2": {"fakelib/__init__.py": "class Display: pass\n"},
}


def test_the_last_deprecation_before_a_removal_keeps_its_advice(tmp_path):
    """The release before the removal holds the deprecation's whole message: what the
    removal finding quotes as its advice."""
    knowledge = make_knowledge(tmp_path, "fakelib", ADVICE)
    try:
        assert knowledge.export("fakelib", "1.2", "fakelib.plot_matrix") is None
        last = knowledge.definition("fakelib", "1.1", "fakelib.plot_matrix")
        assert "Display.from_estimator" in last.deprecated.message
    finally:
        knowledge.close()
