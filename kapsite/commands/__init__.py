"""The ``kapsite`` command line: import, review, cluster, check, lock. Commands call the build and
the stages; nothing in the build imports a command."""
