"""Bind a call's arguments to a signature with Python's own rules, statically."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Param,
)


@dataclass(unsafe_hash=True)  # never changed; not frozen: made at every call site (values.py)
class CallShape:
    """What a call passes: the number of plain positionals and the keyword names, in order."""

    positional: int
    keywords: tuple[str, ...]
    star_args: bool = False  # f(*xs): positional count unknown beyond ``positional``
    star_kwargs: bool = False  # f(**kw): keyword names unknown


@dataclass
class Binding:
    ok: bool
    error: str = ""
    # argument slot -> parameter name ("*name"/"**name" when swallowed by *args/**kwargs)
    positional: list[str] = field(default_factory=list)
    keywords: dict[str, str] = field(default_factory=dict)
    unbound_required: list[str] = field(default_factory=list)
    # what made it fail, for the finding's range: a keyword's name or a positional's index
    bad_keyword: str | None = None
    bad_positional: int | None = None

    def slot(self, index: int) -> str | None:
        return self.positional[index] if index < len(self.positional) else None


def bind(params: list[Param], call: CallShape, extra_keywords: dict[str, str] | None = None) -> Binding:
    """Bind ``call`` to ``params``. ``extra_keywords`` are names accepted only by a decorator."""
    extra_keywords = extra_keywords or {}
    positional_params = [p for p in params if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)]
    var_positional = next((p for p in params if p.kind == VAR_POSITIONAL), None)
    var_keyword = next((p for p in params if p.kind == VAR_KEYWORD), None)
    by_name = {p.name: p for p in params if p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)}
    result = Binding(ok=True)
    assigned: set[str] = set()
    for index in range(call.positional):
        if index < len(positional_params):
            name = positional_params[index].name
            result.positional.append(name)
            assigned.add(name)
        elif var_positional is not None:
            result.positional.append("*" + var_positional.name)
        else:
            result.ok = False
            result.bad_positional = index
            result.error = (f"takes {len(positional_params)} positional argument"
                            f"{'' if len(positional_params) == 1 else 's'} but {call.positional} "
                            f"{'was' if call.positional == 1 else 'were'} given")
            return result
    for keyword in call.keywords:
        if keyword in by_name:
            if keyword in assigned:
                result.ok = False
                result.bad_keyword = keyword
                result.error = f"got multiple values for argument '{keyword}'"
                return result
            result.keywords[keyword] = keyword
            assigned.add(keyword)
        elif keyword in extra_keywords:
            target = extra_keywords[keyword]
            result.keywords[keyword] = target or keyword
            if target:
                assigned.add(target)
        elif var_keyword is not None:
            result.keywords[keyword] = "**" + var_keyword.name
        else:
            result.ok = False
            result.bad_keyword = keyword
            result.error = f"got an unexpected keyword argument '{keyword}'"
            return result
    if not (call.star_args or call.star_kwargs):
        missing = [p.name for p in params if p.required and p.name not in assigned]
        if missing:
            result.ok = False
            result.unbound_required = missing
            quoted = ", ".join(f"'{m}'" for m in missing)
            result.error = f"missing required argument{'s' if len(missing) > 1 else ''} {quoted}"
    return result
