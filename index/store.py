"""Build, save, verify and load the sentence index of a corpus.

An index lives in its own folder under the cache directory, named by a key derived from the
articles' ids, the embedding model and the pipeline version, so the same corpus is embedded
once and a changed corpus gets a new index. Each folder holds:

- ``manifest.json``: model, dimension, FAISS kind, counts and a SHA-256 of every other file;
- ``corpus.json``: the articles, their sentences and claims (row ``i`` of the index is the
  ``i``-th sentence in this file);
- ``dense.faiss`` and ``lexical/``: the FAISS and BM25 indexes.

Folders are written under a temporary name and renamed into place, under a file lock, so a
crash mid-write or a second process never leaves a half-written index behind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.analysis import AnalyzedArticle, analyze
from corpus.errors import IndexDamagedError
from corpus.records import Article, Claim, Sentence
from index.dense import DenseIndex
from index.embedder import Embedder
from index.lexical import LexicalIndex

if TYPE_CHECKING:
    from filelock import BaseFileLock

log = logging.getLogger(__name__)

# Bump when segmentation, attribution or the file layout changes: old indexes are then rebuilt.
PIPELINE_VERSION = "38"
MANIFEST = "manifest.json"
CORPUS_FILE = "corpus.json"
DENSE_FILE = "dense.faiss"
LEXICAL_DIR = "lexical"
# After this long waiting for another process's lock, newsqa says what it is waiting for.
LOCK_NOTICE_SECONDS = 2.0


def default_cache_dir() -> Path:
    """Per-user cache folder (``platformdirs``), e.g. ``~/.cache/newsqa``."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsqa", appauthor=False))


def corpus_key(article_ids: Iterable[str], model_name: str) -> str:
    """Folder name for an index of these articles with this model."""
    digest = hashlib.sha256()
    digest.update(f"{PIPELINE_VERSION}\0{model_name}\0".encode())
    for article_id in sorted(article_ids):
        digest.update(article_id.encode() + b"\0")
    return digest.hexdigest()[:24]


def _sha256(path: Path) -> str:
    """Checksum of one file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def index_lock(folder: Path) -> BaseFileLock:
    """The inter-process lock guarding ``folder``; re-entrant within a thread, exclusive across threads."""
    from filelock import FileLock

    return FileLock(str(folder) + ".lock", is_singleton=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock, saying so when another process holds it first."""
    from filelock import Timeout

    lock = index_lock(folder)
    try:
        lock.acquire(timeout=LOCK_NOTICE_SECONDS)
    except Timeout:
        log.warning("waiting for another newsqa process to finish writing %s", folder)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _fsync_dir(folder: Path) -> None:
    """Make renames inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _recover(folder: Path) -> None:
    """Undo what a save killed mid-way left behind; call with the folder's lock held.

    Every writer holds the lock, so any ``.<name>.*`` sibling is a dead writer's: a temporary
    folder (deleted) or, when the crash fell between the two renames, the previous index (put back).
    """
    leftovers = sorted(folder.parent.glob(f".{folder.name}.*"), key=lambda p: p.stat().st_mtime)
    previous = [p for p in leftovers if p.name.startswith(f".{folder.name}.old.")]
    if not folder.exists() and previous:
        log.warning("restoring the previous index after an interrupted save: %s", folder)
        previous[-1].rename(folder)
    for path in leftovers:
        if path.exists() and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _files(folder: Path) -> list[Path]:
    """Every file in an index folder except the manifest, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


@dataclass
class SentenceIndex:
    """Everything retrieval needs: sentences with their claims, and the two indexes.

    Row ``i`` of ``dense`` and ``lexical`` is ``sentences[i]``.
    """

    articles: dict[str, Article]
    sentences: list[Sentence]
    claims: list[Claim]
    dense: DenseIndex
    lexical: LexicalIndex
    model_name: str
    folder: Path | None = None
    _rows: dict[tuple[str, int], int] = field(default_factory=dict, repr=False)
    _speakers: dict[tuple[str, ...], list[int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not (len(self.sentences) == len(self.claims) == self.dense.size == self.lexical.size):
            raise IndexDamagedError(
                f"index parts disagree: {len(self.sentences)} sentences, {len(self.claims)} claims, "
                f"{self.dense.size} vectors, {self.lexical.size} lexical rows"
            )
        self._rows = {(s.article_id, s.index): row for row, s in enumerate(self.sentences)}
        self._speakers = {}
        for row, claim in enumerate(self.claims):
            if claim.speaker:
                self._speakers.setdefault((claim.speaker, *claim.aliases), []).append(row)

    def row_of(self, article_id: str, index: int) -> int:
        """Row of a sentence given its article and number."""
        return self._rows[(article_id, index)]

    def speakers(self) -> dict[tuple[str, ...], list[int]]:
        """Each distinct speaker's names (the name, then references resolved to it) and its rows."""
        return self._speakers

    def article_sentences(self, article_id: str) -> list[int]:
        """Rows of one article's sentences, in order."""
        rows: list[int] = []
        while (article_id, len(rows)) in self._rows:
            rows.append(self._rows[(article_id, len(rows))])
        return rows

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, articles: Sequence[Article], embedder: Embedder, *, progress: bool = False) -> SentenceIndex:
        """Parse, embed and index ``articles`` in memory."""
        analyzed = list(analyze(articles, progress=progress))
        sentences = [s for a in analyzed for s in a.sentences]
        claims = [c for a in analyzed for c in a.claims]
        vectors = embedder.encode([s.text for s in sentences], progress=progress and len(sentences) > 256)
        return cls(
            articles={a.article.id: a.article for a in analyzed},
            sentences=sentences,
            claims=claims,
            dense=DenseIndex.build(vectors.reshape(len(sentences), embedder.dimension)),
            lexical=LexicalIndex.build([s.text for s in sentences]),
            model_name=embedder.name,
        )

    def extend(self, articles: Sequence[Article], embedder: Embedder, *, progress: bool = False) -> list[Article]:
        """Add new articles in place, embedding only their sentences; returns those added."""
        new = [a for a in articles if a.id not in self.articles]
        if not new:
            return []
        analyzed: list[AnalyzedArticle] = list(analyze(new, progress=progress))
        sentences = [s for a in analyzed for s in a.sentences]
        vectors = embedder.encode([s.text for s in sentences], progress=progress and len(sentences) > 256)
        # An exact index that grows past its size limit comes back as HNSW (from stored vectors).
        self.dense = self.dense.add(vectors.reshape(len(sentences), embedder.dimension))
        self.sentences.extend(sentences)
        self.claims.extend(c for a in analyzed for c in a.claims)
        self.articles.update((a.article.id, a.article) for a in analyzed)
        # BM25 statistics depend on the whole collection, so the lexical index is rebuilt (no embedding).
        self.lexical = LexicalIndex.build([s.text for s in self.sentences])
        self.__post_init__()
        self.folder = None
        return [a.article for a in analyzed]

    # -- persistence --------------------------------------------------------------------------

    def _corpus_payload(self) -> dict[str, Any]:
        """JSON-ready articles, sentences and claims."""
        return {
            "articles": [a.to_dict() for a in self.articles.values()],
            "sentences": [s.to_dict() for s in self.sentences],
            "claims": [c.to_dict() for c in self.claims],
        }

    def save(self, folder: Path) -> None:
        """Write the index atomically, under ``folder``'s lock: a temporary folder renamed over ``folder``."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            _recover(folder)  # a dead writer's leftovers (with a reused pid) would block the renames
            self._save(folder)

    def _save(self, folder: Path) -> None:
        """Write into a fresh temporary folder, fsync every file, then swap it in."""
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            (tmp / CORPUS_FILE).write_text(json.dumps(self._corpus_payload(), ensure_ascii=False), encoding="utf-8")
            self.dense.save(tmp / DENSE_FILE)
            (tmp / LEXICAL_DIR).mkdir()
            self.lexical.save(tmp / LEXICAL_DIR)
            manifest = {
                "pipeline": PIPELINE_VERSION,
                "model": self.model_name,
                "dimension": self.dense.dimension,
                "kind": self.dense.kind,
                "articles": len(self.articles),
                "sentences": len(self.sentences),
                # Lets open_index find a cached index to extend instead of embedding everything again.
                "article_ids": sorted(self.articles),
                "checksums": {str(p.relative_to(tmp)): _sha256(p) for p in _files(tmp)},
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            for path in [*_files(tmp), tmp / MANIFEST]:
                with path.open("rb+") as handle:
                    os.fsync(handle.fileno())
            if folder.exists():
                # A crash between these two renames leaves the old index beside it; _recover puts it back.
                old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
                folder.rename(old)
                tmp.rename(folder)
                _fsync_dir(folder.parent)
                shutil.rmtree(old, ignore_errors=True)
            else:
                tmp.rename(folder)
                _fsync_dir(folder.parent)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        self.folder = folder

    @classmethod
    def load(cls, folder: Path, model_name: str, dimension: int) -> SentenceIndex:
        """Read and verify an index; raises :class:`IndexDamagedError` on any mismatch."""
        manifest_path = folder / MANIFEST
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise IndexDamagedError(f"{manifest_path}: manifest missing or unreadable ({err})") from err
        if not isinstance(manifest, dict) or not isinstance(manifest.get("checksums"), dict):
            raise IndexDamagedError(f"{manifest_path}: manifest is not an index manifest")
        expected = {"pipeline": PIPELINE_VERSION, "model": model_name, "dimension": dimension}
        for key, value in expected.items():
            if manifest.get(key) != value:
                raise IndexDamagedError(f"{folder}: built with {key}={manifest.get(key)!r}, expected {value!r}")
        checksums = manifest["checksums"]
        present = {str(p.relative_to(folder)) for p in _files(folder)}
        if set(checksums) != present:
            raise IndexDamagedError(f"{folder}: files differ from the manifest")
        for name, digest in checksums.items():
            if _sha256(folder / name) != digest:
                raise IndexDamagedError(f"{folder}: {name} is damaged (checksum mismatch)")
        try:
            payload = json.loads((folder / CORPUS_FILE).read_text(encoding="utf-8"))
            articles = {a["id"]: Article(**a) for a in payload["articles"]}
            sentences = [Sentence.from_dict(s) for s in payload["sentences"]]
            claims = [Claim.from_dict(c) for c in payload["claims"]]
            dense = DenseIndex.load(folder / DENSE_FILE, manifest["kind"])
            lexical = LexicalIndex.load(folder / LEXICAL_DIR, len(sentences))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError, IndexError) as err:
            raise IndexDamagedError(f"{folder}: cannot read index ({err})") from err
        if manifest.get("sentences") != len(sentences) or dense.dimension != dimension:
            raise IndexDamagedError(f"{folder}: sentence count or dimension differs from the manifest")
        return cls(articles, sentences, claims, dense, lexical, model_name, folder)


def _manifest(folder: Path) -> dict[str, Any] | None:
    """A folder's manifest, or ``None`` when it is missing or unreadable."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _largest_subset(wanted: set[str], embedder: Embedder, cache_dir: Path, exclude: Path) -> Path | None:
    """The cached index with the most sentences whose articles are all in ``wanted`` (same model and pipeline)."""
    best: tuple[int, str] | None = None
    for folder in (cache_dir / "indexes").iterdir():
        if folder == exclude or folder.name.startswith(".") or not folder.is_dir():
            continue
        manifest = _manifest(folder)
        if manifest is None or not isinstance(manifest.get("article_ids"), list):
            continue
        same = (manifest.get("pipeline"), manifest.get("model"), manifest.get("dimension")) == (
            PIPELINE_VERSION,
            embedder.name,
            embedder.dimension,
        )
        if same and manifest["article_ids"] and set(manifest["article_ids"]) <= wanted:
            candidate = (int(manifest.get("sentences") or 0), folder.name)
            best = max(best, candidate) if best else candidate
    return cache_dir / "indexes" / best[1] if best else None


def _extend_cached(
    articles: Sequence[Article], embedder: Embedder, cache_dir: Path, folder: Path, progress: bool
) -> SentenceIndex | None:
    """Load the largest cached index of a subset of ``articles`` and add the rest, or ``None``."""
    base = _largest_subset({a.id for a in articles}, embedder, cache_dir, exclude=folder)
    if base is None:
        return None
    # Lock order is always superset before subset, so two processes cannot wait on each other.
    with _locked(base):
        try:
            index = SentenceIndex.load(base, embedder.name, embedder.dimension)
        except IndexDamagedError as err:
            log.warning("not reusing a cached index: %s", err)
            return None
    added = index.extend(articles, embedder, progress=progress)
    log.info("extended a cached index of %d articles with %d new ones", len(index.articles) - len(added), len(added))
    return index


def open_index(
    articles: Sequence[Article], embedder: Embedder, cache_dir: Path, *, progress: bool = False
) -> tuple[SentenceIndex, bool]:
    """Load the cached index of ``articles`` or build and save it; returns it and whether it was built.

    When no index of exactly these articles is cached, the largest cached index of a subset of
    them is loaded and extended, so only the new articles' sentences are embedded. Its rows then
    come first, in their cached order. A damaged or mismatched cached index is rebuilt with a
    warning. Processes opening the same corpus take turns (a file lock), so one builds and the
    others load what it saved.
    """
    folder = cache_dir / "indexes" / corpus_key((a.id for a in articles), embedder.name)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        log.warning("cannot use the index cache (%s); indexing in memory, nothing is saved", err)
        return SentenceIndex.build(articles, embedder, progress=progress), True
    with _locked(folder):
        _recover(folder)
        if folder.exists():
            try:
                return SentenceIndex.load(folder, embedder.name, embedder.dimension), False
            except IndexDamagedError as err:
                log.warning("rebuilding the index: %s", err)
        index = _extend_cached(articles, embedder, cache_dir, folder, progress)
        if index is None:
            index = SentenceIndex.build(articles, embedder, progress=progress)
        try:
            index.save(folder)
        except OSError as err:  # a full disk must not stop the answers: this index works from memory
            log.warning("could not save the index (%s); it will be built again next time", err)
        return index, True
