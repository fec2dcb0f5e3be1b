"""Pushed and pulled diagnostics from the real server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled

from .helpers import codes, insert_line, open_document, replace_text

EXPECTED = {
    "pandas2": ["CS101", "CS102"],
    "numpy2": ["CS101", "CS201"],
    "numpy110": ["CS103"],
    "sklearn14": ["CS202"],  # KMeans n_init 10 -> 'auto'
    "unknown": ["CS301"],
}


async def test_every_finding_kind_is_pushed(start, workspace: Path) -> None:
    client = await start()
    uris = {name: open_document(client, workspace / name / "code.py") for name in EXPECTED}
    for name, uri in uris.items():
        params = await client.published.wait(uri)
        assert params.version == 1
        assert codes(params) == EXPECTED[name], name
        for diagnostic in params.diagnostics:
            assert diagnostic.source == "codesync"
            assert set(diagnostic.data) >= {"kind", "api", "distribution", "target_version",
                                            "changed_in"}
            assert "context" not in diagnostic.data


async def test_diagnostic_fields(start, workspace: Path) -> None:
    client = await start()
    uri = open_document(client, workspace / "numpy2" / "code.py")
    params = await client.published.wait(uri)
    removed, deprecated = sorted(params.diagnostics, key=lambda d: str(d.code))
    assert removed.severity == types.DiagnosticSeverity.Error
    assert removed.range == types.Range(start=types.Position(line=3, character=11),
                                        end=types.Position(line=3, character=18))
    assert removed.data["kind"] == "removed"
    assert removed.data["api"] == "numpy.product"
    assert removed.data["distribution"] == "numpy"
    assert removed.data["target_version"] == "2.0.2"
    assert removed.data["changed_in"] == "2.0.0"
    assert removed.tags is None
    assert deprecated.severity == types.DiagnosticSeverity.Warning
    assert list(deprecated.tags) == [types.DiagnosticTag.Deprecated]


async def test_columns_are_utf16_code_units(start, workspace: Path) -> None:
    client = await start()
    text = 'import pandas as pd\n\ndf = pd.DataFrame()\nlabel = "naïve 😋"; out = df.append(df)\n'
    uri = open_document(client, workspace / "pandas2" / "code.py", text)
    params = await client.published.wait(uri)
    (diagnostic,) = params.diagnostics
    line = text.splitlines()[3]
    start_char = line.index("append")  # the range covers the attribute `append`
    # 😋 is one character but two UTF-16 code units
    assert diagnostic.range.start == types.Position(line=3, character=start_char + 1)
    assert diagnostic.range.end == types.Position(line=3, character=start_char + 7)


async def test_utf8_position_encoding(start, workspace: Path) -> None:
    client = await start(encoding="utf-8")
    text = 'import pandas as pd\n\ndf = pd.DataFrame()\nlabel = "é"; out = df.append(df)\n'
    uri = open_document(client, workspace / "pandas2" / "code.py", text)
    (diagnostic,) = (await client.published.wait(uri)).diagnostics
    line = text.splitlines()[3]
    assert diagnostic.range.start.character == len(line[:line.index("append")].encode())


async def test_only_the_newest_version_is_published(start, workspace: Path) -> None:
    client = await start()
    text = "import pandas as pd\n\ndf = pd.DataFrame()\n" + "out = df.append(df)\n" * 600
    uri = open_document(client, workspace / "pandas2" / "code.py", text)
    # small edits arrive while the first (long) check runs; none of them may be published
    for version in range(2, 12):
        line = "last = df.append(df)\n" if version == 11 else f"value = {version}\n"
        insert_line(client, uri, text.count("\n"), line, version)
        text += line
    params = await client.published.wait(uri, lambda p: p.version == 11)
    assert len(params.diagnostics) == 601
    assert params.diagnostics[-1].range.start.line == text.count("\n") - 1
    assert [p.version for p in client.published.for_uri(uri)] == [11]


async def test_malformed_and_huge_files_do_not_stop_the_server(start, workspace: Path) -> None:
    client = await start()
    path = workspace / "pandas2" / "code.py"
    uri = open_document(client, path, "import pandas as pd\ndef broken(:\n    pd.DataFrame().append(1)\n")
    assert not (await client.published.wait(uri)).diagnostics
    replace_text(client, uri, path.read_text(), 2)
    assert codes(await client.published.wait(uri, lambda p: p.version == 2)) == ["CS101", "CS102"]
    huge = workspace / "pandas2" / "huge.py"
    huge_uri = open_document(client, huge, "x = 1\n" * 400_000)
    assert not (await client.published.wait(huge_uri)).diagnostics
    nul = workspace / "pandas2" / "nul.py"
    nul_uri = open_document(client, nul, "import pandas as pd\nx = '\0'\n")
    assert not (await client.published.wait(nul_uri)).diagnostics
    replace_text(client, uri, path.read_text() + "more = df.append(df)\n", 3)
    assert len((await client.published.wait(uri, lambda p: p.version == 3)).diagnostics) == 3


async def test_closing_a_document_clears_its_diagnostics(start, workspace: Path) -> None:
    client = await start()
    uri = open_document(client, workspace / "pandas2" / "code.py")
    await client.published.wait(uri, lambda p: len(p.diagnostics) == 2)
    seen = len(client.published.all)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert not (await client.published.wait(uri, after=seen)).diagnostics


async def test_pull_with_result_ids(start, workspace: Path) -> None:
    client = await start(pull=True)
    uri = open_document(client, workspace / "pandas2" / "code.py")
    document = types.TextDocumentIdentifier(uri=uri)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert sorted(d.code for d in report.items) == ["CS101", "CS102"]
    assert report.result_id
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document, previous_result_id=report.result_id))
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == report.result_id
    replace_text(client, uri, "import pandas as pd\n", 2)
    changed = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document, previous_result_id=report.result_id))
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert not changed.items and changed.result_id != report.result_id
    assert client.published.all == []  # a pulling client gets no pushes


async def test_workspace_diagnostics_report_progress(start, workspace: Path) -> None:
    client = await start(pull=True)
    open_uri = open_document(client, workspace / "numpy2" / "code.py", "import numpy as np\n")
    report = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {item.uri: item for item in report.items}
    expected = {(workspace / name / "code.py").as_uri(): found for name, found in EXPECTED.items()}
    expected[open_uri] = []  # the open document's text wins over the file's
    assert {uri: sorted(d.code for d in item.items) for uri, item in by_uri.items()} == expected
    assert by_uri[open_uri].version == 1
    (token, reports), = client.progress_reports.items()
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    previous = [types.PreviousResultId(uri=uri, value=item.result_id) for uri, item in by_uri.items()]
    again = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=previous))
    assert all(isinstance(item, types.WorkspaceUnchangedDocumentDiagnosticReport)
               for item in again.items)
    assert len(again.items) == len(expected)


async def test_a_cancelled_workspace_scan_answers_cancelled(start, workspace: Path) -> None:
    many = workspace / "many"
    many.mkdir()
    for number in range(100):  # long enough a scan that the cancellation arrives during it
        (many / f"module_{number}.py").write_text((workspace / "numpy2" / "code.py").read_text())
    client = await start(pull=True)
    scan = client.protocol.send_request(  # sent at once, unlike the send_request_async coroutine
        types.WORKSPACE_DIAGNOSTIC, types.WorkspaceDiagnosticParams(previous_result_ids=[]),
        msg_id="scan-1")
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="scan-1"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wrap_future(scan)
    for reports in client.progress_reports.values():  # a scan that began also ended
        assert not reports or isinstance(reports[-1], types.WorkDoneProgressEnd)
    uri = open_document(client, workspace / "sklearn14" / "code.py")
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [d.code for d in report.items] == ["CS202"]
