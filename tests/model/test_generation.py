"""Real llama.cpp on the real Gemma GGUF: the grammar, the lazy grammar pass, time limits
and cancellation."""

from __future__ import annotations

import threading
import time

import pytest

from codesync.model.generate import Stopped
from codesync.model.grammar import in_language
from codesync.model.locate import ModelSpec, threads
from codesync.model.prompt import build_prompt, split_output, task_for
from codesync.model.record import change_record
from codesync.model.rewrite import Rewriter

from .conftest import STRUCTURAL, finding_on, needs_llama

pytestmark = needs_llama


@pytest.fixture(scope="module")
def prompt(structural_project) -> str:
    finding = finding_on(structural_project, STRUCTURAL, 7)
    return build_prompt(task_for(finding.evidence.site.node, STRUCTURAL),
                        change_record(finding))


def test_the_grammar_yields_one_parseable_line(generator, prompt: str) -> None:
    """Under the llama.cpp grammar itself (the slow path), for greedy and sampled runs."""
    import ast

    for temperature, seed in ((0.0, 0), (0.9, 1), (0.9, 2)):
        text, _ = generator._run(prompt, temperature, seed, 64, None, generator._grammar, [])
        assert in_language(text), text
        imports, expression = split_output(text)
        for line in imports:
            ast.parse(line)
        assert expression and "\n" not in expression


def test_the_lazy_pass_agrees_with_the_grammar_when_greedy(generator, prompt: str) -> None:
    lazy = generator.complete(prompt)
    strict, _ = generator._run(prompt, 0.0, 0, 96, None, generator._grammar, [])
    assert in_language(lazy.text)
    if not lazy.constrained:
        assert lazy.text == strict


def test_a_prompt_that_asks_for_a_comment_is_forced_back_to_code(generator) -> None:
    prompt = "# Python comments follow\n# one\n# two\n#"
    completion = generator.complete(prompt + "\n", max_tokens=24)
    assert in_language(completion.text) or completion.tokens >= 24


def test_stopping_before_and_during_generation(generator, prompt: str) -> None:
    with pytest.raises(Stopped):
        generator.complete(prompt, should_stop=lambda: True)
    calls = []

    def later() -> bool:
        calls.append(1)
        return len(calls) > 3  # after a few tokens
    with pytest.raises(Stopped):
        generator.complete(prompt + "np.", temperature=0.9, seed=5, grammar=False,
                           max_tokens=200, should_stop=later)
    assert 3 < len(calls) < 10


def test_rewrite_respects_a_time_limit_and_a_cancel(structural_project, base_gguf) -> None:
    rewriter = Rewriter()
    spec = ModelSpec(base_gguf)
    # histogram2d(normed=True): the record alone writes it, but not past the deadline either
    for line in (7, 9):
        finding = finding_on(structural_project, STRUCTURAL, line)
        outcome = rewriter.rewrite(spec, structural_project, STRUCTURAL, "code.py", finding,
                                   deadline=time.monotonic() - 1)
        assert outcome.stopped and not outcome.fixes and not outcome.tried
    # df.lookup: nothing the record writes is proven, so the model is asked. The cancel comes
    # 0.3 s in (model loaded first); whatever runs then, the first look at it ends the work:
    # nothing asks again (no further token, candidate or proof). Counted, not timed.
    finding = finding_on(structural_project, STRUCTURAL, 9)
    rewriter.generator(spec)
    cancel = threading.Event()
    looks_after_cancel = 0

    def cancelled() -> bool:
        nonlocal looks_after_cancel
        looks_after_cancel += cancel.is_set()
        return cancel.is_set()

    threading.Timer(0.3, cancel.set).start()
    outcome = rewriter.rewrite(spec, structural_project, STRUCTURAL, "code.py", finding,
                               cancelled=cancelled)
    assert outcome.stopped and not outcome.fixes
    assert looks_after_cancel == 1
    assert rewriter.loaded  # kept for the next request


def test_every_candidate_offered_is_proven(structural_project, base_gguf) -> None:
    """Whatever the (untuned) base writes, what comes out has passed the proof."""
    rewriter = Rewriter()
    spec = ModelSpec(base_gguf)
    report = structural_project.check_source(STRUCTURAL, "code.py")
    for finding in report.findings:
        outcome = rewriter.rewrite(spec, structural_project, STRUCTURAL, "code.py", finding)
        assert len(outcome.fixes) <= 1 and 1 <= len(outcome.tried) <= 3
        refused = outcome.tried[:-1] if outcome.fixes else outcome.tried
        assert all(reason for _, reason in refused)  # each refusal says why
        for fix in outcome.fixes:
            assert fix.source == "model" and outcome.tried[-1][1] == ""


def test_threads_leave_a_core() -> None:
    import os

    assert threads() == max(1, len(os.sched_getaffinity(0)) - 1)


def test_a_chat_model_is_asked_through_its_template(base_gguf) -> None:
    from types import SimpleNamespace

    from codesync.model.generate import CHAT_ASK, _chat_wrapper

    template = ("{% for m in messages %}<turn>{{ m['role'] }}\n{{ m['content'] }}<end>\n"
                "{% endfor %}<turn>model\n")
    llama = SimpleNamespace(metadata={"tokenizer.chat_template": template},
                            token_eos=lambda: 1,
                            _model=SimpleNamespace(token_get_text=lambda token: "<eos>"))
    wrap = _chat_wrapper(llama, ModelSpec(base_gguf))
    assert wrap("### Legacy call\nf(x)\n") == (f"<turn>user\n{CHAT_ASK}### Legacy call\nf(x)\n"
                                                "<end>\n<turn>model")  # jinja trims the end
    assert _chat_wrapper(llama, ModelSpec(base_gguf, base_gguf)) is None  # our adapter: plain
    assert _chat_wrapper(SimpleNamespace(metadata={}), ModelSpec(base_gguf)) is None
