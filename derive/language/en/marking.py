"""The English words of the marked sheet of a student's numbers (check.*)."""

MESSAGES = {
    # --- the marked sheet (templates/check.tex.j2, derive/marking/marked_sheet.py) ------------------------
    "check.ecf": "ecf",
    "check.title": "Marked: {{title}}",
    "check.author": "{{claims}} marked against {{problem}}",
    "check.student": "Student {{student}}",
    "check.score": "\\textbf{Score: {{score}}\\,\\%}",
    "check.correct": "correct",
    "check.carried": "carried",
    "check.imprecise": "imprecise",
    "check.wrong": "wrong",
    "check.unanswered": "not answered",
    "check.rule_digits": "{{n}} significant digits",
    "check.rule_decimals": "{{n}} decimals",
    "check.of": "\\textbf{{{n}}} of {{total}}",
    "check.first_error": "\\textbf{First error:} ${{symbol}}$ (\\texttt{{{key}}}).",
    "check.no_errors": "\\textbf{No errors.}",
    "check.explain": ("A number is correct when it lies within the range your own correct numbers allow, their rounding "
                      "included:\nrounding as you go costs nothing. It is carried when it follows from an earlier "
                      "wrong number of yours,\nand imprecise when written to fewer than {{rule}}. The right values "
                      "stand beside yours; under each cross,\nthe step's formula with your numbers shows what they "
                      "give."),
    "check.yours": "yours",
    "check.right": "right",
    "check.block": "columns {{first}}--{{last}}",
    "check.unknown": "Not marked: keys this problem does not have",
    "check.closest": "closest: {{keys}}",
    "check.columns": "\\text{step} & \\text{yours} & \\text{right}",
    "check.given": "(given in the problem)",
    "check.from_yours": "from your numbers:",
    "check.section.parameters": "Iteration {{t}}: parameters",
    "check.section.update": "Iteration {{t}}: update",
    "check.section.sample": "Iteration {{t}}, sample {{i}}",
    "check.section.iteration": "Iteration {{t}}",
}
