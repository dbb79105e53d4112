"""The English words of a class's question sheets and report (questions.*, report.*)."""

MESSAGES = {
    # --- the question sheet (templates/questions.tex.j2, derive/classroom/) -------------------------------
    "questions.author": "Questions",
    "questions.author_for": "Questions for {{student}}",
    "questions.compute": "What to compute",
    "questions.instructions": ("Work out every number below, keeping full precision between the steps and writing each "
                               "result to\n{{digits}} significant digits. Then type your numbers into {{claims}} under "
                               "the key each row gives\n(\\texttt{derive check} marks them: a number that follows from "
                               "your own earlier, wrong one counts as\ncarried, not wrong)."),
    "questions.claims_default": "the claims file of \\texttt{derive claims}",
    "questions.too_large": ("This problem is too large to work every sample by hand: only each iteration's loss, mean "
                            "gradients and\nupdates are asked for."),
    # a number's blank after its symbol and key: the "=" between the key and the blank, on the side the line is read from
    "questions.answer": "$= {{blank}}$",
    "questions.variant": " (variant {{student}})",  # plain text, not LaTeX: it ends the title of a student's variant

    # --- the class report (derive report: templates/report.html.j2 and report.tex.j2, derive/classroom/report/) ---
    "report.title": "Class report",
    "report.scores": "Scores",
    "report.scores_text": ("{{graded}} of {{students}} students graded; mean score {{mean}}, median {{median}} "
                           "(percent of the numbers asked)."),
    "report.steps": "Step by step",
    "report.steps_text": ("For every step of the derivation, in the order of the sheet: the share of students whose "
                          "numbers are correct, carried (right from their own earlier numbers), wrong, or not given."),
    "report.first_errors": "Where the first error lies",
    "report.first_errors_text": "The steps where most students' first wrong number lies.",
    "report.no_errors": "No student wrote a wrong number.",
    "report.lowest": "The lowest scores",
    "report.step": "step",
    "report.student": "student",
    "report.first_wrong": "first wrong key",
    "report.mean": "mean",
    "report.median": "median",
    "report.score": "score (percent)",
    "report.students": "students",
    "report.share": "students (percent)",
    "report.correct": "correct",
    "report.carried": "carried",
    "report.wrong": "wrong",
    "report.blank": "not given",
    "report.forward": "forward",
    "report.backward": "backward",
    "report.update": "update",
}
