"""A module ``__getattr__`` made by a factory: ``__getattr__ = _make_getattr(__name__)``.

    def _make_getattr(mod_name):
        def __getattr__(name):
            if name not in ("__version__", "__version_info__"):
                raise AttributeError(f"module {mod_name} has no attribute {name}")
            ...
        return __getattr__

The hook the factory returns is read like a module's own ``def __getattr__`` (see
``module_getattr``), in the factory's module, whose globals it sees; the factory's parameters
stay placeholders in its warnings (``{mod_name}``) until a module calls it, often from another
module of the release (attrs' ``attrs`` package calls ``attr``'s factory). So the names such a
module serves, and the warnings it serves them with, follow the releases like any other.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .module_getattr import ModuleLiterals, Served, served_names

if TYPE_CHECKING:  # extract imports this module
    from .extract import ModuleInfo


@dataclass
class HookFactory:
    """A module-level function returning a nested one-argument hook, and what that hook serves."""

    parameters: list[str]
    served: Served


@dataclass
class FactoryCall:
    """``__getattr__ = factory(args)``: the function called, and the text of each argument
    the call passes as a literal (``__name__`` is the calling module's name)."""

    factory: str
    arguments: dict[int | str, str] = field(default_factory=dict)


def returned_hook(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.FunctionDef | None:
    """The nested function a factory defines and returns as its last statement."""
    if not node.body or not isinstance(node.body[-1], ast.Return):
        return None
    returned = node.body[-1].value
    if not isinstance(returned, ast.Name):
        return None
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == returned.id:
            return stmt
    return None


def hook_factory(node: ast.FunctionDef | ast.AsyncFunctionDef, literals: ModuleLiterals,
                 all_names: list[str] | None,
                 enums: dict[str, list[str]]) -> HookFactory | None:
    """What the hook a factory returns serves, when its body says; None otherwise."""
    hook = returned_hook(node)
    if hook is None or len(hook.args.posonlyargs + hook.args.args) != 1:
        return None
    parameters = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    served = served_names(hook, literals, all_names, enums,
                          closure={p: "{" + p + "}" for p in parameters})
    return HookFactory(parameters, served) if served is not None else None


def factory_call(value: ast.expr | None, module: str) -> FactoryCall | None:
    """``factory(__name__)`` / ``factory("pkg")`` / ``factory(mod_name=__name__)``."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return None
    call = FactoryCall(value.func.id)
    keyed = [(i, a) for i, a in enumerate(value.args)] + \
        [(k.arg, k.value) for k in value.keywords if k.arg is not None]
    for key, arg in keyed:
        if isinstance(arg, ast.Name) and arg.id == "__name__":
            call.arguments[key] = module
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            call.arguments[key] = arg.value
    return call


def served_by_call(factory: HookFactory, call: FactoryCall) -> Served:
    """The factory's served names, its warnings spelled with the arguments of this call."""
    values = {}
    for index, parameter in enumerate(factory.parameters):
        text = call.arguments.get(parameter, call.arguments.get(index))
        if text is not None:
            values["{" + parameter + "}"] = text

    def spelled(message: str) -> str:
        for placeholder, text in values.items():
            message = message.replace(placeholder, text)
        return message

    served = factory.served
    deprecation = served.deprecation
    if deprecation is not None:
        deprecation = replace(deprecation, message=spelled(deprecation.message))
    return replace(served, deprecation=deprecation,
                   warned={n: spelled(m) for n, m in served.warned.items()})


def adopt_served(info: ModuleInfo, served: Served) -> None:
    """The module's ``__getattr__`` serves these names: those it warns for are deprecated
    names of the module (where it does not bind them itself)."""
    info.served = served
    info.deprecated_names.update({n: m for n, m in served.deprecated_messages().items()
                                  if n not in info.bindings})


def resolve_imported_factories(modules: dict[str, ModuleInfo]) -> None:
    """Modules whose ``__getattr__`` another module's factory made: what it serves, once every
    module of the release is read."""
    for info in modules.values():
        call = info.getattr_call
        if call is None or info.served is not None:
            continue
        binding = info.bindings.get(call.factory)
        if binding is None or binding.kind != "import":
            continue
        source, _, name = binding.target.rpartition(".")
        factory = modules[source].getattr_factories.get(name) if source in modules else None
        if factory is not None:
            adopt_served(info, served_by_call(factory, call))


__all__ = ["FactoryCall", "HookFactory", "adopt_served", "factory_call", "hook_factory",
           "resolve_imported_factories", "returned_hook", "served_by_call"]
