"""End-to-end fixtures: the real server (`python -m codesync.cli serve`) over stdio, driven by
pytest-lsp's client, on a workspace of small projects pinned to known releases."""

from __future__ import annotations

import asyncio
import os
import sys
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from helpers.caches import seed_cache

from .helpers import Published, capabilities

SERVER = [sys.executable, "-m", "codesync.cli", "serve"]

# Each project pins the releases its code is checked against (target) and was written for.
PROJECTS = {
    "pandas2": ('target = { pandas = "2.0.0" }\nbaseline = { pandas = "1.5.3" }', """\
        import pandas as pd

        df = pd.DataFrame()
        out = df.append(df)
        frame = pd.read_csv("x.csv", squeeze=True)
        """),
    "numpy2": ('target = { numpy = "2.0.2" }\nbaseline = { numpy = "1.24.0" }', """\
        import numpy as np

        values = [1, 2]
        total = np.product(values)
        mask = np.in1d(values, [1])
        """),
    "numpy110": ('target = { numpy = "1.10.0" }\nbaseline = { numpy = "1.9.3" }', """\
        import numpy as np

        data = np.genfromtxt("f.txt", float, "#", ",", 0)
        """),
    "sklearn14": ('target = { scikit-learn = "1.4.2" }\nbaseline = { scikit-learn = "1.1.3" }', """\
        from sklearn.cluster import KMeans

        model = KMeans(n_clusters=3)
        """),
    "unknown": ('target = { pandas = "9.9.9" }', """\
        import pandas as pd

        df = pd.DataFrame()
        """),
}


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory, shipped_database: Path) -> dict[str, str]:
    """The servers' environment: a private user cache that holds the shipped database."""
    cache = seed_cache(tmp_path_factory.mktemp("codesync-cache"), shipped_database)
    return {**os.environ, "CODESYNC_CACHE": str(cache)}


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name, (settings, code) in PROJECTS.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "pyproject.toml").write_text(
            f'[project]\nname = "{name}"\n\n[tool.codesync]\n{settings}\n')
        (folder / "code.py").write_text(textwrap.dedent(code))
    return root


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published = Published()
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.add(params)

    def refresh(client: LanguageClient, params: None) -> None:
        client.diagnostic_refresh_count += 1
        client.refreshed.set()

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)
        client.registered.set()

    client.refreshed = asyncio.Event()
    client.registered = asyncio.Event()
    client.registrations = []
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    register_lsp_features(client, features)
    return client


Start = Callable[..., Awaitable[LanguageClient]]


@pytest_asyncio.fixture()
async def start(server_env: dict[str, str], workspace: Path) -> AsyncIterator[Start]:
    """``await start(**options)``: a started, initialized client (the servers stop after the test)."""
    clients: list[LanguageClient] = []

    async def _start(pull: bool = False, resolve: bool = True, options: dict | None = None,
                     folders: list[Path] | None = None, encoding: str = "utf-16",
                     watch: bool = False, hover_formats: list | None = None) -> LanguageClient:
        client = make_client()
        await client.start_io(*SERVER, env=server_env)
        clients.append(client)
        folders = folders or [workspace]
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(pull=pull, resolve=resolve, encoding=encoding, watch=watch,
                                      hover_formats=hover_formats),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
            root_uri=folders[0].as_uri(),
            initialization_options=options,
        ))
        return client

    yield _start
    for client in clients:
        await client.shutdown_session()
        await client.stop()
