"""Shared fixtures: each assignment's class (master, blank, %load-substituted, every bug and
every alternative answer of the zoo, and extra students some tests add) is autograded once per session with real nbgrader."""
import re
import warnings

import pytest

from nncourse import ROOT, assignments
from nncourse.grading import grade_class
from nncourse.notebooks import nbmeta, read, release_path, source_path, substitute_loads
from nncourse.zoo import alternatives, apply, bugs

ASSIGNMENTS = assignments()


def _warning_student(nb):
    """A correct master whose first function also warns on stderr every time it is called."""
    for cell in nb.cells:
        if nbmeta(cell).get("solution") and "### BEGIN SOLUTION" in cell.source \
                and "def " in cell.source:
            indent = re.search(r"^([ \t]*)### BEGIN SOLUTION", cell.source, re.M)[1]  # a method's: 8
            cell.source = cell.source.replace(
                "### BEGIN SOLUTION",
                f"### BEGIN SOLUTION\n{indent}import sys, warnings\n"
                f"{indent}warnings.warn('a harmless warning', UserWarning)\n"
                f"{indent}print('a line on stderr', file=sys.stderr)", 1)
            return nb
    raise AssertionError("no solution cell defines a function")


def class_of(assignment):
    master = read(source_path(ROOT, assignment))
    blank = read(release_path(ROOT, assignment))
    students = {"master": master, "blank": blank, "loaded": substitute_loads(blank, ROOT),
                "warns": _warning_student(read(source_path(ROOT, assignment)))}
    for bug in bugs(assignment) + alternatives(assignment):
        students[bug.student] = apply(master, bug)
    return students


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """graded(assignment) -> (course dir, {student: {tests cell: CellScore}},
    {student: error} for submissions the grader could not grade)."""
    cache = {}

    def get(assignment):
        if assignment not in cache:
            course = tmp_path_factory.mktemp(f"course-{assignment}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                scores, failed = grade_class(course, assignment, class_of(assignment))
            cache[assignment] = (course, scores, failed)
        return cache[assignment]

    return get


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """item.rep_call: the test's outcome, for fixtures that keep evidence of failures."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
