from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def product(a):\n    pass\n\ndef prod(a):\n    pass\n"}
V2 = {"lib/__init__.py": """
    import warnings

    def product(a):
        warnings.warn("product is deprecated, use prod instead", DeprecationWarning)

    def prod(a):
        pass
    """}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_deprecated_function_says_since_when_and_what_to_use(judge):
    [finding] = judge("import lib\nlib.product([1])\n", "2.0", "1.0")
    assert finding.code == "CS201" and finding.severity == "warning"
    assert "`lib.product` is deprecated since 2.0" in finding.message
    assert "use `" in finding.message and "prod" in finding.message.split("use `")[1]


def test_before_the_deprecation_it_is_quiet(judge):
    assert judge("import lib\nlib.product([1])\n", "1.0") == []


SCOPED = {"lib/__init__.py": '''
    import warnings

    def nonzero(a):
        """Indices of the elements that are non-zero.

        .. deprecated:: 2.0
            Calling nonzero on 0-d arrays or scalars is deprecated; use atleast_1d
            explicitly if this behavior is deliberate.
        """

    def flatten(a):
        """Flatten.

        .. deprecated:: 2.0
            Use atleast_1d explicitly if this behavior is deliberate.
        """

    def execute(statement, *params):
        """Run a statement.

        .. deprecated:: 2.0
            passing a string to execute is deprecated; use text()
        """

    def run(data=None):
        if isinstance(data, dict):
            warnings.warn("Passing a dict as data is deprecated", FutureWarning)
    '''}


@pytest.fixture(scope="module")
def judge_scoped(judge_releases):
    return judge_releases({"1.0": {"lib/__init__.py": "def nonzero(a):\n    pass\n\n"
                                   "def flatten(a):\n    pass\n\ndef execute(s, *p):\n    pass\n"
                                   "def run(data=None):\n    pass\n"},
                           "2.0": SCOPED})


@pytest.mark.parametrize("call", ["lib.nonzero(3)", "lib.nonzero(-1.5)", "lib.execute('SELECT 1')",
                                  "lib.execute(f'SELECT {x}', 1)", "lib.run(data={'a': 1})"])
def test_a_deprecation_of_some_inputs_is_reported_where_the_call_shows_one(judge_scoped, call):
    [finding] = judge_scoped(f"import lib\nx = 1\n{call}\n", "2.0", "1.0")
    assert finding.code == "CS201"


@pytest.mark.parametrize("call", ["lib.nonzero(x)", "lib.nonzero([1, 2])", "lib.execute(query)",
                                  "lib.flatten(x)", "lib.flatten(3)", "lib.run(data=x)"])
def test_elsewhere_it_is_not_reported(judge_scoped, call):
    assert judge_scoped(f"import lib\nx = query = 1\n{call}\n", "2.0", "1.0") == []


def test_the_restriction_reads_plain_text():
    from codesync.analysis.value_scope import api_scope
    from codesync.knowledge.model import Deprecation

    assert api_scope(Deprecation("product is deprecated, use prod instead")).whole
    assert api_scope(Deprecation("The behavior of to_pydatetime is deprecated")).whole
    assert not api_scope(Deprecation("Passing a set for the args parameter is deprecated")).whole
    # a docstring directive about one kind of argument (the input is a class: never visible)
    assert not api_scope(Deprecation("Using ``integrate()`` with :class:`~.Poly` is deprecated. "
                                     "Use :meth:`.Poly.integrate` instead.")).whole
    assert not api_scope(Deprecation("Using `f` with a callable is deprecated")).whole
    assert api_scope(Deprecation("Using f is deprecated, use g with care")).whole
