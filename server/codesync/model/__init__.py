"""Model rewrites: a local GGUF model run through llama.cpp proposes a rewrite of a call the
exact fixer cannot do; the rewrite is proven by the checker before it is offered.

Modules, one concept each: ``locate`` (which model files, assembling the default base),
``record`` (the change record from the knowledge), ``prompt``, ``grammar``, ``generate``
(llama.cpp), ``proof`` (is a candidate right), ``rewrite`` (candidates to proven fixes),
``dataset``, ``train``, ``export`` and ``evaluate`` (the model build), ``commands`` (CLI).
Nothing here imports llama_cpp, torch or transformers until it is used.
"""
