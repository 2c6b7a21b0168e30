"""``python -m bench``: run the benchmarks and print each figure beside its floor."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.report import Figure

PARTS = ("warm", "cold", "indexing", "search")
REPO = Path(__file__).resolve().parents[1]
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "dev_qa.jsonl"
FALLBACK_QUESTIONS = REPO / "tests" / "data" / "questions" / "seed_extra.jsonl"
WIRE = REPO / "tests" / "data" / "wire"


def build_parser() -> argparse.ArgumentParser:
    """Options of the benchmark command."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the benchmark options to ``parser`` (also used by ``newsqa bench``)."""
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts (default: all of {PARTS})")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions for warm and cold figures (default: 5)")
    parser.add_argument("--questions", type=Path, default=None, help="question file (default: shared dev questions)")
    parser.add_argument("--sentences", type=int, default=3000, help="indexing corpus size (default: 3000)")
    parser.add_argument("--sizes", default="10000,100000", help="search sizes (default: 10000,100000)")
    parser.add_argument("--full", action="store_true", help="also search 1,000,000 vectors (HNSW build ~15 min)")
    parser.add_argument("--data", choices=("latent", "isotropic"), default="latent", help="search vectors")
    parser.add_argument("--queries", type=int, default=200, help="search queries per size (default: 200)")
    parser.add_argument("--ivf", action="store_true", help="also measure an IVF index at each search size")
    parser.add_argument("--no-hnsw", action="store_true", help="skip the HNSW build (the slow part at 1M)")
    parser.add_argument("--hnsw-m", type=int, default=None, help="HNSW neighbours per node (tuning aid)")
    parser.add_argument("--ef-construction", type=int, default=None, help="HNSW build beam (tuning aid)")
    parser.add_argument(
        "--torch-threads", type=int, default=None, help="torch intra-op threads for every part (default: torch's)"
    )
    parser.add_argument("--ef-sweep", default="", help="extra HNSW efSearch values to report, e.g. 256,512")
    parser.add_argument("--threads", type=int, default=None, help="FAISS build threads (default: all cores)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="index cache (default: a temporary folder)")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of warm answers")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the figures as JSON")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and :func:`run`."""
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run the chosen parts, printing the table as figures come in and once more at the end."""
    import tempfile

    from bench.report import format_table, to_json

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        print(f"bench: unknown part(s) {unknown}; choose from {PARTS}", file=sys.stderr)
        return 2
    if args.profile and importlib.util.find_spec("pyinstrument") is None:
        print("bench: --profile needs pyinstrument; run: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    questions_file = args.questions or (DEV_QUESTIONS if DEV_QUESTIONS.exists() else FALLBACK_QUESTIONS)
    figures: list[Figure] = []
    if args.torch_threads:
        import torch

        # Floors and figures alike: on a busy machine two threads can be slower than one.
        torch.set_num_threads(args.torch_threads)
    with tempfile.TemporaryDirectory(prefix="newsqa-bench-") as scratch:
        cache_dir = args.cache_dir or Path(scratch)
        if "warm" in parts:
            from bench import latency

            bot = latency.load_assistant(cache_dir)
            questions = latency.read_questions(questions_file)
            figures += _show(latency.run(bot, questions, rounds=args.rounds))
            if args.profile:
                print(latency.profile(bot, questions), flush=True)
            del bot
        if "cold" in parts:
            from bench import latency, startup

            question = latency.read_questions(questions_file)[0][0]
            figures += _show(startup.run(cache_dir, question, rounds=args.rounds))
        if "indexing" in parts:
            from bench import indexing

            figures += _show(indexing.run(indexing.corpus(WIRE, args.sentences), rounds=3))
        if "search" in parts:
            import faiss

            from bench import search

            if args.threads:
                faiss.omp_set_num_threads(args.threads)
            if args.hnsw_m or args.ef_construction:
                from index import dense

                # Tuning aid: what newsqa builds is set by these constants.
                dense.HNSW_M = args.hnsw_m or dense.HNSW_M
                dense.HNSW_EF_CONSTRUCTION = args.ef_construction or dense.HNSW_EF_CONSTRUCTION
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
            if args.full and 1_000_000 not in sizes:
                sizes.append(1_000_000)
            kinds = [k for k, on in (("hnsw", not args.no_hnsw), ("ivf", args.ivf)) if on]
            sweep = [int(e) for e in args.ef_sweep.split(",") if e.strip()]
            figures += _show(search.run(sizes, queries=args.queries, data=args.data, kinds=kinds, ef_sweep=sweep))
    print("\n" + format_table(figures))
    if args.json:
        args.json.write_text(to_json(figures), encoding="utf-8")
    return 0


def _show(figures: list[Figure]) -> list[Figure]:
    """Print figures as they are measured, so a long run shows progress."""
    from bench.report import format_table

    print(format_table(figures) + "\n", flush=True)
    return figures


if __name__ == "__main__":
    sys.exit(main())
