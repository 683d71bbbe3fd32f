"""Every file contributors edit, each read by its own module; ``load`` reads them all into one
``Inputs`` object.

Nothing is imported here: a build that finds its whole result in the cache still reads the
notices (``notices``, ``help``), and that must not import every loader (pybtex among them).
"""
