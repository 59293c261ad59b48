"""Math that renders offline in the feedback pages and the formgrader.

nbconvert's HTML pages (nbgrader's feedback, the formgrader's grading view) load MathJax from a
CDN: offline, or on a campus that blocks it, every formula shows as raw LaTeX. This nbconvert
preprocessor (``c.HTMLExporter.preprocessors`` in nbgrader_config.py) replaces each ``$...$``
and ``$$...$$`` of a markdown cell by MathML (latex2mathml), which browsers draw natively; the
rest of the cell, and code spans and blocks, are left as they are. A formula latex2mathml cannot
read stays LaTeX.
"""
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

SPANS = re.compile(
    r"(?P<fence>^(?P<tick>```+|~~~+)[^\n]*\n.*?^(?P=tick)[ \t]*$)"     # fenced code block
    r"|(?P<code>(?P<bt>`+).+?(?P=bt))"                                 # inline code
    r"|(?<!\\)\$\$(?P<display>.+?)\$\$"                                # $$ display $$
    r"|(?<![\\$])\$(?![\s$])(?P<inline>(?:[^$\\\n]|\\.)+?)(?<![\s\\])\$(?!\d)",  # $ inline $
    re.S | re.M)


def to_mathml(tex, display=False):
    from latex2mathml.converter import convert
    return convert(tex.strip(), display="block" if display else "inline")


def convert_math(source):
    def one(m):
        if m["fence"] or m["code"]:
            return m[0]
        tex, display = (m["display"], True) if m["display"] is not None else (m["inline"], False)
        try:
            return to_mathml(tex, display)
        except Exception:       # left as LaTeX: MathJax, where it loads, still draws it
            return m[0]
    return SPANS.sub(one, source)


class MathAsMathML(Preprocessor):
    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = convert_math(cell.source)
        return cell, resources
