"""The section a quantity comes under in claims files, marked sheets and question sheets."""


def section(q):
    """The heading a quantity comes under, in claims files and marked sheets."""
    if q.template is None:
        return f"iteration {q.iteration}: parameters"
    if q.role in ("param", "state"):
        return f"iteration {q.iteration - (q.role == 'param')}: update"
    if q.sample:
        return f"iteration {q.iteration}, sample {q.sample}"
    return f"iteration {q.iteration}"


def section_title(msg, q):
    """The heading of section(q) in a sheet (marked sheet, question sheet), in the language of `msg` (a Messages)."""
    if q.template is None:
        return msg("check.section.parameters", t=q.iteration)
    if q.role in ("param", "state"):
        return msg("check.section.update", t=q.iteration - (q.role == "param"))
    if q.sample:
        return msg("check.section.sample", t=q.iteration, i=q.sample)
    return msg("check.section.iteration", t=q.iteration)
