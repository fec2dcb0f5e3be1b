"""Enum classes whose members the module also binds as its own names.

``@enum.global_enum`` (Python 3.11+) puts every member of the class it decorates into the
defining module's namespace, as ``re`` does with ``RegexFlag``: ``module.MEMBER`` exists at
run time though no assignment spells it.
"""

from __future__ import annotations

import ast

from . import deprecations as dep

DECORATOR = "global_enum"


def binds_members_globally(node: ast.ClassDef) -> bool:
    """Whether the class is decorated with ``global_enum`` (bare, dotted or called)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dep.last_name(target) == DECORATOR:
            return True
    return False
