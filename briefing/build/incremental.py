"""What is unchanged, decided in one place: the site's manifest, the hash of every input, and the jobs to skip."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..files import read_bytes
from ..model import Briefing, Config
from ..outputs.base import Job, Manifest, Plan, Record

MARKER = ".briefing-site"
"""Manifest in every built site (path -> [key, size, output]); a folder without it is never replaced."""


def read_manifest(out: Path) -> dict[str, Record]:
    """What the last build wrote to `out`, or {} when unknown (then every file is made again)."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
        return {path: (str(key), int(size), str(owner)) for path, (key, size, owner) in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def read_inputs(out: Path) -> str | None:
    """The hash of every input the last build of `out` was made from, when recorded."""
    try:
        inputs = json.loads((out / MARKER).read_text(encoding="utf-8")).get("inputs")
    except (OSError, ValueError, AttributeError):
        return None
    return inputs if isinstance(inputs, str) else None


def is_intact(out: Path, path: str, record: Record | None) -> bool:
    """True when `path` in `out` is still the file the manifest describes (same size)."""
    if record is None:
        return False
    try:
        return (out / path).stat().st_size == record[1]
    except OSError:
        return False


def unchanged(out: Path, job: Job, previous: Manifest, trusted: bool = False) -> bool:
    """The job's file was made from the same inputs and is still there (not looked at when `trusted`)."""
    record = previous.get(job.path)
    return record is not None and record[0] == job.key and (trusted or is_intact(out, job.path, record))


def finished(out: Path, name: str, plan: Plan, previous: Manifest) -> bool:
    """An output's finishing work (the search index) was done with the same key, and its files are still there."""
    files = [(path, record) for path, record in previous.items() if record[2] == name]
    return bool(files) and all(r[0] == plan.finish_key and is_intact(out, p, r) for p, r in files)


def new_manifest(
    plans: Mapping[str, Plan], sizes: Mapping[str, int], previous: Manifest, kept: Iterable[str]
) -> dict[str, Record]:
    """Every file of the new site: each job with its key and size (jobs not made again keep their old size), and
    the files of `kept` outputs (left for later, or finished before with the same key) as they were."""
    manifest = {
        job.path: (job.key, sizes[job.path] if job.path in sizes else previous[job.path][1], name)
        for name, plan in plans.items()
        for job in plan.jobs
    }
    keep = set(kept)
    manifest.update({path: record for path, record in previous.items() if record[2] in keep})
    return manifest


def inputs_digest(config: Config, making: Iterable[str], fingerprints: Iterable[str]) -> str:
    """Hash of everything a build reads: Briefing's code, config.yaml, content/, templates/, the outputs it makes
    and what they read from the machine (fonts). When it matches the one recorded in the output folder (and the
    folder is intact), nothing needs doing."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in (
        CODE_KEY,
        f"outputs={sorted(making)}",
        fingerprint_folder(config.content),
        fingerprint_folder(config.templates),
        *fingerprints,
    ):
        hasher.update(part.encode() + b"\0")
    hasher.update(read_bytes(config.path))
    return hasher.hexdigest()


def is_current(out: Path, inputs: str) -> bool:
    """The output folder was built from exactly these inputs and every file it lists is still there."""
    if read_inputs(out) != inputs:
        return False
    manifest = read_manifest(out)
    return all(is_intact(out, path, record) for path, record in manifest.items())


def stamp(out: Path) -> tuple[int, int]:
    """Modification time and size of the output's manifest: changes when anyone else rewrites it."""
    try:
        stat = (out / MARKER).stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def fingerprint_folder(folder: Path) -> str:
    """Hash of every file under a folder (templates, static assets)."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + read_bytes(path) + b"\0")
    return hasher.hexdigest()


def _code_key() -> str:
    """Hash of Briefing's own code: a new version makes every file again."""
    package = Path(__file__).parents[1]
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


CODE_KEY = _code_key()


def manifest_bytes(manifest: Manifest, inputs: str = "") -> bytes:
    """The manifest as compact JSON, files sorted by path; entries unchanged since the last call are reused."""
    entries = _ENTRIES
    parts = []
    for path in sorted(manifest):
        record = manifest[path]
        known = entries.get(path)
        if known is None or known[0] != record:
            entry = _dumps(path) + ":" + _dumps(list(record))
            known = entries[path] = (record, entry)
        parts.append(known[1])
    if len(entries) > 2 * len(manifest) + 1000:
        entries.clear()
    head = _dumps({"generator": "Briefing", "inputs": inputs})[:-1]
    return (head + ',"files":{' + ",".join(parts) + "}}\n").encode("utf-8")


_ENTRIES: dict[str, tuple[Record, str]] = {}
"""JSON of manifest entries as last written: serve rewrites the manifest after every edit, mostly unchanged."""
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class DiskStore:
    """Briefings as the last build loaded them, one file each in the project's cache folder, so that a build in a
    new process need not read, render and pair the briefings whose files are unchanged (safe to delete)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, slug: str, key: str) -> Briefing | None:
        try:
            with (self.folder / self._name(slug)).open("rb") as stream:
                stored_key, briefing = pickle.load(stream)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None
        return briefing if stored_key == f"{CODE_KEY}:{key}" and isinstance(briefing, Briefing) else None

    def put(self, slug: str, key: str, briefing: Briefing) -> None:
        target = self.folder / self._name(slug)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with temp.open("wb") as stream:
                pickle.dump((f"{CODE_KEY}:{key}", briefing), stream, protocol=pickle.HIGHEST_PROTOCOL)
            temp.replace(target)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    @staticmethod
    def _name(slug: str) -> str:
        return f"{slug or '_site'}.pickle"
