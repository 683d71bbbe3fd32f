"""kapsite: turns overlapping source articles into deduplicated, cited topic pages.

The engine is plain Python and knows nothing of MkDocs; ``hooks/`` adapts it.
"""

from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.pipeline import BuildResult, build

__all__ = ["BuildResult", "ContentError", "SiteConfig", "build"]
