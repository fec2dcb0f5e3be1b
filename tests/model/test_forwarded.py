"""Rewrites the library's own code determines (a library written for the test): a deprecated
function that only forwards to another API is inlined with the call's arguments bound to its
parameters, one that does nothing is dropped; each still goes through the proof."""

from __future__ import annotations

import ast

import pytest

from codesync.config import Settings
from codesync.engine.forwarding_calls import forwarded_statement
from codesync.fixes.apply import apply_edits
from codesync.model.forwarded import forwarded_candidate
from codesync.model.proof import prove
from codesync.model.record import change_record
from codesync.model.rewrite import Rewriter
from codesync.project import Project
from helpers.fakelib import write_history

INIT = '''
import warnings
from ._core import fetch, configure, combine

_TIMEOUT = 3

def get(url, timeout=10, verify=True):
    """Fetch a page."""
    warnings.warn("get() is deprecated, use fetch()", DeprecationWarning)
    return fetch(url, timeout, verify, True)

def setup(flag):
    warnings.warn("setup() is deprecated, use configure()", DeprecationWarning)
    configure(not flag)

def register(pool):
    """Pools are counted automatically now."""
    warnings.warn("register() is deprecated and does nothing", DeprecationWarning)

def init():
    warnings.warn("init() is deprecated and does nothing", DeprecationWarning)
    return None

def pair(a, b):
    warnings.warn("pair() is deprecated, use combine()", DeprecationWarning)
    return combine(a, a, b)

def stateful(url):
    warnings.warn("stateful() is deprecated, use fetch()", DeprecationWarning)
    return fetch(url, _TIMEOUT)

def spread(*args, **kwargs):
    from ._core import fetch as _fetch
    warnings.warn("spread() is deprecated, use fetch()", DeprecationWarning)
    return _fetch(*args, **kwargs)

def strip(url):
    warnings.warn("strip() is deprecated", DeprecationWarning)
    return url.strip()

def swap(a, b):
    warnings.warn("swap() is deprecated, use combine()", DeprecationWarning)
    return combine(b, a, None)

def either(a, b):
    warnings.warn("either() is deprecated, use combine()", DeprecationWarning)
    return combine(a or b, 1, 2)

def busy(url):
    warnings.warn("busy() is deprecated, use fetch()", DeprecationWarning)
    url = url.strip()
    return fetch(url)
'''
CORE = '''
def fetch(url, timeout=10, verify=True, follow=False):
    pass

def hook(app):
    pass

def configure(disabled):
    pass

def combine(x, y, z):
    pass
'''


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Project:
    root = tmp_path / "api"
    write_history(root, "fakenet", {"1.0": {"fakenet/__init__.py": INIT,
                                            "fakenet/_core.py": CORE}})
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    return Project(tmp_path / "proj", Settings(target={"fakenet": "1.0"},
                                               baseline={"fakenet": "1.0"}))


def _finding(project: Project, source: str, line: int):
    return next(f for f in project.check_source(source, "code.py").findings if f.line == line)


def _rewritten(project: Project, source: str, line: int) -> str | None:
    """The file after the library's own rewrite, when one is written and proven."""
    finding = _finding(project, source, line)
    candidate = forwarded_candidate(finding, source)
    if candidate is None:
        return None
    site = finding.evidence.site
    verdict = prove(candidate, site.node, site.receiver, source, change_record(finding),
                    project.checker(), lambda s: project.check_source(s, "code.py").findings)
    return verdict.source if verdict.ok else None


def _statement(source: str) -> str | None:
    module = {"fakenet._core.fetch": "fakenet._core.fetch", "fetch": "fakenet._core.fetch",
              "_TIMEOUT": None}
    return forwarded_statement(ast.parse(source).body[0], module.get, "fakenet")


def test_the_body_is_stored_with_library_names_dotted() -> None:
    assert _statement("def get(url, timeout=10):\n    '''Doc.'''\n"
                      "    warnings.warn('old', DeprecationWarning)\n"
                      "    return fetch(url, timeout, True)\n") \
        == "return fakenet._core.fetch(url, timeout, True)"
    assert _statement("def register(pool):\n    warnings.warn('old', DeprecationWarning)\n") == "pass"
    assert _statement("def init():\n    return None\n") == "pass"


@pytest.mark.parametrize("body", [
    "def f(url):\n    return fetch(url, _TIMEOUT)\n",  # reads module state
    "def f(url):\n    url = url.strip()\n    return fetch(url)\n",  # two statements
    "def f(items):\n    return fetch([i for i in items])\n",  # a scope of its own
    "@property\ndef f(url):\n    return fetch(url)\n",  # a decorator that changes the call
    "async def f(url):\n    return fetch(url)\n",  # the call gives a coroutine
    "def f(url):\n    url = 'x'\n    return fetch(url)\n",  # a parameter rebound
    "def f(url):\n    from m import url\n    return fetch(url)\n",  # shadowed by an import
])
def test_a_body_that_does_more_is_not_stored(body: str) -> None:
    assert _statement(body) is None


def test_the_knowledge_carries_the_body(project) -> None:
    finding = _finding(project, "import fakenet\n\nfakenet.get(u)\n", 3)
    assert finding.evidence.lookup.find(finding.evidence.site.target, "fakenet", "1.0") \
        .definition.forwards == "return fakenet._core.fetch(url, timeout, verify, True)"


def test_a_forwarding_call_is_inlined_keeping_the_library_s_own_constants(project) -> None:
    # the defaults both sides share are left to the API; the library's True is kept
    assert _rewritten(project, "import fakenet\n\npage = fakenet.get(u)\n", 3) \
        == "import fakenet\n\npage = fakenet.fetch(u, follow=True)\n"
    assert _rewritten(project, "import fakenet\n\npage = fakenet.get(u, 5)\n", 3) \
        == "import fakenet\n\npage = fakenet.fetch(u, 5, follow=True)\n"
    assert _rewritten(project, "import fakenet\n\npage = fakenet.get(u, verify=False)\n", 3) \
        == "import fakenet\n\npage = fakenet.fetch(u, verify=False, follow=True)\n"


def test_the_body_s_own_expression_over_a_parameter_is_kept(project) -> None:
    # configure(disabled) takes the opposite flag: the body says `not flag`
    assert _rewritten(project, "import fakenet\n\nfakenet.setup(on)\n", 3) \
        == "import fakenet\n\nfakenet.configure(not on)\n"


def test_a_call_statement_body_cannot_stand_for_a_used_value(project) -> None:
    assert _rewritten(project, "import fakenet\n\nx = fakenet.setup(on)\n", 3) is None


def test_an_argument_used_twice_must_be_a_plain_name(project) -> None:
    assert _rewritten(project, "import fakenet\n\nv = fakenet.pair(a, b)\n", 3) \
        == "import fakenet\n\nv = fakenet.combine(a, a, b)\n"
    assert _rewritten(project, "import fakenet\n\nv = fakenet.pair(make(), b)\n", 3) is None


def test_effects_keep_their_order_and_are_never_skipped(project) -> None:
    assert _rewritten(project, "import fakenet\n\nv = fakenet.swap(a, b)\n", 3) \
        == "import fakenet\n\nv = fakenet.combine(b, a, None)\n"
    assert _rewritten(project, "import fakenet\n\nv = fakenet.swap(f(), g())\n", 3) is None
    assert _rewritten(project, "import fakenet\n\nv = fakenet.either(a, g())\n", 3) is None


def test_star_parameters_spread_the_call_s_own_arguments(project) -> None:
    assert _rewritten(project, "import fakenet\n\np = fakenet.spread(u, timeout=2)\n", 3) \
        == "import fakenet\n\np = fakenet.fetch(u, timeout=2)\n"


def test_a_method_of_the_call_s_own_value_stays_its_own(project) -> None:
    assert _rewritten(project, "import fakenet\n\np = fakenet.strip(u)\n", 3) \
        == "import fakenet\n\np = u.strip()\n"


@pytest.mark.parametrize("api", ["stateful", "busy"])
def test_a_body_that_reads_more_gives_nothing(project, api: str) -> None:
    assert _rewritten(project, f"import fakenet\n\np = fakenet.{api}(u)\n", 3) is None


def test_a_no_op_statement_is_removed_or_left_as_pass(project) -> None:
    two = "import fakenet\n\n\ndef f(pool):\n    fakenet.register(pool)\n    return 1\n"
    assert _rewritten(project, two, 5) == "import fakenet\n\n\ndef f(pool):\n    return 1\n"
    one = "import fakenet\n\n\ndef f(pool):\n    fakenet.register(pool)\n"
    assert _rewritten(project, one, 5) == "import fakenet\n\n\ndef f(pool):\n    pass\n"


def test_a_no_op_s_used_value_is_none_and_side_effects_refuse(project) -> None:
    assert _rewritten(project, "import fakenet\n\nx = fakenet.init()\n", 3) \
        == "import fakenet\n\nx = None\n"
    assert _rewritten(project, "import fakenet\n\nfakenet.register(make())\n", 3) is None


def test_the_rewriter_offers_only_the_library_s_rewrite(project) -> None:
    source = "from fakenet import get\n\npage = get(u)\n"
    finding = _finding(project, source, 1)
    outcome = Rewriter().rewrite(None, project, source, "code.py", finding)
    assert outcome.fixes and outcome.from_record and outcome.from_library
    assert "fakenet.fetch(u, follow=True)" in apply_edits(source, list(outcome.fixes[0].edits))


def test_a_replacement_that_changes_the_legacy_call_is_not_advised(tmp_path, monkeypatch) -> None:
    # is_off() is `not is_on()`: the text's advice cannot stand for the old call
    init = (
        "from ._flags import is_on, on\n\n"
        "def is_off():\n    return not is_on()\n\n"
        "def same_on():\n    return is_on()\n")
    flags = (
        "_ON = True\n\n"
        "def is_on():\n    \"\"\"Whether on.\n\n    .. deprecated:: 2.0 Use `flagkit.is_off()` "
        "instead.\n    \"\"\"\n    return _ON\n\n"
        "def on():\n    \"\"\"Whether on.\n\n    .. deprecated:: 2.0 Use `flagkit.same_on()` "
        "instead.\n    \"\"\"\n    return _ON\n")
    root = tmp_path / "api"
    write_history(root, "flagkit", {"2.0": {"flagkit/__init__.py": init,
                                            "flagkit/_flags.py": flags}})
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    project = Project(tmp_path / "proj", Settings(target={"flagkit": "2.0"},
                                                  baseline={"flagkit": "2.0"}))
    from codesync.model.advised import advised_candidates

    def written(api: str) -> list[str]:
        source = f"import flagkit._flags\n\nx = flagkit._flags.{api}()\n"
        finding = _finding(project, source, 3)
        return [c.expression for c in advised_candidates(finding, change_record(finding), source)]

    assert written("is_on") == []
    assert written("on") == ["flagkit.same_on()"]  # its body calls another API


def test_an_empty_public_function_stores_nothing() -> None:
    from codesync.engine.forwarding_calls import apply_forwarding
    from codesync.knowledge.model import Definition, Deprecation

    tree = ast.parse("def hook(app):\n    pass\n\ndef old(app):\n    pass\n")
    definitions = {"m.hook": Definition("m.hook", "function", []),
                   "m.old": Definition("m.old", "function", [], deprecated=Deprecation("x"))}
    apply_forwarding(tree, "m", definitions, lambda name: None)
    assert definitions["m.hook"].forwards is None and definitions["m.old"].forwards == "pass"


# the shipped knowledge of real releases -------------------------------------------------
def _shipped(tmp_path, monkeypatch, seeded_cache, target: dict, baseline: dict) -> Project:
    monkeypatch.setenv("CODESYNC_CACHE", str(seeded_cache))
    (tmp_path / "real").mkdir()
    return Project(tmp_path / "real", Settings(target=target, baseline=baseline))


def test_dnspython_s_query_keeps_the_search_its_body_passes(tmp_path, monkeypatch,
                                                            seeded_cache) -> None:
    project = _shipped(tmp_path, monkeypatch, seeded_cache, {"dnspython": "2.3.0"},
                       {"dnspython": "2.2.1"})
    source = "import dns.resolver\n\nanswer = dns.resolver.query(qname)\n"
    assert _rewritten(project, source, 3) == \
        "import dns.resolver\n\nanswer = dns.resolver.resolve(qname, search=True)\n"


def test_attrs_get_disabled_is_not_get_run_validators(tmp_path, monkeypatch, seeded_cache) -> None:
    from codesync.model.advised import advised_candidates

    project = _shipped(tmp_path, monkeypatch, seeded_cache, {"attrs": "26.1.0"},
                       {"attrs": "26.1.0"})
    source = "import attr\n\nrun = attr.get_run_validators()\n"
    finding = _finding(project, source, 3)
    assert advised_candidates(finding, change_record(finding), source) == []


def test_a_no_op_on_the_file_s_last_line_is_removed(project) -> None:
    source = "import fakenet\n\n\ndef f(pool):\n    x = 1\n    fakenet.register(pool)"
    assert _rewritten(project, source, 6) == "import fakenet\n\n\ndef f(pool):\n    x = 1\n"
