"""Curated recipes (``knowledge/recipes.toml``): structural rewrites kept as data."""

from __future__ import annotations

import ast
import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import locations
from ..analysis.binding import bind
from ..analysis.findings import Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..analysis.symbols import Ref
from .argument_types import argument_type, parsed_with_parents
from .exact import SUGGESTED

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Recipe:
    title: str
    apis: tuple[str, ...]
    kinds: tuple[str, ...]
    template: str
    requires: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()
    consumed: frozenset[str] = field(default_factory=frozenset)
    # parameter -> the argument types the rewrite is right for; applied only when the
    # argument's type is known to be one of them
    types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # parameter -> the argument texts it is right for (``ignore_index = ["True"]``)
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exact: bool = True  # False: the same in most cases, offered to a person, never applied


def recipes_file() -> Path | None:
    return locations.recipes_file()


@functools.lru_cache(maxsize=4)
def load_recipes(path: Path | None = None) -> tuple[Recipe, ...]:
    path = path or recipes_file()
    if path is None or not path.exists():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    recipes = []
    for item in data.get("recipe", []):
        template = item["template"]
        consumed = frozenset(p for p in PLACEHOLDER.findall(template)
                             if p not in ("receiver", "rest") and not p.startswith("module:"))
        recipes.append(Recipe(item["title"], tuple(item["apis"]), tuple(item.get("kinds", [])),
                              template, tuple(item.get("requires", [])),
                              tuple(item.get("forbids", [])), consumed,
                              _table(item.get("types", {})), _table(item.get("values", {})),
                              bool(item.get("exact", True))))
    return tuple(recipes)


def _table(table: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tuple(allowed)) for name, allowed in table.items())


def recipe_fixes(finding: Finding, index: LineIndex, module_aliases: dict[str, str]) -> list[Fix]:
    site = finding.evidence.site
    if site is None or not isinstance(site.node, ast.Call):
        return []
    for recipe in load_recipes():
        if finding.api in recipe.apis and finding.kind in recipe.kinds:
            fix = _apply(recipe, finding, index, module_aliases)
            if fix is not None:
                return [fix]
    return []


def _apply(recipe: Recipe, finding: Finding, index: LineIndex,
           module_aliases: dict[str, str]) -> Fix | None:
    check = finding.evidence
    site = finding.evidence.site
    call: ast.Call = site.node
    arguments = _bound_arguments(check, call)
    if arguments is None:
        return None
    if any(r not in arguments for r in recipe.requires) or any(f in arguments for f in recipe.forbids):
        return None
    if not _values_match(recipe, arguments, index) or not _types_match(recipe, arguments, site,
                                                                       index):
        return None
    values: dict[str, str] = {name: _operand(node, index) for name, node in arguments.items()}
    if site.receiver is not None:
        values["receiver"] = _operand(site.receiver, index)
    rest = [f"{name}={index.text(node)}" for name, node in arguments.items()
            if name not in recipe.consumed]
    values["rest"] = "".join(f", {r}" for r in rest)
    if "{receiver}" in recipe.template and "receiver" not in values:
        return None
    if "{rest}" not in recipe.template and rest:
        return None

    def substitute(match: re.Match) -> str:
        key = match.group(1)
        if key.startswith("module:"):
            alias = module_aliases.get(key[len("module:"):])
            if alias is None:
                raise KeyError(key)
            return alias
        return values[key]

    try:
        new_text = PLACEHOLDER.sub(substitute, recipe.template)
    except KeyError:
        return None
    line, col, end_line, end_col = index.span(call)
    return Fix(recipe.title, "recipe" if recipe.exact else SUGGESTED,
               (Edit(line, col, end_line, end_col, new_text),))


def _values_match(recipe: Recipe, arguments: dict[str, ast.AST], index: LineIndex) -> bool:
    return all(name in arguments and index.text(arguments[name]).strip() in allowed
               for name, allowed in recipe.values)


def _types_match(recipe: Recipe, arguments: dict[str, ast.AST], site, index: LineIndex) -> bool:
    if not recipe.types:
        return True
    call: ast.Call = site.node
    nodes = [*call.args, *(k.value for k in call.keywords)]
    recorded = {id(node): value for node, value in zip(nodes, getattr(site, "arguments", ()))}
    tree = parsed_with_parents(index.source)
    for name, allowed in recipe.types:
        node = arguments.get(name)
        if node is None:
            return False
        known = argument_type(node, recorded.get(id(node)), tree)
        if known is None or not known & set(allowed):
            return False
    return True


ATOMS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.List, ast.ListComp, ast.Dict,
         ast.DictComp, ast.Set, ast.SetComp, ast.JoinedStr)


def _operand(node: ast.AST, index: LineIndex) -> str:
    """The node's text, parenthesized unless it is an atom (``a + b`` -> ``(a + b)``), so a
    template may put ``.item()`` after it or a comma beside it."""
    text = index.text(node)
    if isinstance(node, ATOMS) or isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float, complex))):
        return text
    return f"({text})"


def _bound_arguments(check, call: ast.Call) -> dict[str, ast.AST] | None:
    """Parameter name -> argument node, bound with the last signature that had the API."""
    from ..analysis.symbols import _shape

    shape = _shape(call)
    if shape.star_args or shape.star_kwargs:
        return None
    for version in reversed(check.versions_upto(check.target)):
        definition = check.lookup.find(check.site.target, check.dist, version).definition
        if definition is None or isinstance(check.site.target, Ref) and definition.kind == "module":
            continue
        signature = check.lookup.call_signature(definition, check.dist, version)
        if signature is None:
            continue
        binding = bind(signature.params, shape, dict(signature.extra_keywords))
        if not binding.ok:
            return None
        bound: dict[str, ast.AST] = {}
        for i, name in enumerate(binding.positional):
            if name.startswith("*"):
                return None
            bound[name] = call.args[i]
        for keyword in call.keywords:
            target = binding.keywords.get(keyword.arg)
            if target is None or target.startswith("*"):
                return None
            bound[target] = keyword.value
        return bound
    return None
