"""The class grader past one machine, with real parts started here: a PostgreSQL server
(Debian's postgresql, initdb/pg_ctl, on a loopback port in a temporary folder) and a Dask cluster
started with Dask's CLI (`dask scheduler`, two `dask worker` processes, each in its own folder with
its own copy of the course's code and nothing of the course). A class graded that way gets
exactly the scores of sequential stock `nbgrader autograde`; a worker killed mid-run changes
nothing in the result; a scheduler or database that cannot be reached stops the grader before it
deletes or writes anything; a student's grade is written in one transaction or not at all."""
import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nncourse import ROOT
from nncourse.classgrade import GradingUnavailable, Outcome, _merge, _open_gradebook, grade
from nncourse.grading import autograde, generate, nbgrader, scores, scratch_course, submit
from nncourse.notebooks import read, release_path, source_path
from nncourse.servers import DaskCLICluster, PostgresServer, free_port
from nncourse.shard import EVENT
from nncourse.zoo import Bug, apply

A = "01_xor_encoding"
REVERSED = Bug("truth_table", "shifts = np.arange(n_inputs - 1, -1, -1)",
               "shifts = np.arange(n_inputs)", "reversed", ("test_truth_table",))


def klass():
    master = read(source_path(ROOT, A))
    cheat = read(source_path(ROOT, A))
    cell = next(c for c in cheat.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                == "xor_data")
    cell.source = cell.source.replace("[[0], [1], [1], [0]]", "[[1], [0], [0], [1]]") + \
        "\nnp.testing.assert_array_equal = lambda *a, **k: None"
    return {"ann": master, "bob": read(release_path(ROOT, A)), "cy": apply(master, REVERSED),
            "dee": cheat, "eve": read(source_path(ROOT, A))}


def new_course(path):
    course = scratch_course(path, [A])
    for student, nb in klass().items():
        submit(course, A, student, nb)
    return course


@pytest.fixture(scope="module")
def servers():
    with PostgresServer() as pg, DaskCLICluster(workers=2) as cluster:
        yield pg, cluster


@pytest.fixture(scope="module")
def stock(tmp_path_factory):
    """Per-cell scores of the class under sequential stock `nbgrader autograde`."""
    course = new_course(tmp_path_factory.mktemp("stock") / "c")
    generate(course, A)
    autograde(course, A)
    got = scores(course, A)
    assert set(got) == set(klass())
    return got


def as_data(cells):
    return {s: {g: (c.score, c.max_score, c.pending) for g, c in cs.items()}
            for s, cs in cells.items()}


def test_a_cli_started_cluster_and_postgresql_give_the_scores_of_stock_nbgrader(
        servers, stock, tmp_path):
    pg, cluster = servers
    with cluster.client() as c:
        where = c.run(lambda: __import__("nncourse").__file__)
    assert len(where) == 2
    assert all(str(cluster.dir) in p and "/code/nncourse/" in p for p in where.values()), \
        f"the workers must run their own copy of the code: {where}"
    course = new_course(tmp_path / "c")
    url = pg.create_database("cli")
    proc = subprocess.run([sys.executable, "-m", "nncourse", "grade", A, "--course",
                           str(course), "--scheduler", cluster.address, "--db", url],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert as_data(scores(course, A, url)) == as_data(stock)
    assert not (course / "gradebook.db").exists(), "the gradebook is the PostgreSQL database"
    for student in klass():
        assert (course / "autograded" / student / A / f"{A}.ipynb").is_file()
        assert (course / "feedback" / student / A / f"{A}.html").is_file()
    assert "dee" in (course / "grades.csv").read_text()
    assert "dee / 01_xor_encoding: " in proc.stdout and "numpy.testing" in proc.stdout
    assert "11/11 +2?" in proc.stdout, "ann's written answer waits for a grader"
    with cluster.client() as c:      # the shards ran on the CLI workers
        ran = {m["worker"] for _, m in c.get_events(EVENT) if m["what"] == "end"}
    assert ran and ran <= set(where), ran


def test_the_course_config_can_name_postgresql_and_the_default_is_a_local_cluster(
        servers, stock, tmp_path):
    pg, _ = servers
    course = new_course(tmp_path / "c")
    url = pg.create_database("config")
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"c.CourseDirectory.db_url = {url!r}\n")
    outcomes = grade(course, [A], jobs=2, log=lambda *_: None, export=False)
    assert all(o.error is None and o.writes == 1 and not o.reruns for o in outcomes)
    assert as_data(scores(course, A, url)) == as_data(stock)
    assert not (course / "gradebook.db").exists()


def tree_digest(path):
    h = hashlib.sha256()
    for p in sorted(Path(path).rglob("*")):
        if p.is_file():
            h.update(str(p).encode() + p.read_bytes())
    return h.hexdigest()


def test_an_unreachable_scheduler_or_database_stops_before_anything_is_written(
        servers, tmp_path):
    pg, cluster = servers
    course = new_course(tmp_path / "c")
    generate(course, A)
    (course / "autograded" / "ann" / A).mkdir(parents=True)
    (course / "autograded" / "ann" / A / f"{A}.ipynb").write_text("a previous grading")
    before = tree_digest(course)
    dead = f"tcp://127.0.0.1:{free_port()}"
    for args, words in (
            (["--scheduler", dead], f"cannot reach the Dask scheduler at {dead}"),
            (["--scheduler", cluster.address, "--db",
              f"postgresql://nncourse@127.0.0.1:{free_port()}/nowhere"],
             "cannot open the gradebook postgresql://nncourse@127.0.0.1:")):
        proc = subprocess.run([sys.executable, "-m", "nncourse", "grade", A, "--course",
                               str(course), *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert words in proc.stderr and "Nothing was graded, deleted or written" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert tree_digest(course) == before, "something was written or deleted"


def test_a_student_is_written_in_one_transaction_or_not_at_all(servers, tmp_path):
    """nbgrader's API commits after each step; the merge must not leave a student or an empty
    submission behind when a later step fails."""
    pg, _ = servers
    url = pg.create_database("atomic")
    course = scratch_course(tmp_path / "c", [A])
    nbgrader(course, "generate_assignment", A, "--force", f"--db={url}")
    from nbgrader.api import Gradebook, MissingEntry
    from traitlets.config import Config
    gb = _open_gradebook(url, Config())
    try:
        rows = {"timestamp": None, "notebooks": {A: {"grades": {"no_such_cell": 1.0},
                                                     "comments": {}}}}
        with pytest.raises(MissingEntry):
            _merge(gb, A, Outcome("zed", A), rows)
        rows["notebooks"][A]["grades"] = {"test_xor_data": 2.0}
        assert _merge(gb, A, Outcome("amy", A), rows)[0] == 2.0
    finally:
        gb.close()
    with Gradebook(url) as gb:
        with pytest.raises(MissingEntry):
            gb.find_student("zed")
        assert [s.student.id for s in gb.assignment_submissions(A)] == ["amy"]


def cwd_inside(folder):
    """Processes whose working folder is inside ``folder``."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                    found.append(pid)
            except OSError:
                pass
    return found


def test_a_worker_killed_mid_run_changes_nothing(servers, stock, tmp_path):
    pg, cluster = servers
    course = new_course(tmp_path / "c")
    url = pg.create_database("fault")
    printed, result = [], {}
    run = threading.Thread(target=lambda: result.update(outcomes=grade(
        course, [A], scheduler=cluster.address, db=url, log=printed.append)))
    run.start()
    victim = cluster.workers[0]
    t0 = time.monotonic()
    while not list(victim.rglob("nncourse-shard-*/nbgrader.log")):   # autograde is running
        assert run.is_alive() and time.monotonic() - t0 < 600, "no shard started on worker0"
        time.sleep(0.2)
    time.sleep(2)
    cluster.kill_worker(0)
    run.join(timeout=1800)
    assert not run.is_alive()
    outcomes = result["outcomes"]
    assert as_data(scores(course, A, url)) == as_data(stock), "a grade changed or was lost"
    assert sorted(o.student for o in outcomes) == sorted(klass())
    assert all(o.error is None and o.writes == 1 for o in outcomes), \
        [(o.student, o.error, o.writes) for o in outcomes]
    rerun = [o for o in outcomes if o.reruns]
    assert rerun, "the killed worker's shard should have been run again"
    summary = printed[0]
    assert "Graded again after a worker was lost" in summary
    for o in rerun:
        assert f"  {o.student} / {A}: " in summary and "was lost mid-run" in o.reruns[0]
    assert f"{len(rerun)} re-run after a lost worker" in summary
    from nbgrader.api import Gradebook
    with Gradebook(url) as gb:
        subs = [s.student.id for s in gb.assignment_submissions(A)]
    assert sorted(subs) == sorted(klass()), "one submission per student"
    time.sleep(3)
    assert not cwd_inside(victim), "a grader process of the killed worker outlived it"
