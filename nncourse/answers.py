"""Written answers graded by hand: the model answer and rubric reach the instructor, never the
student.

A written answer is a markdown cell with nbgrader metadata ``solution: true, grade: true`` whose
master source holds the model answer and rubric in a ``### BEGIN SOLUTION`` region (made by
``authoring.question``). The release shows "YOUR ANSWER HERE"; nbgrader's gradebook keeps only
that stub. Two preprocessors, plugged in by nbgrader_config.py:

- ``ShowModelAnswers`` (``nbgrader autograde``, after ``SaveAutoGrades``): right after each
  written-answer cell of the autograded notebook, an instructor-only markdown cell with the model
  answer and rubric, read from the master in the course's ``source/``. The formgrader renders the
  autograded notebook, so the grader reads them next to the student's answer.
- ``DropInstructorOnly`` (``nbgrader generate_feedback``, first): removes those cells, so the
  feedback the student gets holds no model answer and no rubric.

Instructor-only cells carry ``{"nncourse": {"instructor_only": true}}`` in their metadata. A cell
with that mark in a *submission* is a forgery (a student's text posing as the model answer): it is
removed before the real ones are inserted.
"""
import os

import nbformat
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor

from .nbgrader_ext import _FeedbackStep
from .notebooks import BEGIN_SOLUTION, END_SOLUTION, is_answer, items, nbmeta, regions

KEY = "nncourse"


def is_instructor_only(cell):
    return bool(cell.get("metadata", {}).get(KEY, {}).get("instructor_only", False))


def model_answers(master):
    """{grade_id: markdown for the grader} for every written-answer cell of a master notebook."""
    try:
        labelled = [(it.label, cell) for it in items(master) for cell in it.answers]
    except ValueError:  # a graded cell before any heading (`check` reports it): no labels
        labelled = [("A written answer", cell) for cell in master.cells if is_answer(cell)]
    out = {}
    for label, cell in labelled:
        gid = nbmeta(cell)["grade_id"]
        body = "\n\n".join("\n".join(block).strip()
                           for block in regions(cell.source, BEGIN_SOLUTION, END_SOLUTION))
        out[gid] = (f"**For the grader only: never shown to the student.** {label}, "
                    f"answer cell `{gid}`.\n\n{body}")
    return out


def instructor_cell(gid, text):
    cell = new_markdown_cell(text, metadata={KEY: {"instructor_only": True}})
    cell.id = f"{gid}-model-answer"[:64]
    return cell


class ShowModelAnswers(NbGraderPreprocessor):
    """After SaveAutoGrades: the model answer and rubric of each written answer, in an
    instructor-only cell right after the student's answer (the formgrader shows both)."""

    def _master(self, resources):
        from nbgrader.coursedir import CourseDirectory
        info = resources["nbgrader"]
        course = CourseDirectory(config=self.config)
        folder = course.format_path(course.source_directory, ".", info["assignment"])
        return os.path.join(folder, f"{info['notebook']}.ipynb")

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if not is_instructor_only(c)]  # forged by a student
        path = self._master(resources)
        if not os.path.exists(path):
            self.log.warning("ShowModelAnswers: no master notebook at %s", path)
            return nb, resources
        wanted = model_answers(nbformat.read(path, as_version=4))
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            gid = nbmeta(cell).get("grade_id")
            if is_answer(cell) and gid in wanted:
                cells.append(instructor_cell(gid, wanted.pop(gid)))
        for gid, text in wanted.items():  # the student's answer cell is missing
            cells.append(instructor_cell(gid, f"(No answer cell `{gid}` in the submission.)\n\n"
                                              + text))
        nb.cells = cells
        return nb, resources


class DropInstructorOnly(_FeedbackStep):
    """For feedback: remove the instructor-only cells (model answers, rubrics)."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if not is_instructor_only(c)]
        return nb, resources
