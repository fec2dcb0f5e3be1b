"""Advice from the messages in a module's expiry and deprecation tables.

The messages were written to be raised or warned, so they repeat the error ("module 'numpy'
has no attribute 'float'.") and can run to a paragraph; the advice after a finding's "; " is
the message when short, else its "use ..." sentence, else its first sentences.
"""

from __future__ import annotations

import re

NO_ATTRIBUTE = re.compile(r"^\s*module '[\w.]+' has no attribute '\w+'\.?\s*")
USE_SENTENCE = re.compile(r"\b[Uu]se\b.*?(?:\.(?=\s|$)|$)")  # to a full stop, not a dotted name
SHORT = 120
MAX_ADVICE = 200


def advised_use(text: str) -> str:
    """The "use ..." advice of a deprecation text, or "" when it gives none."""
    flat = " ".join(NO_ATTRIBUTE.sub("", text or "").split())
    if not flat or not (USE_SENTENCE.search(flat) or flat.startswith(("Use ", "Please use "))):
        return ""
    return advice_sentence(flat)


def advice_sentence(text: str) -> str:
    """``"Use `np.inf` instead."`` (or "Please use ...") -> ``"use `np.inf` instead"``; a paragraph -> its "use"
    sentence (``"use `float` by itself"``), else its first sentences up to 200 characters."""
    text = " ".join(NO_ATTRIBUTE.sub("", text).split())
    text = text[len("Please "):] if text.startswith("Please ") else text
    if text.startswith("Use "):
        text = "use" + text[3:]
    if len(text) <= SHORT:
        return text.rstrip(".")
    match = USE_SENTENCE.search(text)
    if match:
        return "use" + match.group(0)[3:].rstrip(".")
    cut = text.rfind(". ", 0, MAX_ADVICE)
    return text[:cut] if cut > 0 else text[:MAX_ADVICE].rstrip() + "..."


NAMED = re.compile(r"(?:^use|\balias (?:for|of)(?: the builtin)?"
                   r"|\bavailable (?:as|under|in|from)|\bmoved (?:to|into)) `([^`]+)`")


def named_replacement(advice: str) -> str | None:
    """The name advice says to use: "use `np.float64` instead", "... is a deprecated alias
    for `np.bool_`", "It's still available as `np.lib.npyio.DataSource`" (the table moves
    the name to another module); None when it names none."""
    match = NAMED.search(advice)
    return match.group(1) if match else None
