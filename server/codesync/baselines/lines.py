"""Per line of a file, the versions pinned when that line was last changed.

`git blame` (of the committed file, never the working tree) names the commit that last changed
each line; the lock, requirements and pyproject files in that commit's tree, parsed like today's,
say which releases the line was written against. The editor's unsaved buffer is matched line by
line against the committed file, so edited or new lines get no entry.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .files import MAX_BYTES, DiskTree, decode, inside
from .git import Git, tree_entries
from .locks import lock_parser
from .pins import Pin, collect_pins

BLAME_TIMEOUT = 10.0
REPOSITORY_REFRESH = 2.0  # seconds a work tree's HEAD is trusted between two checks
CACHE_LIMIT = 256
FILE_MODES = ("100644", "100755")
NEWLINE = re.compile(r"\r\n|\r|\n")
HEADER = re.compile(rb"^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+)(?: \d+)?$")


@dataclass
class Blame:
    """The committed file: its lines, the commit of each, and each commit's committer time."""

    lines: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    times: dict[str, int] = field(default_factory=dict)


def parse_blame(out: bytes) -> Blame:
    blame, current, final = Blame(), "", 0
    for raw in out.split(b"\n"):
        if raw.startswith(b"\t"):
            while len(blame.commits) < final:
                blame.commits.append(current)
                blame.lines.append("")
            blame.commits[final - 1] = current
            blame.lines[final - 1] = decode(raw[1:]).rstrip("\r")
            continue
        header = HEADER.match(raw)
        if header:
            current, final = header.group(1).decode(), int(header.group(2))
        elif raw.startswith(b"committer-time ") and current not in blame.times:
            blame.times[current] = int(raw.split(b" ", 1)[1] or 0)
    return blame


def buffer_lines(text: str) -> list[str]:
    lines = NEWLINE.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def match_lines(committed: list[str], current: list[str]) -> dict[int, int]:
    """0-based current line -> 0-based committed line, for lines unchanged since the commit."""
    if committed == current:
        return {i: i for i in range(len(current))}
    matcher = difflib.SequenceMatcher(None, committed, current, autojunk=False)
    mapping = {}
    for a, b, size in matcher.get_matching_blocks():
        mapping.update((b + k, a + k) for k in range(size))
    return mapping


def is_pin_file(name: str) -> bool:
    return (
        lock_parser(name) is not None
        or name == "pyproject.toml"
        or (name.endswith(".txt") and name.startswith(("requirements", "constraints")))
    )


class CommitTree:
    """One folder of one commit, preloaded with its pin files; other reads go to git."""

    def __init__(
        self, git: Git, commit: str, base: str, files: dict[str, str], blobs: dict[str, bytes]
    ) -> None:
        self.git, self.commit, self.base = git, commit, base
        self.files, self.blobs = files, blobs

    def names(self, folder: str) -> list[str]:
        prefix = f"{folder}/" if folder else ""
        found = {p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)}
        return sorted(found)

    def read(self, path: str) -> str | None:
        rel = inside(path)
        if rel is None:
            return None
        if rel in self.files:
            blob = self.blobs.get(self.files[rel])
            return decode(blob) if blob is not None else None
        spec = f"{self.commit}:{self.base}{rel}"
        check = self.git.batch([spec], check_only=True).get(spec)
        if not check or check[0] != "blob" or int(check[1]) > MAX_BYTES:
            return None
        found = self.git.batch([spec]).get(spec)
        return decode(found[1]) if found else None


class LineBaselines:
    """Per line of a file, the versions pinned when that line was last changed (git blame plus the
    lock/requirements files at that commit). Cheap to call repeatedly; caches per commit."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.git = Git(self.root)
        self._top: tuple[Path, str] | None = None
        self._repository_at: float | None = None
        self._repository_state: tuple[tuple[Path, str] | None, bytes | None] = (None, None)
        self._pins: dict[str, dict[str, Pin]] = {}
        self._by_files: dict[tuple[tuple[str, str], ...], dict[str, Pin]] = {}
        self._blames: dict[tuple[str, str], Blame] = {}
        self._results: dict[tuple[str, str, str], dict[int, dict[str, Pin]]] = {}

    def for_lines(self, path: Path, text: str | None = None) -> dict[int, dict[str, Pin]]:
        """1-based line -> {dist: Pin}. `text` is the editor's unsaved buffer (lines not committed
        yet get no entry). Returns {} when the folder is not a git work tree, git is missing, or
        anything fails (never raises). The returned mappings are shared: do not modify them."""
        try:
            return self._for_lines(Path(path), text)
        except Exception:
            return {}

    def _for_lines(self, path: Path, text: str | None) -> dict[int, dict[str, Pin]]:
        top, head = self._repository()
        rel = self._relative(path, top[0]) if top else None
        if top is None or head is None or rel is None:
            return {}
        if text is None:
            text = DiskTree(top[0]).read(rel)
            if text is None:
                return {}
        key = (
            head.decode().strip(),
            rel,
            hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(),
        )
        if key not in self._results:
            self._remember(self._results, key, self._compute(key[0], rel, text))
        return self._results[key]

    def _compute(self, head: str, rel: str, text: str) -> dict[int, dict[str, Pin]]:
        blame = self._blame(head, rel)
        mapping = match_lines(blame.lines, buffer_lines(text))
        commits = {blame.commits[line] for line in mapping.values()}
        self._load_pins(commits, blame.times)
        result = {}
        for current, committed in sorted(mapping.items()):
            pins = self._pins.get(blame.commits[committed])
            if pins:
                result[current + 1] = pins
        return result

    def _repository(self) -> tuple[tuple[Path, str] | None, bytes | None]:
        """The work tree and its HEAD, asked of git at most every REPOSITORY_REFRESH seconds:
        a check runs on every keystroke, and each git call costs a process (~3 ms)."""
        now = time.monotonic()
        if self._repository_at is None or now - self._repository_at > REPOSITORY_REFRESH:
            top = self._toplevel()
            head = self.git.run(["rev-parse", "--verify", "-q", "HEAD^{commit}"]) if top else None
            self._repository_state = (top, head)
            self._repository_at = now
        return self._repository_state

    def _toplevel(self) -> tuple[Path, str] | None:
        if self._top is None:
            out = self.git.run(["rev-parse", "--show-toplevel", "--show-prefix"])
            parts = out.decode("utf-8", "surrogateescape").split("\n") if out else []
            if len(parts) < 2 or not parts[0]:
                return None
            self._top = (Path(parts[0]).resolve(), parts[1])
        return self._top

    def _relative(self, path: Path, top: Path) -> str | None:
        full = (path if path.is_absolute() else self.root / path).resolve()
        try:
            return full.relative_to(top).as_posix()
        except ValueError:
            return None

    def _blame(self, head: str, rel: str) -> Blame:
        key = (head, rel)
        if key not in self._blames:
            args = ["blame", "--porcelain", "--no-textconv", head, "--", rel]
            top = self._top[0] if self._top else self.root
            out = Git(top, self.git.timeout).run(args, timeout=BLAME_TIMEOUT)
            self._remember(self._blames, key, parse_blame(out) if out else Blame())
        return self._blames[key]

    @staticmethod
    def _remember(cache: dict, key: object, value: object) -> None:
        if len(cache) >= CACHE_LIMIT:
            cache.pop(next(iter(cache)))
        cache[key] = value

    def _load_pins(self, commits: set[str], times: dict[str, int]) -> None:
        todo = sorted(c for c in commits if c not in self._pins)
        if not todo:
            return
        prefix = self._top[1] if self._top else ""
        bases = [prefix, ""] if prefix else [""]
        listings = self._list_pin_files(todo, bases)
        blobs = self._read_blobs({oid for files in listings.values() for oid in files.values()})
        for commit in todo:
            pins: dict[str, Pin] = {}
            for base in bases:
                tree = CommitTree(self.git, commit, base, listings.get((commit, base), {}), blobs)
                for name, pin in self._tree_pins(tree).items():
                    pins.setdefault(name, pin)
            self._pins[commit] = self._stamp(pins, commit, times.get(commit))

    def _tree_pins(self, tree: CommitTree) -> dict[str, Pin]:
        key = (("", tree.base), *sorted(tree.files.items()))
        if key not in self._by_files:
            self._by_files[key] = collect_pins(tree) if tree.files else {}
        return self._by_files[key]

    @staticmethod
    def _stamp(pins: dict[str, Pin], commit: str, time: int | None) -> dict[str, Pin]:
        when = datetime.fromtimestamp(time, timezone.utc).strftime(" (%Y-%m-%d)") if time else ""
        suffix = f" at {commit[:7]}{when}"
        return {name: Pin(pin.version, pin.source + suffix) for name, pin in pins.items()}

    def _list_pin_files(
        self, commits: list[str], bases: list[str]
    ) -> dict[tuple[str, str], dict[str, str]]:
        """(commit, base) -> {path under base: blob id} of the pin files there."""
        specs = {
            (c, b): f"{c}:{b.rstrip('/')}" if b else f"{c}^{{tree}}" for c in commits for b in bases
        }
        trees = self.git.batch(list(specs.values()))
        listings: dict[tuple[str, str], dict[str, str]] = {}
        subtrees: dict[tuple[str, str], str] = {}
        for key, spec in specs.items():
            kind, raw = trees.get(spec, ("", b""))
            files = listings.setdefault(key, {})
            for mode, name, oid in tree_entries(raw, len(key[0]) // 2) if kind == "tree" else []:
                if mode in FILE_MODES and is_pin_file(name):
                    files[name] = oid
                elif mode == "40000" and name == "requirements":
                    subtrees[key] = oid
        self._add_requirement_dirs(listings, subtrees)
        return listings

    def _add_requirement_dirs(
        self, listings: dict[tuple[str, str], dict[str, str]], subtrees: dict[tuple[str, str], str]
    ) -> None:
        found = self.git.batch(sorted(set(subtrees.values())))
        for key, oid in subtrees.items():
            kind, raw = found.get(oid, ("", b""))
            for mode, name, blob in tree_entries(raw, len(oid) // 2) if kind == "tree" else []:
                if mode in FILE_MODES and name.endswith(".txt"):
                    listings[key][f"requirements/{name}"] = blob

    def _read_blobs(self, oids: set[str]) -> dict[str, bytes]:
        sizes = self.git.batch(sorted(oids), check_only=True)
        small = [
            o for o, (kind, size) in sizes.items() if kind == "blob" and int(size) <= MAX_BYTES
        ]
        return {oid: content for oid, (_, content) in self.git.batch(small).items()}
