"""The server's pure parts, without a server: positions, diagnostics, edits, settings."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.workspace import PositionCodec

from codesync.analysis.findings import Finding
from codesync.config import ConfigError, deep_merge, section, server_options, validate
from codesync.fixes.apply import apply_edits
from codesync.lsp.code_actions import diff_edits, line_facts, wanted
from codesync.lsp.convert import Positions, diagnostic

TEXT = 'x = "😋é"; y = 1\r\nz = 2\rw = 3\n'


@pytest.mark.parametrize(("encoding", "units"), [
    (types.PositionEncodingKind.Utf16, 11), (types.PositionEncodingKind.Utf8, 14),
    (types.PositionEncodingKind.Utf32, 10)])
def test_positions_in_each_encoding(encoding, units) -> None:
    positions = Positions(TEXT, PositionCodec(encoding))
    column = TEXT.index("y")
    assert positions.to_client(1, column) == types.Position(line=0, character=units)
    assert positions.from_client(types.Position(line=0, character=units)) == (1, column)
    # \r\n and a lone \r both end a line, as for Python's tokenizer
    assert positions.to_client(3, 4) == types.Position(line=2, character=4)
    assert positions.to_client(9, 0) == types.Position(line=3, character=0)


def _finding(**extra) -> Finding:
    return Finding("x.py", 1, 10, 1, 11, kind="deprecated", message="m", api="numpy.in1d",
                   distribution="numpy", target_version="2.0.2", baseline_version="1.24.0",
                   changed_in="2.0.0", **extra)


def test_diagnostic_fields_and_link() -> None:
    finding = _finding(docs_url="https://numpy.org/doc/stable/release/2.0.0-notes.html")
    finding.evidence = object()  # never sent
    result = diagnostic(finding, Positions(TEXT, PositionCodec()))
    assert result.code == "CS201" and result.source == "codesync"
    assert result.code_description.href.endswith("2.0.0-notes.html")
    assert result.tags == [types.DiagnosticTag.Deprecated]
    assert result.severity == types.DiagnosticSeverity.Warning
    assert result.data == {"kind": "deprecated", "api": "numpy.in1d", "distribution": "numpy",
                           "target_version": "2.0.2", "baseline_version": "1.24.0",
                           "changed_in": "2.0.0"}
    assert diagnostic(_finding(), Positions(TEXT, PositionCodec())).code_description is None


@pytest.mark.parametrize("new", [
    "a\nb\nc\n", "a\nB\nc\n", "a\nc\n", "x\na\nb\nc\ny\n", "", "a\r\nb\nc"])
def test_diff_edits_rebuild_the_new_text(new: str) -> None:
    old = "a\nb\nc\n"
    assert apply_edits(old, diff_edits(old, new)) == new


def test_line_facts_know_where_comments_can_go() -> None:
    facts = line_facts('a = 1  # note\nb = """\n"""\nc = 1 + \\\n    2\nd = (1,\n     2)\n')
    assert facts.ends == {1, 3, 5, 6, 7}
    assert facts.comments == {1: (7, "# note")}


def test_code_action_kinds_are_hierarchical() -> None:
    assert wanted(None, "source.fixAll.codesync")
    assert wanted(["source"], "source.fixAll.codesync")
    assert wanted(["source.fixAll"], "source.fixAll.codesync")
    assert not wanted(["quickfix"], "source.fixAll.codesync")
    assert not wanted(["source.fix"], "source.fixAll.codesync")


def test_settings_sections_and_validation() -> None:
    assert section({"codesync": {"fetch": True}}) == {"fetch": True}
    assert section({"fetch": True}) == {"fetch": True}
    assert section(None) == {}
    assert deep_merge({"target": {"a": "1"}, "x": 1},
                      {"target": {"b": "2"}}) == {"target": {"a": "1", "b": "2"}, "x": 1}
    assert server_options({"debounce": 0, "diagnosticMode": "pull"}).debounce == 0
    validate({"severity": {"CS202": "hint"}, "environmentPoll": 5})
    for bad in ({"severity": {"CS101": "loud"}}, {"ignore": "CS101"}, {"debounce": "1"},
                {"diagnosticMode": "both"}, {"target": 3}):
        with pytest.raises(ConfigError):
            validate(bad)
    with pytest.raises(ConfigError):
        section({"codesync": [1]})


def test_debounce_is_automatic_by_default_and_read_from_pyproject(tmp_path) -> None:
    from codesync.lsp.projects import Projects

    assert server_options({}).debounce is None  # automatic: half the last check's time
    projects = Projects(lambda message: None)
    projects.folders = [tmp_path]
    assert projects.options.debounce is None
    (tmp_path / "pyproject.toml").write_text("[tool.codesync]\ndebounce = 250\n")
    assert projects.options.debounce == 0.25
    projects.set_initialization_options({"debounce": 40})
    assert projects.options.debounce == 0.04  # the editor's setting wins


def test_one_failing_feature_does_not_stop_the_others(monkeypatch) -> None:
    from codesync.lsp.server import CodesyncServer

    server = CodesyncServer()
    heard: list[str] = []
    first, *others = server.features

    def broken(uri: str) -> None:
        raise RuntimeError("broken feature")

    monkeypatch.setattr(first, "closed", broken)
    for feature in others:
        monkeypatch.setattr(feature, "closed", lambda uri, f=feature: heard.append(type(f).__name__))
    server._each("closed", "file:///x.py")
    assert heard == [type(f).__name__ for f in others]
