"""The memory the office brings: TMX files imported into content/memory.LANG.tmx, and the memory exported as TMX."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path

from ..errors import BriefingError
from ..model import Config, Library
from .files import write_atomically
from .formats import read_tmx, write_tmx
from .memory import Memory
from .model import FormatError, Pair
from .workflow import memory_pairs


def memory_path(config: Config, lang: str) -> Path:
    """Where the translation units imported from CAT tools for one language are kept (written by `tm import`)."""
    return config.content / f"memory.{lang}.tmx"


def read_memory_file(config: Config, lang: str) -> list[Pair]:
    """The imported units for `lang`, or none when nothing was imported."""
    path = memory_path(config, lang)
    if not path.exists():
        return []
    return _read(path, config, lang)


def _read(path: Path, config: Config, lang: str) -> list[Pair]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefingError.at(path, None, f"cannot read the file: {exc.strerror}") from None
    return read_tmx(data, path, config.source_language.tag, config.language(lang).tag)


def export_memory(library: Library, lang: str, target: Path) -> int:
    """Write the library's reviewed translations and the imported units as one TMX file; returns the unit count."""
    config = library.config
    pairs = _unique(memory_pairs(library, lang) + read_memory_file(config, lang))
    data = write_tmx(pairs, source_tag=config.source_language.tag, target_tag=config.language(lang).tag)
    write_atomically(target, data)
    return len(pairs)


def import_memory(config: Config, lang: str, source: Path) -> tuple[int, Path]:
    """Add a TMX file's units to content/memory.LANG.tmx; returns how many were new, and the memory file."""
    if not source.is_file():
        raise BriefingError.at(source, None, "file not found")
    new = [pair for pair in _read(source, config, lang) if pair.source.strip() and pair.target.strip()]
    if not new:
        raise FormatError(source, None, f"no translation unit pairs {config.source_language.tag} with {lang}")
    path = memory_path(config, lang)
    kept = read_memory_file(config, lang)
    merged = _unique(kept + new)
    data = write_tmx(merged, source_tag=config.source_language.tag, target_tag=config.language(lang).tag)
    write_atomically(path, data)
    return len(merged) - len(_unique(kept)), path


def _unique(pairs: list[Pair]) -> list[Pair]:
    """Each source/target pair once, the first origin kept, in the order first seen."""
    seen: dict[tuple[str, str], Pair] = {}
    for pair in pairs:
        seen.setdefault((pair.source, pair.target), pair)
    return list(seen.values())


def cached_memory(config: Config, pairs: Sequence[Pair], lang: str) -> tuple[Memory, dict[str, list[str]], bool]:
    """The memory of these pairs as the last run left it in the project's cache folder, when the pairs are the
    same; else built again, reusing the last run's sentence splits. Also the splits, and whether it was kept.

    Splitting 30,000 sentences and indexing them takes longer than the rest of `suggest`. Safe to delete.
    """
    key = _key(pairs)
    known: dict[str, list[str]] = {}
    try:
        with (config.cache / f"memory.{lang}.pickle").open("rb") as stream:
            stored_key, memory, known = pickle.load(stream)
        if stored_key == key and isinstance(memory, Memory):
            return memory, known, True
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    texts = {text for pair in pairs for text in (pair.source, pair.target)}
    known = {text: split for text, split in known.items() if text in texts}
    return Memory.from_pairs(pairs, config.source_language.code, lang, known), known, False


def keep_memory(config: Config, pairs: Sequence[Pair], lang: str, memory: Memory, known: dict[str, list[str]]) -> None:
    """Keep the memory (with the indexes its lookups built) and its sentence splits for the next run; a cache
    that cannot be written is no loss."""
    with contextlib.suppress(OSError):
        config.cache.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((_key(pairs), memory, known), pickle.HIGHEST_PROTOCOL)
        write_atomically(config.cache / f"memory.{lang}.pickle", data)


def _key(pairs: Sequence[Pair]) -> bytes:
    return hashlib.blake2b(repr([(p.source, p.target, p.origin) for p in pairs]).encode(), digest_size=16).digest()
