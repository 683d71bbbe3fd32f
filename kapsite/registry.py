"""The claim registry (content/claims.yml): merges an editor reviewed, with stable ids.

Layout (block style, so a review can add a line without touching the rest of the file)::

    claims:
      - id: claim-ketamine-blocks-nmda-receptors-1a2b3c   # the anchor, never renamed
        page: mechanism
        section: nmda-glutamate
        text: Ketamine blocks NMDA receptors.              # optional, an editor's wording
        members:
          - talk-therapy:0123456789   # statement ids: article slug and text fingerprint
          - blog-overview:abcdef0123
    different:
      - [talk-therapy:0123456789, guide:fedcba9876]   # reviewed: not the same claim

A statement's fingerprint survives whitespace, case and punctuation edits; an edit to its words
makes the member stale, which the build reports with the line to fix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from kapsite.errors import ContentError
from kapsite.files import read_text
from kapsite.yamlfile import parse_yaml

REGISTRY_FILE = Path("content/claims.yml")
# A claim's id is its HTML id and its URL fragment: nothing that either would escape.
CLAIM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADER = """\
# The claim registry: statements an editor reviewed as the same claim, merged under one stable id.
# Written by `kapsite review` and reviewed in pull requests like any content; see
# docs/contributing.md. Never rename an id: it is the claim's published anchor.
"""


@dataclass(frozen=True)
class RegisteredClaim:
    id: str
    page: str
    section: str
    text: str
    members: tuple[str, ...]
    line: int  # 1-based line of the claim's '- id:' entry
    last_member_line: int  # 1-based line of its last member, where a new member goes after


@dataclass(frozen=True)
class Registry:
    path: Path
    claims: tuple[RegisteredClaim, ...] = ()
    different: tuple[tuple[str, str, int], ...] = ()  # (id, id, line), ids sorted
    end_of_claims: int = 0  # line after which a new claim goes (0: no claims list yet)
    end_of_different: int = 0

    @cached_property
    def _by_member(self) -> dict[str, RegisteredClaim]:
        return {m: c for c in self.claims for m in c.members}

    def claim_of(self, statement_id: str) -> RegisteredClaim | None:
        return self._by_member.get(statement_id)

    def is_different(self, first: str, second: str) -> bool:
        return tuple(sorted((first, second))) in self._different_pairs

    @cached_property
    def _different_pairs(self) -> set[tuple[str, str]]:
        return {(a, b) for a, b, _ in self.different}


def load_registry(path: Path) -> Registry:
    """The registry file, or an empty registry if there is none yet."""
    if not os.path.lexists(path):
        return Registry(path)
    text = read_text(path)
    registry = parse_registry(text, path)
    if not registry.claims and not registry.different and "claims:" not in text:
        # A registry always has its lists: an empty file, or comments only, was cut off.
        raise ContentError(
            path,
            1,
            "the claim registry is empty or cut off: it has no 'claims:' list",
            "restore it from version control (git checkout content/claims.yml), or delete it",
        )
    return registry


def parse_registry(text: str, path: Path = REGISTRY_FILE) -> Registry:
    root = parse_yaml(
        text,
        path,
        load=yaml.compose,
        fix="check indentation; each member is '- article-slug:fingerprint' on its own line",
    )
    if root is None:
        return Registry(path)
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(
            path, 1, "the registry must have 'claims:'", "start the file with 'claims:'"
        )
    sections = {k.value: v for k, v in root.value}
    claims, seen_ids, seen_members = [], set(), {}
    claims_node = sections.get("claims")
    for node in _items(claims_node, path, "claims"):
        fields = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else None
        line = node.start_mark.line + 1
        if fields is None or "id" not in fields or "members" not in fields:
            raise ContentError(
                path,
                line,
                "a claim needs 'id' and 'members'",
                "see the layout at the top of the file",
            )
        members_node = fields["members"]
        members = [_scalar(m, path) for m in _items(members_node, path, "members")]
        claim_id = _scalar(fields["id"], path)
        if not CLAIM_ID.match(claim_id):
            raise ContentError(
                path,
                fields["id"].start_mark.line + 1,
                f"the id '{claim_id}' is not a usable anchor",
                "use lowercase letters, digits and single hyphens, such as claim-ketamine-blocks-nmda",
            )
        if claim_id in seen_ids:
            raise ContentError(
                path, line, f"the id '{claim_id}' is used twice", "give each claim its own id"
            )
        seen_ids.add(claim_id)
        for member in members:
            if member in seen_members:
                raise ContentError(
                    path,
                    line,
                    f"the statement '{member}' is in two claims",
                    f"keep it in one: it is also in '{seen_members[member]}'",
                )
            seen_members[member] = claim_id
        claims.append(
            RegisteredClaim(
                id=claim_id,
                page=_scalar(fields["page"], path) if "page" in fields else "",
                section=_scalar(fields["section"], path) if "section" in fields else "",
                text=_scalar(fields["text"], path) if "text" in fields else "",
                members=tuple(members),
                line=line,
                last_member_line=_last_line(members_node),
            )
        )
    different = []
    different_node = sections.get("different")
    for node in _items(different_node, path, "different"):
        pair = [_scalar(n, path) for n in _items(node, path, "a different pair")]
        if len(pair) != 2:
            raise ContentError(
                path,
                node.start_mark.line + 1,
                "a 'different' entry names two statements",
                "write [first-id, second-id]",
            )
        a, b = sorted(pair)
        different.append((a, b, node.start_mark.line + 1))
    return Registry(
        path=path,
        claims=tuple(claims),
        different=tuple(different),
        end_of_claims=_last_line(claims_node) if claims_node is not None else 0,
        end_of_different=_last_line(different_node) if different_node is not None else 0,
    )


def _items(node: yaml.Node | None, path: Path, what: str) -> list[yaml.Node]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise ContentError(
            path,
            node.start_mark.line + 1,
            f"'{what}' must be a list",
            "write each entry on its own '- ' line",
        )
    return list(node.value)


def _scalar(node: yaml.Node, path: Path) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ContentError(
            path,
            node.start_mark.line + 1,
            "expected a single value here",
            "write one value, not a list",
        )
    return str(node.value).strip()


def _last_line(node: yaml.Node) -> int:
    """The last line that holds the node's text (PyYAML's end mark can sit on the next line)."""
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.line + 1 if node.end_mark.column > 0 else node.end_mark.line


def check_places(registry: Registry, places: set[tuple[str, str]]) -> None:
    """Every reviewed claim names a page and section that topics.yml defines."""
    for claim in registry.claims:
        if claim.page and (claim.page, claim.section) not in places:
            known = ", ".join(f"{p}/{s}" for p, s in sorted(places) if p == claim.page)
            raise ContentError(
                registry.path,
                claim.line,
                f"claim '{claim.id}' is placed on '{claim.page}/{claim.section}', "
                "which content/topics.yml does not define",
                f"use a page and section from topics.yml{': ' + known if known else ''}",
            )
