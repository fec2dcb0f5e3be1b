"""Multiple choice by likelihood: each option scored as the continuation of the prompt,
not a letter the model names."""

from __future__ import annotations

import math

from codesync.model.prompt import Task, build_prompt
from codesync_build.evaluate import NEUTRAL, Scores, _choice, choice_prompt, render_choice

from .conftest import needs_llama

TASK = Task("np.histogram(x, normed=True)", ("x = load()",), ("import numpy as np",))


def test_the_choice_prompt_drops_the_legacy_call_and_asks_for_the_call() -> None:
    prompt = build_prompt(TASK, None, example=False)
    question = choice_prompt(prompt)
    assert question.endswith("x = load()\n### Updated call\n")
    assert "### Legacy call" not in question and "normed" not in question


class Stand:
    """A stand-in model: every option costs one nat a character, and the context makes
    ``helped`` likelier by ``lift`` nats."""

    def __init__(self, helped: str, lift: float) -> None:
        self.helped, self.lift = helped + "\n", lift

    def loglikelihood(self, prompt: str, continuation: str) -> float:
        bonus = self.lift if continuation == self.helped and prompt != NEUTRAL else 0.0
        return bonus - len(continuation)


SAMPLE = {"updated": "np.histogram(x, density=True)", "legacy": TASK.legacy}


def _answer(model: Stand) -> Scores:
    scores = Scores()
    _choice(model, SAMPLE, build_prompt(TASK, None, example=False), scores)
    return scores


def test_the_option_the_context_makes_likelier_is_the_answer() -> None:
    right = _answer(Stand(SAMPLE["updated"], 2.0))
    wrong = _answer(Stand(SAMPLE["legacy"], 2.0))
    assert (right.count, right.proven, right.exact) == (1, 1, 1)
    assert (wrong.count, wrong.proven) == (1, 0)


def test_a_shorter_option_does_not_win_by_its_length_alone() -> None:
    sample = {"updated": "f(x)", "legacy": "f(x, flag=True)"}  # the fix drops an argument
    scores = Scores()
    model = Stand(sample["legacy"], 0.5)  # the context favours the legacy call, a little
    _choice(model, sample, build_prompt(Task(sample["legacy"]), None, example=False), scores)
    summary = scores.summary()
    assert summary["choice_sum"] == 1.0 and summary["choice_shorter"] == 1.0  # length wins
    assert summary["proven"] == 0.0  # the calibrated answer follows the context


def test_the_choice_table_has_every_scoring() -> None:
    rows = {"base": {"choice": _answer(Stand(SAMPLE["updated"], 2.0)).summary()}}
    table = render_choice(rows)
    assert "| base | 1 | 1.0 |" in table and "shorter option" in table


@needs_llama
def test_loglikelihood_sums_token_log_probabilities(generator) -> None:
    prompt = "import numpy as np\nvalues = [1, 2, 3]\narray = np."
    likely = generator.loglikelihood(prompt, "array(values)\n")
    unlikely = generator.loglikelihood(prompt, "qzx_vvk(values)\n")
    assert likely < 0 and unlikely < likely
    # the prompt's cached tokens are reused without changing the answer
    assert math.isclose(generator.loglikelihood(prompt, "array(values)\n"), likely, rel_tol=1e-4)
    generator.complete("x = 1\ny = ")
    assert math.isclose(generator.loglikelihood(prompt, "array(values)\n"), likely, rel_tol=1e-4)
