"""Preprocessors the course plugs into stock nbgrader through nbgrader_config.py."""
from nbgrader.preprocessors import NbGraderPreprocessor

STDERR_PREFIX = "[stderr] "


class StderrToStdout(NbGraderPreprocessor):
    """Relabel stderr stream outputs as stdout so a warning cannot cost a correct answer its points.

    nbgrader scores a tests cell 0 when any stderr output is present. In this course a failed
    check is an exception (an ``error`` output), never text on stderr, so a warning printed by a
    correct solution (a numpy RuntimeWarning, a deprecation notice) must not change the grade.
    Each stderr line stays visible in the autograded notebook and the feedback, prefixed with
    ``[stderr] ``.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
                    output.text = "".join(
                        STDERR_PREFIX + line for line in output.text.splitlines(keepends=True)
                    )
        return cell, resources
