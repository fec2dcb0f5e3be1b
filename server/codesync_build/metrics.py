"""The paper's string metrics, on code tokens: BLEU-4 (smoothed), ROUGE-L F1 and the
relative edit distance; and exact / AST match."""

from __future__ import annotations

import ast
import io
import math
import tokenize
from collections import Counter


def code_tokens(text: str) -> list[str]:
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.string.strip()]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return text.split()


def bleu(candidate: str, reference: str, n: int = 4) -> float:
    """Sentence BLEU with add-one smoothing on the n-gram precisions."""
    cand, ref = code_tokens(candidate), code_tokens(reference)
    if not cand or not ref:
        return 0.0
    logs = 0.0
    for size in range(1, n + 1):
        grams = Counter(tuple(cand[i:i + size]) for i in range(len(cand) - size + 1))
        refs = Counter(tuple(ref[i:i + size]) for i in range(len(ref) - size + 1))
        overlap = sum(min(count, refs[gram]) for gram, count in grams.items())
        logs += math.log((overlap + 1) / (sum(grams.values()) + 1))
    brevity = min(1.0, math.exp(1 - len(ref) / len(cand)))
    return brevity * math.exp(logs / n)


def rouge_l(candidate: str, reference: str) -> float:
    cand, ref = code_tokens(candidate), code_tokens(reference)
    if not cand or not ref:
        return 0.0
    common = _lcs(cand, ref)
    if common == 0:
        return 0.0
    precision, recall = common / len(cand), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, 1):
            current = row[j]
            row[j] = previous + 1 if x == y else max(row[j], row[j - 1])
            previous = current
    return row[-1]


def edit_distance(candidate: str, reference: str) -> float:
    """Levenshtein distance over characters, relative to the longer string (0 = equal)."""
    if candidate == reference:
        return 0.0
    row = list(range(len(reference) + 1))
    for i, x in enumerate(candidate, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(reference, 1):
            current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
            previous = current
    return row[-1] / max(len(candidate), len(reference), 1)


def same_ast(candidate: str, reference: str) -> bool:
    try:
        return ast.dump(ast.parse(candidate.strip(), mode="eval")) == ast.dump(
            ast.parse(reference.strip(), mode="eval"))
    except SyntaxError:
        return False
