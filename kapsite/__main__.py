"""``python -m kapsite``: the same as the ``kapsite`` command."""

from kapsite.commands.cli import main

raise SystemExit(main())
