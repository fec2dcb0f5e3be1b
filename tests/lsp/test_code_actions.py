"""Quick fixes, suppression and fix-all: list, resolve, apply, check again."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .helpers import apply_workspace_edit, codes, open_document, replace_text

WHOLE_FILE = types.Range(start=types.Position(line=0, character=0),
                         end=types.Position(line=100, character=0))


async def _actions(client, uri: str, diagnostic: types.Diagnostic | None = None,
                   only: list[str] | None = None) -> list[types.CodeAction]:
    where = diagnostic.range if diagnostic else WHOLE_FILE
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=where,
        context=types.CodeActionContext(diagnostics=[diagnostic] if diagnostic else [],
                                        only=only)))


async def test_quickfix_resolves_to_the_exact_rewrite(start, workspace: Path) -> None:
    client = await start()
    path = workspace / "pandas2" / "code.py"
    text = path.read_text()
    uri = open_document(client, path)
    params = await client.published.wait(uri)
    removed = next(d for d in params.diagnostics if d.code == "CS101")
    actions = await _actions(client, uri, removed)
    fix = next(a for a in actions if a.is_preferred)
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.title == "Use pandas.concat"
    assert fix.edit is None  # computed on resolve
    assert [d.code for d in fix.diagnostics] == ["CS101"]
    assert len(str(fix.data)) < 200
    resolved = await client.code_action_resolve_async(fix)
    fixed = apply_workspace_edit(text, uri, resolved.edit)
    assert "out = pd.concat([df, df])\n" in fixed
    replace_text(client, uri, fixed, 2)
    assert "CS101" not in codes(await client.published.wait(uri, lambda p: p.version == 2))


async def test_applying_the_quickfixes_gives_clean_code(start, workspace: Path) -> None:
    client = await start()
    text = "import numpy as np\n\ntotal = np.product([1, 2]) + np.product([3])\n"
    uri = open_document(client, workspace / "numpy2" / "code.py", text)
    params = await client.published.wait(uri)
    for version in (2, 3):
        first = params.diagnostics[0]
        fix = next(a for a in await _actions(client, uri, first) if a.is_preferred)
        text = apply_workspace_edit(text, uri, (await client.code_action_resolve_async(fix)).edit)
        replace_text(client, uri, text, version)
        params = await client.published.wait(uri, lambda p, v=version: p.version == v)
    assert text == "import numpy as np\n\ntotal = np.prod([1, 2]) + np.prod([3])\n"
    assert not params.diagnostics


async def test_edits_are_versioned_and_stale_actions_resolve_to_nothing(start, workspace) -> None:
    client = await start()
    path = workspace / "numpy2" / "code.py"
    uri = open_document(client, path)
    params = await client.published.wait(uri)
    removed = next(d for d in params.diagnostics if d.code == "CS101")
    fix = next(a for a in await _actions(client, uri, removed) if a.is_preferred)
    resolved = await client.code_action_resolve_async(fix)
    (change,) = resolved.edit.document_changes
    assert change.text_document.version == 1
    assert apply_workspace_edit(path.read_text(), uri, resolved.edit).count("np.prod(values)") == 1
    replace_text(client, uri, path.read_text() + "\n", 2)
    assert (await client.code_action_resolve_async(fix)).edit is None


async def test_suppress_on_this_line(start, workspace: Path) -> None:
    client = await start()
    path = workspace / "pandas2" / "code.py"
    text = path.read_text()
    uri = open_document(client, path)
    params = await client.published.wait(uri)
    incompatible = next(d for d in params.diagnostics if d.code == "CS102")
    actions = await _actions(client, uri, incompatible)
    suppress = next(a for a in actions if a.title.startswith("Suppress"))
    assert not suppress.is_preferred
    fixed = apply_workspace_edit(text, uri, (await client.code_action_resolve_async(suppress)).edit)
    assert 'squeeze=True)  # codesync: ignore[CS102]\n' in fixed
    replace_text(client, uri, fixed, 2)
    assert codes(await client.published.wait(uri, lambda p: p.version == 2)) == ["CS101"]


async def test_suppress_adds_to_an_existing_comment(start, workspace: Path) -> None:
    client = await start()
    path = workspace / "numpy2" / "code.py"
    text = "import numpy as np\n\nx = np.in1d(np.product([1]), [1])  # codesync: ignore[CS103]\n"
    uri = open_document(client, path, text)
    params = await client.published.wait(uri)
    removed = next(d for d in params.diagnostics if d.code == "CS101")
    suppress = next(a for a in await _actions(client, uri, removed)
                    if a.title.startswith("Suppress"))
    fixed = apply_workspace_edit(text, uri, (await client.code_action_resolve_async(suppress)).edit)
    assert fixed.endswith("# codesync: ignore[CS103, CS101]\n")
    replace_text(client, uri, fixed, 2)
    assert codes(await client.published.wait(uri, lambda p: p.version == 2)) == ["CS201"]


async def test_fix_all(start, workspace: Path) -> None:
    client = await start()
    path = workspace / "numpy2" / "code.py"
    text = path.read_text() + "again = np.product([3])\n"
    uri = open_document(client, path, text)
    await client.published.wait(uri)
    actions = await _actions(client, uri, only=["source.fixAll"])
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.codesync"
    fixed = apply_workspace_edit(text, uri, (await client.code_action_resolve_async(fix_all)).edit)
    assert "np.product" not in fixed and fixed.count("np.prod(") == 2
    replace_text(client, uri, fixed, 2)
    assert "CS101" not in codes(await client.published.wait(uri, lambda p: p.version == 2))
    assert not await _actions(client, uri, only=["source.fixAll"])  # nothing fixable is left


async def test_edits_come_with_the_actions_when_the_client_cannot_resolve(start, workspace) -> None:
    client = await start(resolve=False)
    path = workspace / "numpy110" / "code.py"
    uri = open_document(client, path)
    (shifted,) = (await client.published.wait(uri)).diagnostics
    assert shifted.code == "CS103"
    actions = await _actions(client, uri, shifted, only=["quickfix"])
    assert all(a.edit is not None for a in actions)
    fix = next(a for a in actions if a.is_preferred)
    fixed = apply_workspace_edit(path.read_text(), uri, fix.edit)
    replace_text(client, uri, fixed, 2)
    assert not (await client.published.wait(uri, lambda p: p.version == 2)).diagnostics


async def test_no_suppression_where_a_comment_cannot_go(start, workspace: Path) -> None:
    client = await start()
    text = 'import numpy as np\n\ntotal = np.product([1]) + \\\n    1\nlabel = str(np.product([2])) + """\n"""\n'
    uri = open_document(client, workspace / "numpy2" / "code.py", text)
    params = await client.published.wait(uri)
    assert codes(params) == ["CS101", "CS101"]
    for diagnostic in params.diagnostics:
        titles = [a.title for a in await _actions(client, uri, diagnostic)]
        assert titles and not any(t.startswith("Suppress") for t in titles), titles
