"""Command line of build.py: parse arguments, run one command, map the outcome to an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from catalogue.checks import reporter
from catalogue.checks.run import Result, check, validate
from catalogue.records.media import ToolMissing

OK, CONTENT_PROBLEM, USAGE = 0, 1, 2
PROJECT = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    """Wrong arguments or a broken environment: exit code 2."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein Datum im Format JJJJ-MM-TT, z. B. 2026-11-22"
        ) from None


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein Port: erlaubt sind 1 bis 65535, z. B. --port 8001; "
            "--port 0 wählt einen freien Port"
        )
    return port


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", type=Path, default=Path("content"), help="Inhaltsordner (Vorgabe: content)"
    )
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=reporter.FORMATS, default="text", help="Ausgabeformat")
    today = argparse.ArgumentParser(add_help=False)
    today.add_argument(
        "--today", type=_date, default=None, help="Stichtag JJJJ-MM-TT (Vorgabe: heute)"
    )

    parser = argparse.ArgumentParser(
        prog="build.py", description="Dienstleistungskatalog: prüfen, bauen, berichten."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common, fmt], help="Schema und Querverweise prüfen")
    p.add_argument("paths", nargs="*", type=Path, help="nur Probleme dieser Dateien zeigen")
    # short: a run that ends soon (a pre-commit hook, CI), writes only to stdout, stderr and
    # files it closes itself, and starts no threads; build.py runs it without the cyclic
    # garbage collector and ends it without the interpreter's teardown.
    p.set_defaults(run=cmd_validate, short=True)

    p = sub.add_parser("check", parents=[common, fmt, today], help="validate plus Aktualität")
    p.add_argument("--changed-since", metavar="REF", help="Aktualitätsfehler nur für Änderungen")
    p.set_defaults(run=cmd_check, short=True)

    p = sub.add_parser("build", parents=[common, fmt, today], help="prüfen und Website bauen")
    p.add_argument("--output", type=Path, default=Path("output"), help="Zielordner")
    p.add_argument("--timings", type=Path, help="Laufzeiten der Phasen als JSON hierhin schreiben")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("serve", parents=[common, today], help="Vorschau auf 127.0.0.1")
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument(
        "--port", type=_port, default=8000, help="Port (Vorgabe: 8000; 0: ein freier Port)"
    )
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser(
        "edit", parents=[common, today], help="Redaktionsoberfläche und Vorschau auf 127.0.0.1"
    )
    p.add_argument("--output", type=Path, default=Path("output"))
    p.add_argument(
        "--port", type=_port, default=8000, help="Port der Vorschau (Vorgabe: 8000; 0: frei)"
    )
    p.add_argument(
        "--cms-port", type=_port, default=8081, help="Port von decap-server (Vorgabe: 8081)"
    )
    p.set_defaults(run=cmd_edit)

    p = sub.add_parser("new", parents=[common], help="neue Leistung aus Vorlage anlegen")
    p.add_argument("id", help="Kennung, z. B. hund-anmelden")
    p.add_argument("--department", default=None, help="Kennung des zuständigen Amts")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("report", parents=[common, today], help="Prüfbericht je Amt")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--atom", type=Path, help="zusätzlich einen Atom-Feed hierhin schreiben")
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("diff", parents=[common], help="Änderungen seit REF zusammenfassen")
    p.add_argument("ref", help="Git-Referenz, z. B. origin/main")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(run=cmd_diff)

    p = sub.add_parser("linkcheck", parents=[common, fmt], help="externe Links prüfen")
    p.add_argument("--strict", action="store_true", help="Fehler statt Warnungen")
    p.add_argument("--timeout", type=float, default=10.0, help="Sekunden je Anfrage")
    p.add_argument("--cache", type=Path, default=Path(".cache/linkcheck.json"))
    p.add_argument("--max-age", type=float, default=24.0, help="Cache-Gültigkeit in Stunden")
    p.set_defaults(run=cmd_linkcheck)

    p = sub.add_parser("import", parents=[common], help="Leistungen aus einem Export übernehmen")
    p.add_argument("system", choices=("dldb",), help="Format des Exports (dldb: service.berlin.de)")
    p.add_argument("services", type=Path, help="Leistungen als JSON, z. B. services_de.json")
    p.add_argument("--locations", type=Path, help="Standorte als JSON, z. B. locations_de.json")
    p.add_argument("--format", choices=("text", "json"), default="text", help="Importbericht")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("codeowners", parents=[common], help="CODEOWNERS aus den Ämtern erzeugen")
    p.add_argument("--output", type=Path, default=None, help="Datei (Vorgabe: Ausgabe auf stdout)")
    p.set_defaults(run=cmd_codeowners)
    return parser


def _content(args: argparse.Namespace) -> Path:
    root: Path = args.content
    if not (root / "services").is_dir():
        raise UsageError(
            f"Im Inhaltsordner „{root}“ fehlt der Ordner services/. "
            "Starten Sie im Projektordner oder geben Sie --content an."
        )
    return root


def _today(args: argparse.Namespace) -> dt.date:
    return args.today or dt.date.today()


def _print_result(result: Result, fmt: str, only: set[str] | None = None) -> int:
    problems = result.problems
    files = result.files
    if only is not None:
        problems = [p for p in problems if p.path in only]
        files = len(only)
    sys.stdout.write(reporter.render(problems, files, fmt))
    return CONTENT_PROBLEM if any(p.severity == "error" for p in problems) else OK


def cmd_validate(args: argparse.Namespace) -> int:
    result = validate(_content(args))
    only = None
    if args.paths:
        from catalogue.records.loader import shown_path

        only = {shown_path(p.resolve()) for p in args.paths}
    return _print_result(result, args.format, only)


def cmd_check(args: argparse.Namespace) -> int:
    root = _content(args)
    changed = None
    if args.changed_since:
        from catalogue.editorial.git import GitError, changed_files

        try:
            changed = changed_files(args.changed_since)
        except GitError as exc:
            raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
    result = check(root, _today(args), "check", changed)
    if changed is not None:
        from catalogue.editorial.review_dates import unreviewed_changes

        extra = unreviewed_changes(result.catalogue, args.changed_since, changed)
        result.problems = sorted(set(result.problems + extra))
    return _print_result(result, args.format)


def _check_output(args: argparse.Namespace, root: Path) -> None:
    """Refuse (exit 2) before any work an output folder that the build may not replace."""
    from catalogue.site.output import OutputError, OutputFolder

    folder = OutputFolder(args.output, protected=(PROJECT, root))
    try:
        folder.check()
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def cmd_build(args: argparse.Namespace) -> int:
    root = _content(args)
    _check_output(args, root)
    today = _today(args)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    from catalogue.cache.records import cache_folder
    from catalogue.cache.store import Stores

    stores = Stores(cache_folder(root))  # the content-addressed cache in .cache/
    result = check(root, today, "build", rules=stores["rules"])
    timings["load_validate"] = time.perf_counter() - start
    code = _print_result(result, args.format)
    if code != OK:
        print(
            "Die Website wurde nicht gebaut; die bisherige Ausgabe bleibt unverändert.",
            file=sys.stderr,
        )
        return code
    from catalogue.site.admin import AdminError
    from catalogue.site.output import OutputError
    from catalogue.site.publish import publish

    published = publish(result.catalogue, today, result.statuses)  # check's freshness
    try:
        from plugins.servicekatalog.driver import build_site
    except ImportError as exc:
        raise UsageError(
            f"Pelican oder das Site-Plugin fehlt ({exc}). Führen Sie „make setup“ aus."
        ) from None
    try:
        build_site(published, args.output, content_root=root, stores=stores, timings=timings)
    except (OutputError, AdminError) as exc:  # the folder changed, or Decap CMS is missing
        raise UsageError(str(exc)) from None
    stores.save()
    timings["total"] = time.perf_counter() - start
    if args.timings:
        args.timings.write_text(json.dumps(timings, indent=2, sort_keys=True) + "\n")
    print(
        f"Website gebaut: {len(published.services)} Leistungen in {args.output}/", file=sys.stderr
    )
    return OK


def cmd_serve(args: argparse.Namespace, local: Any = None) -> int:
    """The preview; LOCAL: catalogue.site.admin.LocalProxy of `build.py edit`."""
    root = _content(args)
    _check_output(args, root)
    from plugins.servicekatalog.preview import Preview
    from plugins.servicekatalog.server import ServeError, serve

    preview = Preview(root, args.output, lambda: _today(args), local)

    def rebuild() -> None:
        timings = preview.rebuild()
        print(f"Vorschau aktualisiert in {timings['total']:.2f} s.", file=sys.stderr)

    watch = (root, PROJECT / "theme", PROJECT / "schema", PROJECT / "plugins")
    try:
        serve(rebuild, args.output, port=args.port, watch=watch)
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    finally:  # also on Ctrl-C: the next build or preview starts from the caches
        preview.close()
    return OK


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_edit(args: argparse.Namespace) -> int:
    """decap-server against the content's repository, and the preview with /admin/ for it."""
    import os
    import signal

    from catalogue.editorial.edit import (
        EditError,
        current_branch,
        decap_server,
        free_port,
        repository_of,
    )
    from catalogue.site import admin

    root = _content(args)
    _check_output(args, root)
    try:
        repository = repository_of(root)
        branch = current_branch(repository)
        port = args.cms_port or free_port()
        folder = os.path.relpath(root.resolve(), repository).replace(os.sep, "/")
        signal.signal(signal.SIGTERM, _stop)  # as Ctrl-C: both servers stop, caches are saved
        with decap_server(repository, port, lambda line: print(line, file=sys.stderr)) as api:
            return cmd_serve(args, admin.LocalProxy(api, folder, branch))
    except EditError as exc:
        raise UsageError(str(exc)) from None


def cmd_new(args: argparse.Namespace) -> int:
    from catalogue.editorial.scaffold import ScaffoldError, scaffold

    try:
        path = scaffold(_content(args), args.id, args.department)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"Angelegt: {path} – füllen Sie die Felder aus und prüfen Sie mit "
        f"„python build.py validate {path}“."
    )
    return OK


def cmd_report(args: argparse.Namespace) -> int:
    from catalogue.editorial.review_report import review_report

    root = _content(args)
    result = validate(root)
    if result.errors:
        return _print_result(result, "text")
    sys.stdout.write(review_report(result.catalogue, _today(args), args.format, args.atom))
    return OK


def cmd_diff(args: argparse.Namespace) -> int:
    from catalogue.editorial.diff import run_diff

    return run_diff(_content(args), args.ref, args.format)


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from catalogue.editorial.linkcheck import run_linkcheck

    return run_linkcheck(_content(args), args)


def cmd_import(args: argparse.Namespace) -> int:
    from catalogue.importing import apply
    from catalogue.importing.dldb import map_export
    from catalogue.importing.export import ExportProblem, Reader, load

    content = args.content
    try:
        services = load(args.services)
        locations = load(args.locations) if args.locations else None
    except ExportProblem as problem:
        sys.stdout.write("\n".join(problem.lines) + "\nNichts importiert.\n")
        return 1
    reader, places = Reader(str(args.services)), Reader(str(args.locations))
    mapped = map_export(services, locations, reader, places)
    problems = sorted(set(reader.problems + places.problems))
    if problems:
        sys.stdout.write("\n".join(problems))
        sys.stdout.write(f"\n{len(problems)} Fehler im Export. Nichts importiert.\n")
        return 1
    try:
        result = apply.plan(mapped, content)
    except apply.Unmergeable as problem:
        sys.stdout.write("\n".join(problem.lines) + "\nNichts importiert.\n")
        return 1
    apply.write(result.files)
    if args.format == "json":
        sys.stdout.write(apply.report_json(result))
    else:
        sys.stdout.write(apply.report_text(result, bool(result.files)))
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from catalogue.editorial.codeowners import run_codeowners

    return run_codeowners(_content(args), args.output)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line as arguments; wrong usage exits with 2 (argparse's message)."""
    return _parser().parse_args(argv)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; the exit code."""
    run_command: Callable[[argparse.Namespace], int] = args.run
    try:
        return run_command(args)
    except (UsageError, ToolMissing) as exc:  # ToolMissing: no ffprobe to measure the videos
        print(f"build.py {args.command}: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:  # rights, a full disk, a file where a folder belongs: not a bug
        from catalogue.oserrors import describe

        message = describe(exc)
        if message is None:
            raise  # build.py reports it as an internal error
        print(f"build.py {args.command}: {message}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        return USAGE


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse(argv))
