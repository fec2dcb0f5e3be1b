"""Templated contexts: the same legacy call in other forms, each labelled by the fixers and
proven like a PCBench snippet, on the same side of the split as its API."""

from __future__ import annotations

import ast
import itertools

from codesync.analysis.checker import Checker, VersionContext
from codesync.knowledge.store import open_knowledge
from codesync.model.rewrite import eligible
from codesync_build.dataset import _samples_of, build_samples, load_cases, origin, variant_cases
from codesync_build.evaluate import Scores, finding_for, score_rewrite
from codesync_build.templates import variants
from helpers.pcbench_sample import pcbench_cases_path

SNIPPET = """\
import numpy as np
x = np.arange(10)
h = np.histogram(x, 5, None, True)
"""


def _finding(source: str):
    checker = Checker(open_knowledge(), VersionContext.of({"numpy": "1.26.4"},
                                                          {"numpy": "1.23.5"}))
    found = [f for f in checker.check_source(source, "case.py").findings if eligible(f)]
    assert found, "the snippet must be reported"
    return found[0], checker


def test_variants_rewrite_the_call_and_keep_the_file_parsing() -> None:
    finding, _checker = _finding(SNIPPET)
    forms = dict(variants(finding, SNIPPET))
    assert {"return", "loop", "unaliased", "keywords"} <= set(forms)
    assert "def run():\n    return np.histogram(x, 5, None, True)" in forms["return"]
    assert "import numpy\nx = numpy.arange(10)\n" in forms["unaliased"]
    assert "numpy.histogram(x, 5, None, True)" in forms["unaliased"]
    assert "np.histogram(x, bins=5, range=None, normed=True)" in forms["keywords"]
    for text in forms.values():
        ast.parse(text)


def test_keywords_go_positional_in_the_baseline_order() -> None:
    source = SNIPPET.replace("np.histogram(x, 5, None, True)",
                             "np.histogram(x, bins=5, range=None, normed=True)")
    finding, _checker = _finding(source)
    forms = dict(variants(finding, source))
    assert "np.histogram(x, 5, None, True)" in forms["positional"]


def test_variant_pairs_are_proven_and_keep_their_api_side(tmp_path) -> None:
    knowledge = open_knowledge()
    cases = list(itertools.islice(load_cases(pcbench_cases_path(tmp_path), libraries={"numpy"}), 300))
    samples = build_samples(knowledge, iter(cases), per_api=1, variants_per_api=2)
    made = [s for s in samples if "~" in s.case]
    assert made, "templated contexts must add pairs"
    originals = {s.api: s.split for s in samples if "~" not in s.case}
    good, bad = Scores(), Scores()
    for sample in made:
        assert sample.split == originals[sample.api]
        assert origin(sample.case) in {"return", "loop", "unaliased", "chain", "keywords",
                                       "positional"}
        row = sample.sft()
        found = finding_for(row, knowledge)
        assert found is not None
        score_rewrite(row["updated"] + "\n", row, found, good)
        score_rewrite(row["legacy"] + "\n", row, found, bad)
    assert good.proven == len(made) and bad.proven == 0


CORRELATE = """\
import numpy as np
a = np.array([1, 2, 3])
v = np.array([0, 1, 0.5])
result = np.correlate(a, v, 'valid', False)
"""


def test_a_variant_case_is_a_case_of_its_own_with_a_proven_label() -> None:
    knowledge = open_knowledge()
    case = {"api": "numpy.correlate", "code": CORRELATE, "file": "case.py", "id": "t#1",
            "library": "numpy", "old_version": "1.9.3", "new_version": "1.10.0",
            "compatible": False}
    checker = Checker(knowledge, VersionContext.of({"numpy": "1.10.0"}, {"numpy": "1.9.3"}))
    made = {c["id"]: c for c in variant_cases(checker, case, "numpy.correlate")}
    assert set(made) >= {"t#1~return", "t#1~loop", "t#1~unaliased", "t#1~keywords"}
    assert all(c["old_version"] == "1.9.3" for c in made.values())
    pairs = {i: [(s.legacy, s.updated) for s in _samples_of(checker, c)] for i, c in made.items()}
    assert pairs["t#1~unaliased"] == [("numpy.correlate(a, v, 'valid', False)",
                                      "numpy.correlate(a, v, 'valid')")]
    assert pairs["t#1~keywords"] == [("np.correlate(a, v=v, mode='valid', old_behavior=False)",
                                     "np.correlate(a, v=v, mode='valid')")]


def test_calls_inside_blocks_get_context_forms_at_their_indentation() -> None:
    source = "import numpy as np\nwith ctx:\n    h = np.histogram(x, 5, None, True)\n"
    finding, _checker = _finding(source)
    forms = dict(variants(finding, source))
    assert "with ctx:\n    def run():\n        return np.histogram(x, 5, None, True)\n" in \
        forms["return"]
