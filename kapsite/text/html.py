"""Escaping text for HTML: the one escape every renderer and check uses; the one mark that
keeps an element out of the site's search (``kapsite/render/search.py`` says what carries it)."""

from __future__ import annotations


def escape(text: str) -> str:
    """Text that can never open a tag, start an entity or leave a quoted attribute; Markdown
    marks are kept (the renderer still reads ``*emphasis*``)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# The theme's search plugin (Material 9.8) leaves an element with this attribute out of its
# index, then removes the attribute from the page: only when it has a value (its pattern is
# data-search-\w+="...").
NOT_SEARCHED = 'data-search-exclude="true"'
