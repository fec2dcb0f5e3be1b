"""The unique-member rule's one walk per statement (analysis/member_calls.py) finds what
separate walks of the whole module find: every call in the same order with the same guard,
the members the file defines, the names imports bind and the modules imported; and the
statements it picks for a few member names give the same answers about those names."""

from __future__ import annotations

import ast
import random

from codesync.analysis.member_calls import module_facts

PIECES = [
    "import numpy as np", "from pandas import DataFrame as DF, read_csv",
    "from .local import thing", "x.fit(1)", "y = model.predict(x); z.fit(2)",
    "class Model(Base):\n    fit = None\n    def predict(self, x):\n        self.coef = x\n"
    "        return x.transform()",
    "@decorate(a.fit())\ndef run(m):\n    import scipy.linalg\n    return m.score()",
    "try:\n    est.partial_fit(x)\nexcept AttributeError:\n    est.fit(x)",
    "if hasattr(est, 'score'):\n    est.score(1)\nelse:\n    est.fit(2).predict(3)",
    "value = [e.fit() for e in items if e.ready()]",
    "while getattr(s, 'more', False):\n    s.step()",
    "obj.attr.fit_transform(\n    data,\n)", "a.b.c = d.fit()", "text = 'x.fit(1)'",
    "with ctx.open() as f:\n    f.read().predict()", "# import nothing here: obj.fit()",
    "lambda q: q.score(2)",
    "class Holder:\n    @decorate(a.fit())\n    def run(self):\n        return 1", "r = w.fit() if hasattr(w, 'fit') else None",
]


def old_facts(tree: ast.Module):
    """What the rule's four walks of the whole module found (the oracle)."""
    calls, stack = [], [(tree, False)]
    while stack:
        node, guarded = stack.pop()
        if isinstance(node, ast.Call):
            calls.append((node, guarded))
        inner = guarded or (isinstance(node, ast.Try) and bool(node.handlers)) or (
            isinstance(node, (ast.If, ast.IfExp, ast.While)) and any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                and n.func.id in ("hasattr", "getattr") for n in ast.walk(node.test)))
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    own, bound, modules = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    own.add(item.name)
                elif isinstance(item, ast.Assign):
                    own.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update(a.asname or a.name.split(".")[0] for a in node.names)
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{a.name}" for a in node.names)
    return calls, own, bound, modules


def test_one_walk_finds_what_the_separate_walks_found():
    rng = random.Random(7)
    for _ in range(200):
        source = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) + "\n"
        tree = ast.parse(source)
        calls, own, bound, modules = old_facts(tree)
        facts = module_facts(tree)
        assert list(facts.calls) == calls
        assert (set(facts.own), set(facts.bound), set(facts.modules)) == (own, bound, modules)


def test_statements_picked_for_some_names_answer_for_those_names():
    rng = random.Random(8)
    for _ in range(200):
        source = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) + "\n"
        tree = ast.parse(source)
        names = set(rng.sample(["fit", "predict", "score", "transform", "step", "read"], 2))
        full, picked = module_facts(tree), module_facts(tree, source, names)
        assert [c for c in picked.calls if getattr(c[0].func, "attr", None) in names] == \
            [c for c in full.calls if getattr(c[0].func, "attr", None) in names]
        assert picked.own & names == full.own & names
        assert (picked.bound, picked.modules) == (full.bound, full.modules)
