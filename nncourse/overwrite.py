"""nbgrader's OverwriteCells without its false alarm (nbgrader #1961).

Stock ``nbgrader autograde`` warns "Attribute 'checksum' for cell test_x has changed!" for every
tests cell that has hidden tests: the gradebook holds the master's checksum (hidden tests
included) and the student's notebook holds the release's cell (hidden tests removed), so they
never match, edited or not. Here the student's cell is compared with the release's version of
the master cell: when they match, nothing is said; when the student changed a locked cell, the
warning says so in words. Either way the master's cell is put back, as nbgrader does.
"""
from nbgrader.preprocessors import OverwriteCells


def without_hidden_tests(source, begin="### BEGIN HIDDEN TESTS", end="### END HIDDEN TESTS"):
    kept, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def _same(a, b):
    return [ln.rstrip() for ln in a.strip().splitlines()] == \
        [ln.rstrip() for ln in b.strip().splitlines()]


class OverwriteCellsQuietly(OverwriteCells):
    def preprocess_cell(self, cell, resources, cell_index):
        self._as_released = None
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid is not None:
            try:
                master = self.gradebook.find_source_cell(gid, self.notebook_id, self.assignment_id)
                self._as_released = _same(cell.source, without_hidden_tests(master.source))
            except Exception:   # MissingEntry: stock nbgrader reports it
                pass
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and self._as_released:
            self.log.debug("Cell %s is the released version (hidden tests put back)", name)
        elif attr == "checksum":
            self.log.warning("Locked cell %s was changed in the submission: the course's "
                             "version was put back and graded", name)
        else:
            super().report_change(name, attr, old, new)
