"""The change record from the knowledge, the prompt built from it, and reading the output."""

from __future__ import annotations

from codesync.model.grammar import in_language
from codesync.model.prompt import build_prompt, split_output, task_for
from codesync.model.record import change_record
from codesync_build.metrics import bleu, edit_distance, rouge_l, same_ast

from .conftest import STRUCTURAL, finding_on


def test_record_of_a_removed_parameter_names_its_successor(structural_project) -> None:
    record = change_record(finding_on(structural_project, STRUCTURAL, 7))
    assert record.api == "numpy.histogram2d"
    assert record.removed_params == {"normed"}
    assert record.successors == {"normed": {"density"}}
    assert "normed" in record.before and "1.23.5" in record.before
    assert "normed" not in record.after and "density" in record.after


def test_record_keeps_the_deprecation_text_and_the_replacement(structural_project) -> None:
    record = change_record(finding_on(structural_project, STRUCTURAL, 9))
    assert record.kind == "removed" and record.after is None
    # "You can use DataFrame.melt and DataFrame.loc as a substitute": a combination of two,
    # no single replacement; the advice reaches the model as the deprecation's text
    assert any("DataFrame.melt" in note and "DataFrame.loc" in note for note in record.notes)
    assert record.replacement is None


def test_record_names_a_single_replacement_and_where_it_lives(structural_project) -> None:
    record = change_record(finding_on(structural_project, STRUCTURAL, 10))
    assert record.replacement == "matplotlib.colormaps.register"
    assert record.replacement_signature.startswith("matplotlib.colormaps.register(")


def test_long_signatures_are_cut_to_what_matters(structural_project) -> None:
    record = change_record(finding_on(structural_project, STRUCTURAL, 6))
    assert "squeeze=" in record.before and "..." in record.before
    assert len(record.before) < 300


def test_prompt_holds_the_record_the_code_and_the_call(structural_project) -> None:
    finding = finding_on(structural_project, STRUCTURAL, 7)
    task = task_for(finding.evidence.site.node, STRUCTURAL)
    prompt = build_prompt(task, change_record(finding), example=False)
    assert prompt.startswith("### Library change\nAPI: numpy.histogram2d (incompatible-call")
    assert "import numpy as np\n" in prompt
    assert prompt.endswith("### Legacy call\nnp.histogram2d(x, y, normed=True)\n"
                           "### Updated call\n")
    plain = build_prompt(task, None, example=True)
    assert "Before:" not in plain.split("gk.area(poly, unit=\"km2\")\n")[-1]
    assert "API: (no change record)" in plain
    assert plain.count("### Updated call") == 2  # the worked example, then the task


def test_output_is_read_as_imports_and_one_expression() -> None:
    assert split_output("import numpy as np\nnp.prod(x)\n") == (["import numpy as np"], "np.prod(x)")
    assert split_output("total = np.prod(x)\n") == ([], "np.prod(x)")
    assert split_output("a == b\n") == ([], "a == b")


def test_grammar_language() -> None:
    assert in_language("np.prod(x)\n")
    assert in_language("import numpy as np\nfrom a import b\nnp.prod(x)\n")
    assert not in_language("np.prod(x)  # comment\n")
    assert not in_language("a; b\n")
    assert not in_language("import a\nimport b\nimport c\nx\n")
    assert not in_language("np.prod(x)\nmore\n")


def test_string_metrics() -> None:
    assert bleu("f(a, b=1)", "f(a, b=1)") > 0.99
    assert bleu("g()", "f(a, b=1)") < 0.3
    assert 0.7 < rouge_l("f(a, b=1)", "f(a, c=1)") < 1.0
    assert edit_distance("abc", "abc") == 0.0 and edit_distance("abc", "abd") == 1 / 3
    assert same_ast("f(a,b)", "f(a, b)") and not same_ast("f(a)", "f(b)")


def test_a_user_adapter_setting_reaches_the_model_spec(tmp_path, monkeypatch):
    from codesync.config import parse_settings
    from codesync.model import locate
    from codesync.model.locate import resolve

    monkeypatch.setattr(locate, "llama_available", lambda: True)  # settings only: no llama.cpp

    base, adapter = tmp_path / "mine.gguf", tmp_path / "mine-lora.gguf"
    base.write_bytes(b"GGUF")
    adapter.write_bytes(b"GGUF")
    settings = parse_settings({"model": {"enable": True, "path": str(base), "adapter": str(adapter)}})
    assert settings.model_adapter == str(adapter)
    spec = resolve(settings.model_enable, settings.model_path, settings.model_adapter)
    assert spec.base == base and spec.adapter == adapter
