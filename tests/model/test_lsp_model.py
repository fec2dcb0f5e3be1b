"""The model action in a real server session (pytest-lsp): absent with one log line when no
model is enabled; listed, resolved lazily with progress, when ``model.path`` names a GGUF."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from lsp.helpers import apply_workspace_edit, open_document, replace_text

from .conftest import needs_llama

TITLE = "Rewrite with local model — review"


async def _actions(client, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))


# an error without an exact fix, nor one the change record alone writes (pandas 2.0 removed
# DataFrame.lookup, pointing at melt)
LOOKUP = "import pandas as pd\n\ndf = pd.DataFrame()\nvalues = df.lookup(rows, cols)\n"


async def _incompatible(client, workspace: Path) -> tuple[str, types.Diagnostic]:
    path = workspace / "pandas2" / "model_case.py"
    path.write_text(LOOKUP)
    uri = open_document(client, path)
    params = await client.published.wait(uri)
    return uri, next(d for d in params.diagnostics if d.code == "CS101")


def _model_lines(client) -> list[str]:
    """The log lines about the model (the environment's line lists distributions, whose
    names may hold the word)."""
    return [m.message for m in client.log_messages
            if "model" in m.message and not m.message.startswith("codesync: environment")]


async def test_no_model_no_action_and_one_log_line(start, workspace: Path) -> None:
    client = await start()
    uri, diagnostic = await _incompatible(client, workspace)
    for _ in range(2):
        actions = await _actions(client, uri, diagnostic)
        assert actions and TITLE not in [a.title for a in actions]
    lines = _model_lines(client)
    assert len(lines) == 1 and "model.enable" in lines[0]


@needs_llama
async def test_model_action_resolves_lazily(start, workspace: Path, base_gguf: Path) -> None:
    client = await start(options={"codesync": {"model": {"enable": True,
                                                          "path": str(base_gguf)}}})
    uri, diagnostic = await _incompatible(client, workspace)
    actions = await _actions(client, uri, diagnostic)
    model = next(a for a in actions if a.title == TITLE)
    assert model.edit is None and not model.is_preferred
    assert model.kind == types.CodeActionKind.QuickFix
    resolved = await client.code_action_resolve_async(model)
    assert client.progress_reports  # begin and end of the model run
    if resolved.edit is not None:  # proven: the rewritten call is clean
        text = (workspace / "pandas2" / "model_case.py").read_text()
        assert "df.lookup(" not in apply_workspace_edit(text, uri, resolved.edit)
    else:
        assert any("no proven model rewrite" in line for line in _model_lines(client))


HISTOGRAM = "import numpy as np\n\ncounts, edges = np.histogram(values, bins=20, normed=True)\n"


@needs_llama
async def test_tuned_model_rewrite_is_applied(start, workspace: Path, base_gguf: Path,
                                             server_env: dict[str, str]) -> None:
    """The default model (base + shipped adapter), on a structural case it is measured to get
    right: the action resolves to the proven rewrite, and the rewritten code is clean."""
    from codesync.model.locate import BASE_FILE, shipped_adapter

    if shipped_adapter() is None:
        pytest.skip("no adapter in knowledge/model (scripts/build_model.py makes it)")
    cached = Path(server_env["CODESYNC_CACHE"]) / "model" / BASE_FILE
    cached.parent.mkdir(parents=True, exist_ok=True)
    if not cached.exists():
        cached.symlink_to(base_gguf)  # the server finds its base assembled already
    folder = workspace / "numpy126"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "n"\n\n[tool.codesync]\n'
                                           'target = { numpy = "1.26.4" }\n'
                                           'baseline = { numpy = "1.23.5" }\n')
    (folder / "code.py").write_text(HISTOGRAM)
    client = await start(options={"codesync": {"model": {"enable": True}}})
    uri = open_document(client, folder / "code.py")
    params = await client.published.wait(uri)
    diagnostic = next(d for d in params.diagnostics if d.code == "CS102")
    model = next(a for a in await _actions(client, uri, diagnostic) if a.title == TITLE)
    resolved = await client.code_action_resolve_async(model)
    assert resolved.edit is not None, _model_lines(client)
    fixed = apply_workspace_edit(HISTOGRAM, uri, resolved.edit)
    assert fixed == HISTOGRAM.replace("normed=True", "density=True")
    replace_text(client, uri, fixed, 2)
    after = await client.published.wait(uri, lambda p: p.version == 2)
    assert not [d for d in after.diagnostics if d.code == "CS102"]
