"""Model rewrites: a local GGUF model run through llama.cpp proposes a rewrite of a call the
exact fixer cannot do; the rewrite is proven by the checker before it is offered.

Modules, one concept each: ``locate`` (which model files, assembling the default base),
``record`` (the change record from the knowledge), ``prompt``, ``grammar``, ``generate``
(llama.cpp), ``proof`` (is a candidate right), ``rewrite`` (candidates to proven fixes),
``service`` (the editor's model thread), ``commands`` (CLI). Only what runs in the editor
lives here: the dataset, training, export and evaluation are the build package
``codesync_build``. Nothing here imports llama_cpp until it is used.
"""
