"""Embeddings, the FAISS and BM25 indexes, and their cache on disk."""

from index.dense import DenseIndex
from index.embedder import Embedder, SentenceTransformerEmbedder
from index.lexical import LexicalIndex
from index.store import SentenceIndex, default_cache_dir, open_index

__all__ = [
    "DenseIndex",
    "Embedder",
    "LexicalIndex",
    "SentenceIndex",
    "SentenceTransformerEmbedder",
    "default_cache_dir",
    "open_index",
]
