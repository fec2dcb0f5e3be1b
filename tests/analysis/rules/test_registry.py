"""Every rule module holds one documented rule, and every rule is run."""

from __future__ import annotations

import importlib
import pkgutil

from codesync.analysis import rules
from codesync.analysis.findings import CODES
from codesync.analysis.rules.base import Rule

SUPPORT_MODULES = {"base", "context", "call_facts", "table_advice", "since"}


def _rule_modules():
    for info in pkgutil.iter_modules(rules.__path__):
        if info.name not in SUPPORT_MODULES:
            yield importlib.import_module(f"{rules.__name__}.{info.name}")


def test_each_rule_module_defines_one_registered_rule_with_a_documented_example():
    registered = {type(rule) for rule in rules.ALL_RULES}
    for module in _rule_modules():
        defined = [v for v in vars(module).values() if isinstance(v, type)
                   and issubclass(v, Rule) and v.__module__ == module.__name__]
        assert len(defined) == 1, module.__name__
        [rule] = defined
        assert rule in registered, f"{rule.__name__} is not in the rule lists"
        assert rule.kind in CODES
        doc = module.__doc__ or ""
        assert doc.startswith(CODES[rule.kind]), module.__name__  # "CS101 removed: ..."
        assert "\n    " in doc, f"{module.__name__}: no indented example"


def test_rule_names_are_unique():
    names = [rule.name for rule in rules.ALL_RULES]
    assert len(names) == len(set(names))
