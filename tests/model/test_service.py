"""The model in a long-running server: settings, one log line when there is no model,
a broken GGUF turning the feature off, the default base assembled once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from codesync.config import Settings
from codesync.model import locate
from codesync.model.service import ModelService

from .conftest import STRUCTURAL, finding_on, needs_llama


def test_disabled_means_no_action_and_one_log_line(structural_project) -> None:
    lines: list[str] = []
    service = ModelService(lines.append)
    finding = finding_on(structural_project, STRUCTURAL, 7)
    for _ in range(3):
        assert service.spec(Settings()) is None
        assert not service.offers(Settings(), finding)
    assert len(lines) == 1
    assert "model.enable" in lines[0] and "pip install" in lines[0]


def test_without_llama_cpp_there_is_no_model(monkeypatch) -> None:
    monkeypatch.setattr(locate, "llama_available", lambda: False)
    lines: list[str] = []
    service = ModelService(lines.append)
    assert service.spec(Settings(model_enable=True)) is None
    assert len(lines) == 1 and "codesync-lsp[model]" in lines[0]


def test_a_missing_model_path_is_said_once(tmp_path: Path) -> None:
    lines: list[str] = []
    service = ModelService(lines.append)
    settings = Settings(model_enable=True, model_path=str(tmp_path / "none.gguf"))
    assert service.spec(settings) is None and service.spec(settings) is None
    assert lines == [f"codesync: model.path {tmp_path / 'none.gguf'} is not a file"] or (
        len(lines) == 1 and "llama-cpp-python" in lines[0])


@needs_llama
def test_a_broken_gguf_turns_the_feature_off(structural_project, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    lines: list[str] = []
    service = ModelService(lines.append)
    settings = Settings(model_enable=True, model_path=str(broken))
    # df.lookup: nothing the record alone writes is proven, so the model is loaded
    finding = finding_on(structural_project, STRUCTURAL, 9)
    spec = service.spec(settings)
    assert spec is not None and service.offers(settings, finding)
    outcome = service.submit(spec, structural_project, STRUCTURAL, "code.py", finding,
                             threading.Event()).result(timeout=60)
    assert not outcome.fixes
    assert len(lines) == 1 and "cannot load" in lines[0]
    assert service.spec(settings) is None and not service.offers(settings, finding)
    service.shutdown()


@needs_llama
def test_the_default_base_is_assembled_once_into_the_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    spec = locate.resolve(True, None)
    assert spec.assemble and not spec.base.exists()  # nothing happens until first use
    path = locate.default_base()
    assert path == spec.base and path.stat().st_size > 200_000_000
    stamp = path.stat().st_mtime_ns
    assert locate.default_base() == path and path.stat().st_mtime_ns == stamp
    assert not list(path.parent.glob("*.partial"))


def test_model_path_wins_over_the_default(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(locate, "llama_available", lambda: True)
    own = tmp_path / "own.gguf"
    own.write_bytes(b"GGUF")
    spec = locate.resolve(False, str(own))
    assert spec.base == own and spec.adapter is None and not spec.assemble
    with pytest.raises(locate.ModelUnavailable):
        locate.resolve(False, None)
