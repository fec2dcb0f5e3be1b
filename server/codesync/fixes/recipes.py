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
                              tuple(item.get("forbids", [])), consumed))
    return tuple(recipes)


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
    values: dict[str, str] = {name: index.text(node) for name, node in arguments.items()}
    if site.receiver is not None:
        values["receiver"] = index.text(site.receiver)
    rest = [f"{name}={values[name]}" for name in arguments if name not in recipe.consumed]
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
    return Fix(recipe.title, "recipe", (Edit(line, col, end_line, end_col, new_text),))


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
