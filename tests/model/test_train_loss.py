"""The training loss on the completion only equals transformers' own loss with labels."""

from __future__ import annotations

import importlib.util

import pytest

from codesync_build.train import completion_loss

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(n) is None for n in ("torch", "transformers")),
    reason="training needs torch and transformers: pip install -e '.[train]'")


def test_completion_loss_is_the_labelled_loss() -> None:
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    torch.manual_seed(0)
    config = Gemma3TextConfig(vocab_size=97, hidden_size=32, intermediate_size=64,
                              num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=1,
                              head_dim=16, max_position_embeddings=64)
    model = Gemma3ForCausalLM(config).eval()
    ids = [2, 11, 23, 5, 40, 41, 42, 7, 8]
    labels = [-100] * 5 + ids[5:]
    expected = model(input_ids=torch.tensor([ids]), labels=torch.tensor([labels])).loss
    got = completion_loss(model, ids, labels)
    assert torch.isclose(got, expected, atol=1e-5)
    # the answer's tokens alone are scored: changing the prompt's labels changes nothing
    shifted = completion_loss(model, ids, [-100] * 6 + ids[6:])
    assert not torch.isclose(shifted, expected, atol=1e-5)
