"""Multiple choice by likelihood: each option scored as the continuation of the prompt,
not a letter the model names."""

from __future__ import annotations

import math

from codesync.model.evaluate import Scores, _choice, choice_prompt
from codesync.model.prompt import Task, build_prompt

from .conftest import needs_llama

TASK = Task("np.histogram(x, normed=True)", ("x = load()",), ("import numpy as np",))


def test_the_choice_prompt_drops_the_legacy_call_and_asks_for_the_call() -> None:
    prompt = build_prompt(TASK, None, example=False)
    question = choice_prompt(prompt)
    assert question.endswith("x = load()\n### Updated call\n")
    assert "### Legacy call" not in question and "normed" not in question


class Fixed:
    """A stand-in model that finds one text likelier than every other."""

    def __init__(self, likely: str) -> None:
        self.likely, self.asked = likely, []

    def loglikelihood(self, prompt: str, continuation: str) -> float:
        self.asked.append((prompt, continuation))
        return -1.0 if continuation == self.likely + "\n" else -5.0


def test_the_likelier_option_is_the_answer() -> None:
    sample = {"updated": "np.histogram(x, density=True)", "legacy": TASK.legacy}
    prompt = build_prompt(TASK, None, example=False)
    right, wrong = Scores(), Scores()
    _choice(Fixed(sample["updated"]), sample, prompt, right)
    _choice(Fixed(sample["legacy"]), sample, prompt, wrong)
    assert (right.count, right.proven) == (1, 1) and (wrong.count, wrong.proven) == (1, 0)


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
