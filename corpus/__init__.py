"""Articles in, sentences with exact offsets and who-said-what records out."""

from corpus.errors import ArticleError, CorpusError, IndexDamagedError, NewsqaError, QuestionError
from corpus.loaders import LoadResult, bundled_article_path, load_corpus, load_paths
from corpus.records import Article, Claim, Sentence

__all__ = [
    "Article",
    "ArticleError",
    "Claim",
    "CorpusError",
    "IndexDamagedError",
    "LoadResult",
    "NewsqaError",
    "QuestionError",
    "Sentence",
    "bundled_article_path",
    "load_corpus",
    "load_paths",
]
