"""``kapsite review``: give every statement nobody has decided a fate, one statement at a time.

For each pending statement it shows the statement with its article, line and the sentences
around it, then the claims it most likely supports (ranked against each claim's own text and all
its statements), each with every veto spelled out. The answer is written at once
(``claims_files``: round-trip YAML, atomic), so an interrupt never loses given answers:

    s 1 3     it supports claims 1 and 3        n     a new claim (type its text)
    c 2       claim 2 corrects it (type a note) l     left out (choose a reason, type a note)
    k         skip for now                      u     undo the last answer
    q         quit
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from kapsite.commands import claims_files
from kapsite.config import SiteConfig
from kapsite.files import relative_path
from kapsite.inputs.claims import CLAIM_ID, LEFT_OUT_REASONS
from kapsite.inputs.load import load_inputs
from kapsite.model import Claim, Statement
from kapsite.stages import run_stages
from kapsite.stages.dedupe.candidates import vectors
from kapsite.stages.dedupe.merge import claim_anchor
from kapsite.stages.dedupe.terms import wording_for
from kapsite.stages.dedupe.vetoes import explain_vetoes
from kapsite.stages.segment import normalise

SHOWN = 5  # candidate claims shown per statement
CONTEXT = 1  # sentences shown before and after the statement


@dataclass(frozen=True)
class Candidate:
    claim: Claim
    score: float
    vetoes: tuple[str, ...]


def candidate_claims(
    statement: Statement, claims: Sequence[Claim], vocabulary, shown: int = SHOWN
) -> list[Candidate]:
    """The reviewed claims nearest the statement: each claim is one document made of its own
    text and every statement behind it, so a new wording meets all the ways the fact was said."""
    reviewed = [c for c in claims if not c.pending]
    documents = [" ".join([c.text, *(m.text for m in c.members)]) for c in reviewed]
    # Spelling variants, synonyms and negation folded as the build folds them.
    vecs = vectors([*documents, statement.text], wording_for(vocabulary.synonyms))
    mine = vecs[-1]
    scored = []
    for claim, vec in zip(reviewed, vecs[:-1], strict=True):
        score = sum(weight * vec.get(term, 0.0) for term, weight in mine.items())
        if score > 0:
            scored.append((score, claim))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    return [
        Candidate(c, round(s, 3), tuple(explain_vetoes(statement.text, c.text, vocabulary)))
        for s, c in scored[:shown]
    ]


def review(config: SiteConfig, answers: TextIO, out: TextIO, list_only: bool = False) -> int:
    """Ask about each pending statement; returns how many answers were written."""
    inputs = load_inputs(config)
    composed = run_stages(inputs)
    pending = [m for c in composed.clusters if c.pending for m in c.members]
    pending.sort(key=lambda s: (s.article, s.line, s.position))
    by_article: dict[str, list[Statement]] = {}
    for statement in composed.statements:
        by_article.setdefault(statement.article, []).append(statement)
    claims = list(composed.clusters)
    print(f"{len(pending)} statement(s) not yet reviewed", file=out)
    written: list[claims_files.Edit] = []
    index = 0
    while index < len(pending) or (written and not list_only and _undo_last(answers, out)):
        if index >= len(pending):  # the reviewer asked to undo after the last answer
            edit = written.pop()
            claims_files.undo(edit)
            print(f"  undone: {edit.summary}", file=out)
            index = max(0, index - 1)
            continue
        statement = pending[index]
        candidates = candidate_claims(statement, claims, inputs.vocabulary)
        print(_describe(statement, index + 1, len(pending), by_article, candidates), file=out)
        if list_only:
            index += 1
            continue
        answer = _ask(answers, out, len(candidates))
        if answer[0] == "quit":
            break
        if answer[0] == "undo":
            if written:
                edit = written.pop()
                claims_files.undo(edit)
                print(f"  undone: {edit.summary}", file=out)
                index = max(0, index - 1)
            else:
                print("  nothing to undo", file=out)
            continue
        if answer[0] == "skip":
            index += 1
            continue
        edit = _record(config, statement, answer, candidates, answers, out)
        if edit is not None:
            written.append(edit)
            print(f"  written: {edit.summary} ({relative_path(edit.path, config.root)})", file=out)
            index += 1
    if not list_only:
        print(f"{len(written)} answer(s) written", file=out)
    return len(written)


def _describe(
    statement: Statement,
    number: int,
    total: int,
    by_article: dict[str, list[Statement]],
    candidates: list[Candidate],
) -> str:
    siblings = by_article.get(statement.article, [])
    at = next((i for i, s in enumerate(siblings) if s.id == statement.id), 0)
    before = siblings[max(0, at - CONTEXT) : at]
    after = siblings[at + 1 : at + 1 + CONTEXT]
    lines = [
        "",
        f"[{number}/{total}] {statement.article}:{statement.line}  ({statement.id})",
        *(f"    … {s.text}" for s in before),
        f"  > {statement.text}",
        *(f"    … {s.text}" for s in after),
        f"  routed to {statement.page}/{statement.section}",
    ]
    if not candidates:
        lines.append("  no reviewed claim is close: answer n for a new claim, or l to leave it out")
    for n, candidate in enumerate(candidates, start=1):
        claim = candidate.claim
        lines.append(
            f"  {n}) {claim.page}/{claim.section} {claim.id}  (score {candidate.score:.2f})"
        )
        lines.append(f"     {claim.text}")
        for veto in candidate.vetoes:
            lines.append(f"     ! {veto}")
    return "\n".join(lines)


def _undo_last(answers: TextIO, out: TextIO) -> bool:
    """After the last statement: a last chance to undo."""
    print(
        "  all statements answered: [u]ndo the last answer, or Enter to finish: ", end="", file=out
    )
    return answers.readline().strip().lower() in ("u", "undo")


def _ask(answers: TextIO, out: TextIO, candidates: int) -> tuple[str, ...]:
    while True:
        print(
            "  [s N..] supports / [n]ew / [c N] corrected / [l]eft out / s[k]ip / [u]ndo / [q]uit: ",
            end="",
            file=out,
        )
        line = answers.readline()
        if not line:
            return ("quit",)
        words = line.strip().lower().split()
        if not words:
            return ("skip",)
        head, rest = words[0], words[1:]
        numbers = [int(w) for w in rest if w.isdigit() and 1 <= int(w) <= candidates]
        if head in ("s", "supports") and numbers and len(numbers) == len(rest):
            return ("supports", *map(str, numbers))
        if head in ("c", "corrected") and len(numbers) == 1 and len(rest) == 1:
            return ("corrected", str(numbers[0]))
        simple = {
            "n": "new",
            "new": "new",
            "l": "left-out",
            "k": "skip",
            "skip": "skip",
            "u": "undo",
            "undo": "undo",
            "q": "quit",
            "quit": "quit",
        }
        if head in simple and not rest:
            return (simple[head],)
        print(f"  please answer as shown (claim numbers 1-{candidates})", file=out)


def _record(
    config: SiteConfig,
    statement: Statement,
    answer: tuple[str, ...],
    candidates: list[Candidate],
    answers: TextIO,
    out: TextIO,
) -> claims_files.Edit | None:
    folder = config.claims
    kind = answer[0]
    if kind == "supports":
        edits = []
        for number in answer[1:]:
            claim = candidates[int(number) - 1].claim
            edits.append(
                claims_files.add_support(folder, claim.page, claim.id, statement.id, statement.text)
            )
        if len(edits) == 1:
            return edits[0]
        # Several claims: undo takes back all of them, from the first file's state.
        return claims_files.Edit(
            edits[0].path, edits[0].before, "; ".join(e.summary for e in edits)
        )
    if kind == "corrected":
        claim = candidates[int(answer[1]) - 1].claim
        note = _line(answers, out, "  editors' note (what the source says, and why it is wrong): ")
        if not note:
            print("  not written: a correction needs a note", file=out)
            return None
        return claims_files.add_correction(
            folder, claim.page, claim.id, statement.id, statement.text, note
        )
    if kind == "new":
        text = _line(answers, out, "  the claim in plain words: ")
        if not text:
            print("  not written: a claim needs text", file=out)
            return None
        place = _line(answers, out, f"  page/section [{statement.page}/{statement.section}]: ")
        page, _, section = (place or f"{statement.page}/{statement.section}").partition("/")
        claim_id = claim_anchor(normalise(text))
        if not CLAIM_ID.match(claim_id):
            claim_id = claim_anchor(normalise(statement.text))
        return claims_files.new_claim(
            folder, page, section or statement.section, claim_id, text, statement.id, statement.text
        )
    if kind == "left-out":
        reasons = list(LEFT_OUT_REASONS)
        for n, reason in enumerate(reasons, start=1):
            print(f"    {n}) {reason}: {LEFT_OUT_REASONS[reason]}", file=out)
        choice = _line(answers, out, "  reason number: ")
        if not choice.isdigit() or not 1 <= int(choice) <= len(reasons):
            print("  not written: choose a reason by its number", file=out)
            return None
        note = _line(answers, out, "  note (why, in a few words): ")
        return claims_files.leave_out(
            folder, statement.id, statement.text, reasons[int(choice) - 1], note
        )
    return None


def _line(answers: TextIO, out: TextIO, prompt: str) -> str:
    print(prompt, end="", file=out)
    return answers.readline().strip()
