"""The course as people use it, in a real browser: Debian's chromium driven by Playwright,
JupyterLab (with nbgrader's extensions) serving a fresh copy of the course.

A student: Run All on a release and its first error; typing an answer and passing its tests;
``%load`` in a function cell and in a top-level cell; locked tests cells; Validate; A5's
progress bars and figures while it trains. An instructor: the formgrader lists every assignment
on a fresh clone, autogrades two students from its buttons (one of them renamed and graded
before by ``python -m nncourse grade``), shows their scores, the flags with their reasons, the
course's figures and offline math in the grading view, the feedback (no hidden test) and an
autograded notebook; the class report opens.

Screenshots and the JupyterLab log of a failed test: test-artifacts/browser/ (CI keeps it).
These tests never skip: without chromium they fail, saying how to install it.
"""
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from nncourse import ROOT
from nncourse.notebooks import nbmeta, read, source_path, substitute_loads
from nncourse.zoo import Bug, apply

from lab import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Lab, browser_missing, fresh_copy

A = "01_xor_encoding"
FULL = 11
WRONG_Y = Bug("xor_data", "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
              "y = np.array([[1], [0], [0], [1]], dtype=np.float64)", "XNOR", ("test_xor_data",))
CELL_TIMEOUT = 120_000      # ms: the machine may be loaded


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    why = browser_missing()
    if why:
        pytest.fail(why)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)    # the evidence of this run only
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def student_lab(tmp_path_factory):
    """JupyterLab on a fresh copy of the course, as a student gets it."""
    scratch = tmp_path_factory.mktemp("student-lab")
    course = fresh_copy(scratch / "course")
    with Lab(course, scratch) as lab:
        yield lab


@pytest.fixture
def page(browser, request):
    """A browser tab; on failure its screenshot and the server's log go to ARTIFACTS."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.external = []
    pg.on("request", lambda r: r.url.startswith(("http://", "https://"))
          and not r.url.startswith("http://127.0.0.1") and pg.external.append(r.url))
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for k, p in enumerate(context.pages):
            try:
                p.screenshot(path=str(ARTIFACTS / f"{name}-{k}.png"), full_page=True)
            except Exception:
                pass
        for fixture in ("student_lab", "instructor"):
            if fixture in request.fixturenames:
                lab = request.getfixturevalue(fixture)
                lab = getattr(lab, "lab", lab)
                shutil.copy(lab.log, ARTIFACTS / f"{name}-jupyterlab.log")
    context.close()


# --- JupyterLab helpers ------------------------------------------------------------------------

def open_notebook(page, lab, path):
    """Open a notebook in a workspace of its own; returns the notebook's locator."""
    ws = re.sub(r"\W+", "-", path)[-40:] + f"-{time.monotonic_ns() % 10 ** 6}"
    page.goto(lab.url(f"lab/workspaces/{ws}/tree/{path}?reset"))
    nb = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    nb.wait_for(timeout=CELL_TIMEOUT)
    page.locator(".jp-Notebook-ExecutionIndicator, #jp-main-statusbar").first.wait_for()
    page.wait_for_function("document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
                           ".jp-Cell').length > 3")
    wait_idle(page)
    return nb


def cells(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def cell_index(nb_json, gid):
    return next(i for i, c in enumerate(nb_json.cells) if nbmeta(c).get("grade_id") == gid)


def wait_idle(page, timeout=CELL_TIMEOUT):
    """Until no cell waits or runs ([*]) and the kernel says idle."""
    page.wait_for_function(
        "() => { const s = document.querySelector('#jp-main-statusbar'); "
        "const busy = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-InputPrompt')].some(p => p.textContent.includes('*')); "
        "return s && /Idle/.test(s.textContent) && !busy; }", timeout=timeout)


def run_menu(page, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


def editor(page, index):
    return cells(page).nth(index).locator(".cm-content")


def run_cell(page, index):
    """Select cell ``index`` and run it (Shift+Enter), then wait for the kernel."""
    cells(page).nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_timeout(300)
    wait_idle(page)


def error_of(page, index):
    """The error text shown under cell ``index``, or ''."""
    err = cells(page).nth(index).locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    return err.first.inner_text() if err.count() else ""


def saved(page, lab, path):
    """Save the notebook (Ctrl+S) and read it back from the server's disk."""
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click(
        position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    return nbformat.read(str(lab.course / path), as_version=4)


def images_shown(page_or_frame, selector="img"):
    """(number of images, number that loaded and have a size)."""
    return page_or_frame.evaluate(
        f"() => {{ const im = [...document.querySelectorAll({selector!r})]; "
        "return [im.length, im.filter(i => i.complete && i.naturalWidth > 0).length]; }")


# --- a student -----------------------------------------------------------------------------------

RELEASE = f"release/{A}/{A}.ipynb"


def test_run_all_stops_at_the_first_tests_cell_with_a_sentence(page, student_lab):
    """Run All on the untouched release: every cell before the first tests cell runs, that
    cell fails with an assert message that is a sentence, and Run All stops there."""
    open_notebook(page, student_lab, RELEASE)
    run_menu(page, "Run All Cells")
    wait_idle(page)
    nb = read(student_lab.course / RELEASE)
    first = cell_index(nb, "test_xor_data")
    err = error_of(page, first)
    assert "AssertionError" in err and re.search(r"[A-Za-z]{3,} .* [a-z]{3,}", err), err
    for i in range(first):
        assert not error_of(page, i), f"cell {i} failed before the first tests cell"
    prompts = cells(page).locator(".jp-InputPrompt").all_inner_texts()
    assert prompts[first + 1:] and all(re.search(r"\[\s*\]", p) or not p.strip()
                                       for p in prompts[first + 1:]), "Run All went on"


def test_typed_answer_and_load_lines_pass_their_tests(page, student_lab):
    """Typing the answer of a top-level cell, and %load in a function cell and in a top-level
    cell (uncomment the line, run twice): each exercise's tests cell then passes; a locked
    tests cell can be neither edited nor deleted; Validate reports the exercises not done."""
    nb = open_notebook(page, student_lab, RELEASE)
    master = read(source_path(ROOT, A))
    rel = read(student_lab.course / RELEASE)
    n_cells = cells(page).count()
    run_cell(page, 1)                                             # the imports
    # 1. typing the answer of xor_data (a top-level cell) in place of the whole cell
    i = cell_index(rel, "xor_data")
    answer = "\n".join(ln for ln in master.cells[cell_index(master, "xor_data")].source
                       .splitlines() if "### " not in ln)
    editor(page, i).click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(answer)
    run_cell(page, i)
    t = cell_index(rel, "test_xor_data")
    run_cell(page, t)
    assert not error_of(page, t), error_of(page, t)
    # 2. %load in a function cell (truth_table) and 3. in a top-level cell (gate_weights)
    for gid, tests in (("truth_table", "test_truth_table"), ("gate_weights", "test_gate_weights")):
        i = cell_index(rel, gid)
        for k in range(i + 1, cell_index(rel, tests)):      # cells between: given code
            if rel.cells[k].cell_type == "code":
                run_cell(page, k)
        line = cells(page).nth(i).locator(".cm-line").first
        assert line.inner_text().startswith("# %load ")
        line.click()
        page.keyboard.press("Home")
        page.keyboard.press("Delete")
        page.keyboard.press("Delete")
        run_cell(page, i)                                    # %load replaces the cell's text
        page.wait_for_function(
            f"() => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            f".jp-Cell')[{i}].querySelector('.cm-content').textContent.includes('### ') === "
            "false && document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) "
            f".jp-Cell')[{i}].querySelectorAll('.cm-line').length > 3")
        run_cell(page, i)                                    # defines the answer
        assert not error_of(page, i), error_of(page, i)
        run_cell(page, cell_index(rel, tests))
        assert not error_of(page, cell_index(rel, tests)), error_of(page, cell_index(rel, tests))
    # 4. a locked tests cell: typing changes nothing, deleting it is refused
    t = cell_index(rel, "test_truth_table")
    before = editor(page, t).inner_text()
    editor(page, t).click()
    page.keyboard.press("End")
    page.keyboard.type("x = 1")
    assert editor(page, t).inner_text() == before, "a locked tests cell was edited"
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    page.keyboard.press("d")
    page.wait_for_timeout(500)
    assert cells(page).count() == n_cells, "a locked tests cell was deleted"
    # 5. Validate: the notebook is saved, and the exercises not done are reported
    on_disk = saved(page, student_lab, RELEASE)
    assert "def truth_table" in on_disk.cells[cell_index(rel, "truth_table")].source
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar").get_by_text(
        "Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=CELL_TIMEOUT)
    text = dialog.inner_text()
    assert "Validation Results" in text and "The following cell failed" in text, text
    assert "threshold_unit" in text or "xor_" in text, text
    assert "def truth_table" not in text.split("The following cell failed")[1][:200]
    page.keyboard.press("Escape")
    assert not page.external, f"the page fetched from the network: {page.external[:3]}"


def test_a5_shows_progress_bars_and_figures_while_it_trains(page, student_lab):
    """The master of Assignment 5, run in JupyterLab: the fastprogress bars move while a
    network trains, the live graph's legend leaves the curves visible, and every figure
    appears."""
    path = "source/05_digits_mnist/05_digits_mnist.ipynb"
    open_notebook(page, student_lab, path)
    run_menu(page, "Run All Cells")
    bars = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) progress")
    bars.first.wait_for(timeout=300_000)
    seen = set()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(seen) < 3:
        values = page.evaluate("() => [...document.querySelectorAll("
                               "'.jp-NotebookPanel:not(.lm-mod-hidden) progress')]"
                               ".map(p => p.value)")
        seen.update(values)
        page.wait_for_timeout(200)
    assert len(seen) >= 3, f"the progress bars did not move: {seen}"
    wait_idle(page, timeout=600_000)
    errors = [error_of(page, i) for i in range(cells(page).count())]
    assert not any(errors), [e for e in errors if e][:1]
    n, shown = images_shown(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea img")
    master = read(ROOT / path)
    expected = sum("plt.show()" in c.source or "show_images(" in c.source or "plot_" in c.source
                   for c in master.cells if c.cell_type == "code" and not nbmeta(c).get("locked"))
    assert shown == n and n >= max(expected, 8), f"{shown} of {n} figures shown"
    n, shown = images_shown(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput img")
    figures = sum(c.source.count("![") for c in master.cells if c.cell_type == "markdown")
    assert figures >= 1 and n == figures and shown == n, \
        f"{shown} of {n} course figures shown; the notebook has {figures}"


# --- an instructor -----------------------------------------------------------------------------

class Course:
    def __init__(self, lab, bob_grade):
        self.lab, self.bob_grade = lab, bob_grade


@pytest.fixture(scope="module")
def instructor(tmp_path_factory):
    """A fresh clone; `python -m nncourse build 01_xor_encoding --no-run` (which registers it
    in the gradebook); bob's notebook, saved as 01_xor_encoding-Copy1.ipynb, graded by
    `python -m nncourse grade`; then ann's submission arrives, and JupyterLab starts."""
    scratch = tmp_path_factory.mktemp("instructor")
    course = fresh_copy(scratch / "course")
    run = dict(cwd=course, capture_output=True, text=True, timeout=900)
    proc = subprocess.run([sys.executable, "-m", "nncourse", "build", A, "--no-run"], **run)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    done = substitute_loads(read(course / RELEASE), course)   # a student's finished notebook
    bob = course / "submitted" / "bob" / A
    bob.mkdir(parents=True)
    nbformat.write(done, str(bob / f"{A}-Copy1.ipynb"))
    proc = subprocess.run([sys.executable, "-m", "nncourse", "grade", A, "--no-progress"], **run)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "submitted as" in proc.stdout and "class report:" in proc.stdout, proc.stdout
    ann = course / "submitted" / "ann" / A
    ann.mkdir(parents=True)
    nbformat.write(apply(done, WRONG_Y), str(ann / f"{A}.ipynb"))
    with Lab(course, scratch) as lab:
        yield Course(lab, proc.stdout)


def formgrader(page, lab, path):
    """Open a formgrader page (the first visit with the token logs the browser in)."""
    page.goto(lab.url("formgrader"))
    page.goto(f"http://127.0.0.1:{lab.port}/formgrader/{path}")
    page.wait_for_load_state("networkidle")


def press(page, row, column, student):
    """Click a formgrader button in a student's row and wait for its Success dialog."""
    row.locator(f"td.{column} a").click()
    dialog = page.locator(".modal-dialog").filter(has_text=re.compile("Success|Error"))
    dialog.wait_for(timeout=600_000)
    title, text = dialog.locator(".modal-title").inner_text(), dialog.inner_text()
    dialog.locator("button", has_text="OK").click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    assert "Success" in title, f"{column} of {student}: {text[:1500]}"


def test_formgrader_lists_every_assignment_on_a_fresh_clone(page, instructor):
    from nncourse import assignments
    lab = instructor.lab
    page.goto(lab.url("lab"))
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Formgrader$")).click()
    frame = page.frame_locator("iframe").first
    table = frame.locator("#main-table")
    for a in assignments(lab.course):
        table.get_by_text(a, exact=True).first.wait_for(timeout=CELL_TIMEOUT)
    body = frame.locator("body").inner_text()
    assert "exchange directory" not in body, "the exchange banner is shown"


def test_formgrader_autogrades_two_students_and_shows_their_flags(page, instructor):
    lab = instructor.lab
    formgrader(page, lab, f"manage_submissions/{A}")
    rows = page.locator("#main-table tr")

    def row(student):
        return rows.filter(has=page.locator("td.student-id", has_text=student)).first
    row("ann").wait_for()
    assert "needs autograding" in row("ann").inner_text()
    for student in ("ann", "bob"):     # bob: graded before as a renamed notebook
        press(page, row(student), "autograde", student)
    page.reload()
    row("ann").wait_for()
    out_of = FULL + 2                  # and Question 1.6, graded by hand
    score = {s: row(s).locator("td.score").inner_text().strip() for s in ("ann", "bob")}
    assert score == {"ann": f"{FULL - 2} / {out_of}", "bob": f"{FULL} / {out_of}"}, score
    status = {s: row(s).locator("td.status").inner_text().strip() for s in ("ann", "bob")}
    assert "needs autograding" not in " ".join(status.values()), status
    for student in ("ann", "bob"):
        press(page, row(student), "generate-feedback", student)
    for student in ("ann", "bob"):
        assert (lab.course / "feedback" / student / A / f"{A}.html").is_file()


def test_grading_view_feedback_and_autograded_notebook_show_figures_flags_and_math(
        page, instructor):
    lab = instructor.lab
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{lab.course / 'gradebook.db'}") as gb:
        sub = gb.find_submission_notebook(A, A, "bob")
        sid, flagged = sub.id, sub.flagged
    assert flagged
    # the formgrader's grading view
    formgrader(page, lab, f"submissions/{sid}/")
    body = page.locator("body").inner_text()
    assert "Flagged for review" in body and f"submitted as '{A}-Copy1.ipynb'" in body, body[:500]
    n, shown = images_shown(page, "#notebook img")
    assert n >= 4 and shown == n, f"grading view: {shown} of {n} figures shown"
    assert page.locator("math").count() > 5, "formulas are not MathML"
    assert not re.search(r"\$[^$\s][^$]*\\[a-z]+", body), "raw LaTeX in the grading view"
    # the feedback page, opened as a student opens the file they are sent
    hidden = [ln.strip() for c in read(source_path(ROOT, A)).cells
              for ln in c.source.split("### BEGIN HIDDEN TESTS")[1:] for ln in
              ln.split("### END HIDDEN TESTS")[0].splitlines() if len(ln.strip()) > 20]
    page.external.clear()
    page.goto((lab.course / "feedback" / "bob" / A / f"{A}.html").as_uri())
    page.wait_for_load_state("load")
    text = page.locator("body").inner_text()
    assert "submitted as" in text, "the feedback does not say why bob is flagged"
    assert not [h for h in hidden if h in text], "the feedback shows hidden tests"
    n, shown = images_shown(page)
    assert n >= 4 and shown == n, f"feedback: {shown} of {n} figures shown"
    assert page.locator("math").count() > 5
    external = [u for u in page.external if "mathjax" not in u.lower()]
    assert not external, external
    # the autograded notebook in JupyterLab
    open_notebook(page, lab, f"autograded/bob/{A}/{A}.ipynb")
    n, shown = images_shown(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput img")
    assert n >= 4 and shown == n, f"autograded notebook: {shown} of {n} figures shown"


def test_class_report_opens_offline(page, instructor):
    course = instructor.lab.course
    proc = subprocess.run([sys.executable, "-m", "nncourse", "report"], cwd=course,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page.external.clear()
    page.goto((course / "reports" / "index.html").as_uri())
    page.get_by_role("link", name=A).click()
    page.wait_for_load_state("load")
    text = page.locator("body").inner_text()
    assert "test_xor_data" in text and "50%" in text, text[:800]
    assert "submitted as" in text, "the flag's reason is not in the report"
    n, shown = images_shown(page)
    assert n >= 2 and shown == n
    assert not page.external, page.external
