"""The model build, outside the runtime package: the dataset (``dataset``, ``synthetic``,
``templates``), LoRA tuning (``train``), GGUF export (``export``), the evaluation
(``evaluate``, ``metrics``) and the model card (``card``), run step by step by ``pipeline``
(``scripts/build_model.py`` is its face). The editor and the language server never import
it: inference and the proof live in ``codesync.model``.
"""
