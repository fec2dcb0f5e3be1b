"""The output grammar: at most two import lines, then one line of code.

It is kept small, and it is enforced lazily, as llama.cpp's own samplers do: llama.cpp checks
every token of the vocabulary against a grammar at every step (Gemma's has 262k: ~60 ms a
token here), so the model first writes without it; when what it wrote is in the grammar's
language (``PATTERN``, the same language as ``GRAMMAR``), greedy decoding under the grammar
would have written the same, and only otherwise is it asked again under the grammar.
Whether the line is valid Python is the proof's job.
"""

from __future__ import annotations

import re

GRAMMAR = r"""
root ::= (imp "\n"){0,2} code "\n"
imp ::= ("import " | "from ") [A-Za-z0-9_., ]+
code ::= [A-Za-z_([{"'] [^\n#;]*
"""
IMPORT = r"(?:import |from )[A-Za-z0-9_., ]+"
CODE = r"""[A-Za-z_(\[{"'][^\n#;]*"""
PATTERN = re.compile(rf"(?:{IMPORT}\n){{0,2}}{CODE}\n")
IMPORT_LINE = re.compile(IMPORT)


def grammar_text() -> str:
    return GRAMMAR.strip() + "\n"


def in_language(text: str) -> bool:
    return PATTERN.fullmatch(text) is not None


def is_import(line: str) -> bool:
    return IMPORT_LINE.fullmatch(line) is not None
