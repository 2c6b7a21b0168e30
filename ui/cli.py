"""The ``newsqa`` command line: a thin adapter over :class:`assistant.Assistant`.

Heavy libraries are imported inside the commands, so ``newsqa --help`` returns at once.
Domain errors become one line on stderr and a non-zero exit status here, and only here.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant import Assistant, Settings

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A message for the user and the exit status to leave with."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _settings(args: argparse.Namespace) -> Settings:
    """The one settings object, from the command-line flags."""
    from assistant import Settings

    return Settings(
        cache_dir=Path(args.cache_dir).expanduser().resolve() if args.cache_dir else None,
        top_k=getattr(args, "k", None) or 5,
        max_file_bytes=args.max_file_mb * 1_000_000,
        progress=not args.quiet,
    )


def _assistant(args: argparse.Namespace, warm: bool = False) -> Assistant:
    """Load the corpus given by ``--corpus`` (or the bundled article); ``warm`` for commands that answer."""
    from assistant import Assistant

    bot = Assistant.load(args.corpus or None, _settings(args), warm=warm)
    for error in bot.load_errors:
        print(f"newsqa: skipped {error}", file=sys.stderr)
    return bot


def _print_answer(answer: Any, as_json: bool) -> None:
    """One answer, as the JSON contract or as readable text."""
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return
    if answer.notice:
        print(f"({answer.notice})")
    print(answer.answer)
    if answer.related:
        print("\nClosest passages (not an answer):")
        for c in answer.related:
            print(f"  - sentence {c.sentence}: “{c.text}”")


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or every line of a question file."""
    from corpus.errors import QuestionError

    if args.question is None and args.corpus and not Path(args.corpus[-1]).expanduser().exists():
        # "newsqa ask --corpus dir 'Who said it?'": --corpus took the question as one more path.
        args.question = args.corpus.pop()
    if args.questions is None and args.question is None:
        raise CliError("give a QUESTION or --questions FILE", EXIT_USAGE)
    if args.questions is not None and args.question is not None:
        raise CliError("give either a QUESTION or --questions FILE, not both", EXIT_USAGE)
    if args.question is not None:
        from assistant.core import sanitize

        if not sanitize(args.question, 1):  # before the model loads: blanks and invisible characters only
            raise CliError("the question is empty; please type a question", EXIT_USAGE)
    if args.questions is not None:
        lines = _read_question_lines(Path(args.questions))
    bot = _assistant(args, warm=True)
    if args.questions is None:
        _print_answer(bot.ask(args.question, k=args.k), args.json)
        return 0
    for number, record in lines:
        try:
            answer = bot.ask(record["q"], history=record.get("history") or [], k=args.k)
        except QuestionError as err:
            raise CliError(f"{args.questions}, line {number}: {err}", EXIT_USAGE) from err
        _print_answer(answer, args.json)
    return 0


def _read_question_lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` for each question in a JSONL file, validated up front."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CliError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from err
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CliError(f"{path}, line {number}: invalid JSON ({err.msg})") from err
        if not isinstance(record, dict) or not isinstance(record.get("q"), str):
            raise CliError(f'{path}, line {number}: expected an object with a "q" string')
        records.append((number, record))
    return records


def cmd_index(args: argparse.Namespace) -> int:
    """Build or refresh the index of the given articles and say what it holds."""
    args.corpus = args.paths
    bot = _assistant(args)
    index = bot.index
    state = "built" if bot.built else "loaded from cache"
    print(
        f"{state}: {len(index.articles)} article(s), {len(index.sentences)} sentences, "
        f"{index.dense.kind} FAISS index, model {index.model_name}"
    )
    print(f"folder: {index.folder}")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    """Print who said what, sentence by sentence."""
    bot = _assistant(args)
    index = bot.index
    rows: list[dict[str, Any]] = []
    for sentence, claim in zip(index.sentences, index.claims, strict=True):
        rows.append(
            {
                "article": sentence.article_id,
                "sentence": sentence.index,
                "speaker": claim.speaker,
                "cue": claim.cue,
                "kind": claim.kind,
                "anonymous": claim.anonymous,
                "as": list(claim.aliases),
                "text": sentence.text,
            }
        )
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    multi = len(index.articles) > 1
    print(f"{'#':>4}  {'speaker':<40} {'cue':<22} {'kind':<10} text")
    for row in rows:
        number = f"{row['article'][:6]}:{row['sentence']}" if multi else str(row["sentence"])
        # A long name is cut before the marker, so that "(anonymous)" always shows.
        marker = " (anonymous)" if row["anonymous"] else ""
        name, room = row["speaker"] or "—", 40 - len(marker)
        speaker = (name if len(name) <= room else name[: room - 1] + "…") + marker
        if row["as"]:
            speaker += f" ← {row['as'][0]}"
        text = row["text"] if len(row["text"]) <= 90 else row["text"][:87] + "..."
        print(f"{number:>4}  {speaker[:40]:<40} {(row['cue'] or '—')[:22]:<22} {row['kind']:<10} {text}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the assistant on a question file; exit 1 below any ``--min-*`` threshold."""
    from assistant.evaluate import evaluate, read_questions

    questions = read_questions(Path(args.file))
    bot = _assistant(args, warm=True)
    report = evaluate(lambda q, h: bot.ask(q, history=h), questions, bot.articles)
    metrics = report.metrics()
    if args.json:
        print(json.dumps(metrics))
    else:
        for name, value in metrics.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"{name:<18} {shown}")
        for outcome in report.failures():
            first = outcome.answer.citations[0].text[:80] if outcome.answer.citations else "(abstained)"
            print(f"  miss {outcome.question.id}: {outcome.question.q!r} -> {first!r}", file=sys.stderr)
    floors = {
        "hit1": args.min_hit1,
        "hit3": args.min_hit3,
        "mrr": args.min_mrr,
        "speaker": args.min_speaker,
        "abstain": args.min_abstain,
        "followup": args.min_followup,
        "verbatim": args.min_verbatim,
        "article": args.min_article,
    }
    failed = [
        f"{name} {metrics[name]:.3f} < {floor}"
        for name, floor in floors.items()
        if floor is not None and metrics[name] < floor
    ]
    if args.max_false_abstentions is not None and metrics["false_abstentions"] > args.max_false_abstentions:
        failed.append(f"false_abstentions {metrics['false_abstentions']} > {args.max_false_abstentions}")
    if failed:
        print("newsqa: below threshold: " + "; ".join(failed), file=sys.stderr)
        return EXIT_ERROR
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the Gradio chat."""
    from ui.app import serve

    serve(_assistant(args, warm=True), host=args.host, port=args.port, mcp=args.mcp)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmarks (the same as ``python -m bench``)."""
    from bench.__main__ import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus", nargs="+", metavar="PATH", help="article files or folders (default: the bundled article)"
    )
    common.add_argument("--cache-dir", metavar="DIR", help="where indexes are kept (default: the user cache folder)")
    common.add_argument(
        "--max-file-mb", type=int, default=5, metavar="MB", help="reject article files larger than this (default: 5)"
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    parser = argparse.ArgumentParser(
        prog="newsqa", description="Ask news articles questions; get verbatim, attributed quotes."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", parents=[common], help="answer a question (or a file of them)")
    ask.add_argument("question", nargs="?", help="the question, in quotes")
    ask.add_argument("--questions", metavar="FILE.jsonl", help="answer every line ({'q', 'history'}) in order")
    ask.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    ask.add_argument("-k", type=int, default=None, metavar="N", help="at most N quotes (default: 5)")
    ask.set_defaults(func=cmd_ask)

    index = sub.add_parser("index", parents=[common], help="build or refresh an index and report what it holds")
    index.add_argument("paths", nargs="+", metavar="PATH")
    index.set_defaults(func=cmd_index)

    claims = sub.add_parser("claims", parents=[common], help="print who said what, sentence by sentence")
    claims.add_argument("--json", action="store_true", help="one JSON record per sentence")
    claims.set_defaults(func=cmd_claims)

    ev = sub.add_parser("eval", parents=[common], help="score answers on a question file")
    ev.add_argument("file", metavar="FILE.jsonl")
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON")
    for name in ("hit1", "hit3", "mrr", "speaker", "abstain", "followup", "verbatim", "article"):
        ev.add_argument(f"--min-{name}", type=float, default=None, metavar="X", help=f"fail if {name} < X")
    ev.add_argument("--max-false-abstentions", type=int, default=None, metavar="N")
    ev.set_defaults(func=cmd_eval)

    serve = sub.add_parser("serve", parents=[common], help="open the chat in the browser (Gradio)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--mcp", action="store_true", help="also expose the assistant as an MCP tool")
    serve.set_defaults(func=cmd_serve)

    from bench.__main__ import add_arguments  # argparse and pathlib only

    bench = sub.add_parser("bench", help="benchmarks: each figure beside its floor, and their ratio")
    add_arguments(bench)
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsqa`` console script."""
    from corpus.errors import NewsqaError, QuestionError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="newsqa: %(message)s")
    if getattr(args, "k", None) is not None and args.k <= 0:
        print(f"newsqa: error: -k must be greater than 0, got {args.k}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except CliError as err:
        print(f"newsqa: error: {err}", file=sys.stderr)
        return err.status
    except QuestionError as err:
        print(f"newsqa: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except NewsqaError as err:
        print(f"newsqa: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsqa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
