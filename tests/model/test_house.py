"""What runs in the editor and what builds the model live apart: the language server's
import graph holds inference and the proof, never the dataset, training, export or
evaluation, nor torch, transformers or llama_cpp before a rewrite is asked for."""

from __future__ import annotations

import json
import subprocess
import sys

BUILD = ("codesync_build", "torch", "transformers", "peft", "llama_cpp")


def test_the_language_server_imports_nothing_of_the_model_build() -> None:
    code = ("import json, sys; import codesync.lsp.server, codesync.model.rewrite, "
            "codesync.model.service; print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                       capture_output=True, text=True).stdout)
    assert "codesync.model.proof" in loaded
    assert [m for m in loaded if m.split(".")[0] in BUILD] == []
