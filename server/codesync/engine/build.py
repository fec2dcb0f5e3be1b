"""``codesync knowledge add/update``: fetch, extract and store releases, in parallel, resumably."""

from __future__ import annotations

import os
import sys
import time
import traceback
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from packaging.utils import canonicalize_name

from ..knowledge import textform
from ..knowledge.local import LocalLayer
from ..knowledge.model import Definition
from ..locations import libraries_file, shipped_text_root
from ..progress import Progress
from .executors import DEFAULT_RETRIES, Executor, Outcome, make_executor
from .fetch import FetchError, file_version, project_files
from .foreign_stars import ForeignNames
from .import_names import infer_import_names
from .policy import LibraryPolicy, final_releases, load_policies, select_versions
from .release import EXTRACTOR_VERSION, build_snapshot

SAVE_INTERVAL = 60.0


@dataclass
class Job:
    distribution: str
    version: str
    import_names: list[str]
    exclude: list[str]
    skip: list[str]
    cython: bool = False
    uploaded: str = ""  # when the index got the release: matches other distributions' releases
    knowledge_root: str = ""  # text-form knowledge that star imports of other distributions read


@dataclass
class JobResult:
    job: Job
    info: textform.ReleaseInfo
    exports: dict[str, str]
    definitions: dict[str, dict]
    transient: bool = False  # failed in a way another attempt may not (the network)
    attempts: int = 1
    # the policy's import names, else (``import_names = []``) those read from the files
    import_names: list[str] = field(default_factory=list)


def transient_failure(result: JobResult) -> bool:
    """Whether a release is worth another attempt: a download that failed on the way."""
    return result.info.status == "failed" and result.transient


def _failed(job: Job, reason: str) -> JobResult:
    info = textform.ReleaseInfo(version=job.version or "?", extractor=EXTRACTOR_VERSION,
                                status="failed", reason=reason)
    return JobResult(job, info, {}, {})


def lost_job(outcome: Outcome) -> JobResult:
    """The result of a job whose task never returned (its worker or node died each time)."""
    result = _failed(outcome.job, f"task failed: {outcome.error}")
    result.attempts = outcome.attempts
    return result


def published_versions(distribution: str) -> dict[str, str]:
    """Every version on the index with its first upload time (yanked ones too: code written
    against a yanked release still exists, and benchmarks name some)."""
    files, versions = project_files(distribution)
    times: dict[str, str] = {}
    for f in files:
        version = file_version(f.filename)
        if version and f.upload_time and (version not in times or f.upload_time < times[version]):
            times[version] = f.upload_time
    return {v: times.get(v, "") for v in versions}


def run_job(job: Job) -> JobResult:
    """Runs in a worker process: fetch the release and extract its snapshot."""
    from .fetch import fetch_cython_sources, fetch_sources

    started = time.perf_counter()
    info = textform.ReleaseInfo(version=job.version, extractor=EXTRACTOR_VERSION)
    try:
        sources, filename = fetch_sources(job.distribution, job.version)
        info.source = filename
        if job.cython:
            sources = [*sources, *fetch_cython_sources(job.distribution, job.version)]
        names = job.import_names or infer_import_names(s.path for s in sources)
        foreign = ForeignNames(Path(job.knowledge_root), job.uploaded, _upload_times) \
            if job.knowledge_root and job.uploaded else None
        snapshot = build_snapshot(sources, names, tuple(job.exclude), tuple(job.skip), foreign)
        info.status, info.reason = snapshot.status, snapshot.reason
        if not names:
            info.reason = f"no Python package or module in {filename}"
        info.apis = len(snapshot.exports)
        info.deprecations = snapshot.deprecation_count
        info.seconds = time.perf_counter() - started
        return JobResult(job, info, snapshot.exports,
                         {p: d.to_json() for p, d in snapshot.definitions.items()},
                         import_names=names)
    except FetchError as exc:
        info.status, info.reason = "failed", str(exc)
        info.seconds = time.perf_counter() - started
        return JobResult(job, info, {}, {}, transient=_transient(str(exc)))
    except Exception as exc:  # an odd release must never abort a build
        info.status = "failed"
        info.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        if os.environ.get("CODESYNC_DEBUG"):
            traceback.print_exc()
    info.seconds = time.perf_counter() - started
    return JobResult(job, info, {}, {})


@lru_cache(maxsize=32)
def _upload_times(distribution: str) -> dict[str, str]:
    return published_versions(distribution)


def _transient(reason: str) -> bool:
    """A download that failed on the way (timeout, reset, 5xx), not a file that is not there."""
    return reason.startswith("cannot read") and "HTTP Error 4" not in reason


class KnowledgeBuilder:
    """Fetches, extracts and stores releases: into a text-form ``root`` (the shipped knowledge,
    for the build scripts) or, by default, into the user-local layer of the user cache."""

    def __init__(self, root: Path | None = None, libraries: Path | None = None,
                 jobs: int | None = None, stream=sys.stderr,
                 local: LocalLayer | None = None, engine: str = "local",
                 address: str | None = None, retries: int = DEFAULT_RETRIES) -> None:
        self.root = root
        self.store: textform.TextStore | LocalLayer = (
            textform.TextStore(root) if root is not None else (local or LocalLayer()))
        own = root.parent / "libraries.toml" if root is not None else None
        # a knowledge folder of its own (tests, the local cache) falls back to the shipped policy
        self.policies = load_policies(libraries or (own if own and own.exists() else None)
                                      or libraries_file())
        self.jobs = max(1, jobs or (os.cpu_count() or 1))
        self.engine, self.address, self.retries = engine, address, retries
        self.write_seconds = 0.0  # the single writer's share of a build (for the benchmark)
        self._merged = None  # the shipped and local knowledge, for updates of the local layer
        self.stream = stream
        self._pending: dict[str, list[textform.NewRelease]] = {}
        self._import_names: dict[str, list[str]] = {}
        self._saved_at: dict[str, float] = {}

    def policy(self, distribution: str) -> LibraryPolicy:
        key = canonicalize_name(distribution)
        for name, policy in self.policies.items():
            if canonicalize_name(name) == key:
                return policy
        return LibraryPolicy(distribution=key, import_names=[key.replace("-", "_")])

    def plan(self, requests: list[str], only_new: bool = False,
             rebuild: bool = False) -> tuple[list[Job], dict[str, dict]]:
        """Jobs for ``DIST==VERSION`` or ``DIST`` requests, leaving out stored releases.
        ``only_new``: only releases published since the last build of that distribution.
        A request that cannot be planned (a distribution the index does not know, a version
        it does not list) becomes a failed result in ``self.unplanned``."""
        jobs: list[Job] = []
        published_by_dist: dict[str, dict] = {}
        self.unplanned: list[JobResult] = []
        for request in requests:
            name, _, version = request.partition("==")
            policy = self.policy(name)
            dist = canonicalize_name(policy.distribution)
            job = Job(dist, version, policy.import_names, policy.exclude, policy.skip,
                      policy.cython)
            if dist not in published_by_dist:
                try:
                    published_by_dist[dist] = published_versions(dist)
                except FetchError as exc:
                    self.unplanned.append(_failed(job, str(exc)))
                    continue
            published = published_by_dist[dist]
            if version and version not in published:
                self.unplanned.append(_failed(job, f"{dist}=={version} is not on the index"))
                continue
            wanted = [version] if version else self._wanted(policy, dist, published, only_new)
            stored = self._stored(dist)
            root = str(self.root or shipped_text_root() or "")
            jobs += [replace(job, version=v, uploaded=published.get(v, ""), knowledge_root=root)
                     for v in wanted if v not in stored or rebuild]
        return jobs, published_by_dist

    def _stored(self, dist: str) -> set[str]:
        """Releases stored by the current extractor (older ones are extracted again)."""
        return {v for v, extractor in self.store.stored(dist).items()
                if extractor >= EXTRACTOR_VERSION}

    def _wanted(self, policy: LibraryPolicy, dist: str, published: dict[str, str],
                only_new: bool) -> list[str]:
        wanted = select_versions(policy, published)
        stored, known = self._last_build(dist)
        if not (only_new and stored):
            return wanted
        newest = textform.version_key(max(stored, key=textform.version_key))
        return [v for v in wanted if v not in stored and (
            textform.version_key(v) > newest or (known and v not in known))]

    def _last_build(self, dist: str) -> tuple[set[str], set[str]]:
        """The releases stored, and the releases the index listed at the last build. For the
        user-local layer both count the shipped knowledge too: an update tops it up, never
        fetches into the cache what the package already ships."""
        stored = self._stored(dist)
        if isinstance(self.store, textform.TextStore):
            return stored, set(textform.read_meta(self.store.root, dist).get("published", []))
        if self._merged is None:
            from ..knowledge.store import KnowledgeError, open_knowledge

            try:
                self._merged = open_knowledge(local=self.store)
            except KnowledgeError:
                return stored, set()
        return stored | set(self._merged.versions(dist)), set(self._merged.published(dist))

    def run(self, requests: list[str], only_new: bool = False,
            rebuild: bool = False) -> list[JobResult]:
        jobs, published = self.plan(requests, only_new, rebuild)
        results = list(self.unplanned)
        for result in results:
            self.stream.write(_summary(result) + "\n")
        if not jobs:
            if not results:
                self.stream.write("nothing to do: every requested release is already stored\n")
            for dist, versions in published.items():
                self.store.add(dist, [], _final_releases(versions), [])
        else:
            results += self._execute(jobs, published)
        self.stream.write(report(results))
        return results

    def _execute(self, jobs: list[Job], published: dict[str, dict]) -> list[JobResult]:
        """Runs the jobs on the engine; this process alone writes what they return."""
        progress = Progress(len(jobs), self.stream)
        results: list[JobResult] = []
        remaining = {dist: sum(1 for j in jobs if j.distribution == dist) for dist in published}
        executor = self.executor(len(jobs))
        progress.bar()
        try:
            for outcome in executor.run(run_job, jobs, retry=transient_failure):
                result = outcome.value if not outcome.error else lost_job(outcome)
                result.attempts = outcome.attempts
                results.append(result)
                progress.done += 1
                dist = result.job.distribution
                remaining[dist] -= 1
                writing = time.perf_counter()
                self._store(result, published, final=remaining[dist] == 0)
                self.write_seconds += time.perf_counter() - writing
                progress.line(_summary(result))
        finally:  # an interrupted build keeps what it extracted
            executor.close()
            for dist in list(self._pending):
                self._save(dist, published)
        if progress.tty:
            self.stream.write("\n")
        return results

    def executor(self, count: int) -> Executor:
        """The engine the jobs run on (a local pool no larger than the job count)."""
        workers = min(self.jobs, count) if self.engine == "local" else self.jobs
        return make_executor(self.engine, workers, self.address, self.retries)

    def prune(self, distributions: list[str]) -> dict[str, list[str]]:
        """Drop stored releases the version policy no longer selects (after a policy change)."""
        if self.root is None:
            raise ValueError("pruning works on a text-form knowledge root")
        removed: dict[str, list[str]] = {}
        for name in distributions:
            policy = self.policy(name)
            dist = canonicalize_name(policy.distribution)
            history = textform.load(self.root, dist)
            if not history.releases:
                continue
            keep = set(select_versions(policy, published_versions(dist)))
            gone = [v for v in history.ordered_versions() if v not in keep]
            for version in gone:
                for table in (history.releases, history.exports, history.definitions):
                    table.pop(version, None)
            excluded = _drop_excluded_exports(history, policy.exclude)
            if policy.exclude:
                excluded += _drop_unreachable_definitions(history)
            if gone or excluded:
                textform.save(history, self.root)
                removed[dist] = gone + ([f"+{excluded} excluded or unreachable rows"] if excluded else [])
        return removed

    def _store(self, result: JobResult, published: dict, final: bool) -> None:
        """Queue a release for its store; write at most every SAVE_INTERVAL seconds per
        distribution (re-encoding a long history is the expensive part) and at the end."""
        dist = result.job.distribution
        if result.info.status != "failed":  # failed releases are reported, not stored
            if isinstance(self.store, LocalLayer):
                result.info.origin = "fetched"
            definitions = {p: Definition.from_json(p, d) for p, d in result.definitions.items()}
            self._pending.setdefault(dist, []).append(
                textform.NewRelease(result.info, result.exports, definitions))
            known = self._import_names.get(dist, [])
            self._import_names[dist] = result.job.import_names or sorted(
                {*known, *result.import_names})
        due = time.monotonic() - self._saved_at.get(dist, 0.0) > SAVE_INTERVAL
        if dist in self._pending and (final or due):
            self._save(dist, published)

    def _save(self, dist: str, published: dict) -> None:
        releases = self._pending.pop(dist, [])
        self.store.add(dist, self._import_names.get(dist, []),
                       _final_releases(published.get(dist, {})), releases)
        self._saved_at[dist] = time.monotonic()


def _drop_excluded_exports(history: textform.DistributionHistory, exclude: list[str]) -> int:
    dropped = 0
    for exports in history.exports.values():
        for path in [p for p in exports if any(p == e or p.startswith(e + ".") for e in exclude)]:
            del exports[path]
            dropped += 1
    return dropped


def _drop_unreachable_definitions(history: textform.DistributionHistory) -> int:
    """Keep the definitions the exports still reach: targets, their members, bases, returns."""
    import json

    dropped = 0
    for version, definitions in history.definitions.items():
        children: dict[str, list[str]] = {}
        for path in definitions:
            children.setdefault(path.rpartition(".")[0], []).append(path)
        keep: set[str] = set()
        pending = [t for t in history.exports.get(version, {}).values() if t in definitions]
        while pending:
            path = pending.pop()
            if path in keep:
                continue
            keep.add(path)
            record = json.loads(definitions[path])
            pending.extend(b for b in record.get("bases", []) if b in definitions)
            if record.get("returns") in definitions:
                pending.append(record["returns"])
            if record["kind"] == "class":
                pending.extend(children.get(path, []))
        for path in [p for p in definitions if p not in keep]:
            del definitions[path]
            dropped += 1
    return dropped


def _final_releases(versions) -> list[str]:
    return [text for _, text in final_releases(versions)]


def report(results: list[JobResult]) -> str:
    """Every failed and every retried release, one line each (empty when there is none)."""
    lines = [f"failed: {r.job.distribution}=={r.info.version} after {_attempts(r)}: "
             f"{r.info.reason}" for r in results if r.info.status == "failed"]
    lines += [f"retried: {r.job.distribution}=={r.info.version}: stored after {_attempts(r)}"
              for r in results if r.attempts > 1 and r.info.status != "failed"]
    return "".join(line + "\n" for line in lines)


def counts(results: list[JobResult]) -> str:
    """``N releases stored, M failed`` (``, K retried`` when some were)."""
    failed = sum(1 for r in results if r.info.status == "failed")
    retried = sum(1 for r in results if r.attempts > 1)
    text = f"{len(results) - failed} releases stored, {failed} failed"
    return text + (f", {retried} retried" if retried else "")


def _attempts(result: JobResult) -> str:
    return f"{result.attempts} attempt{'s' if result.attempts > 1 else ''}"


def _summary(result: JobResult) -> str:
    info = result.info
    head = f"{result.job.distribution}=={info.version}"
    if result.attempts > 1:
        head += f" (attempt {result.attempts})"
    if info.status == "failed":
        return f"{head}: FAILED ({info.reason}) {info.seconds:.1f}s"
    text = f"{head}: {info.apis} APIs, {info.deprecations} deprecations, {info.seconds:.1f}s"
    if info.status == "partial":
        text += f" [partial: {info.reason}]"
    return text
