"""What a module's ``__getattr__`` can serve, and the name tables it serves them from.

A module-level ``__getattr__`` makes every missing name possibly present, unless its body
says otherwise. Two shapes say it plainly:

    def __getattr__(name):                     def __getattr__(name):
        if name in _deprecated:                    if name not in __all__:
            warn(...); return _deprecated[name]        raise AttributeError(...)
        raise AttributeError(name)                 warn("... is deprecated", DeprecationWarning)
                                                   return getattr(_private, name)

The first serves the keys of ``_deprecated``; the second serves ``__all__``, each with a
deprecation. Any other statement on the way (a loop, a ``try``, a return outside such a test,
falling off the end, which returns None for every name) leaves the set open.

Name tables may also be built by comprehensions over a literal list, as numpy builds the
messages for its removed builtin aliases (``{n: _msg.format(n=n) for n, _ in _type_info}``).
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass, field

from ..knowledge.model import Deprecation
from . import deprecations as dep
from .exits import may_return
from .injected import target_names


@dataclass
class Served:
    """The names a ``__getattr__`` can return, and the deprecation it warns for them all (or,
    in ``warned``, the message each branch warns with)."""

    names: list[str]
    deprecation: Deprecation | None = None
    parameter: str = "name"  # the name parameter, as the warning's f-string spells it
    warned: dict[str, str] = field(default_factory=dict)

    def message_for(self, name: str) -> str:
        message = self.deprecation.message if self.deprecation else ""
        return message.replace("{" + self.parameter + "}", name)

    def deprecated_messages(self) -> dict[str, str]:
        """Name -> message of every name served with a deprecation warning."""
        if self.deprecation is not None:
            return {n: self.message_for(n) for n in self.names}
        return {n: m for n, m in self.warned.items() if n in self.names}


class ModuleLiterals:
    """Module-level literals a ``__getattr__`` or a table comprehension refers to by name."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.name_lists: dict[str, list[str]] = {}  # lists, tuples, sets and dict keys of str
        self.sequences: dict[str, ast.expr] = {}  # literal lists/tuples, for comprehensions
        self.string_dicts: dict[str, dict[str, str]] = {}  # literal dicts of str -> str

    def learn(self, name: str, value: ast.expr | None) -> None:
        text = dep.literal_text(value, self.strings) if isinstance(
            value, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
        if text is not None:
            self.strings[name] = text
        names = self.names_in(value)
        if names is not None:
            self.name_lists[name] = names
        if isinstance(value, (ast.List, ast.Tuple)):
            self.sequences[name] = value
        if isinstance(value, ast.Dict) and all(
                isinstance(n, ast.Constant) and isinstance(n.value, str)
                for n in [*value.keys, *value.values]):
            self.string_dicts[name] = {k.value: v.value  # type: ignore[union-attr]
                                       for k, v in zip(value.keys, value.values)}

    def names_in(self, node: ast.expr | None) -> list[str] | None:
        """The strings a literal container (or a name bound to one) holds; None if not literal."""
        if isinstance(node, ast.Name):
            return self.name_lists.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
            if len(items) != len(node.keys):
                return None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("set", "frozenset", "list", "tuple") and len(node.args) == 1:
            return self.names_in(node.args[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "keys" and not node.args and not node.keywords:
            return self.names_in(node.func.value)  # ``table.keys()``
        else:
            return None
        texts = [item.value for item in items
                 if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        return texts if len(texts) == len(items) else None


def table_entries(value: ast.expr, literals: ModuleLiterals) -> dict[str, str] | None:
    """Name -> message of a table written as a dict literal or a dict comprehension over a
    literal list; None when its keys are not all known."""
    if isinstance(value, ast.Dict):
        entries: dict[str, str] = {}
        for key, item in zip(value.keys, value.values):
            name = dep.literal_text(key) if key is not None else None
            if name:
                entries[name] = _message(item, literals.strings)
        return entries
    if isinstance(value, ast.DictComp) and len(value.generators) == 1:
        return _comprehension_entries(value, literals)
    return None


def _message(item: ast.expr, strings: dict[str, str]) -> str:
    message = dep.literal_text(item, strings)
    if message is None and isinstance(item, ast.Tuple):
        texts = [dep.literal_text(e, strings) for e in item.elts]
        message = next((t for t in texts if t), "")
    return message or ""


def _comprehension_entries(value: ast.DictComp, literals: ModuleLiterals) -> dict[str, str] | None:
    generator = value.generators[0]
    source = generator.iter
    if isinstance(source, ast.Name):
        source = literals.sequences.get(source.id)
    if not isinstance(source, (ast.List, ast.Tuple)) or generator.ifs:
        return None
    names = target_names(generator.target)
    if names is None:
        return None
    entries: dict[str, str] = {}
    for element in source.elts:
        bound = _bind_element(names, element, literals.strings)
        if bound is None:
            return None
        key = _formatted(value.key, bound, literals.strings)
        if not key:
            return None
        parts = value.value.elts if isinstance(value.value, ast.Tuple) else [value.value]
        texts = [_formatted(part, bound, literals.strings) for part in parts]
        entries[key] = next((t for t in texts if t), None) or _message(
            value.value, {**literals.strings, **bound})
    return entries


def _bind_element(names: list[str], element: ast.expr, strings: dict[str, str]
                  ) -> dict[str, str] | None:
    if len(names) == 1:
        items = [element]
    elif isinstance(element, (ast.Tuple, ast.List)) and len(element.elts) == len(names):
        items = element.elts
    else:
        return None
    bound: dict[str, str] = {}
    for name, item in zip(names, items):
        text = _formatted(item, {}, strings)
        if text is not None:  # a non-text item (the alias's object) is simply not bound
            bound[name] = text
    return bound


def _formatted(node: ast.expr, bound: dict[str, str], strings: dict[str, str]) -> str | None:
    """A string expression with the comprehension's variables filled in: a variable, a
    literal, or ``template.format(...)`` whose arguments are either."""
    if isinstance(node, ast.Name) and node.id in bound:
        return bound[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return strings.get(node.id)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "format":
        template = _formatted(node.func.value, bound, strings)
        if template is None:
            return None
        args = [_formatted(a, bound, strings) or "" for a in node.args]
        kwargs = {k.arg: _formatted(k.value, bound, strings) or "" for k in node.keywords if k.arg}
        return _safe_format(template, args, kwargs)
    return None


def _safe_format(template: str, args: list[str], kwargs: dict[str, str]) -> str:
    parts = []
    auto = 0
    try:
        for literal, field_name, _, _ in string.Formatter().parse(template):
            parts.append(literal)
            if field_name is None:
                continue
            if field_name == "":
                parts.append(args[auto] if auto < len(args) else "")
                auto += 1
            elif field_name.isdigit():
                index = int(field_name)
                parts.append(args[index] if index < len(args) else "")
            else:
                parts.append(kwargs.get(field_name, ""))
    except ValueError:
        return template
    return "".join(parts)


def served_names(node: ast.FunctionDef | ast.AsyncFunctionDef, literals: ModuleLiterals,
                 all_names: list[str] | None,
                 enums: dict[str, list[str]] | None = None,
                 closure: dict[str, str] | None = None) -> Served | None:
    """The names ``__getattr__`` can return when its body says (see the module docstring):
    tests of the name against literal tables (local ones too) and loops over enum classes
    (``if name in enum.__members__``), each branch returning, the last statement raising.
    A branch that warns serves its names with that deprecation. ``closure``: the text of
    names an enclosing function binds (a factory's parameters, as placeholders)."""
    args = node.args.posonlyargs + node.args.args
    if len(args) != 1:
        return None
    reader = _BranchReader(args[0].arg, _local_literals(literals, closure), all_names,
                           enums or {})
    return reader.body(node.body)


def _local_literals(literals: ModuleLiterals, closure: dict[str, str] | None = None
                    ) -> ModuleLiterals:
    local = ModuleLiterals()
    local.strings = {**literals.strings, **(closure or {})}
    local.name_lists = dict(literals.name_lists)
    local.sequences = dict(literals.sequences)
    return local


class _BranchReader:
    def __init__(self, param: str, literals: ModuleLiterals, all_names: list[str] | None,
                 enums: dict[str, list[str]]) -> None:
        self.param, self.literals, self.all_names, self.enums = param, literals, all_names, enums
        self.served: list[str] = []
        self.warned: dict[str, str] = {}
        self.tables: dict[str, dict[str, str]] = {}  # local dicts of strings

    def result(self, deprecation: Deprecation | None = None) -> Served:
        return Served(sorted(set(self.served)), deprecation, self.param, self.warned)

    def body(self, body: list[ast.stmt]) -> Served | None:
        for index, stmt in enumerate(body):
            if _is_docstring(stmt) or isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Global)):
                continue
            if isinstance(stmt, ast.Raise):
                return self.result()
            if self._local(stmt):
                continue
            if isinstance(stmt, ast.For):
                if not self._enum_loop(stmt):
                    return None
                continue
            if not isinstance(stmt, ast.If):
                return None
            outcome = self._branch(stmt, body[index + 1:])
            if outcome is not True:
                return outcome
        return None  # falling off the end returns None for every other name

    def _local(self, stmt: ast.stmt) -> bool:
        """``table = {...}`` / ``msg = "..."`` inside the function: literals it tests or says."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            return False
        name, value = stmt.targets[0].id, stmt.value
        self.literals.learn(name, value)
        if isinstance(value, ast.Dict):
            self.tables[name] = {k.value: v.value for k, v in zip(value.keys, value.values)
                                 if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
                                 and isinstance(k.value, str) and isinstance(v.value, str)}
        return True

    def _branch(self, stmt: ast.If, rest: list[ast.stmt]) -> Served | None | bool:
        """True to go on with the statements after it, else the function's answer."""
        test = _membership(stmt.test, self.param, self.literals, self.all_names)
        if test is None:
            return None
        names, negated = test
        if negated:  # "if name not in X: raise": every name that gets further is in X
            if not _raises(stmt.body):
                return None
            self.served.extend(names)
            deprecation = _warned(rest, self.literals)
            if deprecation is None:
                self._guarded_warning(rest, names)
            return self.result(deprecation)
        if not _raises(stmt.body):  # ``if name == "__path__": raise AttributeError``
            self._serve(names, stmt.body, {})
        if not stmt.orelse:
            return True
        if _raises(stmt.orelse) or _own_names_only(stmt.orelse, self.param):
            return self.result()
        if len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If):
            return self._branch(stmt.orelse[0], rest)
        return None

    def _guarded_warning(self, rest: list[ast.stmt], names: list[str]) -> None:
        """``if name != "__version__": warn(...)`` after the names are bounded: the names
        the test lets through are served with that warning."""
        for stmt in rest:
            test = _membership(stmt.test, self.param, self.literals, self.all_names) \
                if isinstance(stmt, ast.If) and not stmt.orelse else None
            call = _unconditional_warn(stmt.body) if test is not None else None  # type: ignore[union-attr]
            if call is not None:
                listed, negated = test  # type: ignore[misc]
                for name in names:
                    if (name in listed) is not negated:
                        self.warned.setdefault(name, self._message(call, name, {}))
                return
            if may_return(stmt):
                return

    def _enum_loop(self, stmt: ast.For) -> bool:
        """``for enum in (A, B): if name in enum.__members__: ...; return enum[name]``, or
        over ``{A: "PREFIX_", ...}.items()`` serving ``PREFIX_MEMBER`` names."""
        if isinstance(stmt.target, ast.Tuple):
            return self._prefixed_enum_loop(stmt)
        if not (isinstance(stmt.target, ast.Name) and isinstance(stmt.iter, (ast.Tuple, ast.List))
                and len(stmt.body) == 1 and isinstance(stmt.body[0], ast.If)
                and not stmt.orelse):
            return False
        classes = [e.id for e in stmt.iter.elts if isinstance(e, ast.Name) and e.id in self.enums]
        inner = stmt.body[0]
        test = inner.test
        if len(classes) != len(stmt.iter.elts) or inner.orelse or not (
                isinstance(test, ast.Compare) and len(test.ops) == 1
                and isinstance(test.ops[0], ast.In) and isinstance(test.left, ast.Name)
                and test.left.id == self.param
                and dep.dotted_name(test.comparators[0]) == f"{stmt.target.id}.__members__"):
            return False
        for cls in classes:
            self._serve(self.enums[cls], inner.body, {stmt.target.id: cls})
        return True

    def _prefixed_enum_loop(self, stmt: ast.For) -> bool:
        """``for enum, prefix in {A: "A_"}.items(): if name.startswith(prefix):
        name = name[len(prefix):]; if name in enum.__members__: ...``."""
        target, source = stmt.target, stmt.iter
        if not (len(target.elts) == 2 and all(isinstance(e, ast.Name) for e in target.elts)
                and isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute)
                and source.func.attr == "items" and isinstance(source.func.value, ast.Dict)
                and len(stmt.body) == 1 and isinstance(stmt.body[0], ast.If) and not stmt.orelse):
            return False
        enum_var, prefix_var = (e.id for e in target.elts)  # type: ignore[attr-defined]
        table = source.func.value
        pairs = [(k.id, v.value) for k, v in zip(table.keys, table.values)
                 if isinstance(k, ast.Name) and k.id in self.enums
                 and isinstance(v, ast.Constant) and isinstance(v.value, str)]
        outer = stmt.body[0]
        if len(pairs) != len(table.keys) or outer.orelse or not _starts_with(
                outer.test, self.param, prefix_var):
            return False
        inner = [s for s in outer.body if not _strips_prefix(s, self.param, prefix_var)]
        if len(inner) != 1 or not isinstance(inner[0], ast.If) or dep.dotted_name(
                inner[0].test.comparators[0] if isinstance(inner[0].test, ast.Compare) else
                inner[0].test) != f"{enum_var}.__members__":
            return False
        for cls, prefix in pairs:
            for member in self.enums[cls]:
                self._serve([prefix + member], inner[0].body, {enum_var: cls},
                            {prefix_var: prefix}, member)
        return True

    def _serve(self, names: list[str], body: list[ast.stmt], classes: dict[str, str],
               strings: dict[str, str] | None = None, spelled: str | None = None) -> None:
        """``spelled``: what the parameter holds when the warning is made (the name with
        its prefix stripped)."""
        self.served.extend(names)
        call = _unconditional_warn(body)
        if call is None:
            return
        for name in names:
            self.warned.setdefault(name, self._message(call, spelled or name, classes, strings))

    def _message(self, call: ast.Call, name: str, classes: dict[str, str],
                 strings: dict[str, str] | None = None) -> str:
        """The warning's text for one name: the message expression evaluated with the name,
        else a sentence made of a helper's arguments (name, version, replacement)."""
        render = _Renderer(self.param, name, {**self.literals.strings, **(strings or {})},
                           self.tables, classes)
        message = render.text(call.args[0]) if call.args else None
        keyword = next((k.value for k in call.keywords if k.arg == "message"), None)
        if keyword is not None:
            message = render.text(keyword)
        if message and (len(call.args) < 2 or _is_category(call.args[1])) \
                and message.strip() != name:
            return message
        parts = [render.text(a) for a in call.args]
        when = next((p for p in parts[1:2] if p), None)
        instead = next((p for p in parts[2:3] if p), None)
        text = f"{parts[0] or name} is deprecated"
        if when:
            text += f" and will be removed in {when}"
        return text + (f". Use {instead} instead." if instead else ".")


def _starts_with(test: ast.expr, param: str, prefix: str) -> bool:
    return isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and \
        test.func.attr == "startswith" and dep.dotted_name(test.func.value) == param and \
        len(test.args) == 1 and dep.dotted_name(test.args[0]) == prefix


def _strips_prefix(stmt: ast.stmt, param: str, prefix: str) -> bool:
    """``name = name[len(prefix):]``."""
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
        dep.dotted_name(stmt.targets[0]) == param and isinstance(stmt.value, ast.Subscript) and \
        dep.dotted_name(stmt.value.value) == param and prefix in ast.unparse(stmt.value.slice)


def _is_category(node: ast.expr) -> bool:
    return bool(dep.DEPRECATION_CATEGORY.search(dep.dotted_name(node) or "")) or \
        dep.last_name(node).endswith("Warning")


class _Renderer:
    """Evaluates a message expression for one served name."""

    def __init__(self, param: str, name: str, strings: dict[str, str],
                 tables: dict[str, dict[str, str]], classes: dict[str, str]) -> None:
        self.param, self.name, self.strings = param, name, strings
        self.tables, self.classes = tables, classes

    def text(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant):
            return None if node.value is None else str(node.value)
        if isinstance(node, ast.Name):
            return self.name if node.id == self.param else self.strings.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.text(node.left), self.text(node.right)
            return None if left is None or right is None else left + right
        if isinstance(node, ast.JoinedStr):
            parts = [self.text(v.value if isinstance(v, ast.FormattedValue) else v)
                     for v in node.values]
            return None if None in parts else "".join(parts)  # type: ignore[arg-type]
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                node.value.id in self.tables and self.text(node.slice) is not None:
            return self.tables[node.value.id].get(self.text(node.slice) or "")
        if isinstance(node, ast.Attribute) and node.attr == "__name__" and \
                isinstance(node.value, ast.Name):
            return self.classes.get(node.value.id)
        return None


def class_served(node: ast.ClassDef, literals: ModuleLiterals) -> Served:
    """A class named ``__getattr__`` (a decorator turns it into the module's attribute hook):
    its public members are the names served, those wrapped in a deprecation with a warning."""
    served: list[str] = []
    warned: dict[str, str] = {}
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names, value = [stmt.name], None
            deprecation = dep.decorator_effects(stmt.decorator_list).deprecated
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            value = stmt.value
            wrapped = dep.wrapped_deprecation(value)
            deprecation = wrapped[1] if wrapped else None
        else:
            continue
        for name in names:
            if name.startswith("_") and not (value is not None and _served_dunder(name)):
                continue  # helpers and the class's own machinery; ``__version__ = property``
            served.append(name)
            if deprecation is not None:
                warned[name] = deprecation.message
    return Served(sorted(served), warned=warned)


_CLASS_MACHINERY = {"__slots__", "__doc__", "__module__", "__qualname__", "__annotations__",
                    "__dict__", "__weakref__", "__hash__"}


def _served_dunder(name: str) -> bool:
    """``__version__``: a module attribute a ``__getattr__`` class serves as a property."""
    return name.startswith("__") and name.endswith("__") and name not in _CLASS_MACHINERY


def _warned(body: list[ast.stmt], literals: ModuleLiterals) -> Deprecation | None:
    """The deprecation warned unconditionally by the statements that serve every name."""
    call = _unconditional_warn(body)
    return dep.warn_deprecation(call, literals.strings) if call is not None else None


def _unconditional_warn(body: list[ast.stmt]) -> ast.Call | None:
    """The first deprecation warning of a block that every name served by it reaches: none
    after a statement that may return first (``if name == "x": return x`` serves ``x``
    without the warning below it)."""
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                dep.is_deprecation_warn(stmt.value):
            return stmt.value
        if may_return(stmt):
            return None
    return None


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and \
        isinstance(stmt.value.value, str)


def _raises(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Raise)


def _own_names_only(body: list[ast.stmt], param: str) -> bool:
    """``return globals()[name]``, alone or in a ``try`` whose handlers raise: only names
    the module already has, so nothing more is served (scipy 1.12's lazy submodules)."""
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Try):
        return all(_raises(h.body) for h in stmt.handlers) and not stmt.orelse and \
            not stmt.finalbody and _own_names_only(stmt.body, param)
    value = stmt.value if isinstance(stmt, ast.Return) else None
    return isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Name) and \
        value.slice.id == param and isinstance(value.value, ast.Call) and \
        isinstance(value.value.func, ast.Name) and value.value.func.id == "globals"


def _membership(test: ast.expr, param: str, literals: ModuleLiterals,
                all_names: list[str] | None) -> tuple[list[str], bool] | None:
    """(names, negated) for ``param in X`` / ``param not in X`` / ``param == "a"`` / ``!=``,
    ``or`` of positive tests and ``and`` of negated ones (``name not in __all__ and name
    not in submodules``: every name that passes is in one of them)."""
    if isinstance(test, ast.BoolOp):
        negated = isinstance(test.op, ast.And)
        parts = [_membership(v, param, literals, all_names) for v in test.values]
        if any(p is None or p[1] is not negated for p in parts):
            return None
        return [n for p in parts for n in p[0]], negated  # type: ignore[index]
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.left, ast.Name) and test.left.id == param):
        return None
    op, right = test.ops[0], test.comparators[0]
    if isinstance(op, (ast.Eq, ast.NotEq)):
        if isinstance(right, ast.Constant) and isinstance(right.value, str):
            return [right.value], isinstance(op, ast.NotEq)
        return None
    if not isinstance(op, (ast.In, ast.NotIn)):
        return None
    if isinstance(right, ast.Name) and right.id == "__all__":
        names = all_names
    else:
        names = literals.names_in(right)
    if names is None:
        return None
    return list(names), isinstance(op, ast.NotIn)
