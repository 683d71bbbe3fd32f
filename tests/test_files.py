"""Nothing lost on a crash: every file the tools write is whole, old or new, whatever happens
to the process (an interrupt, a kill, a full disk), and reading never ends in a traceback."""

from __future__ import annotations

import io
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Project

from kapsite import files
from kapsite.commands.cli import main
from kapsite.config import SiteConfig
from kapsite.errors import ContentError
from kapsite.files import create_text, read_text, write_text
from kapsite.inputs.claims import load_editorial
from kapsite.inputs.load import read_lock as _read_lock

HEAD = "---\ntitle: T\nsource:\n  publisher: P\n---\n\n"
CONDITIONS = ["PTSD", "depression", "anxiety", "pain", "OCD", "alcohol use"]
# Claims whose meaning must survive every interrupted review; long, as a real file is.
REGISTRY = (
    "# The editor's claims. This comment must survive every review.\n"
    + "".join(f"# {'padding ' * 10}line {n}\n" for n in range(60))
    + """page: overview
sections:
  - id: background
    claims:
      - id: claim-kept
        text: Ketamine can lift mood within hours.
        supports:
          - gone:0000000000  # a sentence that was reworded
        corrects: [x:1111111111]
        note: One source says it cures depression.
"""
)


def read_lock(path: Path) -> list[tuple[int, str]]:
    return list(_read_lock(SiteConfig(root=path.parent)).entries)


def _kapsite(*args: object) -> list[str]:
    return [sys.executable, "-m", "kapsite", *map(str, args)]


# Runs a kapsite command and sends it a signal at the exact moment it has opened a file in the
# given folder for writing, before it writes a byte. Whatever way a command writes (truncating
# the file, or a temporary file), the signal lands mid-write, every time.
MID_WRITE = """\
import os, signal, sys
from kapsite.commands.cli import main
signal_number, folder = int(sys.argv[1]), os.path.abspath(sys.argv[2])
# Under nohup (or a parent that ignores it) the signal would be ignored: it acts as at a terminal.
if signal.getsignal(signal_number) == signal.SIG_IGN:
    signal.signal(signal_number, signal.SIG_DFL)
armed = False
def audit(event, args):
    global armed
    if event == "open" and not isinstance(args[0], int) and os.path.abspath(args[0]).startswith(folder):
        mode, flags = args[1] or "", args[2] or 0
        armed = armed or "w" in mode or "a" in mode or bool(flags & (os.O_WRONLY | os.O_RDWR))
def profile(frame, event, arg):
    global armed
    if armed and event == "c_return" and getattr(arg, "__name__", "") == "open":
        armed = False
        sys.setprofile(None)
        os.kill(os.getpid(), signal_number)
sys.addaudithook(audit)
sys.setprofile(profile)
sys.exit(main(sys.argv[3:]))
"""


def _signal_mid_write(sig: int, folder: Path, *args: object, stdin: str = "") -> int:
    command = [sys.executable, "-c", MID_WRITE, str(int(sig)), str(folder), *map(str, args)]
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)
    return result.returncode


def _with_pending_pairs(project: Project) -> Path:
    """12 statements to review, and a claims file with one claim that supports and corrects."""
    for slug, sentence in (
        ("third", "Ketamine can lift the mood of patients with {} within hours."),
        ("fourth", "Ketamine often lifts mood in {} patients within a few hours."),
    ):
        body = "\n\n".join(sentence.format(c) for c in CONDITIONS)
        project.write(f"content/articles/{slug}.md", HEAD + body + "\n")
    return project.write("content/claims/overview.yml", REGISTRY)


def _assert_registry_kept(path: Path) -> None:
    """The claims file parses, and still says everything it said before."""
    editorial = load_editorial(path.parent)  # an empty or cut-off file is an error here
    claim = next(c for c in editorial.claims if c.id == "claim-kept")
    assert claim.supports[0] == "gone:0000000000" and claim.corrects == ("x:1111111111",)
    assert claim.note == "One source says it cures depression."
    assert read_text(path).startswith("# The editor's claims. This comment must survive")


def _kill_loop(command: list[str], cwd: Path, check, *, sig: int, stdin: bytes = b"") -> int:
    """Run ``command`` to the end once to time it, then again and again, each time sending
    ``sig`` a little later, from its start-up to past its last write; ``check`` after each.
    Returns how many runs the signal interrupted."""
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    check()
    interrupted = 0
    runs = 6
    for number in range(runs):
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
        time.sleep(duration * (0.2 + 0.9 * number / runs))
        if process.poll() is None:
            process.send_signal(sig)
            interrupted += 1
        process.wait(timeout=120)
        check()
        leftovers = list(cwd.rglob(".*.tmp"))
        assert leftovers == [], leftovers
    return interrupted


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_the_middle_of_review_writing_leaves_the_registry_meaning_the_same(
    project: Project, sig: signal.Signals
) -> None:
    registry = _with_pending_pairs(project)
    code = _signal_mid_write(
        sig, project.root / "content", "review", "--root", project.root, stdin="s 1\n" * 100
    )
    assert code != 0  # the signal stopped it
    _assert_registry_kept(registry)
    # The answer it was writing is in, whole, or not at all.
    (claim,) = load_editorial(registry.parent).claims
    assert len(claim.supports) in (1, 2)


def test_killing_lock_at_any_moment_leaves_the_lock_in_place(project: Project) -> None:
    assert subprocess.run(_kapsite("lock"), cwd=project.root, capture_output=True).returncode == 0
    lock = project.root / "anchors.lock"
    locked = read_lock(lock)
    assert locked

    def check() -> None:
        assert lock.is_file()
        assert read_lock(lock) == locked
        assert not (project.root / "anchors.lock.tmp").exists()

    # While it builds (most of its run) and while it writes.
    assert _kill_loop(_kapsite("lock"), project.root, check, sig=signal.SIGTERM) >= 3
    assert _signal_mid_write(signal.SIGTERM, project.root, "lock", "--root", project.root) != 0
    check()


def test_killing_import_mid_write_leaves_both_drafts_whole_or_neither(project: Project) -> None:
    source = project.write(
        "raw/page.txt",
        "Ketamine and the brain\n\nKetamine blocks NMDA receptors (Smith, 2020).\n\n"
        "References\n\nSmith, A. (2020). Ketamine and the NMDA receptor. Journal of Examples.\n",
    )
    out, bib = project.root / "drafts", project.root / "bibs"
    args = ("import", source, "--out", out, "--bib-out", bib)
    assert subprocess.run(_kapsite(*args), capture_output=True, timeout=120).returncode == 0
    whole = {p.name: p.read_bytes() for p in [*out.iterdir(), *bib.iterdir()]}
    assert len(whole) == 2
    for path in [*out.iterdir(), *bib.iterdir()]:
        path.unlink()
    assert _signal_mid_write(signal.SIGTERM, project.root / "drafts", *args) != 0
    written = {p.name: p.read_bytes() for p in [*out.glob("*"), *bib.glob("*")]}
    assert written in ({}, whole)


def test_review_with_a_full_disk_keeps_the_old_registry(project: Project) -> None:
    registry = _with_pending_pairs(project)
    original = registry.read_bytes()
    limit = len(original) + 50  # the old file fits; the registry with a new claim does not

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        _kapsite("review", "--root", project.root),
        input="s 1\n" * 3,
        capture_output=True,
        text=True,
        preexec_fn=limit_file_size,
        timeout=120,
    )
    assert registry.read_bytes() == original
    assert result.returncode == 1
    assert "content/claims/overview.yml: the claims file could not be written" in result.stderr
    assert "the file is unchanged" in result.stderr


def test_a_termination_signal_during_a_write_arrives_after_the_new_file_is_in_place(
    tmp_path: Path,
) -> None:
    # SIGTERM's default action ends the process at once; held back, it ends it only after the
    # rename. Sent from inside the write (at its fsync), so it lands mid-write every time.
    target = tmp_path / "claims.yml"
    target.write_text("claims:\n  old: true\n")
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from kapsite import files\n"
        "real = os.fsync\n"
        "def fsync(fd):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(fd)\n"
        "os.fsync = fsync\n"
        "files.write_text(Path(sys.argv[1]), 'claims:\\n  new: true\\n', what='claim registry')\n"
        "print('not reached')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True
    )
    assert result.returncode == -signal.SIGTERM
    assert "not reached" not in result.stdout
    assert target.read_text() == "claims:\n  new: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.yml"]


def test_a_write_never_follows_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    link = tmp_path / "report.md"
    link.symlink_to(elsewhere)  # dangling
    with pytest.raises(ContentError, match="would be written through a symbolic link"):
        write_text(link, "text", what="import report")
    with pytest.raises(ContentError, match="a file is already here"):
        create_text(link, "text", what="import report")
    assert not elsewhere.exists()


def test_a_file_created_in_this_run_is_never_replaced_by_another(tmp_path: Path) -> None:
    files.forget_created()
    draft = tmp_path / "draft.md"
    write_text(draft, "draft", what="draft article")
    write_text(draft, "draft, corrected", what="draft article")  # the same file, updated
    with pytest.raises(ContentError, match="this run already wrote the draft article here"):
        write_text(draft, "report", what="import report")
    assert draft.read_text() == "draft, corrected"
    files.forget_created()


def test_a_read_only_target_is_an_error_with_the_file_not_a_traceback(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def permission_denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, who can write anywhere: a read-only folder is simulated.
    monkeypatch.setattr(files.tempfile, "mkstemp", permission_denied)
    err = io.StringIO()
    assert main(["lock", "--root", str(project.root)], io.StringIO(), err) == 2
    assert err.getvalue() == (
        "anchors.lock: the anchor lock could not be written: Permission denied; the file is "
        "unchanged (fix: check that the folder is writable and the disk has room, then run it "
        "again)\n"
    )
    registry = _with_pending_pairs(project)
    monkeypatch.setattr(sys, "stdin", io.StringIO("s 1\n"))
    err = io.StringIO()
    assert main(["review", "--root", str(project.root)], io.StringIO(), err) == 1
    assert "overview.yml: the claims file could not be written: Permission denied" in (
        err.getvalue()
    )
    assert registry.read_text() == REGISTRY
    source = project.write("raw/page.txt", "Ketamine and the brain\n\nKetamine blocks NMDA.\n")
    out = project.root / "drafts"
    err = io.StringIO()
    code = main(
        ["import", str(source), "--out", str(out), "--bib-out", str(out)], io.StringIO(), err
    )
    assert code == 1
    assert "could not be written: Permission denied" in err.getvalue()


def test_reading_a_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_bytes(b"pages:\n  - slug: a\xff\n")
    with pytest.raises(ContentError) as caught:
        read_text(path)
    assert str(caught.value) == (
        f"{path}:2: the file is not UTF-8 (byte 0xff) (fix: save the file as UTF-8)"
    )


def test_reading_drops_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: T\n---\n")
    assert read_text(path) == "---\ntitle: T\n---\n"


def test_reading_a_dangling_link_says_so(tmp_path: Path) -> None:
    link = tmp_path / "refs.bib"
    link.symlink_to(tmp_path / "missing.bib")
    with pytest.raises(ContentError, match="a link to a file that is missing"):
        read_text(link)


# --- Every content file: bytes that are not UTF-8, links to nowhere, byte-order marks ----------

NOT_UTF8 = [
    "content/topics.yml",
    "content/help.yml",
    "content/safe-messaging.yml",
    "content/vocabulary.yml",
    "content/redirects.yml",
    "content/claims/overview.yml",
    "content/disclaimer.md",
    "content/articles/first.md",
    "bibliography/refs.bib",
    "docs/about.md",
    "anchors.lock",
]


def _break_line_2(project: Project, relative: str) -> None:
    path = project.root / relative
    if not path.exists():  # files the fixture leaves out: one that works
        text = {
            "content/vocabulary.yml": "receptors:\n  nmda: [nmda]\n",
            "content/redirects.yml": "# moves\n/old/: /about/\n",
            "content/claims/overview.yml": "page: overview\nsections: []\n",
            "anchors.lock": "# lock\n/about/\n",
        }[relative]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1] + b" \xff"
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize("relative", NOT_UTF8)
def test_a_byte_that_is_not_utf8_in_any_content_file_is_an_error_at_its_line(
    project: Project, relative: str
) -> None:
    _break_line_2(project, relative)
    result = project.mkdocs_build()
    assert result.returncode != 0
    assert f"{relative}:2: the file is not UTF-8 (byte 0xff) (fix: save the file as UTF-8)" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_bibliography_link_to_nowhere_is_an_error_not_a_traceback(project: Project) -> None:
    (project.root / "bibliography" / "gone.bib").symlink_to(project.root / "nowhere.bib")
    err = io.StringIO()
    assert main(["check", "--root", str(project.root)], io.StringIO(), err) == 2
    assert err.getvalue() == (
        "bibliography/gone.bib: the file is a link to a file that is missing "
        "(fix: point the link at an existing file, or remove it)\n"
    )


def test_an_article_saved_with_a_byte_order_mark_builds(project: Project) -> None:
    article = project.root / "content" / "articles" / "first.md"
    article.write_bytes(b"\xef\xbb\xbf" + article.read_bytes())
    result = project.mkdocs_build()
    assert result.returncode == 0, result.stderr
    assert "NMDA receptors" in project.html("mechanism/index.html")
