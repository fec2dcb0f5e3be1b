"""The trained adapter as a GGUF llama.cpp loads, via llama.cpp's ``convert_lora_to_gguf.py``.

The converter ships in the llama-cpp-python sdist (``vendor/llama.cpp``); it is taken from
``CODESYNC_LLAMA_CPP_SRC`` or a folder given, else from the sdist of the installed version,
fetched with pip and unpacked (only the converter's own files) into the user cache. It
needs the base model's config: written here from the GGUF's metadata, as transformers reads
it, with the architecture named and no quantization entry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version as installed_version
from pathlib import Path

CONVERTER = "convert_lora_to_gguf.py"
VENDOR = "vendor/llama.cpp/"
NEEDED = (CONVERTER, "convert_hf_to_gguf.py", "conversion/", "gguf-py/")


class ExportError(RuntimeError):
    pass


def write_base_config(gguf: Path, folder: Path) -> Path:
    """config.json and the tokenizer files of the base, for the converter."""
    from transformers import AutoConfig, AutoTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    config = AutoConfig.from_pretrained(str(gguf.parent), gguf_file=gguf.name).to_dict()
    config.pop("quantization_config", None)
    config["architectures"] = ["Gemma3ForCausalLM"]
    (folder / "config.json").write_text(json.dumps(config, indent=1, default=str))
    AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name).save_pretrained(folder)
    return folder


def converter_dir(source: Path | None = None) -> Path:
    """The llama.cpp folder holding the converter."""
    for candidate in (source, os.environ.get("CODESYNC_LLAMA_CPP_SRC")):
        if candidate and (Path(candidate) / CONVERTER).is_file():
            return Path(candidate)
        if candidate and (Path(candidate) / VENDOR / CONVERTER).is_file():
            return Path(candidate) / VENDOR
    from codesync.locations import cache_dir

    target = cache_dir() / "llama-cpp-src" / installed_version("llama-cpp-python")
    if not (target / CONVERTER).is_file():
        sdist = _download_sdist()
        try:
            _unpack(sdist, target)
        finally:
            shutil.rmtree(sdist.parent, ignore_errors=True)
    return target


def _download_sdist() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="codesync-sdist-"))
    wanted = f"llama-cpp-python=={installed_version('llama-cpp-python')}"
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    wanted, "-d", str(folder)], check=True,
                   capture_output=True)
    found = sorted(folder.glob("*.tar.gz"))
    if not found:
        raise ExportError(f"pip download {wanted} gave no sdist")
    return found[0]


def _unpack(sdist: Path, target: Path) -> None:
    """Only the converter's files, refusing absolute paths and ``..``."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            name = member.name.split("/", 1)[-1]
            if not name.startswith(VENDOR) or not member.isfile():
                continue
            inner = name[len(VENDOR):]
            if inner.startswith("/") or ".." in Path(inner).parts or not inner.startswith(NEEDED):
                continue
            destination = target / inner
            destination.parent.mkdir(parents=True, exist_ok=True)
            handle = archive.extractfile(member)
            if handle is not None:
                destination.write_bytes(handle.read())


def export_adapter(adapter: Path, base_config: Path, out: Path, source: Path | None = None) -> Path:
    """Write ``out`` (a LoRA GGUF) from a peft adapter folder."""
    folder = converter_dir(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(folder / CONVERTER), "--base", str(base_config),
               "--outfile", str(out), "--outtype", "f32", str(adapter)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if result.returncode != 0 or not out.is_file():
        raise ExportError(f"{CONVERTER} failed: {result.stderr[-2000:]}")
    return out
