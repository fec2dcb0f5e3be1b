"""A docstring a decorator gives from a module-level template (pandas'
``@Appender(_doc_read_csv_and_table.format(...))``) says which parameters are deprecated."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from ._decorators import Appender

        _doc_read = (
            """
        Read a {kind} file.

        Parameters
        ----------
        path : str
            Where.

            .. deprecated:: 2.1.0
               Passing bytes is deprecated.
        date_parser : Callable, optional
            A parser.

            .. deprecated:: 2.0.0
               Use ``date_format`` instead.
        date_format : str
            The format.
        usecols : int or list
            * If None, every column.
            * If int, the last column.

              .. deprecated:: 0.24.0
                 Pass in a list of int instead.
        """
        )

        @Appender(_doc_read.format(kind="csv"))
        def read_csv(path, date_parser=None, date_format=None, usecols=None):
            return path

        @Appender(_doc_read.format(kind="text"))
        def read_text(path, date_format=None):
            return path

        @Appender(_doc_read.format(kind="own"))
        def read_own(path, date_parser=None):
            """Its own docstring wins."""
    ''',
    "fakelib/_decorators.py": '''
        def Appender(text):
            def wrap(f):
                f.__doc__ = text
                return f
            return wrap
    ''',
}


def test_a_template_docstring_deprecates_the_parameters_the_function_has():
    definitions = snapshot(FILES).definitions
    found = definitions["fakelib.read_csv"].param_deprecations["date_parser"]
    # the text names where the job went, not a keyword taking the same values: no rename
    assert found.since == "2.0.0" and found.replacement is None
    # `path` is required and `usecols`' note sits in a bullet: both are about some values
    assert set(definitions["fakelib.read_csv"].param_deprecations) == {"date_parser"}
    assert not definitions["fakelib.read_text"].param_deprecations  # not its parameter
    assert not definitions["fakelib.read_own"].param_deprecations


TABLED = {
    "fakelib/__init__.py": '''
        from ._decorators import Appender

        _deprecated_defaults = {"squeeze": None}
        _deprecated_messages = {"squeeze": 'Append .squeeze("columns") to the call to squeeze.'}

        _doc = """
        Read a {kind} file with {func_name}.

        Parameters
        ----------
        squeeze : bool
            Squeeze it.

            .. deprecated:: 1.4.0
               Append ``.squeeze("columns")`` to the call to ``{func_name}``.
        mangle : bool
            Mangle it.

            .. deprecated:: 1.5.0
               Not needed any more in ``{func_name}``.
        """

        @Appender(_doc.format(kind="csv", func_name="read_csv"))
        def read_csv(path, squeeze=None, mangle=None):
            return _deprecated_messages, path
    ''',
    "fakelib/_decorators.py": FILES["fakelib/_decorators.py"],
}


def test_the_template_placeholders_are_filled_and_a_table_the_code_reads_says_more():
    found = snapshot(TABLED).definitions["fakelib.read_csv"].param_deprecations
    assert found["mangle"].message == "Not needed any more in ``read_csv``."
    # the module's own table gives the message (the warning's), the template the version
    assert found["squeeze"].message.endswith('Append .squeeze("columns") to the call to squeeze.')
    assert found["squeeze"].since == "1.4.0"
