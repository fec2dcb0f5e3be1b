"""A real release pair from the package index: requests 2.31.0 and 2.32.3.

Skipped when the index cannot be reached (``-m "not network"`` leaves it out on purpose).
Downloads go to a session cache directory, never to the user's cache.
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request

import pytest

from codesync.analysis.api_history import HistoryBuilder
from codesync.engine import fetch
from codesync.engine.build import KnowledgeBuilder
from codesync.knowledge import textform
from codesync.knowledge.store import Knowledge, build_database
from helpers.fakelib import deprecation_of

pytestmark = [pytest.mark.network, pytest.mark.slow]

PAIR = ["requests==2.31.0", "requests==2.32.3"]


def index_reachable() -> str | None:
    """None when the simple API answers for requests, else why not."""
    if os.environ.get("CODESYNC_OFFLINE"):
        return "CODESYNC_OFFLINE is set"
    try:
        url = f"{fetch.index_url()}/requests/"
        request = urllib.request.Request(url, headers={"Accept": fetch.JSON_ACCEPT,
                                                       "User-Agent": fetch.USER_AGENT})
        with urllib.request.urlopen(request, timeout=15) as response:
            json.loads(response.read())
    except (OSError, urllib.error.URLError, ValueError) as exc:
        return f"package index not reachable: {exc}"
    return None


@pytest.fixture(scope="module")
def requests_knowledge(tmp_path_factory):
    reason = index_reachable()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("registry")
    cache = base / "cache"
    old_cache = os.environ.get("CODESYNC_CACHE")
    os.environ["CODESYNC_CACHE"] = str(cache)  # the workers are forked with it
    try:
        builder = KnowledgeBuilder(root=base / "api", jobs=2, stream=io.StringIO())
        results = builder.run(PAIR)
        rerun = KnowledgeBuilder(root=base / "api", jobs=2, stream=io.StringIO()).run(PAIR)
    finally:
        if old_cache is None:
            os.environ.pop("CODESYNC_CACHE", None)
        else:
            os.environ["CODESYNC_CACHE"] = old_cache
    failed = [(r.info.version, r.info.reason) for r in results if r.info.status == "failed"]
    if failed and all("cannot read" in reason for _, reason in failed):
        pytest.skip(f"downloads failed: {failed}")
    assert not failed, failed
    db = base / "requests.db"
    build_database([base / "api"], db)
    knowledge = Knowledge(db)
    yield {"knowledge": knowledge, "results": results, "rerun": rerun, "base": base, "cache": cache}
    knowledge.close()


def test_real_releases_are_stored(requests_knowledge):
    knowledge = requests_knowledge["knowledge"]
    assert knowledge.versions("requests") == ["2.31.0", "2.32.3"]
    rows = knowledge.release_rows("requests")
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert all(r["source"].endswith(".whl") and r["apis"] > 100 for r in rows)
    assert {"2.32.0", "2.32.2"} <= set(knowledge.published("requests"))
    assert requests_knowledge["rerun"] == []  # resumable: nothing fetched twice
    downloads = list((requests_knowledge["cache"] / "downloads").iterdir())
    assert len(downloads) == 2


def test_get_connection_deprecated_with_replacement(requests_knowledge):
    knowledge = requests_knowledge["knowledge"]
    history = HistoryBuilder(knowledge).build("requests.adapters.HTTPAdapter.get_connection")
    record = deprecation_of(history)
    assert record["replacement"].endswith("get_connection_with_tls_context")
    assert record["replacement"] == \
        "requests.adapters.HTTPAdapter.get_connection_with_tls_context"
    # the message names no version and 2.32.0 .. 2.32.2 lie between the stored releases
    assert record["since"] == "between 2.31.0 and 2.32.3"
    assert record["first_seen"] == "2.32.3"
    stored = knowledge.definition("requests", "2.32.3", "requests.adapters.HTTPAdapter.get_connection")
    assert stored.deprecated is not None and stored.deprecated.form == "warn"
    assert knowledge.definition(
        "requests", "2.31.0", "requests.adapters.HTTPAdapter.get_connection").deprecated is None


def test_replacement_added_in_the_same_span(requests_knowledge):
    knowledge = requests_knowledge["knowledge"]
    history = HistoryBuilder(knowledge).build(
        "requests.adapters.HTTPAdapter.get_connection_with_tls_context")
    assert history["present"] == [{"first": "2.32.3", "last": "2.32.3"}]
    assert [(c["in"], c["kind"]) for c in history["changes"]] == [
        ("between 2.31.0 and 2.32.3", "api-added")]


def test_public_surface_of_a_real_release(requests_knowledge):
    knowledge = requests_knowledge["knowledge"]
    assert knowledge.export("requests", "2.32.3", "requests.get") == "requests.api.get"
    assert knowledge.export("requests", "2.32.3", "requests.Session") == "requests.sessions.Session"
    session_get = knowledge.member("requests", "2.32.3", "requests.sessions.Session", "get")
    assert session_get is not None and session_get.params[0].name == "url"
    meta = textform.read_meta(requests_knowledge["base"] / "api", "requests")
    assert meta["import_names"] == ["requests"]
