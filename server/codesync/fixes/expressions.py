"""Replace a removed value with the expression its library gives for it.

numpy's table says ``NINF``: "Use `-np.inf` instead." The replacement is no name to rename to
but a value written over other names. The record's expression holds resolved paths
(``-numpy.inf``); each is spelled the way the file spells the removed name's module (``np``,
``numpy``, ``N``), and the expression is parenthesised where the code around it would bind
tighter than the expression does (``np.NINF ** 2`` -> ``(-np.inf) ** 2``).
"""

from __future__ import annotations

import ast

from ..analysis.findings import Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..analysis.replacements import DOTTED, map_dotted_names
from ..analysis.symbols import Ref

# where an expression stands alone: any operator precedence is kept without parentheses
_STANDS_ALONE = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return, ast.keyword, ast.List,
                 ast.Tuple, ast.Set, ast.Dict, ast.Expr, ast.arguments, ast.NamedExpr)


def replace_with_expression(finding: Finding, replacement: str | None,
                            index: LineIndex) -> Fix | None:
    """``np.NINF`` -> ``-np.inf`` where the record's replacement is a value expression over
    names of the removed name's own module."""
    site = finding.evidence.site
    node = site.node
    if not replacement or DOTTED.fullmatch(replacement) or not isinstance(site.target, Ref) \
            or not isinstance(node, ast.Attribute):
        return None
    module = site.target.path.rpartition(".")[0]
    spelled = _spelled(replacement, module, ast.get_source_segment(index.source, node.value))
    if spelled is None:
        return None
    if not isinstance(ast.parse(spelled, mode="eval").body, (ast.Name, ast.Attribute,
                                                              ast.Constant)) \
            and not _stands_alone(index.source, node):
        spelled = f"({spelled})"
    line, col, end_line, end_col = index.span(node)
    return Fix(f"Use `{spelled}`", "exact", (Edit(line, col, end_line, end_col, spelled),))


def _spelled(replacement: str, module: str, module_text: str | None) -> str | None:
    """The expression with each resolved path written through the file's name for ``module``;
    None when a path lives elsewhere (the file may not have imported it)."""
    if not module_text or "\n" in module_text:
        return None

    def respelled(path: str) -> str | None:
        parent, _, attr = path.rpartition(".")
        return f"{module_text}.{attr}" if parent == module else None

    tree = map_dotted_names(ast.parse(replacement, mode="eval"), respelled)
    return ast.unparse(tree) if tree is not None else None


def _stands_alone(source: str, node: ast.Attribute) -> bool:
    """Whether the code around ``node`` takes any expression as it is: an assigned value, an
    argument, an element; not an operand, a receiver or a callee."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return False
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            if isinstance(child, ast.Attribute) and _same_span(child, node):
                if isinstance(parent, ast.Call):
                    return child is not parent.func
                return isinstance(parent, _STANDS_ALONE)
    return False


def _same_span(a: ast.AST, b: ast.AST) -> bool:
    return (a.lineno, a.col_offset, a.end_lineno, a.end_col_offset) == \
        (b.lineno, b.col_offset, b.end_lineno, b.end_col_offset)
