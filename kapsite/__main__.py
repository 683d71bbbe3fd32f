"""``python -m kapsite``: the same as the ``kapsite`` command."""

from kapsite.cli import main

raise SystemExit(main())
