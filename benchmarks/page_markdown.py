"""Python-Markdown's time on the generated pages, per page kind, with and without the hook's
held blocks (``kapsite/render/held_blocks.py``). Run by hand:

    .venv/bin/python benchmarks/page_markdown.py                 # the real project
    .venv/bin/python benchmarks/page_markdown.py --corpus 1000   # synthetic corpus (corpus.py)

Each generated page's Markdown is taken as the hook gives it to MkDocs (``kapsite.standalone``'s
render, which runs the same ``prepared_page``), then converted as MkDocs' ``Page.render`` does:
the site's extensions (mkdocs.yml) and MkDocs' own pass over the raw HTML for its anchors. "whole"
converts the Markdown as it is; "held" swaps the blocks for placeholders, converts, and puts the
blocks back (the swap's own time included). It checks on the way that both give the same HTML.
CPU seconds, best of ``--repeat`` runs (the machine may be shared).

Measured 2026-12-01 (issue 17) on the shared 2-core machine with three other sessions running,
so the figures are rough (the lead re-measures); CPU s, whole / held:

| corpus | topic pages | parts | bibliography, kit, changes, other | all generated pages |
|---|---|---|---|---|
| real (9 generated pages, 123 blocks held) | 0.17 / 0.09 | (none) | 0.06 / 0.05 | 0.23 / 0.14 |
| 1,000 articles (181 pages, 1,883 blocks) | 0.07 / 0.03 | 8.13 / 1.94 | 0.04 / 0.04 | 8.25 / 2.01 |

At 1,000 articles the blocks held are every "Sources" record, source-article list, legend,
note and disclaimer; what Python-Markdown still reads is mostly the claims' paragraphs, which
hold Markdown (emphasis, links, footnotes, attr_list marks) and must stay. Whole builds at 1,000
articles (``mkdocs build --no-strict``, KAPSITE_NO_CACHE=1; the load varied between runs): 103 s wall
/ 57 s user before, 74 s / 48 s after; the sites are byte-identical (``diff -rq``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def page_kind(uri: str, topics: set[str]) -> str:
    if uri.count("/") >= 1:
        return "parts"
    if uri.removesuffix(".md") in topics:
        return "topic pages"
    return "bibliography, kit, changes, other"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=int, default=0, help="articles (0: the real project)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["KAPSITE_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory() as temporary:
        if args.corpus:
            from corpus import synthetic_corpus

            root = synthetic_corpus(Path(temporary) / "project", args.corpus)
        else:
            root = HERE.parent
        pages, topics, extensions = generated_pages(root)
    print(f"{len(pages)} generated pages, {sum(map(len, pages.values())) / 1e6:.1f} MB Markdown")
    whole: dict[str, float] = defaultdict(float)
    held: dict[str, float] = defaultdict(float)
    blocks = 0
    for uri, text in sorted(pages.items()):
        kind = page_kind(uri, topics)
        seconds, html = best_of(args.repeat, convert, text, extensions)
        whole[kind] += seconds
        seconds, (back, count) = best_of(args.repeat, convert_held, text, extensions)
        held[kind] += seconds
        blocks += count
        if back != html:
            raise SystemExit(f"{uri}: the held blocks changed the page's HTML (a bug)")
    print(f"{blocks} blocks held; CPU s, best of {args.repeat}:")
    print(f"{'page kind':40} {'whole':>8} {'held':>8}")
    for kind in sorted(whole):
        print(f"{kind:40} {whole[kind]:8.2f} {held[kind]:8.2f}")
    print(f"{'all generated pages':40} {sum(whole.values()):8.2f} {sum(held.values()):8.2f}")


def generated_pages(root: Path) -> tuple[dict[str, str], set[str], list]:
    """Every generated page's Markdown as MkDocs' hook gives it to Python-Markdown."""
    import yaml

    from kapsite.config import SiteConfig
    from kapsite.standalone import read_generator_config, render_folder, split_front_matter

    site = SiteConfig.for_project(root)
    rendered = render_folder(site, root / "mkdocs.yml")
    hand_written = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")}
    pages = {
        name.removeprefix("docs/"): split_front_matter(text)[1]
        for name, text in rendered.files.items()
        if isinstance(text, str) and name.startswith("docs/") and name.endswith(".md")
        if name.removeprefix("docs/") not in hand_written
    }
    topics = {page["slug"] for page in yaml.safe_load(site.topics.read_text())["pages"]}
    return pages, topics, read_generator_config(root / "mkdocs.yml")["markdown_extensions"]


def convert(text: str, extensions: list) -> str:
    """The page's HTML as MkDocs' ``Page.render`` converts it (without its link rewriting)."""
    import markdown
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    configs = {k: v for e in extensions if isinstance(e, dict) for k, v in e.items()}
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    _RawHTMLPreprocessor()._register(md)
    return md.convert(text)


def convert_held(text: str, extensions: list) -> tuple[str | None, int]:
    from kapsite.render.held_blocks import held_blocks, with_blocks_back

    held = held_blocks(text)
    return with_blocks_back(convert(held.markdown, extensions), held), len(held.blocks)


def best_of(repeat: int, run, *args):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run(*args)
        best = min(best, time.process_time() - start)
    return best, result


if __name__ == "__main__":
    main()
