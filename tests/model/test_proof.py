"""The proof a model candidate must pass: fed right and wrong candidates by hand."""

from __future__ import annotations

import pytest

from codesync.model.proof import Candidate, prove
from codesync.model.record import change_record

from .conftest import STRUCTURAL, finding_on

CASES = [
    # line, candidate, proven, why not
    (6, 'pd.read_csv(path).squeeze("columns")', True, ""),
    (6, "pd.read_csv(path)", False, "value of `squeeze`"),
    (6, "pd.read_csv(path, squeeze=True)", False, "legacy call"),
    (6, "pd.read_csv(squeeze=True)", False, "positional argument 1"),
    (6, "pd.read_csv(path, squeeze=True", False, "does not parse"),
    (7, "np.histogram2d(x, y, density=True)", True, ""),
    (7, "np.histogram2d(x, y)", False, "value of `normed`"),
    (7, "np.histogram2d(x, y, normed=True, density=True)", False, "still reports CS102"),
    (7, "np.histogram2d(x, z, density=True)", False, "positional argument 2"),
    (7, "np.histogram2d(x, y, weights=True)", False, "moved to `weights`"),
    (8, "df.to_excel(out)", True, ""),
    (8, 'df.to_excel(out, engine="utf-8")', False, "moved to `engine`"),
    (9, "df.lookup2(rows, cols)", False, "does not exist at the target"),
    (9, "other.melt(rows, cols)", False, "`df` from the receiver is lost"),
    (7, "np.histogram2d(x + w, y, density=True)", False, "`w` is not defined"),
    (7, "np.histogram2d(x, y, density=True, weights=w)", False, "`weights=w` is added"),
    (10, 'matplotlib.colormaps.register(c, name="x")', True, ""),
    (10, 'matplotlib.cm.register(c, name="x")', False, "does not exist"),
    (10, 'matplotlib.colormaps.register(c)', False, "value of `name`"),
]


@pytest.mark.parametrize(("line", "text", "proven", "why"), CASES)
def test_candidates(structural_project, line: int, text: str, proven: bool, why: str) -> None:
    finding = finding_on(structural_project, STRUCTURAL, line)
    site = finding.evidence.site
    verdict = prove(Candidate([], text), site.node, site.receiver, STRUCTURAL,
                    change_record(finding), structural_project.checker(),
                    lambda s: structural_project.check_source(s, "code.py").findings)
    assert verdict.ok is proven, verdict.reason
    assert why in verdict.reason
    if proven:
        assert verdict.fix.source == "model"
        assert verdict.fix.title == "Rewrite with local model — review"
        assert text in verdict.source


def test_an_import_line_is_added_after_the_imports(structural_project) -> None:
    source = "import pandas as pd\n\nr = pd.read_csv(path, squeeze=True)\n"
    finding = finding_on(structural_project, source, 3)
    site = finding.evidence.site
    verdict = prove(Candidate(["import numpy as np"], 'pd.read_csv(path).squeeze("columns")'),
                    site.node, site.receiver, source, change_record(finding),
                    structural_project.checker(),
                    lambda s: structural_project.check_source(s, "code.py").findings)
    assert verdict.ok, verdict.reason
    assert verdict.source == ('import pandas as pd\nimport numpy as np\n\n'
                              'r = pd.read_csv(path).squeeze("columns")\n')


def test_an_import_line_must_be_an_import(structural_project) -> None:
    finding = finding_on(structural_project, STRUCTURAL, 7)
    site = finding.evidence.site
    verdict = prove(Candidate(["x = 1"], "np.histogram2d(x, y, density=True)"), site.node,
                    site.receiver, STRUCTURAL, change_record(finding),
                    structural_project.checker(), lambda s: [])
    assert not verdict.ok and "not an import" in verdict.reason


WRONG = {  # candidates a model wrote that an earlier proof let through, and others
    "pandas-append-verify_integrity": ["pd.concat([df, other], axis=1)",
                                       "pd.concat([df, other])"],
    "numpy-histogram-normed": ["np.histogram(values, bins=20)",
                               "np.histogram(values, bins=20, density=True, range=(0, 1))"],
    "pandas-read_table-error_bad_lines": ["pd.read_table(path)",
                                          'pd.read_table(path, sep="skip")'],
    "scipy-simps": ["scipy.integrate.simpson(y)"],
}


def test_structural_cases_expected_answers_prove_and_wrong_ones_do_not() -> None:
    from codesync.knowledge.store import open_knowledge
    from codesync_build.evaluate import prove_text, structural_cases, structural_finding

    knowledge = open_knowledge()
    cases = structural_cases()
    assert len(cases) >= 9
    for case in cases:
        found = structural_finding(case, knowledge)
        assert found is not None and not found[0].fixes, case["id"]  # no exact fix exists
        for answer in case["expected"]:
            assert prove_text(answer + "\n", case, found), (case["id"], answer)
        for answer in WRONG.get(case["id"], []):
            assert not prove_text(answer + "\n", case, found), (case["id"], answer)


ADVISED = """\
import pandas as pd

df = pd.DataFrame()
m = df.mad()
"""


@pytest.mark.parametrize(("text", "proven", "why"), [
    ("df.mean()", False, "does not use what the library advises"),
    ("df.std()", False, "does not use what the library advises"),
    ("(df - df.mean()).abs().mean()", True, ""),
    ("(df - df.median()).abs().mean()", False, "calls `median`"),
])
def test_a_removal_s_earlier_advice_binds_the_candidate(structural_project, text, proven, why):
    # pandas 2.0 removed DataFrame.mad; 1.5's deprecation text gave the expression
    finding = finding_on(structural_project, ADVISED, 4)
    site = finding.evidence.site
    record = change_record(finding)
    assert any("abs().mean()" in s for s in record.advice[""])
    verdict = prove(Candidate([], text), site.node, site.receiver, ADVISED, record,
                    structural_project.checker(),
                    lambda s: structural_project.check_source(s, "code.py").findings)
    assert verdict.ok is proven, verdict.reason
    assert why in verdict.reason


@pytest.mark.parametrize(("text", "proven", "why"), [
    ("np.nan", True, ""),
    ("np.NAN", False, "still reports CS101"),
    ("np.inf", False, "does not use what the library advises"),
])
def test_a_bare_attribute_use_goes_to_the_model_and_its_proof(tmp_path, text, proven, why):
    from codesync.config import Settings
    from codesync.model.rewrite import eligible
    from codesync.project import Project

    source = "import numpy as np\n\nx = np.NaN\n"
    project = Project(tmp_path, Settings(target={"numpy": "2.0.2"}, baseline={"numpy": "1.26.4"}))
    finding = finding_on(project, source, 3)
    assert eligible(finding)
    site = finding.evidence.site
    verdict = prove(Candidate([], text), site.node, site.receiver, source, change_record(finding),
                    project.checker(), lambda s: project.check_source(s, "code.py").findings)
    assert verdict.ok is proven and why in verdict.reason
