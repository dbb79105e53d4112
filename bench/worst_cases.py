"""The largest inputs within each bound of derive/limits.py, each run as a child process: time and peak memory.

    python3 bench/worst_cases.py            # every case
    python3 bench/worst_cases.py depth check # the cases whose names are given
    python3 bench/worst_cases.py --list      # the case names

Every case must finish in under 60 s and 2 GB (the README's Safety section states the bound); the
machine's load (uptime) is printed beside the figures, since a shared machine is slower.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derive.problem import limits  # noqa: E402
from derive.classroom.roster import MAX_STUDENTS  # noqa: E402
from derive.problem.limits import DETAIL_PARAMS, DETAIL_SAMPLES  # noqa: E402
from derive.trajectories import MAX_OPTIMIZERS, MAX_STEPS as MAX_TRAJECTORY_STEPS  # noqa: E402

TIME_BOUND, MEMORY_BOUND = 60.0, 2 * 2**30
CLASS = ROOT / "derive" / "problems" / "hw2_class.toml"


def network_problem(path, inputs, units, activations, loss, samples, iterations, optimizer="adam",
                    batch="full", seed=0):
    """A problem file: layers of the given units and activations, random data and initial values."""
    rng = np.random.default_rng(seed)
    lines = [f'title = "{path.stem}"', "[network]", f"inputs = {inputs}"]
    for n, act in zip(units, activations):
        lines += ["[[network.layers]]", f"units = {n}", f'activation = "{act}"']
    x = rng.uniform(-1, 1, (samples, inputs)).round(2)
    k = units[-1]
    if loss == "ce":
        y = np.eye(k, dtype=int)[rng.integers(0, k, samples)]
    elif loss == "bce":
        y = rng.integers(0, 2, (samples, k))
    else:
        y = rng.uniform(-1, 1, (samples, k)).round(2)
    y = y[:, 0] if k == 1 else y
    lines += ["[loss]", f'kind = "{loss}"', "[data]", f"x = {json.dumps(x.tolist())}",
              f"y = {json.dumps(y.tolist())}", "[init]"]
    fan_in = inputs
    for l, n in enumerate(units, start=1):
        scale = 1.0 / np.sqrt(fan_in)
        lines.append(f"W{l} = {json.dumps(rng.uniform(-scale, scale, (n, fan_in)).round(3).tolist())}")
        lines.append(f"b{l} = {json.dumps(rng.uniform(-0.1, 0.1, n).round(3).tolist())}")
        fan_in = n
    batch_line = f'batch = "{batch}"' if isinstance(batch, str) else f"batch = {batch}"
    lines += ["[optimizer]", f'kind = "{optimizer}"', "lr = 0.01", f"iterations = {iterations}", batch_line]
    path.write_text("\n".join(lines) + "\n")
    return path


def samples_for(inputs, units, iterations, passes=limits.MAX_STEPS):
    """The most samples (full batch) a network can have within the pass and trace-size bounds."""
    n_params = limits.n_params(inputs, [type("L", (), {"units": n}) for n in units])
    per_pass = n_params + 4 * sum(units) + inputs + 2
    room = (limits.MAX_VALUES - iterations * 7 * n_params) // (iterations * per_pass)
    return max(1, min(passes // iterations, room))


def claims_of_every_number(problem, claims):
    """A claims file claiming every number of the problem's trace, each as the true value to 4 decimals."""
    from derive.engine.pipeline import solve_file
    from derive.marking.claims import claimable

    trace = solve_file(problem)
    with open(claims, "w") as out:
        for key in claimable(trace):
            value = np.round(np.asarray(trace[key].export(), dtype=float), 4)
            out.write(f'"{key}" = {json.dumps(value.tolist())}\n')
    return claims


def trajectories_file(path):
    """A trajectories file at the step and optimizer bounds: Rosenbrock's valley, every rule."""
    kinds = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "momentum", "adam"][:MAX_OPTIMIZERS]
    lines = [f'title = "{path.stem}"', "[surface]", 'f = "(1 - x)^2 + 100*(y - x^2)^2"', "start = [-1.2, 1.0]",
             f"steps = {MAX_TRAJECTORY_STEPS}"]
    for n, kind in enumerate(kinds):
        lines += ["[[optimizers]]", f'kind = "{kind}"', f"lr = {0.0005 if kind in ('sgd', 'momentum', 'nesterov') else 0.01}",
                  f'label = "{kind} {n + 1}"']
    path.write_text("\n".join(lines) + "\n")
    return path


def _sheet_params_case(tmp, name, inputs, units, activations, loss):
    iterations = limits.MAX_SHEET_ITERATIONS
    samples = samples_for(inputs, units, iterations)
    p = network_problem(tmp / f"{name}.toml", inputs, units, activations, loss, samples, iterations)
    return ["solve", str(p), "-o", str(tmp / "out")]


def cases(tmp):
    """name -> (what it is, a function returning the derive arguments once its files are written)."""
    deep = limits.MAX_LAYERS
    # 40 parameters in the detailed layout: as many layers as fit (the longest page per pass)
    detailed_units = [1] * (DETAIL_PARAMS // 2)
    detailed_iterations = limits.MAX_SHEET_LAYER_PASSES // (len(detailed_units) * DETAIL_SAMPLES)

    def passes_case(name, inputs, units):
        """The most detailed passes of 12 samples a network of these layers may write out."""
        iterations = min(limits.MAX_SHEET_PASSES, limits.MAX_SHEET_LAYER_PASSES // len(units)) // DETAIL_SAMPLES
        acts = ["swish"] * (len(units) - 1) + ["sigmoid"]
        return ["solve", str(network_problem(tmp / f"{name}.toml", inputs, units, acts, "bce", DETAIL_SAMPLES,
                                             iterations)), "-o", str(tmp / "out"), "--pdf"]
    most_passes = limits.MAX_SHEET_PASSES // DETAIL_SAMPLES * DETAIL_SAMPLES
    json_iterations = min(limits.MAX_STEPS // 50, limits.MAX_VALUES // (50 * 91 + 7 * 49))  # 4-8-1: 49 parameters
    mid_passes = min(limits.MAX_SHEET_PASSES, limits.MAX_SHEET_LAYER_PASSES // 3) // DETAIL_SAMPLES * DETAIL_SAMPLES
    return {
        "params-wide": ("4 998 parameters: 2 499 inputs, one layer of 2 units, 100 iterations, sheet and PDF",
                        lambda: _sheet_params_case(tmp, "wide", 2499, [2], ["sigmoid"], "bce")),
        "params-deep": ("20 tanh layers of 15 units (4 800 parameters), 100 iterations, sheet and PDF",
                        lambda: _sheet_params_case(tmp, "deepwide", 15, [15] * (deep - 1) + [1],
                                                   ["tanh"] * (deep - 1) + ["sigmoid"], "bce")),
        "params-softmax": ("a 228-input hidden layer of 20 and a 20-unit softmax (5 000 parameters), sheet and PDF",
                           lambda: _sheet_params_case(tmp, "softmax", 228, [20, 20], ["swish", "softmax"], "ce")),
        "depth": (f"{deep} layers x 3 swish units, sheet and PDF",
                  lambda: ["solve", str(network_problem(tmp / "depth.toml", 3, [3] * deep, ["swish"] * (deep - 1)
                                                        + ["sigmoid"], "bce", 4, 10)), "-o", str(tmp / "out")]),
        "depth-softmax": (f"{deep} layers: 19 x 3 tanh units and a 3-unit softmax, sheet and PDF",
                          lambda: ["solve", str(network_problem(tmp / "depthsm.toml", 3, [3] * deep,
                                                                ["tanh"] * (deep - 1) + ["softmax"], "ce", 4, 10)),
                                   "-o", str(tmp / "out")]),
        "depth-detailed": (f"{deep} layers x 1 unit (40 parameters: detailed; too deep for the composed-loss "
                           "check), sheet and PDF",
                           lambda: ["solve", str(network_problem(tmp / "deep1.toml", 1, [1] * deep,
                                                                 ["swish"] * (deep - 1) + ["sigmoid"], "bce", 3, 2)),
                                    "-o", str(tmp / "out")]),
        "passes": (f"{detailed_iterations * DETAIL_SAMPLES} detailed passes ({DETAIL_SAMPLES} samples x "
                   f"{detailed_iterations} iterations) of a {len(detailed_units)}-layer network, sheet and PDF",
                   lambda: ["solve", str(network_problem(tmp / "passes.toml", 1, detailed_units,
                                                         ["swish"] * (len(detailed_units) - 1) + ["sigmoid"], "bce",
                                                         DETAIL_SAMPLES, detailed_iterations)),
                            "-o", str(tmp / "out"), "--pdf"]),
        "passes-mid": (f"{mid_passes} detailed passes (12 samples x {mid_passes // 12} iterations) of a 2-4-4-1 "
                       "network (37 parameters), sheet and PDF", lambda: passes_case("passes_mid", 2, [4, 4, 1])),
        "passes-wide": (f"{most_passes} detailed passes (12 samples x {most_passes // 12} iterations) of a 29-1 "
                        "network (30 parameters), sheet and PDF", lambda: passes_case("passes_wide", 29, [1])),
        "passes-hw2": (f"{most_passes} detailed passes of hw2's 3-2-1 network (12 samples x {most_passes // 12} "
                       "iterations), sheet and PDF",
                       lambda: ["solve", str(network_problem(tmp / "passes_hw2.toml", 3, [2, 1], ["swish", "sigmoid"],
                                                             "bce", 12, most_passes // 12, optimizer="momentum")),
                                "-o", str(tmp / "out"), "--pdf"]),
        "check": (f"check of a 4-4-1 network, 50 samples, a {limits.MAX_CHECK_VALUES}-number trace, "
                  "a claims file of every number", lambda: _check_case(tmp, "long", 4, [4, 1], 50)),
        "check-wide": (f"check of a 100-40-1 network (4 081 parameters), a {limits.MAX_CHECK_VALUES}-number trace, "
                       "a claims file of every number", lambda: _check_case(tmp, "widecheck", 100, [40, 1], 4)),
        "check-pdf": ("check --pdf: the marked sheet of a claims file of every number of 396 passes of hw2's "
                      "network", lambda: _check_pdf_case(tmp)),
        "json": (f"solve --json-only: 50 samples x {json_iterations} iterations of a 4-8-1 network, about "
                 f"{limits.MAX_VALUES // 10**6} million numbers",
                 lambda: ["solve", str(network_problem(tmp / "json.toml", 4, [8, 1], ["tanh", "sigmoid"], "bce", 50,
                                                       json_iterations)), "-o", str(tmp / "out"), "--json-only"]),
        "variants-draws": (f"variants of a problem whose every draw is degenerate, {limits.MAX_DRAW_VALUES} numbers "
                           "in all draws (vary.draws x the trace), one student, JSON only",
                           lambda: _draws_case(tmp, 1000)),
        "variants-draws-big": (f"the same with 2 draws of a trace of {limits.MAX_DRAW_VALUES // 2} numbers",
                               lambda: _draws_case(tmp, 2)),
        "variants-class": ("variants of hw2_class.toml for a roster of 300 students, JSON only (per student: "
                           "divide by 300)", lambda: ["variants", str(CLASS), "--roster",
                                                       str(_roster(tmp / "roster.csv", 300)), "--json-only",
                                                       "-o", str(tmp / "class1000")]),
        "grade-rows": (f"grade of a variants.csv of {MAX_STUDENTS} rows (the bound), no submission",
                       lambda: _grade_rows_case(tmp)),
        "grade-check": (f"grade of one variant of a {limits.MAX_CHECK_VALUES}-number trace (check's bound) with a "
                        "claims file of every number", lambda: _grade_check_case(tmp)),
        "trajectories": (f"{MAX_OPTIMIZERS} optimizers x {MAX_TRAJECTORY_STEPS} steps on Rosenbrock's valley, PDF",
                         lambda: ["trajectories", str(trajectories_file(tmp / "paths.toml")), "-o",
                                  str(tmp / "out")]),
    }


def _check_case(tmp, name, inputs, units, samples):
    """check at the bound of the trace it recomputes, with a claims file of every number."""
    acts = ["tanh"] * (len(units) - 1) + ["sigmoid"]
    probe = network_problem(tmp / f"{name}.toml", inputs, units, acts, "bce", samples, 1)
    from derive.problem import spec

    per_iteration = limits.values(spec.load(probe))
    iterations = max(1, min(limits.MAX_CHECK_VALUES // per_iteration, limits.MAX_STEPS // samples))
    problem = network_problem(tmp / f"{name}.toml", inputs, units, acts, "bce", samples, iterations)
    claims = claims_of_every_number(problem, tmp / f"{name}_claims.toml")
    return ["check", str(problem), str(claims), "--json", str(tmp / "out" / f"{name}_marks.json")]


def _roster(path, count):
    path.write_text("id\n" + "".join(f"s{n:05d}\n" for n in range(count)))
    return path


def _draws_case(tmp, draws):
    """A [vary] problem every draw of which is degenerate (inputs 0: every weight's gradient is 0), its trace
    as large as MAX_DRAW_VALUES allows for `draws` draws."""
    from derive.problem import spec

    per = limits.MAX_DRAW_VALUES // draws
    probe = network_problem(tmp / "draws.toml", 4, [8, 1], ["tanh", "sigmoid"], "bce", 50, 1)
    iterations = max(1, min(per // limits.values(spec.load(probe)), limits.MAX_STEPS // 50))
    path = network_problem(tmp / "draws.toml", 4, [8, 1], ["tanh", "sigmoid"], "bce", 50, iterations,
                           optimizer="sgd")
    path.write_text(path.read_text() + f"[vary]\nseed = 1\ndraws = {draws}\ndata.x = {{choices = [0]}}\n")
    return ["variants", str(path), "--count", "1", "--json-only", "-o", str(tmp / f"draws{draws}")]


def _grade_rows_case(tmp):
    folder = tmp / "rows"
    (folder / "v1").mkdir(parents=True)
    shutil.copy(CLASS, folder / "v1" / "v1.toml")
    head = "id,seed,draw,degenerate,problem,questions,answers,json,claims,status\n"
    (folder / "variants.csv").write_text(head + "".join(f"s{n:06d},1,1,,v1/v1.toml,,,,,ok\n"
                                                        for n in range(MAX_STUDENTS)))
    (tmp / "none").mkdir()
    return ["grade", str(folder), "--claims", str(tmp / "none"), "-o", str(tmp / "rows.csv")]


def _grade_check_case(tmp):
    """grade at check's bound: one variant, a claims file of every number (as the check case)."""
    args = _check_case(tmp, "gradecheck", 4, [4, 1], 50)
    folder = tmp / "gradeclass"
    (folder / "s1").mkdir(parents=True)
    shutil.copy(args[1], folder / "s1" / "s1.toml")
    (folder / "variants.csv").write_text("id,seed,draw,degenerate,problem,questions,answers,json,claims,status\n"
                                         "s1,1,1,,s1/s1.toml,,,,,ok\n")
    (tmp / "gradesubs").mkdir()
    shutil.copy(args[2], tmp / "gradesubs" / "s1.toml")
    return ["grade", str(folder), "--claims", str(tmp / "gradesubs"), "-o", str(tmp / "gradecheck.csv")]


def _check_pdf_case(tmp):
    problem = network_problem(tmp / "marked.toml", 3, [2, 1], ["swish", "sigmoid"], "bce", 12, 33,
                              optimizer="momentum")
    claims = claims_of_every_number(problem, tmp / "marked_claims.toml")
    return ["check", str(problem), str(claims), "--pdf", "-o", str(tmp / "out")]


def run(args):
    """Run derive with `args` in a child process: (exit code, wall seconds, CPU seconds of the child and every
    process it waited for (pdflatex too), peak resident bytes of the largest, last lines of stderr)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "derive", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, tail


def main(argv):
    if "--list" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            for name, (what, _) in cases(Path(tmp)).items():
                print(f"{name:16s} {what}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        table = cases(tmp)
        chosen = [a for a in argv if not a.startswith("-")] or list(table)
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
              f"(1, 5, 15 min) on {os.cpu_count()} cores; TeX: {'yes' if shutil.which('pdflatex') else 'no'}")
        failed = 0
        print(f"{'case':16s} {'wall':>8s} {'CPU':>8s} {'peak':>8s}  exit  load  verdict")
        for name in chosen:
            what, make = table[name]
            args = make()
            rc, wall, cpu, peak, tail = run(args)
            # on a shared machine the wall time counts the other processes too: the CPU time is the cost
            ok = rc == 0 and cpu < TIME_BOUND and peak < MEMORY_BOUND
            failed += not ok
            print(f"{name:16s} {wall:6.1f} s {cpu:6.1f} s {peak / 2**20:5.0f} MB  {rc:4d}  {os.getloadavg()[0]:4.1f}  "
                  f"{'ok' if ok else 'OVER'}  {what}", flush=True)
            if rc != 0:
                for line in tail:
                    print("    " + line)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
