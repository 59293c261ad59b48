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

c.ClearSolutions.code_stub = {
    "python": (
        "# YOUR CODE HERE: replace the line below with your solution (the docstring says what to return).\n"
        'raise NotImplementedError("Exercise not done yet: write your solution in place of this line.")'
    )
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Per cell, in seconds. Every cell of the master notebooks finishes in a few seconds.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# A student who deletes a tests cell gets it back at autograde time instead of escaping it.
c.OverwriteCells.add_missing_cells = True

# nbgrader scores a tests cell 0 as soon as anything reaches stderr, so a correct solution
# that merely triggers a warning would lose its points. Stderr is no failure in this course:
# failures are exceptions. StderrToStdout relabels stderr as stdout after execution and
# before grades are saved (the text stays visible, prefixed with "[stderr] ").
from nncourse.nbgrader_ext import StderrToStdout  # noqa: E402
from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.preprocessors import Execute  # noqa: E402

_steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
_steps.insert(_steps.index(Execute) + 1, StderrToStdout)
c.Autograde.autograde_preprocessors = _steps
