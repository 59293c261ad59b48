"""Benchmark: grading a class with `python -m nncourse grade` against sequential stock nbgrader,
and what the sandbox costs per notebook.

    python -m nncourse.bench_grading [--students 40] [--assignment 02_activations] [--jobs N]
                                     [--sandbox-sample 10]

Builds one class of mixed quality (master solutions, untouched releases and every bug of the
assignment's zoo, cycled), grades it in two scratch courses in the same run — stock
``nbgrader autograde`` + ``generate_feedback`` + ``export`` one student after another, and the
course's parallel command, both with the course's configuration (every kernel sandboxed) —
prints both times and the speed-up, and checks that both gave every student the same score.
Then it grades a sample of the class with stock ``nbgrader autograde`` with and without the
sandbox, alternating, and prints the sandbox's cost per notebook. Exits 1 when scores disagree.
"""
import argparse
import os
import tempfile
import time
from pathlib import Path

from . import ROOT
from .classgrade import grade
from .grading import generate, nbgrader, scores, scratch_course, submit, total
from .notebooks import read, release_path, source_path
from .zoo import apply, bugs


def make_class(assignment, n):
    master = read(source_path(ROOT, assignment))
    pool = [("master", master), ("blank", read(release_path(ROOT, assignment)))]
    pool += [(b.student, apply(master, b)) for b in bugs(assignment)]
    return {f"s{i:03d}-{pool[i % len(pool)][0]}": pool[i % len(pool)][1] for i in range(n)}


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m nncourse.bench_grading", description=__doc__)
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--assignment", default="02_activations")
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.add_argument("--sandbox-sample", type=int, default=10,
                   help="notebooks graded with and without the sandbox (0: skip)")
    args = p.parse_args(argv)
    a = args.assignment
    klass = make_class(a, args.students)
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-") as tmp:
        stock, ours = Path(tmp) / "stock", Path(tmp) / "ours"
        for course in (stock, ours):
            scratch_course(course, [a])
            generate(course, a)
            for student, nb in klass.items():
                submit(course, a, student, nb)
        t0 = time.perf_counter()
        nbgrader(stock, "autograde", a, "--force", "--create")
        t_auto = time.perf_counter() - t0
        nbgrader(stock, "generate_feedback", a, "--force")
        nbgrader(stock, "export", "--to", str(stock / "grades.csv"))
        t_stock = time.perf_counter() - t0
        t0 = time.perf_counter()
        outcomes = grade(ours, [a], jobs=args.jobs, log=lambda *_: None)
        t_ours = time.perf_counter() - t0
        want = {s: total(c)[0] for s, c in scores(stock, a).items()}
        got = {o.student: o.score for o in outcomes}
    same = want == got
    print(f"{len(klass)} submissions of {a} on {os.cpu_count()} CPUs")
    print(f"{'':<44}{'seconds':>10}")
    print(f"{'stock nbgrader autograde (sequential)':<44}{t_auto:>10.1f}")
    print(f"{'  + generate_feedback + export':<44}{t_stock:>10.1f}")
    print(f"{f'python -m nncourse grade --jobs {args.jobs} (all three)':<44}{t_ours:>10.1f}")
    print(f"{'speed-up (stock, all three / ours)':<44}{t_stock / t_ours:>10.2f}x")
    print(f"identical scores: {'yes' if same else 'NO'}")
    if not same:
        diff = {s: (want.get(s), got.get(s)) for s in set(want) | set(got)
                if want.get(s) != got.get(s)}
        print("differences (stock, ours):", diff)
    if args.sandbox_sample:
        with_s, without = sandbox_cost(a, dict(list(klass.items())[:args.sandbox_sample]))
        n = min(args.sandbox_sample, len(klass))
        print(f"\nthe sandbox's cost: {n} notebooks, stock nbgrader autograde, alternating")
        print(f"{'':<44}{'s / notebook':>14}")
        print(f"{'without the sandbox (--unsafe)':<44}{without / n:>14.2f}")
        print(f"{'in the sandbox':<44}{with_s / n:>14.2f}")
        print(f"{'cost of the sandbox per notebook':<44}{(with_s / without - 1) * 100:>13.1f}%")
    return 0 if same else 1


def sandbox_cost(assignment, klass, rounds=2):
    """Seconds of stock ``nbgrader autograde`` grading ``klass`` in the sandbox and without
    it, per round, in alternating order so that load on the machine hits both alike."""
    from .sandbox import UNSAFE_ENV
    totals = {True: 0.0, False: 0.0}
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-sbx-") as tmp:
        courses = {}
        for sandboxed in (True, False):
            course = courses[sandboxed] = Path(tmp) / f"sandbox-{sandboxed}"
            scratch_course(course, [assignment])
            generate(course, assignment)
            for student, nb in klass.items():
                submit(course, assignment, student, nb)
        for r in range(rounds):
            for sandboxed in ((True, False) if r % 2 == 0 else (False, True)):
                if sandboxed:
                    os.environ.pop(UNSAFE_ENV, None)
                else:
                    os.environ[UNSAFE_ENV] = "1"
                t0 = time.perf_counter()
                nbgrader(courses[sandboxed], "autograde", assignment, "--force", "--create")
                totals[sandboxed] += time.perf_counter() - t0
        os.environ.pop(UNSAFE_ENV, None)
    return totals[True] / rounds, totals[False] / rounds
