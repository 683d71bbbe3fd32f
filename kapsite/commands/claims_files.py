"""Edits of the editor's claims files (``content/claims/``) that keep what the editor wrote.

Each edit loads the file as round-trip YAML (ruamel.yaml: comments, order and flow style kept),
changes one thing, and writes the whole file atomically (``kapsite.files.write_text``), so an
interrupt leaves the old file or the new one, and a file that parsed before parses after with
the same meaning plus the one change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kapsite.errors import ContentError
from kapsite.files import write_text
from kapsite.inputs.claims import LEFT_OUT_FILE

PREVIEW = 50
NEW_PAGE_HEADER = """\
# The editor's claims for the {page} page: what readers see, in plain words, and which source
# statements support each one. Format: docs/contributing.md. A claim's id is its published
# anchor: never rename or reuse one.
"""
NEW_LEFT_OUT_HEADER = """\
# Statements left off the site, each with a reason and a note (see docs/contributing.md).
"""


@dataclass(frozen=True)
class Edit:
    """One written answer: the file and its text before, so the answer can be undone."""

    path: Path
    before: str | None  # None: the file did not exist
    summary: str


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # Never rewrap: a long claim text or key_facts list stays one line, so an answer's diff is
    # the one line it adds (ruamel would fold every line longer than the width).
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _load(path: Path, header: str) -> tuple[object, str | None]:
    before = path.read_text(encoding="utf-8") if path.exists() else None
    text = before if before is not None else header
    data = _yaml().load(text) if text.strip(" \n#") else None
    return data, before


def _dump(data: object, header_if_new: str, before: str | None) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    text = stream.getvalue()
    return text if before is not None else header_if_new + text


def _preview(text: str) -> str:
    text = " ".join(text.replace("#", "").split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 3].rstrip() + "..."


def _append_id(seq: CommentedSeq, statement_id: str, text: str) -> None:
    seq.append(statement_id)
    if seq.fa.flow_style():
        return  # a flow list ([a, b]) stays one; a comment cannot follow inside it
    seq.yaml_add_eol_comment(_preview(text), len(seq) - 1)


def add_support(folder: Path, page: str, claim_id: str, statement_id: str, text: str) -> Edit:
    """The statement supports the claim: its id goes on the claim's ``supports`` list."""
    return _edit_claim(folder, page, claim_id, "supports", statement_id, text)


def add_correction(
    folder: Path, page: str, claim_id: str, statement_id: str, text: str, note: str
) -> Edit:
    """The claim puts the statement right; the editors' note says what was wrong."""
    return _edit_claim(folder, page, claim_id, "corrects", statement_id, text, note)


def _edit_claim(
    folder: Path,
    page: str,
    claim_id: str,
    key: str,
    statement_id: str,
    text: str,
    note: str = "",
) -> Edit:
    path = folder / f"{page}.yml"
    data, before = _load(path, "")
    claim = _find_claim(data, claim_id)
    if claim is None:
        raise ContentError(path, None, f"no claim '{claim_id}' in this file", "check the id")
    if key not in claim or claim[key] is None:
        claim[key] = CommentedSeq()
    if statement_id not in claim[key]:
        _append_id(claim[key], statement_id, text)
    if note:
        existing = str(claim.get("note") or "").strip()
        claim["note"] = f"{existing} {note}".strip()
    write_text(path, _dump(data, "", before), what="claims file")
    verb = "supports" if key == "supports" else "is corrected by"
    return Edit(path, before, f"{statement_id} {verb} {claim_id}")


def new_claim(
    folder: Path,
    page: str,
    section: str,
    claim_id: str,
    claim_text: str,
    statement_id: str,
    statement_text: str,
) -> Edit:
    """A new claim in the editor's words, at the end of its section, supported by the statement."""
    path = folder / f"{page}.yml"
    header = NEW_PAGE_HEADER.format(page=page)
    data, before = _load(path, header)
    if data is None:
        data = CommentedMap(
            [("page", page), ("key_facts", CommentedSeq()), ("sections", CommentedSeq())]
        )
    if _find_claim(data, claim_id) is not None:
        raise ContentError(path, None, f"the claim id '{claim_id}' is taken", "choose another")
    sections = data.setdefault("sections", CommentedSeq())
    target = next((s for s in sections if s.get("id") == section), None)
    if target is None:
        target = CommentedMap([("id", section), ("claims", CommentedSeq())])
        sections.append(target)
    claims = target.setdefault("claims", CommentedSeq())
    supports = CommentedSeq()
    _append_id(supports, statement_id, statement_text)
    claims.append(CommentedMap([("id", claim_id), ("text", claim_text), ("supports", supports)]))
    write_text(path, _dump(data, header, before), what="claims file")
    return Edit(path, before, f"new claim {claim_id} on {page}/{section}")


def leave_out(folder: Path, statement_id: str, text: str, reason: str, note: str) -> Edit:
    path = folder / LEFT_OUT_FILE
    data, before = _load(path, NEW_LEFT_OUT_HEADER)
    if data is None:
        data = CommentedMap([("left_out", CommentedSeq())])
    entries = data.setdefault("left_out", CommentedSeq())
    entry = CommentedMap([("statement", statement_id), ("reason", reason), ("note", note)])
    entries.append(entry)
    entry.yaml_add_eol_comment(_preview(text), "statement")
    write_text(path, _dump(data, NEW_LEFT_OUT_HEADER, before), what="claims file")
    return Edit(path, before, f"{statement_id} left out ({reason})")


def undo(edit: Edit) -> None:
    """Put the file back as it was before the answer; a file the answer created is removed
    (it was never a contributor's)."""
    if edit.before is not None:
        write_text(edit.path, edit.before, what="claims file")
    else:
        edit.path.unlink(missing_ok=True)


def _find_claim(data: object, claim_id: str) -> CommentedMap | None:
    if not isinstance(data, dict):
        return None
    for section in data.get("sections") or []:
        for claim in section.get("claims") or []:
            if claim.get("id") == claim_id:
                return claim
    return None
