"""nbgrader configuration for the course "Neural networks from scratch with numpy".

Works wherever the repository is cloned: the course root is the folder this file lives in.
A temporary course (the tests, the class grader) reuses this file with
``load_subconfig(<this file>)`` and then sets its own ``CourseDirectory.root``.
"""
import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)  # makes the course's own preprocessors (package nncourse) importable

# At batch sizes <= 64 one BLAS thread beats two, and on a busy grading machine two threads can
# be several times slower; kernels started by nbgrader inherit this environment.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = "nn-from-scratch"

# The exchange (nbgrader's release/collect folder) lives in the course, so JupyterLab's
# Assignments panel and the formgrader work on one machine without a shared /srv folder (set
# c.Exchange.root to your JupyterHub's exchange to use one). Ignored by git.
c.Exchange.root = os.path.join(HERE, "exchange")
try:
    os.makedirs(c.Exchange.root, exist_ok=True)
except OSError:
    pass

# Stubs: inside a function a region becomes a `raise`; at the top level of a cell (a config, given
# arrays) a comment, so the weak values above it keep the release runnable and a cell whose
# `# %load` line is uncommented replies `ok` (JupyterLab applies %load's payload only then).
from nbgrader.converters.generate_assignment import GenerateAssignment  # noqa: E402
from nbgrader.preprocessors import ClearSolutions  # noqa: E402
from nncourse.generate_ext import STUB_RAISE, ClearSolutionsKeepRunnable, EmbedImages  # noqa: E402

c.ClearSolutions.code_stub = {"python": STUB_RAISE}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearSolutionsKeepRunnable.code_stub = {"python": STUB_RAISE}
c.ClearSolutionsKeepRunnable.text_stub = "YOUR ANSWER HERE"
c.GenerateAssignment.preprocessors = [EmbedImages] + [
    ClearSolutionsKeepRunnable if p is ClearSolutions else p
    for p in GenerateAssignment.class_traits()["preprocessors"].default()]
# Figures travel inside the release notebooks as cell attachments, so they still show in the
# autograded notebook, the formgrader and the feedback; source/ links images/ (drawn by code).
c.EmbedImages.images_dir = os.path.join(HERE, "images")

# Time: each cell may use 60 s of CPU time (the student's own processes, measured in the sandbox,
# so a busy grading machine costs a correct student nothing); 10 minutes of wall time per cell
# catch a notebook that sleeps or waits; the whole notebook gets 15 min of CPU, 40 min in all.
# Every master cell takes a few seconds at most.
c.GuardedExecute.cpu_timeout = 60
c.Execute.timeout = 600
c.Execute.interrupt_on_timeout = True

# A student who deletes a tests cell gets it back at autograde time instead of escaping it.
c.OverwriteCells.add_missing_cells = True

# Grading hardened inside stock `nbgrader autograde` (nncourse/nbgrader_ext.py):
# - DropForgedMetadata: a cell the student added with made-up nbgrader metadata becomes an
#   ordinary cell instead of failing the student;
# - GuardedExecute runs every kernel in the sandbox (nncourse/sandbox.py: bubblewrap; no course
#   files, no network, private /tmp, limits), restores the test machinery before every tests
#   cell, proves with a canary that failing checks still fail, restarts a kernel that dies or
#   ignores interrupts, and flags what it found, in plain words, for review;
# - StderrToStdout: nbgrader scores a tests cell 0 as soon as anything reaches stderr, so a
#   correct solution that merely triggers a warning would lose its points. Stderr is no failure
#   in this course (failures are exceptions): it is relabelled stdout, prefixed "[stderr] ";
# - CapOutput: outputs are cut to 512 kB per cell and 5 MB per notebook, whatever their type.
from nncourse.nbgrader_ext import (  # noqa: E402
    CapOutput, DropForgedMetadata, FlagInGradebook, GuardedExecute, HideHiddenTests,
    StderrToStdout)
from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.converters.generate_feedback import GenerateFeedback  # noqa: E402
from nbgrader.preprocessors import Execute, SaveAutoGrades  # noqa: E402

from nbgrader.preprocessors import OverwriteCells  # noqa: E402
from nncourse.overwrite import OverwriteCellsQuietly  # noqa: E402

# OverwriteCellsQuietly: nbgrader's OverwriteCells without the "checksum has changed" warning it
# gives every tests cell with hidden tests (nbgrader #1961); a really edited locked cell is
# still reported, in words.
c.Autograde.sanitize_preprocessors = [DropForgedMetadata] + [
    OverwriteCellsQuietly if p is OverwriteCells else p
    for p in Autograde.class_traits()["sanitize_preprocessors"].default()]
c.Autograde.sanitize_preprocessors.append(EmbedImages)    # links of older notebooks too
_steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
_at = _steps.index(Execute)
_steps[_at:_at + 1] = [GuardedExecute, StderrToStdout, CapOutput]
_steps.insert(_steps.index(SaveAutoGrades) + 1, FlagInGradebook)
c.Autograde.autograde_preprocessors = _steps

# Feedback shows which checks failed and their messages, never the hidden tests (nbgrader #917).
c.GenerateFeedback.preprocessors = [HideHiddenTests] + list(
    GenerateFeedback.class_traits()["preprocessors"].default())

# Written answers graded by hand (nncourse/answers.py): after the grades are saved, the model
# answer and rubric from source/ go into an instructor-only cell after each answer (the
# formgrader shows them to the grader); the feedback drops those cells.
from nbgrader.preprocessors import SaveAutoGrades as _SaveAutoGrades  # noqa: E402
from nncourse.answers import DropInstructorOnly, ShowModelAnswers  # noqa: E402

_steps = list(c.Autograde.autograde_preprocessors)
_steps.insert(_steps.index(_SaveAutoGrades) + 1, ShowModelAnswers)
c.Autograde.autograde_preprocessors = _steps
c.GenerateFeedback.preprocessors = [DropInstructorOnly] + list(c.GenerateFeedback.preprocessors)

# Math without the network: nbconvert's pages (the feedback, the formgrader's grading view) load
# MathJax from a CDN; MathAsMathML turns each formula of a markdown cell into MathML, which the
# browser draws itself (nncourse/mathml.py).
from nncourse.mathml import MathAsMathML  # noqa: E402

c.HTMLExporter.preprocessors = [MathAsMathML]
