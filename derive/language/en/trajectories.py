"""The English words of the trajectories document (trajectories.*)."""

MESSAGES = {
    # --- the trajectories document (templates/trajectories.tex.j2, derive/trajectories/) ------------------
    "trajectories.author": "Optimizer paths",
    "trajectories.function": "The function",
    "trajectories.intro": ("(written in the file as {{text}}). Every optimizer starts at ${{start}}$, where $f = {{value}}$, "
                           "and takes {{steps}} on the exact gradient $g_t$; all optimizer states start at $0$."),
    "trajectories.steps.one": "{{n}} step",
    "trajectories.steps.other": "{{n}} steps",
    "trajectories.start": "start",
    "trajectories.minimum": "minimum {{point}}",
    "trajectories.contours": "Contour lines of $f$ at {{levels}}.",
    "trajectories.ends": "Where each optimizer ends",
    "trajectories.table_head": "& optimizer & settings & steps & $x$ & $y$ & $f(x, y)$",
    "trajectories.rules": "The rules and their first steps",
    "trajectories.rules_intro": ("Each rule moves the point $\\theta = (x, y)$ with the gradient $g$ of $f$, elementwise. "
                                 "The first {{n}} steps of each path are written out; the JSON file has every point, "
                                 "gradient and state."),
    "trajectories.rule": "The rule:",
    "trajectories.first_steps": "The first steps:",
    "trajectories.heading": "{{label}} ({{title}})",
    "trajectories.label_lr": "{{name}}, lr {{lr}}",  # plain text: a default label
    "trajectories.notes_separator": "; ",
    # plain text too: the JSON's "stopped" is the English one
    "trajectories.stopped.gradient": "stopped at step {{t}}: the gradient is not a finite number there",
    "trajectories.stopped.value": "stopped at step {{t}}: the next point or f there is not a finite number",
    "trajectories.leaves": "leaves the picture at step {{t}}",
}
