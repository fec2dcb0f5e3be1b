"""Generation through llama.cpp: load a GGUF (and adapter) once, continue a prompt under
the grammar, stop when asked (cancelled, out of time)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .grammar import grammar_text, in_language, is_import
from .locate import ModelSpec, ModelUnavailable, default_base, threads

N_CTX = 2048
MAX_TOKENS = 96
MAX_IMPORTS = 2


class Stopped(Exception):
    """Generation was cancelled or ran out of time."""


@dataclass
class Completion:
    text: str
    seconds: float
    tokens: int
    constrained: bool = False  # the lazy pass left the grammar: decoded again under it


class Generator:
    """One loaded model; calls are serialised (a llama context is not thread-safe)."""

    def __init__(self, spec: ModelSpec, n_threads: int | None = None, n_ctx: int = N_CTX) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._llama = _load(spec, n_threads or threads(), n_ctx)
        self._chat = _chat_wrapper(self._llama, spec)
        from llama_cpp import LlamaGrammar

        self._grammar = LlamaGrammar.from_string(grammar_text(), verbose=False)

    def complete(self, prompt: str, *, temperature: float = 0.0, seed: int = 0,
                 max_tokens: int = MAX_TOKENS, grammar: bool = True,
                 should_stop: Callable[[], bool] | None = None) -> Completion:
        """The model's continuation of ``prompt``: import lines, then one line of code (in
        the grammar's language unless ``grammar`` is off). Raises Stopped when
        ``should_stop`` says so (checked before each token)."""
        started = time.monotonic()
        if self._chat is not None:
            prompt = self._chat(prompt)
        with self._lock:
            text, tokens = self._lines(prompt, temperature, seed, max_tokens, should_stop)
            constrained = False
            if grammar and not in_language(text):
                text, tokens = self._run(prompt, temperature, seed, max_tokens, should_stop,
                                         self._grammar, ["\n###"])
                constrained = True
        return Completion(text, time.monotonic() - started, tokens, constrained)

    def budget(self, legacy: str) -> int:
        """Tokens to allow for a rewrite of ``legacy``: its length and some room."""
        return len(self._llama.tokenize(legacy.encode(), add_bos=False)) + 48

    def loglikelihood(self, prompt: str, continuation: str) -> float:
        """The sum of the model's log-probabilities of ``continuation``'s tokens after
        ``prompt`` (the prompt's tokens are reused from llama.cpp's cache)."""
        import numpy as np

        llama = self._llama
        prefix = llama.tokenize(prompt.encode(), add_bos=True, special=True)
        tokens = llama.tokenize(continuation.encode(), add_bos=False, special=False)
        with self._lock:
            held = llama.input_ids[: llama.n_tokens].tolist()
            same = next((i for i, (a, b) in enumerate(zip(held, prefix)) if a != b),
                        min(len(held), len(prefix)))
            llama.n_tokens = min(same, len(prefix) - 1)  # the last prompt token gives logits
            llama.eval(prefix[llama.n_tokens:])
            total = 0.0
            for token in tokens:
                logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),))
                top = float(logits.max())
                total += float(logits[token]) - top - float(np.log(np.exp(logits - top).sum()))
                llama.eval([token])
        return total

    def _lines(self, prompt: str, temperature: float, seed: int, max_tokens: int,
               should_stop: Callable[[], bool] | None) -> tuple[str, int]:
        """Up to two import lines and a code line, one line per call (the prompt's tokens
        are reused from llama.cpp's cache)."""
        text, tokens = "", 0
        for _ in range(MAX_IMPORTS + 1):
            line, used = self._run(prompt + text, temperature, seed, max_tokens - tokens,
                                   should_stop, None, ["\n"])
            text, tokens = text + line.strip("\n") + "\n", tokens + used
            if not is_import(line.strip()) or tokens >= max_tokens:
                break
        return text, tokens

    def _run(self, prompt: str, temperature: float, seed: int, max_tokens: int,
             should_stop: Callable[[], bool] | None, grammar, stop: list[str]) -> tuple[str, int]:
        from llama_cpp import StoppingCriteriaList

        stopped = threading.Event()

        def stop_now(_ids, _logits) -> bool:  # llama asks more than once per token
            if not stopped.is_set() and should_stop is not None and should_stop():
                stopped.set()
            return stopped.is_set()

        if should_stop is not None and should_stop():
            raise Stopped()
        result = self._llama.create_completion(
            prompt, max_tokens=max(1, max_tokens), temperature=temperature, top_k=40,
            top_p=0.95, seed=seed, grammar=grammar, stop=stop,
            stopping_criteria=StoppingCriteriaList([stop_now]))
        if stopped.is_set():
            raise Stopped()
        return result["choices"][0]["text"], result.get("usage", {}).get("completion_tokens", 0)


CHAT_ASK = ("Rewrite the legacy call for the library change below. Answer with the updated "
            "call on one line (import lines before it if it needs them), nothing else.\n\n")


def _chat_wrapper(llama, spec: ModelSpec) -> Callable[[str], str] | None:
    """A user's instruction-tuned GGUF is asked through the chat template in its metadata;
    the base and anything with our adapter (trained on the plain prompt) are not."""
    template = llama.metadata.get("tokenizer.chat_template")
    if not template or spec.adapter is not None:
        return None
    try:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        def text(token: int) -> str:
            return llama._model.token_get_text(token) if token != -1 else ""

        formatter = Jinja2ChatFormatter(template, eos_token=text(llama.token_eos()),
                                        bos_token="")  # llama.cpp adds the BOS token itself
    except Exception:  # noqa: BLE001 - an odd template: fall back to the plain prompt
        return None

    def wrap(prompt: str) -> str:
        return formatter(messages=[{"role": "user", "content": CHAT_ASK + prompt}]).prompt

    return wrap


def _load(spec: ModelSpec, n_threads: int, n_ctx: int):
    try:
        from llama_cpp import Llama, llama_supports_gpu_offload
    except ImportError as exc:  # pragma: no cover - callers check llama_available first
        raise ModelUnavailable(f"llama-cpp-python cannot be imported: {exc}") from exc
    gpu_layers = -1 if llama_supports_gpu_offload() else 0
    if spec.assemble:
        default_base()
    try:
        return Llama(model_path=str(spec.base), lora_path=str(spec.adapter) if spec.adapter else None,
                     n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads,
                     n_gpu_layers=gpu_layers, seed=0, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise ModelUnavailable(f"cannot load {spec.label}: {exc}") from exc
