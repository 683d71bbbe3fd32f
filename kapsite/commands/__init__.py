"""The ``kapsite`` command line: import, review, cluster, check, lock, new, render, finish.
Commands call the build and the stages; nothing in the build imports a command."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    """``--root``, the project folder: every command that reads the site takes it."""
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder")


def add_profile_argument(parser: argparse.ArgumentParser) -> None:
    """``--profile``: after the command, the time of each build stage on stderr."""
    parser.add_argument(
        "--profile", action="store_true", help="print the time of each build stage (stderr)"
    )
