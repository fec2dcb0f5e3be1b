"""The language server: codesync's findings and fixes over the Language Server Protocol.

A thin face over :class:`codesync.project.Project`; it holds no analysis logic of its own.
"""
