"""Course commands: ``python -m nncourse {build,check,demo}``."""
import argparse
import sys


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["grade"]:
        from .classgrade import main as grade_main
        return grade_main(argv[1:])
    if argv[:1] == ["setup"]:
        from .setup import main as setup_main
        return setup_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m nncourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_ in (("setup", "install the system parts (bubblewrap) and check the sandbox"),
                        ("build", "regenerate release/, solutions/ and images/ from source/"),
                        ("check", "fail when release/ or solutions/ drift from source/ or leak"),
                        ("grade", "grade every submission in submitted/ in parallel "
                                  "(see python -m nncourse grade --help)"),
                        ("demo", "check, build, then autograde the master notebooks and the "
                                 "blank release as two demo students")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("assignments", nargs="*", help="default: every assignment in source/")
    args = parser.parse_args(argv)

    if args.command == "build":
        from .build import build
        build(assignments=args.assignments)
        return 0
    if args.command == "check":
        from .check import check
        problems = check(assignments=args.assignments)
        for p in problems:
            print(p)
        print("check: OK" if not problems else f"check: {len(problems)} problem(s)")
        return 1 if problems else 0
    if args.command == "demo":
        from .demo import demo
        return demo(assignments=args.assignments)
    return 2


if __name__ == "__main__":
    sys.exit(main())
