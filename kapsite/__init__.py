"""kapsite: turns overlapping source articles into deduplicated, cited topic pages.

The engine is plain Python and knows nothing of MkDocs; ``hooks/`` adapts it. The build is
``kapsite.pipeline.build``. Nothing is imported here: a build whose result is cached imports only
the few modules that finish its pages (``kapsite.site``).
"""
