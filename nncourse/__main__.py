"""python -m nncourse COMMAND: the course's tools (run them in the course folder)."""
import argparse
import difflib
import sys
from pathlib import Path

COMMANDS = {
    "setup": "install the system parts (bubblewrap, chromium, postgresql) and check the sandbox",
    "build": "regenerate release/, solutions/, images/ from source/ and run each master",
    "check": "fail when release/ or solutions/ drift from source/, leak, or break a rule",
    "demo": "grade the masters and blank releases as two students, in a scratch course",
    "grade": "grade every submission in submitted/ (parallel, sandboxed)",
    "report": "write the class report (HTML) of graded assignments into reports/",
}
DEFAULT_ALL = "default: every assignment in source/"


def parser():
    p = argparse.ArgumentParser(prog="python -m nncourse", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in COMMANDS.items():
        c = sub.add_parser(name, help=text, description=text + ".")
        if name == "setup":
            continue
        if name == "grade":
            c.add_argument("assignments", nargs="*",
                           help="default: every assignment with submissions")
            c.add_argument("--jobs", type=int, help="parallel workers (default: CPUs)")
            c.add_argument("--unsafe-no-sandbox", action="store_true",
                           help="run kernels without the sandbox (only notebooks you trust)")
            c.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                           help="grade on the Dask cluster of this scheduler")
            c.add_argument("--db", metavar="URL", help="the gradebook's SQLAlchemy URL (default: "
                           "the course's nbgrader config, else gradebook.db)")
            c.add_argument("--shard-size", type=int, help="notebooks per task (default 25)")
            c.add_argument("--no-progress", action="store_true", help="no progress bar")
            c.add_argument("--course", help=argparse.SUPPRESS)
            continue
        if name == "report":
            c.add_argument("assignments", nargs="*", help="default: every graded assignment")
            c.add_argument("--out", default="reports", help="folder (default: reports/)")
            c.add_argument("--db", metavar="URL", help="the gradebook's SQLAlchemy URL (default: "
                           "the course's nbgrader config, else gradebook.db)")
            continue
        c.add_argument("assignments", nargs="*", help=DEFAULT_ALL)
        if name == "build":
            c.add_argument("--no-run", action="store_true",
                           help="do not run the master notebooks after generating")
        if name == "demo":
            c.add_argument("--keep", action="store_true",
                           help="keep the scratch course and print where it is")
    return p


def _course_of(path):
    """The course folder holding ``path`` (a folder with nbgrader_config.py and nncourse/)."""
    for d in (path, *path.parents):
        if (d / "nbgrader_config.py").is_file() and (d / "nncourse").is_dir():
            return d
    return None


def unknown_assignments(names, root):
    """One line naming the unknown names, with a guess and the valid names; None if all valid."""
    from . import assignments
    valid = assignments(root)
    bad = [n for n in names if n not in valid]
    if not bad:
        return None
    guesses = [g for n in bad for g in difflib.get_close_matches(n, valid, n=1, cutoff=0.5)]
    return (f"unknown assignment{'s' * (len(bad) > 1)} {', '.join(bad)}"
            + (f" (did you mean {', '.join(guesses)}?)" if guesses else "")
            + f"; the assignments are: {' '.join(valid)}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    from . import ROOT
    here = Path.cwd().resolve()
    course = _course_of(here)
    if course != ROOT:
        print(f"python -m nncourse: run it in the course folder {ROOT} or a folder inside it "
              f"(you are in {here}" + (f", inside the course {course}, whose own nncourse runs "
                                       f"from its top folder" if course else "") + ")",
              file=sys.stderr)
        return 2
    names = getattr(args, "assignments", None) or []
    why = unknown_assignments(names, ROOT) if names else None
    if why:
        print(f"python -m nncourse {args.command}: {why}", file=sys.stderr)
        return 2
    if args.command == "setup":
        from .setup import main as setup_main
        return setup_main([])
    if args.command == "grade":
        from .classgrade import main as grade_main
        return grade_main(args)
    if args.command == "report":
        from .report import report
        return 0 if report(assignments=names, out=args.out, db=args.db) else 1
    if args.command == "build":
        from .build import build
        return 0 if build(assignments=names, run=not args.no_run) else 1
    if args.command == "check":
        from .check import check
        problems = check(assignments=names)
        for p in problems:
            print(p)
        print("check: OK" if not problems else f"check: {len(problems)} problem(s)")
        return 1 if problems else 0
    if args.command == "demo":
        from .demo import demo
        return demo(assignments=names, keep=args.keep)
    return 2


if __name__ == "__main__":
    sys.exit(main())
