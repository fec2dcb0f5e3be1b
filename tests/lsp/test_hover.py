"""Hover: the signature at the target release and what changed, when."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .helpers import open_document


async def _hover(client, uri: str, line: int, character: int) -> types.Hover | None:
    return await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character)))


async def test_hover_on_a_removed_method(start, workspace: Path) -> None:
    client = await start()
    uri = open_document(client, workspace / "pandas2" / "code.py")
    await client.published.wait(uri)
    hover = await _hover(client, uri, 3, 11)  # out = df.ap|pend(df)
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "pandas.DataFrame.append" in text
    assert "2.0.0" in text and "CS101" in text


async def test_hover_on_a_call_shows_the_signature(start, workspace: Path) -> None:
    client = await start()
    text = 'import pandas as pd\nlabel = "😋"; frame = pd.read_csv("x.csv", squeeze=True)\n'
    uri = open_document(client, workspace / "pandas2" / "code.py", text)
    line = text.splitlines()[1]
    character = line.index("read_csv") + 1 + 2  # one extra UTF-16 unit for the emoji
    hover = await _hover(client, uri, 1, character)
    assert "```python" in hover.contents.value
    assert "read_csv(" in hover.contents.value
    assert await _hover(client, uri, 1, 1) is None  # `label` is no library call


async def test_hover_in_plain_text_for_clients_without_markdown(start, workspace: Path) -> None:
    client = await start(hover_formats=[types.MarkupKind.PlainText])
    uri = open_document(client, workspace / "pandas2" / "code.py")
    await client.published.wait(uri)
    hover = await _hover(client, uri, 3, 11)
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert "pandas.DataFrame.append" in hover.contents.value
    assert "**" not in hover.contents.value and "```" not in hover.contents.value


async def test_hover_anywhere_inside_the_finding_on_an_argument(start, workspace: Path) -> None:
    client = await start()
    text = 'import pandas as pd\nframe = pd.read_csv(\n    "x.csv",\n    squeeze=True,\n)\n'
    uri = open_document(client, workspace / "pandas2" / "code.py", text)
    await client.published.wait(uri)
    hover = await _hover(client, uri, 3, 6)  # on `squeeze`, two lines below the callee
    value = hover.contents.value
    assert "read_csv(\n    filepath_or_buffer" in value  # the long signature is wrapped
    assert "CS102" in value and "squeeze" in value
