"""Escaping text for HTML: the one escape every renderer and check uses."""

from __future__ import annotations


def escape(text: str) -> str:
    """Text that can never open a tag, start an entity or leave a quoted attribute; Markdown
    marks are kept (the renderer still reads ``*emphasis*``)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
