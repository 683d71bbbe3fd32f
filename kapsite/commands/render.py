"""``kapsite render`` and ``kapsite finish``: the site for a generator that runs no MkDocs hooks
(Zensical; ProperDocs or MkDocs without the hook). Engine only: nothing here imports MkDocs.

    kapsite render --out build/render          # build/render/mkdocs.yml, docs/, files/
    zensical build -f build/render/mkdocs.yml  # or: properdocs build -f build/render/mkdocs.yml
    kapsite finish build/render/site --generator zensical

Exit status, both: 0 done, 1 warnings a strict build fails on (render writes nothing) or a page
finish could not make safe, 2 content errors (nothing written).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kapsite.commands import add_profile_argument, add_root_argument
from kapsite.commands.check import findings_of, report_plain
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.standalone import (
    CONFIG_NAME,
    THEME_PACKAGES,
    finish_site,
    render_folder,
    write_render_folder,
)
from kapsite.timing import StageTimes


def render_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write the whole site as a generator's input, without MkDocs: every page with its "
        "disclaimer, help box and review dates, the generated pages, a config without hooks, "
        "and claims.json, the build report and redirect pages for `kapsite finish`."
    )
    add_root_argument(parser)
    add_profile_argument(parser)
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (replaced)")
    parser.add_argument(
        "--config", type=Path, help="the project's MkDocs config (default: ROOT/mkdocs.yml)"
    )


def run_render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    site = SiteConfig.for_project(args.root)
    profile = StageTimes() if getattr(args, "profile", False) else None
    try:
        rendered = render_folder(site, args.config or site.root / CONFIG_NAME, profile)
    except ContentError as error:
        report_plain(findings_of(error.relative_to(site.root)), "error", out, err)
        return 2
    finally:
        if profile is not None:
            print(profile.table(), file=err)
    warnings = [w.relative_to(site.root) for w in rendered.warnings]
    if warnings:
        report_plain(warnings, "warning", out, err)
        if rendered.strict:
            print("the config is strict: nothing written", file=err)
            return 1
    try:
        write_render_folder(args.out, rendered.files)
    except ContentError as error:
        print(error, file=err)
        return 2
    pages = sum(name.endswith(".md") for name in rendered.files)
    print(
        f"wrote {pages} pages and {len(rendered.files) - pages} other files to {args.out}", file=out
    )
    return 0


def finish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Finish a site built from `kapsite render`'s folder: add claims.json, the build report "
        "and redirect pages, sanitise every page's content, check every page and give it a "
        "Content-Security-Policy. Names every page it cannot make safe."
    )
    parser.add_argument("site", type=Path, metavar="SITE_DIR", help="the built site")
    parser.add_argument(
        "--render",
        type=Path,
        help="the folder `kapsite render` wrote (default: the site's parent folder)",
    )
    parser.add_argument(
        "--generator",
        choices=sorted(THEME_PACKAGES),
        default="zensical",
        help="what built the site: its theme's scripts are the only ones allowed",
    )


def run_finish(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    render_dir = args.render or args.site.resolve().parent
    if not (render_dir / CONFIG_NAME).is_file() or not args.site.is_dir():
        print(
            f"{args.site}: not a site built from a kapsite render folder "
            f"(fix: run kapsite render --out DIR, build DIR/{CONFIG_NAME}, finish DIR/site)",
            file=err,
        )
        return 2
    try:
        problems = finish_site(args.site, render_dir, args.generator)
    except ContentError as error:
        print(error, file=err)
        return 2
    for problem in problems:
        print(problem, file=err)
    print(f"{len(problems)} page(s) could not be made safe", file=out)
    return 1 if problems else 0
