"""The whole model build on a handful of samples (``scripts/build_model.py --smoke``):
dataset, LoRA steps, GGUF export, evaluation, card; then llama.cpp loads the adapter."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from codesync.model.locate import ModelSpec

from .conftest import needs_llama

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ("torch", "transformers", "peft", "safetensors")
missing = [name for name in TRAINING if importlib.util.find_spec(name) is None]


@needs_llama
@pytest.mark.slow
@pytest.mark.skipif(bool(missing), reason=f"training needs {', '.join(missing)}: "
                                           "pip install -e '.[train]'")
def test_smoke_build_makes_an_adapter_llama_cpp_loads(tmp_path: Path, base_gguf: Path) -> None:
    work = tmp_path / "work"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_model.py"), "--smoke",
                             "--work", str(work)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    build = json.loads((work / "build.json").read_text())
    assert list(build) == ["dataset", "train", "export", "eval", "card"]
    assert build["dataset"]["sft_train"] >= 4 and build["dataset"]["sft_eval"] >= 1
    adapter = work / "model" / "codesync-lora.gguf"
    assert adapter.read_bytes()[:4] == b"GGUF" and 1_000_000 < adapter.stat().st_size < 20_000_000
    rows = json.loads((work / "eval.json").read_text())
    assert set(rows) == {"base", "base + change record", "tuned", "tuned + change record"}
    assert "Gemma Terms of Use" in (work / "model" / "MODEL_CARD.md").read_text()
    state = json.loads((work / "train" / "checkpoint" / "state.json").read_text())
    assert state["step"] == 2 and state["seconds"] > 0
    assert build["train"]["steps_seconds"] == state["seconds"]
    assert "choice_sum" in rows["base"]["choice"] and "calibrated likelihood" in (
        work / "model" / "MODEL_CARD.md").read_text()

    from codesync.model.generate import Generator

    completion = Generator(ModelSpec(base_gguf, adapter)).complete("x = np.")
    assert completion.text.endswith("\n")
