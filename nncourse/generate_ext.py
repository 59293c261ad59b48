"""Preprocessors of ``nbgrader generate_assignment`` (plugged in by nbgrader_config.py).

``ClearSolutionsKeepRunnable`` is nbgrader's ClearSolutions with one difference: a solution
region at the top level of a cell (not inside a function or class) becomes a comment, not a
``raise``. Such cells (a config dict, given arrays) hold weak but valid values above the region,
so an untouched release runs top to bottom, and a cell whose ``# %load`` line is uncommented
replies ``ok``: JupyterLab and Notebook 7 apply %load's replacing payload only then.
"""
import re

from nbgrader.preprocessors import ClearSolutions
from traitlets import Unicode

STUB_RAISE = (
    "# YOUR CODE HERE: replace the line below with your solution.\n"
    'raise NotImplementedError("Exercise not done yet: write your solution in place of this '
    'line. (Loaded the answer with %load? Run its cell once more.)")')
STUB_TOP_LEVEL = "# YOUR CODE HERE (the values above run, but they are not good enough)"


class ClearSolutionsKeepRunnable(ClearSolutions):
    top_level_stub = Unicode(STUB_TOP_LEVEL, help="Replaces a solution region at the top level "
                             "of a code cell").tag(config=True)

    def _replace_solution_region(self, cell, language):
        if cell.cell_type != "code":
            return super()._replace_solution_region(cell, language)
        new_lines, in_solution, replaced = [], False, False
        for line in cell.source.split("\n"):
            if self.begin_solution_delimeter in line:
                if in_solution:
                    raise RuntimeError("encountered nested begin solution statements")
                in_solution = replaced = True
                indent = re.match(r"\s*", line).group(0)
                stub = self.code_stub[language] if indent else self.top_level_stub
                new_lines += [indent + s for s in stub.split("\n")]
            elif self.end_solution_delimeter in line:
                in_solution = False
            elif not in_solution:
                new_lines.append(line)
        if in_solution:
            raise RuntimeError("no end solution statement found")
        cell.source = "\n".join(new_lines)
        return replaced
