"""``python -m nncourse report [assignment...]``: the class report, for instructors.

Reads the course's gradebook.db and the autograded notebooks, and writes into reports/ one
self-contained HTML page per assignment (no network: styles inline, figures embedded as PNG)
and a course overview, ``reports/index.html``:

- the score distribution (autograded tests cells; written answers are counted apart);
- per tests cell: pass rate (full points), mean points, an item analysis as Gradescope's
  question statistics give it — difficulty (share of the points the class earned) and
  discrimination (correlation of the cell's score with the rest of the notebook's, and the
  share passing among the top 27 % minus the bottom 27 %) — and the most common failure
  messages (first line of the error, counted);
- flagged students with the grader's reasons, submissions the grader could not grade (with the
  reason, from the last ``python -m nncourse grade``), students below half marks;
- time per notebook (CPU and wall seconds recorded by the grader);
- written answers: how many wait for a grader.

The pages hold students' names and hidden-test messages: reports/ is ignored by git; never
publish it.
"""
import base64
import html
import io
import json
import math
from pathlib import Path

from . import ROOT

FAILURES = "grading-failures.json"    # reports/<this>: why a submission could not be graded


# --- data ------------------------------------------------------------------------------------

def _first_line(text):
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    return lines[0][:200] if lines else ""


def _tests_cells(nb):
    from .notebooks import is_tests, nbmeta
    return {nbmeta(c)["grade_id"]: c for c in nb.cells if is_tests(c)}


def failure_messages(nb):
    """{tests cell grade_id: "ErrorName: first line of its message"} of an autograded notebook."""
    found = {}
    for gid, cell in _tests_cells(nb).items():
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                msg = _first_line(out.get("evalue", ""))
                found[gid] = f"{out.get('ename', 'Error')}: {msg}" if msg else out.get("ename")
                break
    return found


def gradebook(course, db=None):
    """The gradebook's URL: ``db``, else the course's nbgrader config, else its gradebook.db."""
    from .classgrade import course_config, gradebook_url
    return gradebook_url(course, course_config(course), db)


def class_data(course, assignment, db=None):
    """The class's results on one assignment, as pandas tables:

    - ``cells``: one row per (student, graded cell): student, cell, points, max_points,
      written (a written answer), pending (waits for a grader);
    - ``students``: one row per graded student: score and max_score (tests cells), written
      and written_max, flagged, flags, cpu_seconds, wall_seconds, timed_out;
    - ``failures``: one row per failed tests cell: student, cell, message;
    - ``order``: the graded cells in notebook order with their exercise's label.
    """
    import pandas as pd
    from nbgrader.api import Gradebook, MissingEntry
    from .nbgrader_ext import grading_info
    from .notebooks import items, nbmeta, read, source_path

    course = Path(course)
    master = read(source_path(course, assignment))
    order = [(nbmeta(c)["grade_id"], it.label, it.kind == "Question")
             for it in items(master) for c in it.graded]
    rows, students, fails = [], [], []
    with Gradebook(gradebook(course, db)) as gb:
        try:
            subs = gb.assignment_submissions(assignment)
        except MissingEntry:
            subs = []
        for sub in subs:
            sid = sub.student.id
            graded_nb = course / "autograded" / sid / assignment / f"{assignment}.ipynb"
            nb = read(graded_nb) if graded_nb.is_file() else None
            info = grading_info(nb) if nb is not None else {}
            score = max_score = written = written_max = 0.0
            for nbsub in sub.notebooks:
                for g in nbsub.grades:
                    is_written = g.cell.cell_type == "markdown"
                    pending = g.auto_score is None and g.manual_score is None
                    pts = float("nan") if pending and not is_written else \
                        0.0 if pending else float(g.score)
                    rows.append(dict(student=sid, cell=g.name, points=pts,
                                     max_points=float(g.max_score), written=is_written,
                                     pending=pending))
                    if is_written:
                        written += 0.0 if pending else float(g.score)
                        written_max += float(g.max_score)
                    else:
                        score += 0.0 if math.isnan(pts) else pts
                        max_score += float(g.max_score)
            flagged = any(n.flagged for n in sub.notebooks)
            students.append(dict(student=sid, score=score, max_score=max_score,
                                 written=written, written_max=written_max, flagged=flagged,
                                 flags=info.get("flags", []),
                                 cpu_seconds=info.get("cpu_seconds"),
                                 wall_seconds=info.get("wall_seconds"),
                                 timed_out=bool(info.get("timed_out"))))
            if nb is not None:
                for gid, msg in failure_messages(nb).items():
                    fails.append(dict(student=sid, cell=gid, message=msg))
    cells = pd.DataFrame(rows, columns=["student", "cell", "points", "max_points", "written",
                                        "pending"])
    studs = pd.DataFrame(students, columns=["student", "score", "max_score", "written",
                                            "written_max", "flagged", "flags", "cpu_seconds",
                                            "wall_seconds", "timed_out"])
    failures = pd.DataFrame(fails, columns=["student", "cell", "message"])
    return dict(cells=cells, students=studs, failures=failures,
                order=pd.DataFrame(order, columns=["cell", "item", "written"]))


def item_analysis(data):
    """One row per tests cell, in notebook order: item, points, pass rate, mean points,
    difficulty, discrimination (corrected item-total correlation) and the upper-lower index."""
    import numpy as np
    import pandas as pd
    cells = data["cells"]
    auto = cells[~cells.written]
    order = data["order"][~data["order"].written]
    if auto.empty:
        return pd.DataFrame(columns=["cell", "item", "max_points", "students", "pass_rate",
                                     "mean_points", "difficulty", "discrimination",
                                     "upper_lower"])
    table = auto.pivot_table(index="student", columns="cell", values="points",
                             aggfunc="first").fillna(0.0)
    maxes = auto.groupby("cell").max_points.first()
    total = table.sum(axis=1)
    k = max(1, int(round(0.27 * len(table))))
    ranked = total.sort_values(kind="stable")
    low, high = ranked.index[:k], ranked.index[-k:]
    rows = []
    for _, r in order.iterrows():
        if r.cell not in table:
            continue
        x, m = table[r.cell], maxes[r.cell]
        rest = total - x
        disc = float(np.corrcoef(x, rest)[0, 1]) if x.std() > 0 and rest.std() > 0 else math.nan
        full = (x >= m - 1e-9)
        rows.append(dict(cell=r.cell, item=r["item"], max_points=m, students=len(x),
                         pass_rate=float(full.mean()), mean_points=float(x.mean()),
                         difficulty=float(x.mean() / m) if m else math.nan,
                         discrimination=disc,
                         upper_lower=float(full[high].mean() - full[low].mean())))
    return pd.DataFrame(rows)


def common_failures(data, top=3):
    """{cell: [(message, count), ...]} the most common failure messages of each tests cell."""
    f = data["failures"]
    out = {}
    for cell, group in f.groupby("cell", sort=False):
        counts = group.message.value_counts()
        out[cell] = [(m, int(n)) for m, n in counts.head(top).items()]
    return out


# --- figures ---------------------------------------------------------------------------------

def _png(fig):
    import matplotlib.pyplot as plt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figures(data, items):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figs = {}
    s = data["students"]
    if not s.empty and s.max_score.max() > 0:
        fig, ax = plt.subplots(figsize=(6.4, 3.0))
        top = float(s.max_score.max())
        import numpy as np
        bins = np.arange(-0.5, top + 1.5) if top <= 40 else np.linspace(0, top, 21)
        ax.hist(s.score, bins=bins, color="C0", edgecolor="white")
        ax.set_xlabel(f"score on the tests cells (out of {top:g})")
        ax.set_ylabel("students")
        ax.spines[["top", "right"]].set_visible(False)
        figs["scores"] = _png(fig)
    if not items.empty:
        fig, ax = plt.subplots(figsize=(6.4, 0.35 * len(items) + 0.9))
        y = range(len(items))[::-1]
        ax.barh(list(y), items.pass_rate, color=["C1" if p < 0.5 else "C0"
                                                 for p in items.pass_rate])
        ax.set_yticks(list(y), items.cell)
        ax.set_xlim(0, 1)
        ax.set_xlabel("pass rate (share of students with full points)")
        ax.spines[["top", "right"]].set_visible(False)
        figs["pass"] = _png(fig)
    t = s.dropna(subset=["cpu_seconds"]) if not s.empty else s
    if not t.empty:
        fig, ax = plt.subplots(figsize=(6.4, 2.6))
        ax.hist(t.cpu_seconds, bins=20, color="C0", edgecolor="white")
        ax.set_xlabel("CPU seconds per notebook (whole notebook, in the grader)")
        ax.set_ylabel("students")
        ax.spines[["top", "right"]].set_visible(False)
        figs["time"] = _png(fig)
    return figs


# --- HTML ------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:2em auto;
max-width:70em;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.low{background:#fde9c4}.note{color:#555;font-size:.9em}img{max-width:100%}
"""


def _e(x):
    return html.escape(str(x))


def _num(x, fmt="{:.2f}"):
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else fmt.format(x)


def _page(title, body):
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>\n{body}\n"
            "</body></html>\n")


def _table(head, rows, classes=None):
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        out.append(f"<tr{cls}>" + "".join(
            f'<td class="num">{c[1]}</td>' if isinstance(c, tuple) else f"<td>{c}</td>"
            for c in row) + "</tr>")
    return "\n".join(out) + "</table>"


def _failed_submissions(course, out_dir, assignment, data):
    """[(student, reason)]: what the last grade run could not grade, and submissions in
    submitted/ without any grade."""
    saved = {}
    path = Path(out_dir) / FAILURES
    if path.is_file():
        saved = json.loads(path.read_text()).get(assignment, {})
    graded = set(data["students"].student)
    found = dict(saved)
    sub = Path(course) / "submitted"
    if sub.is_dir():
        for sdir in sorted(p for p in sub.iterdir() if p.is_dir()):
            if (sdir / assignment).is_dir() and sdir.name not in graded \
                    and sdir.name not in found:
                found[sdir.name] = "submitted, but not graded yet (python -m nncourse grade)"
    return sorted(found.items())


def assignment_page(course, assignment, out_dir, db=None):
    """Write reports/<assignment>.html; returns its summary row for the overview."""
    data = class_data(course, assignment, db)
    items = item_analysis(data)
    common = common_failures(data)
    figs = _figures(data, items)
    s = data["students"]
    n = len(s)
    top = float(s.max_score.max()) if n else 0.0
    pct = (100 * s.score / s.max_score.where(s.max_score > 0)) if n else s.score
    failed = _failed_submissions(course, out_dir, assignment, data)
    parts = [f"<h1>Class report — {_e(assignment)}</h1>",
             f'<p class="note">{n} graded students; <a href="index.html">all assignments</a>. '
             "Scores count the autograded tests cells; written answers are listed apart. "
             "This page holds students' names and hidden-test messages: keep it to the "
             "course staff.</p>"]
    if n:
        parts.append(_table(["students", "mean", "median", "min", "max", "out of"], [[
            (str(n)), (_num(s.score.mean())), (_num(s.score.median())), (_num(s.score.min())),
            (_num(s.score.max())), (f"{top:g}")]]))
    parts.append("<h2>Score distribution</h2>")
    parts.append(f'<img alt="score distribution" src="{figs["scores"]}">' if "scores" in figs
                 else "<p>No graded submissions.</p>")
    parts.append("<h2>Tests cells: pass rate and item analysis</h2>")
    parts.append(
        '<p class="note">Pass rate: share of students with full points on the cell. '
        "Difficulty: share of the cell's points the class earned (1 = everyone passed). "
        "Discrimination: correlation of the cell's score with the score on the other cells "
        "(near 0 or negative: the cell does not separate strong from weak submissions; "
        "blank when everyone scored the same). Upper − lower: pass rate of the top 27 % minus "
        "that of the bottom 27 %. Highlighted: pass rate below one half.</p>")
    if "pass" in figs:
        parts.append(f'<img alt="pass rate per tests cell" src="{figs["pass"]}">')
    rows, classes = [], []
    for _, r in items.iterrows():
        msgs = "<br>".join(f"{c}× {_e(m)}" for m, c in common.get(r.cell, [])) or "—"
        rows.append([f"<code>{_e(r.cell)}</code><br>{_e(r['item'])}",
                     (_num(r.max_points, "{:g}")), (_num(r.pass_rate, "{:.0%}")),
                     (_num(r.mean_points)), (_num(r.difficulty)), (_num(r.discrimination)),
                     (_num(r.upper_lower, "{:+.2f}")), msgs])
        classes.append("low" if r.pass_rate < 0.5 else "")
    parts.append(_table(["tests cell", "points", "pass rate", "mean points", "difficulty",
                         "discrimination", "upper − lower", "most common failure messages"],
                        rows, classes))
    flagged = s[s["flagged"] | s["flags"].map(bool)] if n else s
    parts.append(f"<h2>Flagged for review ({len(flagged)})</h2>")
    parts.append('<p class="note">The grader noticed something a correct submission never '
                 "needs (see the README, <i>What a flagged student means</i>); open the "
                 "autograded notebook in the formgrader and decide.</p>")
    if len(flagged):
        parts.append(_table(["student", "score", "reasons"], [
            [_e(r.student), (_num(r.score, "{:g}")),
             "<br>".join(_e(f) for f in r["flags"]) or "flagged in the gradebook"]
            for _, r in flagged.iterrows()]))
    parts.append(f"<h2>Not graded ({len(failed)})</h2>")
    if failed:
        parts.append(_table(["student", "reason"], [[_e(st), _e(why)] for st, why in failed]))
    low = s[pct < 50] if n else s
    parts.append(f"<h2>Below half marks ({len(low)})</h2>")
    if len(low):
        parts.append(_table(["student", "score", "failed tests cells"], [
            [_e(r.student), (_num(r.score, "{:g}")),
             ", ".join(f"<code>{_e(c)}</code>" for c in
                       data["failures"][data["failures"].student == r.student].cell)]
            for _, r in low.sort_values("score").iterrows()]))
    parts.append("<h2>Time per notebook</h2>")
    t = s.dropna(subset=["cpu_seconds"]) if n else s
    if len(t):
        parts.append(_table(["", "median", "90th percentile", "max"], [
            ["CPU seconds", (_num(t.cpu_seconds.median(), "{:.1f}")),
             (_num(t.cpu_seconds.quantile(0.9), "{:.1f}")), (_num(t.cpu_seconds.max(), "{:.1f}"))],
            ["wall seconds", (_num(t.wall_seconds.median(), "{:.1f}")),
             (_num(t.wall_seconds.quantile(0.9), "{:.1f}")),
             (_num(t.wall_seconds.max(), "{:.1f}"))]]))
        parts.append(f'<img alt="CPU seconds per notebook" src="{figs["time"]}">')
        slow = t.sort_values("cpu_seconds", ascending=False).head(5)
        parts.append("<p>Slowest: " + ", ".join(
            f"{_e(r.student)} ({r.cpu_seconds:.1f} s CPU"
            + (", ran out of time" if r.timed_out else "") + ")"
            for _, r in slow.iterrows()) + "</p>")
    else:
        parts.append("<p>No times recorded.</p>")
    cells = data["cells"]
    written = cells[cells.written]
    if not written.empty:
        parts.append("<h2>Written answers (graded by hand)</h2>")
        rows = []
        for cell, g in written.groupby("cell", sort=False):
            done = g[~g.pending]
            rows.append([f"<code>{_e(cell)}</code>", (str(len(g))), (str(int(g.pending.sum()))),
                         (_num(done.points.mean()) if len(done) else "—"),
                         (_num(g.max_points.iloc[0], "{:g}"))])
        parts.append(_table(["answer cell", "students", "wait for a grader", "mean (graded)",
                             "points"], rows))
    out = Path(out_dir) / f"{assignment}.html"
    out.write_text(_page(f"Class report — {assignment}", "\n".join(parts)))
    hardest = items.sort_values("pass_rate", kind="stable").iloc[0] if len(items) else None
    return dict(assignment=assignment, students=n, mean=s.score.mean() if n else math.nan,
                median=s.score.median() if n else math.nan, out_of=top,
                flagged=len(flagged), not_graded=len(failed),
                hardest=None if hardest is None else (hardest.cell, hardest.pass_rate),
                percent=dict(zip(s.student, pct)) if n else {})


def overview(rows, out_dir):
    body = ["<h1>Class report</h1>",
            '<p class="note">One page per assignment; scores count the autograded tests '
            "cells. Made by <code>python -m nncourse report</code> from gradebook.db and "
            "autograded/.</p>"]
    body.append(_table(["assignment", "students", "mean", "median", "out of", "flagged",
                        "not graded", "hardest tests cell (pass rate)"], [
        [f'<a href="{_e(r["assignment"])}.html">{_e(r["assignment"])}</a>',
         (str(r["students"])), (_num(r["mean"])), (_num(r["median"])),
         (_num(r["out_of"], "{:g}")), (str(r["flagged"])), (str(r["not_graded"])),
         "—" if not r["hardest"] else
         f'<code>{_e(r["hardest"][0])}</code> ({r["hardest"][1]:.0%})']
        for r in rows]))
    students = sorted({s for r in rows for s in r["percent"]})
    if students:
        body.append("<h2>Students (percent of the tests cells' points)</h2>")
        body.append(_table(["student"] + [r["assignment"] for r in rows], [
            [_e(st)] + [(_num(r["percent"].get(st), "{:.0f}")) for r in rows]
            for st in students]))
    path = Path(out_dir) / "index.html"
    path.write_text(_page("Class report", "\n".join(body)))
    return path


def graded_assignments(course, db=None):
    """Assignments of the course's gradebook that have submissions, in course order."""
    from nbgrader.api import Gradebook
    from . import assignments as all_assignments
    url = gradebook(course, db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        return []
    with Gradebook(url) as gb:
        names = {a.name for a in gb.assignments if a.submissions}
    return [a for a in all_assignments(course) if a in names]


def save_failures(out_dir, outcomes):
    """Keep why the last grade run could not grade a submission, for the report."""
    path = Path(out_dir) / FAILURES
    saved = json.loads(path.read_text()) if path.is_file() else {}
    for o in outcomes:
        mine = saved.setdefault(o.assignment, {})
        if o.error:
            mine[o.student] = o.error
        else:
            mine.pop(o.student, None)
    path.write_text(json.dumps(saved, indent=1, sort_keys=True))


def report(course=ROOT, assignments=None, out="reports", log=print, outcomes=None, db=None):
    """Write the pages; returns the overview's path (None when nothing was graded)."""
    course = Path(course)
    out_dir = Path(out) if Path(out).is_absolute() else course / out
    out_dir.mkdir(parents=True, exist_ok=True)
    if outcomes is not None:
        save_failures(out_dir, outcomes)
    names = assignments or graded_assignments(course, db)
    if not names:
        log("report: nothing graded yet (python -m nncourse grade first)")
        return None
    rows = []
    for a in names:
        rows.append(assignment_page(course, a, out_dir, db))
        log(f"report: {out_dir / (a + '.html')}")
    path = overview(rows, out_dir)
    log(f"report: {path}")
    return path
