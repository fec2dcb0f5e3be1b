"""What a deprecation's "use X instead" names, resolved to something that exists, or nothing.

Texts name replacements loosely: ``np.asarray`` (the conventional alias), ``Categorical.from_codes``
or ``can_read`` (relative to the deprecated API's class or module), ``asyncio.run`` (the
standard library), ``dict`` (a builtin) — and sometimes nothing at all ("use `one` of the
class methods", "use obj.ffill"). A replacement is only ever advised or applied when it
resolves at the release it is needed in.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections.abc import Callable

from .lookup import ApiLookup
from .symbols import Ref

BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))
STDLIB_MODULES = frozenset(getattr(sys, "stdlib_module_names", ()))
DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def resolve_replacement(lookup: ApiLookup, dist: str, version: str, text: str | None,
                        deprecated_path: str = "") -> str | None:
    """The replacement as an API path that exists (``numpy.asarray``), a builtin, a standard
    library name; None when ``text`` names nothing that exists at ``version``."""
    text = (text or "").strip().strip("'\"`")
    text = text[:-2] if text.endswith("()") else text  # `Artist.remove()`, 'density'
    if not text or not DOTTED.fullmatch(text):
        return None
    if "." not in text and text in BUILTIN_NAMES:
        return text
    if text.split(".")[0] in STDLIB_MODULES and "." in text:
        return text
    for candidate in _candidates(lookup, dist, text, deprecated_path):
        owner = lookup.distribution_of(Ref(candidate))
        if owner is None:
            continue
        at = version if owner == dist else _newest(lookup, owner)
        if at and lookup.find(Ref(candidate), owner, at).definition is not None:
            return candidate
    return None


def resolve_replacement_expression(lookup: ApiLookup, dist: str, version: str,
                                   text: str | None, deprecated_path: str = "") -> str | None:
    """A replacement written as a value expression over API names (``-np.inf``), with each
    name resolved (``-numpy.inf``); None unless it is one, made only of names that exist at
    ``version``, constants and operators (a call would need a signature to prove)."""
    text = (text or "").strip().strip("'\"`")
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    if isinstance(tree, (ast.Name, ast.Attribute)) or not _value_expression(tree):
        return None  # a plain name is resolve_replacement's
    def resolved_path(name: str) -> str | None:
        path = resolve_replacement(lookup, dist, version, name, deprecated_path)
        return path if path and "." in path else None

    resolved = map_dotted_names(tree, resolved_path)
    if resolved is None or not any(isinstance(n, ast.Name) for n in ast.walk(resolved)):
        return None
    return ast.unparse(resolved)


def _value_expression(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp):
        return _value_expression(node.operand)
    if isinstance(node, ast.BinOp):
        return _value_expression(node.left) and _value_expression(node.right)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float, complex)) and not isinstance(node.value, bool)
    return isinstance(node, ast.Name) or (isinstance(node, ast.Attribute) and
                                          _value_expression(node.value))


def map_dotted_names(node: ast.AST, rename: Callable[[str], str | None]) -> ast.AST | None:
    """``node`` with each dotted name (``np.inf``) replaced by one ``ast.Name`` holding
    ``rename(name)``; None when ``rename`` gives None for one of them."""
    if isinstance(node, (ast.Name, ast.Attribute)):
        new = rename(ast.unparse(node))
        return ast.Name(id=new) if new else None
    for field, value in ast.iter_fields(node):
        if isinstance(value, ast.AST):
            new_value = map_dotted_names(value, rename)
            if new_value is None:
                return None
            setattr(node, field, new_value)
    return node


def _candidates(lookup: ApiLookup, dist: str, text: str, deprecated_path: str) -> list[str]:
    own_top = deprecated_path.split(".")[0] if deprecated_path else ""
    candidates = [text]
    if "." in text and own_top:
        candidates.append(f"{own_top}.{text.split('.', 1)[1]}")  # np.asarray -> numpy.asarray
    scopes = deprecated_path.split(".")[:-1]
    for cut in range(len(scopes), 0, -1):  # relative: Class.other, module.other, pkg.other
        candidates.append(".".join([*scopes[:cut], text]))
    return list(dict.fromkeys(candidates))


def _newest(lookup: ApiLookup, dist: str) -> str | None:
    versions = lookup.knowledge.versions(dist)
    return versions[-1] if versions else None
