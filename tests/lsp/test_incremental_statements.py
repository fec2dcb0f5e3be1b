"""The server replays the top-level statements an edit left alone (analysis/statement_memo.py)
and keeps the nodes of statements whose text and place did not change; after random edits of
top-level statements (imports, module names, classes, functions that use names bound above or
below them, branches and handlers at module level) its findings equal a full check's."""

from __future__ import annotations

import ast
import random

from codesync.analysis.site_memo import SiteMemo
from codesync.config import Settings
from codesync.project import Project

BLOCKS = [
    "import fakelib as fl",
    "from fakelib import load, Frame",
    "from fakelib import old_func as of, shifted",
    "import functools",
    "fl = None",
    "Frame = None",
    "alias = fl",
    "frame = load('p', squeeze=True)",
    "frame = Frame()",
    "frame += 1",
    "shared = frame.head(2)",
    "fn = fl.old_func",
    "part = functools.partial(fl.shifted, 1)",
    "part(b=2)",
    "try:\n    import fakelib as fl\nexcept ImportError:\n    fl = None",
    "if flag:\n    frame = load('q')\nelse:\n    frame = Frame()",
    "if hasattr(fl, 'old_func'):\n    fl.old_func(1)",
    "if flag:\n    frame = Frame()",
    "class Plain:\n    pass",
    "plain = Plain()\nplain.extra = load('r')",
    "def get_extra():\n    return Plain().extra",
    "get_extra().append(1)",
    "class Holder:\n    def __init__(self):\n        self.frame = load('p')\n\n"
    "    def get(self):\n        return self.frame",
    "class Sub(Frame):\n    def run(self):\n        return self.append(self, ignore_index=True)",
    "holder = Holder()\nholder.extra = load('r')",
    "def make():\n    return load('p')",
    "def make():\n    return None",
    "def use():\n    make().append(frame)\n    return alias.old_func(1)",
    "def use_holder(h: Holder):\n    h.get().append(1)\n    Holder().frame.append(2)\n"
    "    holder.extra.append(3)",
    "def later():\n    return helper_after().append(3)",
    "def helper_after():\n    return Frame()",
    "def rebind():\n    global frame\n    frame = None",
    "fl.old_func(1)",
    "fl.shifted(1, 2)",
    "fl.renamed_kw(frame, line_terminator='x')",
    "frame.append(frame)",
    "shared.append(shared)",
    "of(2)",
    "fn(3)",
    "shifted(1, 2)",
    "make().append(make())",
    "product = fl.product\nproduct(1)",
]


def edit(blocks: list[str], rng: random.Random) -> None:
    """One random edit of the module's top-level statements."""
    choice = rng.random()
    if choice < 0.3 or len(blocks) < 3:
        blocks.insert(rng.randrange(len(blocks) + 1), rng.choice(BLOCKS))
    elif choice < 0.55:
        blocks[rng.randrange(len(blocks))] = rng.choice(BLOCKS)
    elif choice < 0.75:
        del blocks[rng.randrange(len(blocks))]
    elif choice < 0.9:
        i, j = rng.randrange(len(blocks)), rng.randrange(len(blocks))
        blocks[i], blocks[j] = blocks[j], blocks[i]
    else:  # the same statements, moved down a line
        blocks.insert(rng.randrange(len(blocks) + 1), "")


def flat(report) -> list[tuple]:
    return [(f.line, f.column, f.end_line, f.end_column, f.kind, f.code, f.severity, f.message,
             f.api) for f in report.findings]


def test_random_top_level_edits_give_what_a_full_check_gives(tmp_path, fake_knowledge):
    settings = Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"})
    editing = Project(tmp_path, settings, knowledge=fake_knowledge)
    editing.checker().site_memo = SiteMemo()
    path = str(tmp_path / "module.py")
    rng = random.Random(2323)
    total = 0
    for sequence in range(6):
        blocks = ["import fakelib as fl", "from fakelib import load, Frame"] + [
            rng.choice(BLOCKS) for _ in range(10)]
        for serial in range(30):
            edit(blocks, rng)
            source = "\n".join(blocks) + "\n"
            ast.parse(source)  # every edit keeps the file parseable
            incremental = editing.check_source(source, path, with_fixes=False)
            full = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(
                source, path, with_fixes=False)
            total += len(full.findings)
            assert flat(incremental) == flat(full), (sequence, serial, source)
    assert total > 200, "the modules should have findings"


def _twenty_functions(tmp_path, fake_knowledge, monkeypatch):
    """A checked module of twenty functions, each with one finding; the statements each later
    check walks (not replays) are logged in ``walked``. (project, settings, source, path, walked)"""
    from codesync.analysis import statement_memo

    settings = Settings(target={"fakelib": "2.0"})
    project = Project(tmp_path, settings, knowledge=fake_knowledge)
    project.checker().site_memo = SiteMemo()
    functions = [f"def step_{n}(path):\n    limit = {n}\n    return load(path, squeeze=True)"
                 for n in range(20)]
    source = "from fakelib import load\n\n" + "\n\n".join(functions) + "\n"
    path = str(tmp_path / "module.py")
    project.check_source(source, path, with_fixes=False)
    walked: list[ast.stmt] = []
    walk = statement_memo._walk

    def counted(collector, stmt, tracker):
        walked.append(stmt)
        return walk(collector, stmt, tracker)

    monkeypatch.setattr(statement_memo, "_walk", counted)
    return project, settings, source, path, walked


def test_statements_left_alone_are_replayed(tmp_path, fake_knowledge, monkeypatch):
    """An edit inside one function walks that function again (in both walks), not the
    others; the findings are a full check's."""
    project, settings, source, path, walked = _twenty_functions(tmp_path, fake_knowledge,
                                                                 monkeypatch)
    edited = source.replace("limit = 7\n", "limit = 70\n")
    incremental = project.check_source(edited, path, with_fixes=False)
    full = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(
        edited, path, with_fixes=False)
    assert flat(incremental) == flat(full) and len(full.findings) == 20
    assert [s.name for s in walked] == ["step_7", "step_7"]


LINE_EDITS = ["", "# a comment", "    pass", "    extra = load('s')", "    fl.old_func(4)",
              "late = fl.old_func", "fl.old_func(5)", "later = functools.partial(load, squeeze=True)"]


def test_random_edits_adding_or_removing_lines_give_what_a_full_check_gives(
        tmp_path, fake_knowledge):
    """Lines pressed in (blank, a comment, a statement in a body or at module level) and lines
    deleted anywhere: statements below move, and the findings still equal a full check's."""
    settings = Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"})
    editing = Project(tmp_path, settings, knowledge=fake_knowledge)
    editing.checker().site_memo = SiteMemo()
    path = str(tmp_path / "module.py")
    rng = random.Random(2424)
    total = edits = 0
    for sequence in range(4):
        blocks = ["import fakelib as fl", "from fakelib import load, Frame",
                  "import functools"] + [rng.choice(BLOCKS) for _ in range(12)]
        lines = "\n".join(blocks).split("\n")
        while edits < 40 * (sequence + 1):
            changed = list(lines)
            if rng.random() < 0.6:
                changed.insert(rng.randrange(2, len(changed) + 1), rng.choice(LINE_EDITS))
            elif len(changed) > 4:
                del changed[rng.randrange(2, len(changed))]
            source = "\n".join(changed) + "\n"
            try:
                ast.parse(source)
            except SyntaxError:
                continue  # only edits that leave the file parseable
            lines, edits = changed, edits + 1
            incremental = editing.check_source(source, path, with_fixes=False)
            full = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(
                source, path, with_fixes=False)
            total += len(full.findings)
            assert flat(incremental) == flat(full), (sequence, edits, source)
    assert total > 200, "the modules should have findings"


def test_a_line_added_walks_only_its_statement(tmp_path, fake_knowledge, monkeypatch):
    """Enter pressed in one function: the functions below are replayed at their new lines,
    not walked again; the findings are a full check's."""
    project, settings, source, path, walked = _twenty_functions(tmp_path, fake_knowledge,
                                                                 monkeypatch)
    for edited in (source.replace("limit = 7\n", "limit = 7\n    other = 1\n"), source):
        walked.clear()
        incremental = project.check_source(edited, path, with_fixes=False)
        full = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(
            edited, path, with_fixes=False)
        assert flat(incremental) == flat(full) and len(full.findings) == 20
        assert [s.name for s in walked] == ["step_7", "step_7"]
