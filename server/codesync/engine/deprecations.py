"""Recognise deprecations in library source: warn calls, decorators, docstring directives.

Everything here reads ``ast`` nodes; nothing is evaluated. The helpers return
``Deprecation`` records or the keyword mappings that decorators add to a signature.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ..knowledge.model import Deprecation

_VERSION = r"v?(\d+(?:\.\d+){1,2}(?:rc\d+)?)"
_SINCE_RES = [
    re.compile(r"deprecated\s+(?:as\s+of|since|in|from)\s+(?:version\s+)?(?:[A-Z][\w-]*\s+)?" + _VERSION, re.I),
    re.compile(r"(?:since|as of|in)\s+(?:version\s+)?(?:[A-Z][\w-]*\s+)?" + _VERSION + r"[^.]*deprecated", re.I),
    re.compile(r"deprecated\s*\(\s*" + _VERSION, re.I),
    re.compile(r"(?:renamed|deprecated|changed)\b(?:(?!remov)[^.])*?\bin\s+version\s+" + _VERSION, re.I),
]
_REMOVAL_RES = [
    re.compile(r"removed\s+(?:in|from|by)\s+(?:version\s+)?(?:[A-Z][\w-]*\s+)?" + _VERSION, re.I),
    re.compile(r"(?:until|before)\s+(?:version\s+)?(?:[A-Z][\w-]*\s+)?" + _VERSION, re.I),
]
_NAME = r"`{0,2}'?\"?([A-Za-z_][\w.]*)(?:\(\))?'?\"?`{0,2}"
_REPLACEMENT_RES = [
    re.compile(r"renamed\s+to\s+" + _NAME),
    re.compile(r"in\s+favou?r\s+of\s+" + _NAME),
    re.compile(r"(?:[Uu]se|[Uu]sing)\s+" + _NAME + r"\s+instead"),
    re.compile(r"[Ii]nstead,?\s+use\s+" + _NAME),
    re.compile(r"[Pp]lease\s+use\s+" + _NAME),
    re.compile(r"replaced\s+by\s+" + _NAME),
    re.compile(r"\b[Uu]se\s+" + _NAME),
]
# words that follow "use" in prose ("use one of the class methods", "use them directly")
_NOT_REPLACEMENTS = {
    "the", "a", "an", "it", "this", "that", "of", "in", "to", "is", "be", "keyword", "argument",
    "one", "for", "either", "both", "them", "these", "those", "its", "their", "instead",
    "directly", "literal", "each", "with", "and", "or", "not", "no", "your", "our",
    "as", "if", "when", "only", "explicit", "explicitly", "cases", "case", "public",
}
_VERSION_LIKE = re.compile(r"v?\d+(\.\d+)*")

DEPRECATION_CATEGORY = re.compile(
    r"(Deprecat|FutureWarning|Removed\w*Warning|RemovedIn\w+)", re.I
)


def version_since(message: str) -> str | None:
    return _first_match(_SINCE_RES, message)


def version_removal(message: str) -> str | None:
    return _first_match(_REMOVAL_RES, message)


_SPHINX_ROLE = re.compile(r":(?:py:)?\w+:`~?")


# a second name listed after the first: "use parent_point and child_point", "`a` or `b`"
_ANOTHER_NAME = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
                           r"(?:[`'\"][A-Za-z_]|[A-Za-z_][\w.]*(?:_|\.|\(\))\w*)")


def replacement_name(message: str) -> str | None:
    """The one name a message says to use instead, or None: none named, or several ("use
    `a` and `b`" says nothing about which one takes an old name's place)."""
    message = _SPHINX_ROLE.sub("`", message)  # :func:`x.y` -> `x.y`
    for pattern in _REPLACEMENT_RES:
        for match in pattern.finditer(message):
            name = match.group(1).rstrip(".")
            if name.lower() not in _NOT_REPLACEMENTS and len(name) > 1 and \
                    not _VERSION_LIKE.fullmatch(name):
                # right after the name and its quotes, not after "instead" ("use `x`
                # instead, e.g. np.asmatrix(x(G))" names one)
                end = match.end(1)
                while end < len(message) and message[end] in "`'\"()":
                    end += 1
                return None if _ANOTHER_NAME.match(message, end) else name
    return None


def _first_match(patterns: list[re.Pattern], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


def from_message(message: str, form: str, since: str | None = None, removal: str | None = None,
                 replacement: str | None = None) -> Deprecation:
    message = " ".join(message.split())
    return Deprecation(
        message=message[:500],
        since=since or version_since(message),
        removal=removal or version_removal(message),
        replacement=replacement or replacement_name(message),
        form=form,
    )


# --- text of expressions -------------------------------------------------------------------

def literal_text(node: ast.AST | None, local_strings: dict[str, str] | None = None) -> str | None:
    """The text of a string expression: constants, f-strings, concatenation, % and .format."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append("{" + _safe_unparse(value.value) + "}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left = literal_text(node.left, local_strings)
        if isinstance(node.op, ast.Mod):
            return left
        right = literal_text(node.right, local_strings)
        if left is not None or right is not None:
            return (left or "") + (right or "")
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format":
            return literal_text(node.func.value, local_strings)
    if isinstance(node, ast.Name) and local_strings:
        return local_strings.get(node.id)
    return None


def _safe_unparse(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return "..."


def attribute_path(node: ast.AST | None) -> str:
    """``a.b.c`` for Name/Attribute chains, '' otherwise (a call is not followed)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = attribute_path(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def dotted_name(node: ast.AST) -> str:
    """``a.b.c`` for Name/Attribute chains, '' otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        return dotted_name(node.func)
    return ""


def last_name(node: ast.AST) -> str:
    return dotted_name(node).rsplit(".", 1)[-1]


_DEFAULT_CHANGE = re.compile(r"\bdefault\b[^.]*\b(?:will|to)\s+(?:change|be)\b|"
                             r"\bchange\b[^.]*\bdefault\b|will be used by default|"
                             r"\bdefault\b.*\bwill (?:be )?change", re.IGNORECASE | re.DOTALL)


def announces_default_change(message: str) -> bool:
    """"The default value of `n_init` will change from 10 to 'auto'": a notice given when a
    parameter is left out (its default will differ), not a deprecation of passing it."""
    return bool(_DEFAULT_CHANGE.search(message))


def deprecates_parameter(message: str, name: str) -> bool:
    """"'multi_class' was deprecated", "The 'behaviour' keyword is deprecated": the text
    deprecates the parameter itself, whatever value it tests (not "algorithm='auto' is
    deprecated", not "The loss 'log' was deprecated")."""
    quoted = rf"[`'\"]*{re.escape(name)}[`'\"]*"
    return bool(re.search(rf"(?<![\w=]){quoted}\s+(?:(?:keyword|parameter|argument|option)\s+)?"
                          rf"(?:was|is|has\s+been|will\s+be)\s+deprecated", message, re.I) or
                re.search(rf"\b(?:keyword|parameter|argument)\s+{quoted}\s+(?:was|is|has\s+been)"
                          r"\s+deprecated", message, re.I))


# --- warn calls ----------------------------------------------------------------------------

WARNING_FILTERS = {"filterwarnings", "simplefilter", "catch_warnings", "resetwarnings"}


def is_deprecation_warn(call: ast.Call) -> bool:
    """A call that emits a deprecation: ``warnings.warn(msg, FutureWarning)`` and helpers."""
    name = last_name(call.func).lower()
    if not name or name in WARNING_FILTERS:
        return False  # ``filterwarnings("ignore", category=FutureWarning)`` silences one
    if "deprecat" in name and ("warn" in name or name.startswith("deprecat") or name.startswith("_deprecat")):
        return True
    if "warn" not in name:
        return False
    for arg in list(call.args[1:]) + [k.value for k in call.keywords]:
        if DEPRECATION_CATEGORY.search(dotted_name(arg) or ""):
            return True
    return False


def warn_deprecation(call: ast.Call, local_strings: dict[str, str]) -> Deprecation:
    """The record a deprecation-emitting call describes."""
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    message = literal_text(kw.get("message"), local_strings) or ""
    if not message and call.args:
        first = literal_text(call.args[0], local_strings) or ""
        # matplotlib's warn_deprecated("3.5", ...) takes the version first
        if re.fullmatch(_VERSION, first.strip()):
            since = first.strip()
            rest = literal_text(call.args[1], local_strings) if len(call.args) > 1 else ""
            message = rest or ""
            return from_message(message, "warn", since=since,
                                removal=literal_text(kw.get("removal"), local_strings),
                                replacement=literal_text(kw.get("alternative"), local_strings))
        message = first
    since = literal_text(kw.get("since") or kw.get("version"), local_strings)
    return from_message(
        message, "warn", since=since,
        removal=literal_text(kw.get("removal"), local_strings),
        replacement=literal_text(kw.get("alternative"), local_strings),
    )


# --- decorators ----------------------------------------------------------------------------

@dataclass
class DecoratorEffects:
    deprecated: Deprecation | None = None
    param_deprecations: dict[str, Deprecation] = field(default_factory=dict)
    extra_keywords: dict[str, str] = field(default_factory=dict)
    positional_limit: int | None = None
    overload: bool = False
    kind: str | None = None  # property, staticmethod, classmethod
    unknown: bool = False
    # the documented signature makes these keyword-only (the shim still warns and accepts them)
    keyword_only_from: str | None = None
    nonkeyword: bool = False  # deprecate_nonkeyword_arguments without allowed_args
    copies_deprecators_from: str | None = None
    dispatcher: str | None = None  # numpy's array_function_dispatch(dispatcher)


_NEUTRAL_DECORATORS = {
    "abstractmethod", "wraps", "cache", "lru_cache", "cached_property", "doc", "Appender",
    "Substitution", "set_module", "array_function_dispatch", "final", "override",
    "_wraps", "copy_docstring", "inherit_doc", "docstring", "interpd", "contextmanager",
    "total_ordering", "functools", "add_start_docstrings", "add_end_docstrings",
    "setter", "getter", "deleter", "dedent_interpd", "dataclass", "validate_params",
    "_rename_parameter", "available_if",
}


def decorator_effects(decorators: list[ast.expr]) -> DecoratorEffects:
    effects = DecoratorEffects()
    for node in decorators:
        name = last_name(node)
        call = node if isinstance(node, ast.Call) else None
        lowered = name.lower()
        if name in ("property", "cached_property", "cache_readonly") or (
            isinstance(node, ast.Attribute) and node.attr in ("setter", "getter", "deleter")
        ):
            effects.kind = "property"
        elif name in ("staticmethod", "classmethod"):
            effects.kind = name
        elif name == "overload":
            effects.overload = True
        elif lowered in ("deprecate_kwarg",) and call:
            _deprecate_kwarg(call, effects)
        elif lowered in ("rename_parameter", "deprecate_renamed_parameter", "renamed_argument",
                         "deprecate_renamed_argument"):
            if call:
                _rename_parameter(call, effects)
        elif lowered in ("deprecated_alias", "deprecate_alias", "deprecated_kwargs"):
            if call:
                for k in call.keywords:
                    new = literal_text(k.value)
                    if k.arg and new:
                        effects.extra_keywords[k.arg] = new
                        effects.param_deprecations[k.arg] = Deprecation(
                            message=f"`{k.arg}` was renamed to `{new}`", replacement=new,
                            form="decorator")
        elif lowered in ("delete_parameter", "make_keyword_only", "deprecate_parameter",
                         "deprecate_positional"):
            if call:
                _parameter_decorator(call, lowered, effects)
        elif lowered == "array_function_dispatch" and call and call.args:
            effects.dispatcher = dotted_name(call.args[0]) or None
        elif "deprecators" in lowered and call and call.args:
            effects.copies_deprecators_from = dotted_name(call.args[0]) or None
        elif lowered in ("deprecate_nonkeyword_arguments", "_deprecate_positional_args",
                         "deprecate_nonkeyword_args"):
            _nonkeyword(call, effects)
        elif "deprecat" in lowered and _ABOUT_PARAMETERS.search(lowered):
            _named_parameters(call, effects)
        elif "deprecat" in lowered:
            effects.deprecated = _api_deprecated(call, name)
        elif name not in _NEUTRAL_DECORATORS:
            effects.unknown = True
    return effects


def _call_strings(call: ast.Call) -> tuple[list[str | None], dict[str, str | None]]:
    args = [literal_text(a) for a in call.args]
    kwargs = {k.arg: literal_text(k.value) for k in call.keywords if k.arg}
    return args, kwargs


def _deprecate_kwarg(call: ast.Call, effects: DecoratorEffects) -> None:
    args, kwargs = _call_strings(call)
    old = kwargs.get("old_arg_name") or (args[0] if args else None)
    new = kwargs.get("new_arg_name") or (args[1] if len(args) > 1 else None)
    if not old:
        return
    effects.extra_keywords[old] = new or ""
    message = f"the '{old}' keyword is deprecated" + (f", use '{new}' instead" if new else "")
    effects.param_deprecations[old] = Deprecation(message=message, replacement=new,
                                                  form="decorator")


def _rename_parameter(call: ast.Call, effects: DecoratorEffects) -> None:
    args, kwargs = _call_strings(call)
    strings = [a for a in args if a]
    version = kwargs.get("since") or kwargs.get("version")
    if strings and re.fullmatch(_VERSION, strings[0]):
        version, strings = strings[0], strings[1:]
    if len(strings) < 2:
        return
    old, new = strings[0], strings[1]
    effects.extra_keywords[old] = new
    effects.param_deprecations[old] = Deprecation(
        message=f"the parameter '{old}' was renamed to '{new}'", since=version,
        replacement=new, form="decorator")


def _parameter_decorator(call: ast.Call, lowered: str, effects: DecoratorEffects) -> None:
    args, kwargs = _call_strings(call)
    strings = [a for a in args if a]
    version = kwargs.get("since") or kwargs.get("version")
    if strings and re.fullmatch(_VERSION, strings[0]):
        version, strings = strings[0], strings[1:]
    if not strings and kwargs.get("name"):
        strings = [kwargs["name"]]
    if not strings:
        return
    name = strings[0]
    if lowered == "make_keyword_only":
        effects.keyword_only_from = name
        message = f"passing '{name}' positionally is deprecated"
    else:
        message = f"the parameter '{name}' is deprecated"
    effects.param_deprecations[name] = Deprecation(message=message, since=version,
                                                   form="decorator")


def _nonkeyword(call: ast.Call | None, effects: DecoratorEffects) -> None:
    if call is None:
        return
    # The positional use still works (with a FutureWarning) and the function's signature is
    # unchanged, so this is a deprecation, not a keyword-only signature.
    effects.nonkeyword = True
    for k in call.keywords:
        if k.arg == "allowed_args" and isinstance(k.value, (ast.List, ast.Tuple)):
            allowed = [e.value for e in k.value.elts if isinstance(e, ast.Constant)]
            effects.positional_limit = len([a for a in allowed if a not in ("self", "cls")])
    _, kwargs = _call_strings(call)
    version = kwargs.get("version")
    effects.deprecated = effects.deprecated  # the API itself stays; positional use is deprecated
    effects.param_deprecations["*positional"] = Deprecation(
        message="passing these arguments positionally is deprecated", removal=version,
        form="decorator")


_ABOUT_PARAMETERS = re.compile(r"param|arg|keyword")


def _named_parameters(call: ast.Call | None, effects: DecoratorEffects) -> None:
    """A deprecation decorator about parameters, which it names: as keywords mapped to
    ``(version, message)`` (``deprecated_params(flag=("1.3", "The flag is ..."))``), or as a
    list of names with the version they go in (``deprecate_arguments(version="0.26",
    deprecated_args=["old"])``). The function itself is not deprecated."""
    if call is None:
        return
    _, kwargs = _call_strings(call)
    removal = kwargs.get("version") or kwargs.get("removal") or kwargs.get("removed_in")
    message = kwargs.get("custom_message") or kwargs.get("message") or ""
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg and isinstance(value, ast.Tuple) and len(value.elts) == 2:
            since, text = (literal_text(e) for e in value.elts)
            if since and re.fullmatch(_VERSION, since.strip()):
                effects.param_deprecations[keyword.arg] = from_message(
                    text or f"the parameter '{keyword.arg}' is deprecated", "decorator",
                    since=since.strip())
    for value in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            for element in value.elts:
                name = literal_text(element)
                if name and name.isidentifier():
                    effects.param_deprecations.setdefault(name, from_message(
                        message or f"the parameter '{name}' is deprecated", "decorator",
                        removal=removal))


def _api_deprecated(call: ast.Call | None, name: str) -> Deprecation:
    if call is None:
        return Deprecation(message=f"deprecated (@{name})", form="decorator")
    args, kwargs = _call_strings(call)
    since = kwargs.get("since") or kwargs.get("version") or kwargs.get("deprecated_in")
    message = kwargs.get("message") or kwargs.get("msg") or kwargs.get("reason") or kwargs.get("extra") or ""
    strings = [a for a in args if a]
    if strings and re.fullmatch(_VERSION, strings[0].strip()):
        since = since or strings[0].strip()
        strings = strings[1:]
    if not message and strings:
        message = strings[0]
    replacement = kwargs.get("alternative") or kwargs.get("replacement") or kwargs.get("instead")
    removal = kwargs.get("removal") or kwargs.get("removed_in")
    return from_message(message or f"deprecated (@{name})", "decorator", since=since,
                        removal=removal, replacement=replacement)


def wrapped_deprecation(value: ast.expr | None) -> tuple[str, Deprecation] | None:
    """``deprecated("msg")(other_function)`` or ``deprecated(...)(property(...))``: a
    deprecation decorator called on an expression. (What it wraps, the deprecation.)"""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Call)
            and len(value.args) == 1 and not value.keywords):
        return None
    factory = value.func
    name = last_name(factory.func)
    if "deprecat" not in name.lower() or name.lower().startswith(("deprecate_kwarg", "deprecate_non")):
        return None
    wrapped = value.args[0]
    if isinstance(wrapped, ast.Call):
        target = last_name(wrapped.func)  # property(...), staticmethod(...)
        return (target if target in ("property", "cached_property") else "",
                _api_deprecated(factory, name))
    return dotted_name(wrapped), _api_deprecated(factory, name)


# --- docstrings ----------------------------------------------------------------------------

_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+(deprecated|versionremoved)::\s*(v?\d[\w.]*)?\s*(.*)$")
# a Sphinx field of a parameter: ``:param name:``, ``:param int name:``, ``:param flag=False:``
_SPHINX_PARAM = re.compile(r"^(\s*):param\s+(?:[\w.\[\], ]+\s)?\*{0,2}([A-Za-z_]\w*)\s*(?:=[^:]*)?:")
_SECTION_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")
_PARAM_HEADER = re.compile(r"^(\s*)\*{0,2}([A-Za-z_]\w*)\s*(?::.*)?$")


def docstring_deprecations(doc: str | None, strict: bool = False
                           ) -> tuple[Deprecation | None, dict[str, Deprecation]]:
    """API-level and parameter-level ``.. deprecated::`` directives in a numpydoc docstring.
    ``strict``: a parameter's directive counts only at the indentation of its description,
    not nested in a bullet ("* If int, ... .. deprecated:: Pass a list": some values)."""
    if not doc or ".. deprecated" not in doc and ".. versionremoved" not in doc:
        return None, {}
    lines = doc.expandtabs().splitlines()
    api: Deprecation | None = None
    params: dict[str, Deprecation] = {}
    section = ""
    section_indent = 0
    current_param: str | None = None
    body_indent: int | None = None  # of the current parameter's description
    field: tuple[str, int] | None = None  # the Sphinx ``:param name:`` field the line is in
    for i, line in enumerate(lines):
        field = _sphinx_field(line, field)
        if i + 1 < len(lines) and _SECTION_UNDERLINE.match(lines[i + 1]) and line.strip():
            section = line.strip().lower()
            section_indent = len(line) - len(line.lstrip())
            current_param = None
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            indent, name, version, first_text = directive.groups()
            body = [first_text] + _indented_block(lines, i + 1, len(indent))
            if name == "versionremoved":
                record = from_message(" ".join(body), "docstring", removal=version or None)
            else:
                record = from_message(" ".join(body), "docstring", since=version or None)
            if current_param and section.endswith("parameters") and len(indent) > section_indent:
                if not strict or body_indent in (None, len(indent)):
                    params.setdefault(current_param, record)
            elif field and len(indent) > field[1]:
                params.setdefault(field[0], record)
            elif api is None and not section:
                api = record
            continue
        if section.endswith("parameters") and line.strip():
            indent = len(line) - len(line.lstrip())
            header = _PARAM_HEADER.match(line)
            if indent == section_indent and header and ":" in line or (
                indent == section_indent and header
            ):
                current_param = header.group(2) if header else None
                body_indent = None
            elif current_param and body_indent is None and indent > section_indent:
                body_indent = indent
    return api, params


def _sphinx_field(line: str, field: tuple[str, int] | None) -> tuple[str, int] | None:
    """The ``:param name:`` field a docstring line belongs to: one it opens, or the one
    before while the line is blank or indented under it."""
    opened = _SPHINX_PARAM.match(line)
    if opened:
        return opened.group(2), len(opened.group(1))
    if field is None or not line.strip():
        return field
    return field if len(line) - len(line.lstrip()) > field[1] else None


def _indented_block(lines: list[str], start: int, indent: int) -> list[str]:
    block = []
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line.strip())
    return block


# --- documented return types -----------------------------------------------------------------

_RTYPE = re.compile(r"^\s*:rtype:\s*(.+)$", re.M)
_RETURNS_FIELD = re.compile(r"^\s*:returns?:\s*(.+)$", re.M)
_ROLE_TARGET = re.compile(r":(?:py:)?class:`~?\.?([\w.]+)`")
_TYPE_NAME = re.compile(r"^[A-Za-z_][\w.]*$")
MAX_UNION = 3  # "DataFrame or Series": more alternatives say too little to check against


def docstring_return_type(doc: str | None) -> str | None:
    """The one class a docstring says is returned (``:rtype:``, a ``:returns:`` role, or the
    numpydoc ``Returns`` section), or None when it names none or several."""
    if not doc:
        return None
    match = _RTYPE.search(doc)
    if match:
        return _single_type(match.group(1))
    match = _RETURNS_FIELD.search(doc)
    if match:
        role = _ROLE_TARGET.search(match.group(1))
        return role.group(1) if role else None
    lines = doc.splitlines()
    for i, line in enumerate(lines[:-2]):
        if line.strip().lower() == "returns" and set(lines[i + 1].strip()) == {"-"}:
            entries = _section_entries(lines[i + 2:], len(line) - len(line.lstrip()))
            if len(entries) != 1:
                return None  # a tuple of several values
            first = entries[0]
            return _single_type(first.split(":", 1)[1] if ":" in first else first)
    return None


def _section_entries(lines: list[str], indent: int) -> list[str]:
    """The entry lines of a numpydoc section (its descriptions are indented deeper)."""
    entries = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip())
        if depth < indent or (index + 1 < len(lines) and set(lines[index + 1].strip()) == {"-"}):
            break
        if depth == indent:
            entries.append(line.strip())
    return entries


def _single_type(text: str) -> str | None:
    """One class name, or a small union written ``A or B`` (kept as ``A|B``)."""
    text = _ROLE_TARGET.sub(lambda m: m.group(1), text)
    text = text.replace("`", "").replace("~", "").strip().rstrip(".")
    parts = [p.strip() for p in re.split(r"\bor\b|\||,", text) if p.strip()]
    parts = list(dict.fromkeys(p.lstrip(".") for p in parts if p not in ("None", "optional")))
    if 1 <= len(parts) <= MAX_UNION and all(_TYPE_NAME.match(p) for p in parts):
        return "|".join(parts)
    return None
