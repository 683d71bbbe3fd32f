"""The checks over the finished model (``table``: the named, ordered table ``run_checks`` runs),
and the last check of every built page (``csp``, ``sanitise``).

Nothing is imported here: every built page needs ``csp`` and ``sanitise``, and importing them
must not import every check and, through them, every stage (a cached build runs neither).
"""
