"""Parameter deprecations a function inherits from the callee it hands a parameter to, when
that callee lives in another module or class (the same-module case is ``_inherit_from_helpers``
in ``extract``):

    class Ensemble(Base):
        def __init__(self, estimator=None, base_estimator="deprecated"):
            super().__init__(estimator=estimator, base_estimator=base_estimator)

    class Lars(LinearModel):
        def fit(self, X, y):
            _deprecate_normalize(self.normalize, estimator_name=...)   # in another module

``Base.__init__`` (or ``_deprecate_normalize``) warns when its ``base_estimator`` (``normalize``)
is given: the caller's parameter is deprecated too, and for ``self.normalize`` the parameter
of the class's constructor. The scan records each call that passes parameters or ``self``
attributes on (``ForwardCall``); once every module is scanned the callee is found (through
imports, ``super()`` and the class's bases) and its parameter deprecations are copied, callees
first, until nothing changes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from .conditional_deprecations import inherit_conditional
from .deprecations import dotted_name
from .namespace_filters import StaticScope
from .value_forwarding import carried_values

MAX_ROUNDS = 4
SELF = "@self."  # a mapped value naming ``self.<attribute>``


@dataclass
class ForwardCall:
    how: str  # "name" (a module-level callable), "super" or "self" (a method by name)
    callee: str  # the dotted name, or the method's name
    args: list[str | None] = field(default_factory=list)  # per position: param, SELF + attr
    kwargs: dict[str, str] = field(default_factory=dict)  # callee keyword -> the same
    keywords: tuple = ()  # every keyword name the call passes
    typed: bool = False  # made in a branch of a type test (``isinstance(obj.index, X)``)
    truthy: tuple = ()  # keywords passed a true literal (``is_period=True``)


def forward_calls(body: list[ast.stmt], params: set[str], method: bool) -> list[ForwardCall]:
    """Calls in a function body that hand its parameters (or, in a method, ``self``
    attributes) to a callee the module cannot see into."""
    calls: list[ForwardCall] = []
    for node in (n for stmt in body for n in ast.walk(stmt)):
        if not isinstance(node, ast.Call):
            continue
        target = _callee(node.func, method)
        if target is None:
            continue
        args = [_passed(a, params, method) for a in node.args]
        kwargs = {k.arg: v for k in node.keywords if k.arg
                  for v in [_passed(k.value, params, method)] if v}
        if any(args) or kwargs:
            calls.append(ForwardCall(target[0], target[1], args, kwargs,
                                     tuple(k.arg for k in node.keywords if k.arg), truthy=tuple(
                                         k.arg for k in node.keywords if k.arg and isinstance(
                                             k.value, ast.Constant) and k.value.value is True)))
    return calls


def _callee(func: ast.expr, method: bool) -> tuple[str, str] | None:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and \
            isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
        return ("super", func.attr) if method else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
            func.value.id == "self":
        return ("self", func.attr) if method else None
    name = dotted_name(func) if isinstance(func, (ast.Name, ast.Attribute)) else ""
    return ("name", name) if name else None


def _passed(node: ast.expr, params: set[str], method: bool) -> str | None:
    if isinstance(node, ast.Name) and node.id in params:
        return node.id
    if method and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == "self":
        return SELF + node.attr
    return None


def inherit_forwarded(modules: dict) -> None:
    """Copy parameter deprecations from callees to the callers that hand them parameters."""
    scope = StaticScope(modules)
    pending = []
    for info in modules.values():
        for path, calls in info.forward_calls.items():
            caller = info.definitions.get(path)
            for call in calls if caller is not None else ():
                callee = _find_callee(scope, info, path, call)
                if callee is not None and callee is not caller:
                    pending.append((info, path, caller, call, callee))
    for _ in range(MAX_ROUNDS):
        changed = False
        for info, path, caller, call, callee in pending:
            if callee.param_deprecations:
                changed |= _apply(info, path, caller, call, callee)
            if callee.value_deprecations:
                changed |= _apply_values(info, path, caller, call, callee)
            if callee.conditional_deprecations:
                changed |= inherit_conditional(caller, callee)
        if not changed:
            return


def _apply(info, path: str, caller, call: ForwardCall, callee) -> bool:
    mapping = {p.name: a for p, a in zip(callee.params or [], call.args) if a}
    mapping.update(call.kwargs)
    changed = False
    for name, found in callee.param_deprecations.items():
        target = mapping.get(name)
        if target is None:
            continue
        record, public = _receiver(info, path, caller, target)
        if record is None or public in record.param_deprecations or \
                not _about_parameter(found, public):
            continue  # a warning that does not name the parameter is about its value
        replacement = mapping.get(found.replacement or "", "")
        if replacement and not replacement.startswith(SELF):
            found = replace(found, replacement=replacement)
        record.param_deprecations[public] = found
        changed = True
    return changed


_PARAM_WORD = r"(?:keyword\s+)?(?:argument|parameter|keyword|kwarg|option)s?"


def _about_parameter(found, name: str) -> bool:
    """A warning's text must name the parameter as one (its subject may be some values); a
    docstring entry, decorator or table deprecates the parameter itself, so a mention will do."""
    if found.form == "warn":
        return names_parameter(found.message, name)
    return bool(re.search(rf"\b{re.escape(name)}\b", found.message))


def names_parameter(message: str, name: str) -> bool:
    """The message names ``name`` as a parameter, not as a word of its prose: quoted or
    backticked (`'colors'`), followed by ``=``, next to "argument"/"parameter"/"keyword"/
    "kwarg", or shaped like code (``base_estimator``: prose has no underscores). "Using a
    string of single character colors ... is deprecated" is about some values of ``colors``."""
    word = re.escape(name)
    if "_" in name.strip("_") and re.search(rf"(?<![\w.]){word}(?![\w])", message):
        return True
    return bool(re.search(rf"[`'\"]{word}[`'\"]|(?<![\w.]){word}\s*=(?!=)|"
                          rf"\b{_PARAM_WORD}\s+{word}\b|(?<![\w.]){word}\s+{_PARAM_WORD}\b",
                          message, re.I))


def _apply_values(info, path: str, caller, call: ForwardCall, callee) -> bool:
    """The deprecated values of a parameter handed on are deprecated values of the caller's
    (a parameter always passed too: its values still matter)."""
    changed = False
    for target, items in carried_values(callee, call.args, call.kwargs, call.keywords,
                                        call.typed, call.truthy).items():
        record, public = _value_receiver(info, path, caller, target)
        if record is not None and public not in record.value_deprecations:
            record.value_deprecations[public] = items
            changed = True
    return changed


def _receiver(info, path: str, caller, target: str):
    """The definition that gets the deprecation, and the parameter: the caller's own, or,
    for ``self.x``, the constructor's ``x`` of the caller's class."""
    if not target.startswith(SELF):
        return (caller, target) if _optional(caller, target) else (None, "")
    name = target[len(SELF):]
    init = info.definitions.get(f"{path.rpartition('.')[0]}.__init__")
    if init is None or init is caller or not _optional(init, name):
        return None, ""
    return init, name


def _value_receiver(info, path: str, caller, target: str):
    if not target.startswith(SELF):
        return caller, target
    name = target[len(SELF):]
    init = info.definitions.get(f"{path.rpartition('.')[0]}.__init__")
    known = init is not None and init is not caller and any(
        p.name == name for p in init.params or [])
    return (init, name) if known else (None, "")


def _optional(record, name: str) -> bool:
    """A parameter one may leave out: only such a one can be deprecated (``X`` of ``fit`` is
    always passed, whatever a helper says about the values it holds)."""
    return any(p.name == name and p.default is not None for p in record.params or [])


def _find_callee(scope: StaticScope, info, path: str, call: ForwardCall):
    if call.how == "name":  # "pkg.mod:name": imported inside the function (extract)
        module, _, name = call.callee.rpartition(":")
        resolved = scope.resolve(module or info.name, name)
        owner = scope.owner(resolved) if resolved else None
        return owner.definitions.get(resolved) if owner is not None else None
    cls = path.rpartition(".")[0]
    classes = scope.bases_of(cls) if call.how == "super" else [cls, *scope.bases_of(cls)]
    for base in classes:
        owner = scope.owner(base)
        found = owner.definitions.get(f"{base}.{call.callee}") if owner is not None else None
        if found is not None:
            return found
    return None
