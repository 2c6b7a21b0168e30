"""A damaged cached index is detected on load and rebuilt with a warning; answers stay identical.

Saves are atomic: a save that fails or is killed part-way leaves the previous index usable.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from corpus.errors import IndexDamagedError
from corpus.loaders import load_corpus
from index.lexical import LexicalIndex
from index.store import CORPUS_FILE, DENSE_FILE, LEXICAL_DIR, MANIFEST, SentenceIndex, open_index

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "data" / "000_c87b7926864de8b2.txt"
QUESTIONS = ["What did Russia call for?", "Who claims Turkey moved radical Islamists?", "What is the capital of Peru?"]


def _manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _edit_manifest(folder: Path, **changes: object) -> None:
    (folder / MANIFEST).write_text(json.dumps({**_manifest(folder), **changes}), encoding="utf-8")


def _reseal(folder: Path) -> None:
    """Recompute the manifest's checksums, as a forger (or a buggy writer) would."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    sums = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    _edit_manifest(folder, checksums=sums)


def _lexical_file(folder: Path) -> Path:
    return sorted((folder / LEXICAL_DIR).iterdir())[0]


def _flip_byte(path: Path, at: int = 40) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _drop_sentence(folder: Path) -> None:
    payload = json.loads((folder / CORPUS_FILE).read_text(encoding="utf-8"))
    payload["sentences"].pop()
    (folder / CORPUS_FILE).write_text(json.dumps(payload), encoding="utf-8")
    _reseal(folder)
    _edit_manifest(folder, sentences=len(payload["sentences"]))


# (id, damage, what the warning says)
DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("faiss truncated", lambda f: (f / DENSE_FILE).write_bytes((f / DENSE_FILE).read_bytes()[:100]), "checksum"),
    ("faiss emptied", lambda f: (f / DENSE_FILE).write_bytes(b""), "dense.faiss is damaged"),
    ("corpus byte flipped", lambda f: _flip_byte(f / CORPUS_FILE), "corpus.json is damaged"),
    ("lexical byte flipped", lambda f: _flip_byte(_lexical_file(f), 10), "checksum mismatch"),
    ("lexical file deleted", lambda f: _lexical_file(f).unlink(), "files differ from the manifest"),
    ("stray file added", lambda f: (f / "stray.bin").write_bytes(b"x"), "files differ from the manifest"),
    ("manifest deleted", lambda f: (f / MANIFEST).unlink(), "manifest missing or unreadable"),
    ("manifest truncated", lambda f: (f / MANIFEST).write_text('{"model": "sent'), "manifest missing or unreadable"),
    ("manifest not UTF-8", lambda f: (f / MANIFEST).write_bytes(b"\xff\xfe{}"), "manifest missing or unreadable"),
    ("manifest is a list", lambda f: (f / MANIFEST).write_text("[1, 2]"), "not an index manifest"),
    ("manifest without checksums", lambda f: _edit_manifest(f, checksums=None), "not an index manifest"),
    ("other model", lambda f: _edit_manifest(f, model="other/model"), "built with model='other/model'"),
    ("other dimension", lambda f: _edit_manifest(f, dimension=768), "built with dimension=768, expected 384"),
    ("older pipeline", lambda f: _edit_manifest(f, pipeline="0"), "built with pipeline='0'"),
    ("sentence count", lambda f: _edit_manifest(f, sentences=13), "sentence count or dimension differs"),
    ("corpus short a sentence, resealed", _drop_sentence, "index parts disagree: 13 sentences"),
    (
        "faiss garbage, resealed",
        lambda f: ((f / DENSE_FILE).write_bytes(b"garbage, not a FAISS index"), _reseal(f)),
        "cannot read index",
    ),
    (
        "faiss header only, resealed",
        lambda f: ((f / DENSE_FILE).write_bytes(b"IxFl" + b"\0" * 64), _reseal(f)),
        "sentence count or dimension differs",
    ),
    (
        "corpus not JSON, resealed",
        lambda f: ((f / CORPUS_FILE).write_text("{", encoding="utf-8"), _reseal(f)),
        "cannot read index",
    ),
    (
        "corpus wrong shape, resealed",
        lambda f: ((f / CORPUS_FILE).write_text('{"articles": [{"x": 1}]}', encoding="utf-8"), _reseal(f)),
        "cannot read index",
    ),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, embedder) -> tuple[Path, list[dict]]:
    """A cache holding the seed article's index, and the answers it gives."""
    cache = tmp_path_factory.mktemp("pristine")
    bot = Assistant.load([SEED], Settings(cache_dir=cache, progress=False), embedder=embedder)
    return cache, [bot.ask(q).to_dict() for q in QUESTIONS]


def _copy(pristine_cache: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the pristine cache and its one index folder."""
    cache = tmp_path / "cache"
    shutil.copytree(pristine_cache, cache)
    (folder,) = [p for p in (cache / "indexes").iterdir() if p.is_dir()]
    return cache, folder


@pytest.mark.slow
@pytest.mark.parametrize(("damage", "warning"), [row[1:] for row in DAMAGE], ids=[row[0] for row in DAMAGE])
def test_damage_is_detected_rebuilt_with_a_warning_and_answers_are_identical(
    tmp_path, embedder, pristine, caplog, damage, warning
):
    pristine_cache, expected = pristine
    cache, folder = _copy(pristine_cache, tmp_path)
    damage(folder)
    with pytest.raises(IndexDamagedError, match=warning):
        SentenceIndex.load(folder, embedder.name, embedder.dimension)
    settings = Settings(cache_dir=cache, progress=False)
    caplog.clear()
    bot = Assistant.load([SEED], settings, embedder=embedder)
    assert bot.built
    rebuilding = [r.getMessage() for r in caplog.records if "rebuilding the index" in r.getMessage()]
    assert len(rebuilding) == 1 and warning.split("=")[0] in rebuilding[0]
    assert [bot.ask(q).to_dict() for q in QUESTIONS] == expected
    # The rebuilt index verifies, so the next start loads it instead of rebuilding.
    assert bot.index.folder == folder
    SentenceIndex.load(folder, embedder.name, embedder.dimension)


@pytest.fixture(scope="module")
def seed_articles():
    return list(load_corpus([SEED]).articles)


def _digest(folder: Path) -> dict[str, str]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "indexes").iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(
    ("target", "at"),
    [
        (LexicalIndex, "save"),  # while writing the temporary folder
        (json, "dumps"),  # before anything is written
    ],
)
def test_save_failing_part_way_leaves_the_previous_index(
    tmp_path, fake_embedder, seed_articles, monkeypatch, target, at
):
    index, built = open_index(seed_articles, fake_embedder, tmp_path)
    assert built and index.folder is not None
    before = _digest(index.folder)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(target, at, fail)
    with pytest.raises(OSError, match="No space left"):
        index.save(index.folder)
    monkeypatch.undo()
    assert _digest(index.folder) == before
    assert _leftovers(tmp_path) == []
    _, rebuilt = open_index(seed_articles, fake_embedder, tmp_path)
    assert not rebuilt


def test_crash_between_the_two_renames_is_recovered(tmp_path, fake_embedder, seed_articles, monkeypatch, caplog):
    index, _ = open_index(seed_articles, fake_embedder, tmp_path)
    folder = index.folder
    assert folder is not None
    before = _digest(folder)
    real_rename = Path.rename
    calls: list[Path] = []

    def rename_then_die(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) == 2:  # the old index has just been moved aside
            raise KeyboardInterrupt("simulated crash")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_then_die)
    with pytest.raises(KeyboardInterrupt):
        index.save(folder)
    monkeypatch.undo()
    assert not folder.exists() and any(".old." in name for name in _leftovers(tmp_path))
    fake_embedder.embedded = 0
    loaded, built = open_index(seed_articles, fake_embedder, tmp_path)
    assert not built and fake_embedder.embedded == 0
    assert "restoring the previous index" in caplog.text
    assert _digest(folder) == before and _leftovers(tmp_path) == []
    assert [s.text for s in loaded.sentences] == [s.text for s in index.sentences]


SAVE_FOREVER = """
import sys
from pathlib import Path
from fakes import HashEmbedder
from index.store import SentenceIndex
folder = Path(sys.argv[1])
emb = HashEmbedder()
index = SentenceIndex.load(folder, emb.name, emb.dimension)
print("ready", flush=True)
while True:
    index.save(folder)
"""


@pytest.mark.slow
def test_killing_a_process_mid_save_never_loses_the_index(
    tmp_path, fake_embedder, seed_articles, python, subprocess_env
):
    """SIGKILL a process that saves in a loop, at random moments; each time the index must load."""
    index, _ = open_index(seed_articles, fake_embedder, tmp_path)
    folder = index.folder
    assert folder is not None
    texts = [s.text for s in index.sentences]
    rng = random.Random(5)
    interrupted = 0
    kills = 8
    for _ in range(kills):
        proc = subprocess.Popen(
            [python, "-c", SAVE_FOREVER, str(folder)], stdout=subprocess.PIPE, text=True, env=subprocess_env
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        interrupted += bool(_leftovers(tmp_path)) or not folder.exists()
        fake_embedder.embedded = 0
        loaded, built = open_index(seed_articles, fake_embedder, tmp_path)
        assert not built and fake_embedder.embedded == 0
        assert [s.text for s in loaded.sentences] == texts
        assert _leftovers(tmp_path) == []
    # Most kills land mid-save (the loop does nothing else); make sure the test exercised that.
    print(f"{interrupted} of {kills} kills interrupted a save; the index loaded every time")
    assert interrupted >= kills // 2, f"only {interrupted} of {kills} kills interrupted a save"


def test_a_full_disk_leaves_a_working_index_in_memory(tmp_path, fake_embedder, seed_articles, monkeypatch, caplog):
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LexicalIndex, "save", disk_full)
    index, built = open_index(seed_articles, fake_embedder, tmp_path)
    assert built and index.folder is None and index.dense.size == len(index.sentences) > 0
    assert "could not save the index ([Errno 28] No space left on device)" in caplog.text
    assert _leftovers(tmp_path) == [] and not any(p.is_dir() for p in (tmp_path / "indexes").iterdir())
    monkeypatch.undo()
    _, built_again = open_index(seed_articles, fake_embedder, tmp_path)
    assert built_again


def test_an_unusable_cache_folder_still_answers(fake_embedder, seed_articles, caplog):
    index, built = open_index(seed_articles, fake_embedder, Path("/dev/null/cache"))
    assert built and index.folder is None and len(index.sentences) > 0
    assert "cannot use the index cache" in caplog.text and "Not a directory" in caplog.text


def test_a_dead_writers_leftovers_do_not_block_the_next_save(tmp_path, fake_embedder, seed_articles):
    index, _ = open_index(seed_articles, fake_embedder, tmp_path)
    folder = index.folder
    assert folder is not None
    # What a killed writer whose pid is now ours left behind: its moved-aside index and a temp folder.
    stale_old = folder.with_name(f".{folder.name}.old.{os.getpid()}")
    shutil.copytree(folder, stale_old)
    (folder.parent / f".{folder.name}.tmp1234").mkdir()
    index.save(folder)
    assert _leftovers(tmp_path) == []
    SentenceIndex.load(folder, fake_embedder.name, fake_embedder.dimension)
