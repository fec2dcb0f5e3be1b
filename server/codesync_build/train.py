"""LoRA tuning of the base model on the SFT records (torch on CPU, or a GPU when there is one).

The base is the same GGUF llama.cpp runs, loaded dequantized by transformers (``gguf_file=``).
Only the completion is learnt (prompt tokens are masked). Checkpoints hold the adapter, the
optimiser and the step, so a run resumes where it stopped.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj"]


@dataclass
class TrainOptions:
    rank: int = 8
    alpha: int = 16
    dropout: float = 0.05
    learning_rate: float = 2e-4
    epochs: float = 1.0
    max_steps: int | None = None
    max_length: int = 384
    accumulation: int = 4
    seed: int = 0
    threads: int = 1
    checkpoint_every: int = 25  # optimiser steps


def load_base(gguf: Path, threads: int = 1) -> tuple[Any, Any]:
    """(tokenizer, model) from a GGUF file, dequantized to float32."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(max(1, threads))
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name,
                                                 torch_dtype=torch.float32)
    return tokenizer, model


def with_lora(model: Any, options: TrainOptions) -> Any:
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(r=options.rank, lora_alpha=options.alpha, lora_dropout=options.dropout,
                        target_modules=TARGET_MODULES, task_type="CAUSAL_LM")
    return get_peft_model(model, config)


def encode(tokenizer: Any, prompt: str, completion: str, max_length: int) -> tuple[list[int], list[int]]:
    """Token ids and labels (-100 on the prompt); the prompt is cut from the left to fit."""
    prompt_ids = tokenizer(prompt, add_special_tokens=True)["input_ids"]
    answer_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    answer_ids = answer_ids + [tokenizer.eos_token_id]
    room = max_length - len(answer_ids)
    if room < 16:
        answer_ids = answer_ids[: max_length - 16]
        room = 16
    prompt_ids = prompt_ids[-room:]
    return prompt_ids + answer_ids, [-100] * len(prompt_ids) + answer_ids


def train(model: Any, tokenizer: Any, records: list[dict], options: TrainOptions, out: Path,
          progress: Callable[[str], None] = print, prompt_key: str = "prompt") -> Path:
    """Tune ``model`` (a peft model) on ``records``; returns the final adapter folder."""
    import torch

    torch.manual_seed(options.seed)
    examples = [encode(tokenizer, r[prompt_key], r["completion"], options.max_length)
                for r in records]
    order = _order(len(examples), options)
    total = len(order) // options.accumulation
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad],
                                  lr=options.learning_rate)
    first, spent = _resume(model, optimizer, out)
    model.train()
    started = time.monotonic()
    for step in range(first, total):
        loss = _step(model, optimizer, examples, order, step, options)
        if (step + 1) % options.checkpoint_every == 0 or step + 1 == total:
            save_checkpoint(model, optimizer, out, step + 1, options,
                            spent + time.monotonic() - started)
        progress(f"step {step + 1}/{total} loss {loss:.3f} "
                 f"({(time.monotonic() - started) / (step + 1 - first):.1f} s/step)")
    final = out / "adapter"
    save_adapter(model, final)
    return final


def _order(count: int, options: TrainOptions) -> list[int]:
    rng = random.Random(options.seed)
    order: list[int] = []
    rounds = int(options.epochs) + (1 if options.epochs % 1 else 0)
    for _ in range(max(1, rounds)):
        chunk = list(range(count))
        rng.shuffle(chunk)
        order.extend(chunk)
    wanted = int(count * options.epochs)
    if options.max_steps is not None:
        wanted = min(wanted, options.max_steps * options.accumulation)
    return order[: max(wanted, options.accumulation)]


def _step(model: Any, optimizer: Any, examples: list, order: list[int], step: int,
          options: TrainOptions) -> float:

    total = 0.0
    for i in order[step * options.accumulation: (step + 1) * options.accumulation]:
        ids, labels = examples[i]
        loss = completion_loss(model, ids, labels)
        (loss / options.accumulation).backward()
        total += loss.item() / options.accumulation
    optimizer.step()
    optimizer.zero_grad()
    return total


def completion_loss(model: Any, ids: list[int], labels: list[int]) -> Any:
    """The mean next-token loss on the completion, the same as transformers' loss with
    ``labels``, but with logits computed only where they are scored: with Gemma's 262k-entry
    vocabulary the output layer over the whole prompt costs more than the model itself."""
    import torch

    keep = len(ids) - next(i for i, label in enumerate(labels) if label != -100) + 1
    out = model(input_ids=torch.tensor([ids]), logits_to_keep=keep, use_cache=False)
    logits = out.logits[0, :-1].float()
    targets = torch.tensor(labels[len(ids) - keep + 1:])
    return torch.nn.functional.cross_entropy(logits, targets, ignore_index=-100)


def save_adapter(model: Any, folder: Path) -> None:
    """adapter_model.safetensors + adapter_config.json (what peft and llama.cpp read)."""
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in get_peft_model_state_dict(model).items()}
    save_file(state, str(folder / "adapter_model.safetensors"))
    config = model.peft_config["default"].to_dict()
    config["base_model_name_or_path"] = None
    config["target_modules"] = sorted(config.get("target_modules") or TARGET_MODULES)
    (folder / "adapter_config.json").write_text(json.dumps(config, indent=1, default=str))


def save_checkpoint(model: Any, optimizer: Any, out: Path, step: int, options: TrainOptions,
                    seconds: float = 0.0) -> None:
    """The adapter, the optimiser and the step, with the seconds of steps so far (summed
    over resumed runs)."""
    import torch

    folder = out / "checkpoint"
    save_adapter(model, folder)
    torch.save(optimizer.state_dict(), folder / "optimizer.pt")
    (folder / "state.json").write_text(json.dumps({"step": step, "options": asdict(options),
                                                   "seconds": round(seconds, 1)}))


def _resume(model: Any, optimizer: Any, out: Path) -> tuple[int, float]:
    """Load the last checkpoint into ``model`` and ``optimizer``; the step to go on from and
    the seconds of steps spent before it."""
    folder = out / "checkpoint"
    if not (folder / "state.json").is_file():
        return 0, 0.0
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    set_peft_model_state_dict(model, load_file(str(folder / "adapter_model.safetensors")))
    optimizer.load_state_dict(torch.load(folder / "optimizer.pt"))
    state = json.loads((folder / "state.json").read_text())
    return int(state["step"]), float(state.get("seconds", 0.0))


def steps_seconds(out: Path) -> float | None:
    """The seconds of training steps the last checkpoint records, over all resumed runs."""
    path = out / "checkpoint" / "state.json"
    return json.loads(path.read_text()).get("seconds") if path.is_file() else None
