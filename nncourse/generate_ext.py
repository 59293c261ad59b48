"""Preprocessors of ``nbgrader generate_assignment`` (plugged in by nbgrader_config.py).

``ClearSolutionsKeepRunnable`` is nbgrader's ClearSolutions with one difference: a solution
region at the top level of a cell (not inside a function or class) becomes a comment, not a
``raise``. Such cells (a config dict, given arrays) hold weak but valid values above the region,
so an untouched release runs top to bottom, and a cell whose ``# %load`` line is uncommented
replies ``ok``: JupyterLab and Notebook 7 apply %load's replacing payload only then.

``EmbedImages`` turns the course's figure links into cell attachments in the release (below).
"""
import base64
import mimetypes
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import ClearSolutions
from traitlets import Bool, Unicode

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


IMAGE_LINK = re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))"
                        r"|(<img[^>]*\ssrc=\")([^\"]+)(\")")
COURSE_IMAGES = "../../images/"


class EmbedImages(Preprocessor):
    """Each figure a markdown cell links (``![alt](../../images/x.png)``) travels inside the
    notebook as a cell attachment (``![alt](attachment:x.png)``), so it still shows once the
    notebook is graded: in the autograded notebook opened in JupyterLab, in the formgrader's
    grading view and in the feedback page, none of which sits next to ``images/``.

    ``source/`` keeps the links (one copy of every figure, in ``images/``, drawn by code);
    the release notebooks get the attachments, and so does a submitted notebook that still
    has links (a master, an older release) when it is autograded."""

    enabled = Bool(True).tag(config=True)
    images_dir = Unicode("", help="the course's images/ folder (links ../../images/NAME are "
                                  "read from it)").tag(config=True)

    def _file(self, link):
        """The file of images/ a link names, or None (only course figures are embedded: a
        notebook a student submits cannot make the grader embed another file)."""
        name = link[len(COURSE_IMAGES):] if link.startswith(COURSE_IMAGES) else ""
        if not self.images_dir or not re.fullmatch(r"[\w.-]+\.(png|jpe?g|gif|svg)", name):
            return None
        path = Path(self.images_dir) / name
        return path if path.is_file() and not path.is_symlink() else None

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "markdown":
            return cell, resources

        def embed(m):
            head, link, tail = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            path = self._file(link)
            if path is None:
                return m[0]
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            cell.setdefault("attachments", {})[path.name] = {
                mime: base64.b64encode(path.read_bytes()).decode("ascii")}
            return f"{head}attachment:{path.name}{tail}"

        cell.source = IMAGE_LINK.sub(embed, cell.source)
        return cell, resources
