"""Benchmark: grading a class with `python -m nncourse grade` against sequential stock nbgrader,
and what the sandbox costs per notebook; with ``--scale``, how grading scales on Dask.

    python -m nncourse.bench_grading [--students 40] [--assignment 02_activations] [--jobs N]
                                     [--sandbox-sample 10]
    python -m nncourse.bench_grading --scale [--students 200] [--assignment 02_activations]

Builds one class of mixed quality (master solutions, untouched releases and every bug of the
assignment's zoo, cycled), grades it in two scratch courses in the same run — stock
``nbgrader autograde`` + ``generate_feedback`` + ``export`` one student after another, and the
course's parallel command, both with the course's configuration (every kernel sandboxed) —
prints both times and the speed-up, and checks that both gave every student the same score.
Then it grades a sample of the class with stock ``nbgrader autograde`` with and without the
sandbox, alternating, and prints the sandbox's cost per notebook. Exits 1 when scores disagree.

``--scale`` grades one generated class (200 submissions by default) three times, each into its
own database of one PostgreSQL server started here: on a local Dask cluster of 1 worker
process, of 2 worker processes, and on a cluster started with Dask's CLI (``dask scheduler``, 2 ×
``dask worker``, each in its own folder). It prints notebooks per second, the cost of a notebook
(worker-seconds: wall time × tasks at once / notebooks), the driver's time per notebook (its
gradebook transaction and files), the data sent each way, and a projection for 10,000 students ×
5 assignments on N machines of K cores; exits 1 unless the three runs gave the same scores.
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
    p.add_argument("--students", type=int, default=None, help="default 40 (--scale: 200)")
    p.add_argument("--assignment", default="02_activations")
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.add_argument("--sandbox-sample", type=int, default=10,
                   help="notebooks graded with and without the sandbox (0: skip)")
    p.add_argument("--scale", action="store_true",
                   help="grade on 1 and 2 local worker processes and a CLI-started Dask "
                        "cluster, with a PostgreSQL gradebook, and project to 10,000 students")
    args = p.parse_args(argv)
    if args.scale:
        return scale(args.assignment, args.students or 200)
    args.students = args.students or 40
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


def _local(processes):
    import logging
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=processes, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0",
                           worker_dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    return cluster, Client(cluster)


def scale(assignment, n, students=10_000, assignments=5):
    """Grade ``n`` generated submissions on three Dask clusters into PostgreSQL; print the rates
    and a projection. Returns 0 when the three runs gave every student the same score."""
    from .servers import DaskCLICluster, PostgresServer
    klass = make_class(assignment, n)
    load = os.getloadavg()
    rows, got = [], {}
    with PostgresServer() as pg, tempfile.TemporaryDirectory(prefix="nncourse-scale-") as tmp:
        for name, workers in (("local, 1 worker process", 1), ("local, 2 worker processes", 2),
                              ("dask scheduler + 2 dask worker (CLI)", 2)):
            course = Path(tmp) / f"c{len(rows)}"
            scratch_course(course, [assignment])
            generate(course, assignment)
            for student, nb in klass.items():
                submit(course, assignment, student, nb)
            url = pg.create_database(f"scale{len(rows)}")
            if "CLI" in name:
                cli = DaskCLICluster(workers=workers).start()
                cluster, client = None, cli.client()
            else:
                cli = None
                cluster, client = _local(workers)
            try:
                stats = {}
                t0 = time.perf_counter()
                outcomes = grade(course, [assignment], client=client, db=url,
                                 log=lambda *_: None, export=False, stats=stats)
                wall = time.perf_counter() - t0
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
                if cli is not None:
                    cli.stop()
            got[name] = {o.student: o.score for o in outcomes}
            rows.append((name, workers, wall, stats, sum(1 for o in outcomes if o.error)))
    same = all(g == got[rows[0][0]] for g in got.values())
    print(f"{n} submissions of {assignment}; {os.cpu_count()} CPUs; load average before the "
          f"run {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}, after {os.getloadavg()[0]:.1f}")
    print(f"{'':<40}{'wall s':>8}{'nb/s':>8}{'s/nb':>8}{'worker-s':>10}{'driver':>9}"
          f"{'shards':>8}{'in kB':>8}{'out kB':>8}")
    print(f"{'':<40}{'':>8}{'':>8}{'':>8}{'per nb':>10}{'ms/nb':>9}{'':>8}{'per nb':>8}"
          f"{'per nb':>8}")
    for name, workers, wall, st, failed in rows:
        k = max(st.get("notebooks", 0), 1)
        print(f"{name:<40}{wall:>8.1f}{k / wall:>8.3f}{wall / k:>8.2f}{wall * workers / k:>10.2f}"
              f"{1000 * st['record_seconds'] / k:>9.1f}{st['shards']:>8}"
              f"{st['bytes_in'] / k / 1000:>8.0f}{st['bytes_out'] / k / 1000:>8.0f}"
              + (f"  ({failed} failed)" if failed else ""))
    one, two = rows[0][2], rows[1][2]
    print(f"speed-up 1 -> 2 local worker processes: {one / two:.2f}x; CLI cluster / local 2: "
          f"{rows[2][2] / two:.2f}x the wall time")
    print(f"identical scores in the three runs: {'yes' if same else 'NO'}")
    cost = min(r[2] * r[1] / max(r[3]['notebooks'], 1) for r in rows)
    driver = max(r[3]["record_seconds"] / max(r[3]["notebooks"], 1) for r in rows)
    total = students * assignments
    print(f"\nprojection for {students:,} students x {assignments} assignments = {total:,} "
          f"notebooks, at {cost:.2f} worker-s per notebook (best of the runs) and "
          f"{1000 * driver:.0f} ms of driver time per notebook (worst):")
    print(f"{'N machines x K cores':<24}{'grading h':>10}{'driver h':>10}   bottleneck")
    for machines, cores in ((1, 2), (1, 16), (4, 16), (10, 32), (25, 32), (100, 32)):
        g = total * cost / (machines * cores) / 3600
        d = total * driver / 3600
        print(f"{f'{machines} x {cores}':<24}{g:>10.2f}{d:>10.2f}   "
              f"{'the workers (CPU)' if g > d else 'the driver: gradebook writes and files'}")
    return 0 if same else 1


if __name__ == "__main__":
    import sys
    sys.exit(main())
