"""The class report (`python -m nncourse report`) on a class made from the bug zoo: the class of
01_xor_encoding that tests/test_grading.py grades (master, blank release, %load-substituted
release, a student whose code warns, every bug and every other correct answer of the zoo).
Each bug loses exactly the tests cells the zoo lists, so the report's pass rate of every tests
cell is known in advance: the cells the bugs target show the lower pass rates."""
import html
import re

import pytest

from nncourse.notebooks import exercises, nbmeta, read, source_path
from nncourse.report import class_data, common_failures, item_analysis, report
from nncourse.zoo import bugs

from conftest import class_of

A = "01_xor_encoding"


@pytest.fixture(scope="module")
def zoo_report(graded, tmp_path_factory):
    course, scores, failed = graded(A)
    assert not failed
    out = tmp_path_factory.mktemp("report")
    index = report(course, [A], out=str(out), log=lambda *_: None)
    return course, scores, out, index


def test_pass_rates_are_those_the_zoo_predicts(zoo_report):
    course, scores, out, _ = zoo_report
    students = class_of(A)
    zoo = {b.student: set(b.fails) for b in bugs(A)}
    cells = [nbmeta(c)["grade_id"] for ex in exercises(read(source_path(course, A)))
             for c in ex.tests]
    failing = {c: sum(c in f for f in zoo.values()) + 1 for c in cells}    # + the blank release
    items = item_analysis(class_data(course, A)).set_index("cell")
    assert list(items.index) == cells
    for c in cells:
        assert items.loc[c, "students"] == len(students)
        assert items.loc[c, "pass_rate"] == pytest.approx(1 - failing[c] / len(students)), c
    # the cells the zoo's bugs target most show the lowest pass rates
    ranked = sorted(cells, key=lambda c: items.loc[c, "pass_rate"])
    assert ranked[0] == max(cells, key=lambda c: failing[c])
    assert items.difficulty.between(0, 1).all() and items.discrimination.notna().all()


def test_failure_messages_are_counted_per_cell(zoo_report):
    course = zoo_report[0]
    common = common_failures(class_data(course, A))
    zoo = [set(b.fails) for b in bugs(A)]
    for cell, messages in common.items():
        assert sum(n for _, n in messages) <= sum(cell in f for f in zoo) + 1
        assert all(re.match(r"\w+(Error|Exception)\b", m) for m, _ in messages), messages
    # the blank release fails every cell with the stub's message
    assert any("NotImplementedError" in m or "AssertionError" in m
               for ms in common.values() for m, _ in ms)


def test_pages_are_self_contained_and_show_the_class(zoo_report):
    course, scores, out, index = zoo_report
    page = (out / f"{A}.html").read_text()
    assert index.read_text().count(f'href="{A}.html"') == 1
    for text in ("Score distribution", "pass rate", "discrimination", "Flagged for review",
                 "Not graded", "Below half marks", "Time per notebook"):
        assert text in page, text
    # offline: nothing loaded from elsewhere, figures embedded
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert re.findall(r'<img[^>]+src="data:image/png;base64,', page)
    assert "blank" in html.unescape(page.split("Below half marks")[1])
