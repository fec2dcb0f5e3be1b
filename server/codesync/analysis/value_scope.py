"""Whether an API's deprecation covers every call, or only calls with some inputs.

Some deprecation texts are about a kind of input, not the API: "When called on a zero-d
array or scalar, ``nonzero(a)`` is treated as ... Use `atleast_1d` explicitly if this
behavior is deliberate", "passing a string to execute is deprecated", "Passing a set for
the *args* parameter is deprecated", "``Eq(expr)`` with a single argument ... this behavior
is deprecated". Such a deprecation is reported only where the call shows the input the text
names (a literal of that kind, or the arity it names); where the text restricts the
deprecation but names no input we can see, it is not reported at all.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..knowledge.model import Deprecation

# the text is about some uses of the API, not the API itself
_RESTRICTED = re.compile(
    r"\bif this behaviou?r\b|\bthis behaviou?r (is|was|has been) deprecated"
    r"|\b(when|if) (it is )?(called|calling|passed|passing|given|used|applied)\s+(on|with|to)\b"
    r"|\bpassing (a|an)\s+\w+|\b(called|calling) (it )?with\b|\bwith a single argument\b"
    r"|\busing\s+\S+\s+(with|on)\s+(a|an|:\w+:|`)"
    r"|\b(0-?d|zero-?d|zero-dimensional)\b|\bscalar (input|argument)s?\b", re.I)


def _scalar(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float, complex, bool))


def _string(node: ast.AST) -> bool:
    return isinstance(node, (ast.JoinedStr, ast.Constant)) and (
        isinstance(node, ast.JoinedStr) or isinstance(node.value, str))


def _a_set(node: ast.AST) -> bool:
    return isinstance(node, (ast.Set, ast.SetComp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in ("set", "frozenset"))


def _a_dict(node: ast.AST) -> bool:
    return isinstance(node, (ast.Dict, ast.DictComp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict")


def _a_list(node: ast.AST) -> bool:
    return isinstance(node, (ast.List, ast.ListComp))


def _a_tuple(node: ast.AST) -> bool:
    return isinstance(node, ast.Tuple)


Kind = Callable[[ast.AST], bool]  # whether an argument visibly is of a kind of input
# input kinds a text may name
_KINDS: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"\b(0-?d|zero-?d|zero-dimensional|scalars?)\b", re.I), _scalar),
    (re.compile(r"\b(a |an )?(str|string)s?\b", re.I), _string),
    (re.compile(r"\b(a |an )?(set|frozenset)s?\b(?!\s+(to|the|of|up)\b)", re.I), _a_set),
    (re.compile(r"\b(a |an )?(dict|dictionary|mapping)s?\b", re.I), _a_dict),
    (re.compile(r"\b(a |an )?lists?\b", re.I), _a_list),
    (re.compile(r"\b(a |an )?tuples?\b", re.I), _a_tuple),
)
_SINGLE = re.compile(r"\b(with )?(a single|one|only one) (positional )?argument\b", re.I)


@dataclass(frozen=True)
class ApiScope:
    whole: bool  # every call is deprecated
    kinds: tuple[Kind, ...] = ()  # else, calls with such an argument
    single_argument: bool = False  # else, calls with exactly one argument


def restricted(text: str) -> bool:
    """Whether a deprecation text is about some inputs only."""
    return _RESTRICTED.search(text) is not None


def api_scope(record: Deprecation) -> ApiScope:
    """Whether the deprecation is of the API, or of calls with the inputs its text names."""
    text = record.message
    if not _RESTRICTED.search(text):
        return ApiScope(whole=True)
    return ApiScope(whole=False, kinds=_kinds(text), single_argument=bool(_SINGLE.search(text)))


_PASSING = re.compile(r"\bpassing (an? )?(\w+(-\w+)?)", re.I)


def named_kinds(text: str) -> tuple[Kind, ...]:
    """The input kinds a parameter's warning is about ("passing a string ... is deprecated")."""
    return tuple(k for a in _PASSING.finditer(text) for k in _kinds(a.group(2)))


def _kinds(text: str) -> tuple[Kind, ...]:
    return tuple(test for pattern, test in _KINDS if pattern.search(text))


def call_in_scope(scope: ApiScope, call: ast.Call | None) -> bool:
    """Whether the call visibly passes an input the deprecation is about."""
    if scope.whole:
        return True
    if call is None:
        return False  # a reference: no input to see
    arguments = [*call.args, *(k.value for k in call.keywords)]
    if scope.single_argument and len(arguments) == 1 and not any(
            isinstance(a, ast.Starred) for a in call.args) and all(k.arg for k in call.keywords):
        return True
    return any(test(argument) for test in scope.kinds for argument in arguments)
