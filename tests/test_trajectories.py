"""`derive trajectories`: the surface parser's grammar and refusals, the paths against the independent
NumPy reference, the contour lines, the bundled examples' claims, and the command's outputs."""
import dataclasses
import json
import math
import os
import subprocess

import numpy as np
import pytest
import sympy as sp

import reference as ref
from cli_runner import derive_cli
from conftest import ROOT, requires
from derive import trajectories
from derive.errors import InputError
from derive.trajectories.surface import MAX_LENGTH, parse, x, y

PROBLEMS = ROOT / "derive" / "problems"
QUADRATIC, ROSENBROCK = PROBLEMS / "quadratic.toml", PROBLEMS / "rosenbrock.toml"
KINDS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def cli(*args, env=None):
    """`derive ARGS` in this process (tests/cli_runner.py)."""
    return derive_cli(args, ROOT, env)


def value(text, px=0.0, py=0.0):
    return float(parse(text).subs({x: px, y: py}))


# --- the grammar -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,px,py,expected", [
    ("1 + 2*3", 0, 0, 7),
    ("(1 + 2)*3", 0, 0, 9),
    ("1 - 2 - 3", 0, 0, -4),  # left-associative
    ("8 / 4 / 2", 0, 0, 1),
    ("2^3^2", 0, 0, 512),  # right-associative: 2^(3^2)
    ("2**3**2", 0, 0, 512),  # ** is ^
    ("-2^2", 0, 0, -4),  # the power binds tighter than unary minus
    ("(-2)^2", 0, 0, 4),
    ("2^-1", 0, 0, 0.5),
    ("-x^2", 3, 0, -9),
    ("--x", 3, 0, 3),
    ("2*-3", 0, 0, -6),
    ("x*y^2", 2, 3, 18),
    ("x/y*2", 3, 4, 1.5),
    ("x - y + 1", 5, 2, 4),
    ("exp(0) + log(1) + sqrt(4) + sin(0) + cos(0)", 0, 0, 4),
    ("exp(x)*log(y)", 1, math.e, math.e),
    ("sin(x)^2 + cos(x)^2", 0.7, 0, 1),
    ("sqrt(x^2)", -3, 0, 3),
    (".5e1 + 1e-3*x + 2.", 1000, 0, 8),
    ("  0.5 * x ^ 2  +  10*y^2 ", -8, 1, 42),
    ("(1 - x)^2 + 100*(y - x^2)^2", 1, 1, 0),
])
def test_grammar_against_hand_values(text, px, py, expected):
    assert value(text, px, py) == pytest.approx(expected, rel=1e-12)


def test_numbers_are_exact_and_the_expression_is_sympy():
    assert parse("0.5*x^2 + 10*y^2") == x ** 2 / 2 + 10 * y ** 2
    assert parse("0.1") == sp.Rational(1, 10)
    assert parse("x^y^2") == x ** (y ** 2)


HOSTILE = [
    '__import__("os")',
    '__import__("os").system("touch CANARY")',
    "x.__class__",
    "lambda: 1",
    "().__class__",
    "exec",
    "exec('1')",
    "eval",
    "[x for x in y]",
    "x if y else 1",
    "x; y",
    "{}",
    "'x'",
    "x[0]",
    "x @ y",
    "x % 2",
    "x // 2",
    "abs(x)",
    "pi",
    "e",
    "z + 1",
    "sin x",
    "x y",
    "2x",
    "x +",
    "(x",
    "x)",
    "",
    "   ",
    "sin(x, y)",
    "\u0663 * x",  # an Arabic-Indic digit
    "x\x00",
    "x" * (MAX_LENGTH + 1),
    "(" * 60 + "x" + ")" * 60,
    "-" * 100 + "x",
    "9^9^9",
    "10^10^10",
    "0.5^(10^300)",
    "x^(10^300)",
    "1e999",
    "1/0",
    "log(0)",
    "sqrt(-1)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_or_malformed_expressions_are_refused(text):
    with pytest.raises(InputError) as err:
        parse(text, "f.toml")
    assert err.value.key == "surface.f"
    assert "an expression of x and y" in err.value.expected
    assert len(str(err.value)) < 300


def test_a_long_nested_power_tower_is_refused_quickly():
    import time

    start = time.perf_counter()
    for text in ("2^" * 30 + "2", "(x+1)^10000", "9.9^9.9^9.9"):
        try:
            parse(text)
        except InputError:
            pass
    assert time.perf_counter() - start < 5


def surface_file(tmp_path, f, optimizers=(("sgd", {"lr": 0.1}),), start="[1.0, 1.0]", steps=5, extra="",
                 name="s"):
    lines = ['title = "test"', "[surface]", f"f = {json.dumps(f)}", f"start = {start}", f"steps = {steps}"]
    for kind, settings in optimizers:
        lines += ["[[optimizers]]", f'kind = "{kind}"'] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    path = tmp_path / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [HOSTILE[1], "x.__class__", "lambda: 1", "exec", "[x for x in y]",
                                  "x" * 1000, "pi*x"])
@pytest.mark.slow
@pytest.mark.sample
def test_the_command_refuses_with_exit_2_and_writes_nothing(tmp_path, text):
    path = surface_file(tmp_path, text)
    out = tmp_path / "out"
    run = cli("trajectories", path, "-o", out)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "surface.f" in lines[0] and str(path) in lines[0]
    assert not out.exists()
    assert not (ROOT / "CANARY").exists() and not (tmp_path / "CANARY").exists()


@pytest.mark.parametrize("body,key", [
    ("[surface]\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n", "surface.f"),
    ("[surface]\nf = 'x'\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n", "surface.start"),
    ("[surface]\nf = 'x'\nstart = [0, 0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n", "surface.start"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 0\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n", "surface.steps"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n", "optimizers"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'lbfgs'\nlr = 0.1\n", "optimizers[1].kind"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\n", "optimizers[1].lr"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\nmomentum = 0.9\n",
     "optimizers[1].momentum"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'adam'\nlr = 0.1\nbeta1 = 1.0\n",
     "optimizers[1].beta1"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n[plot]\nx = [1, 0]\n",
     "plot.x"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n[plot]\nlevels = [2, 1]\n",
     "plot.levels"),
    ("[surface]\nf = 'log(x)'\nstart = [-1, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n", "surface.start"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n[extra]\n", "extra"),
    ("[surface]\nf = 'x'\nstart = [0, 0]\nsteps = 3\n" + "[[optimizers]]\nkind = 'sgd'\nlr = 0.1\n" * 9,
     "optimizers"),
    ("[surface\n", None),
])
@pytest.mark.slow
@pytest.mark.sample
def test_bad_files_exit_2_naming_the_key_and_write_nothing(tmp_path, body, key):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    run = cli("trajectories", path, "-o", tmp_path / "out")
    assert run.returncode == 2, run.stdout + run.stderr
    line = run.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"derive: error: {path}: " + (key + ":" if key else ""))
    assert not (tmp_path / "out").exists()


# --- the paths against the reference ---------------------------------------------------------------
def numpy_gradients():
    """Hand-written gradients of the test surfaces, independent of SymPy."""
    return {
        "0.5*x^2 + 10*y^2": lambda p: np.array([p[0], 20 * p[1]]),
        "(1 - x)^2 + 100*(y - x^2)^2": lambda p: np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2),
                                                           200 * (p[1] - p[0] ** 2)]),
        "sin(x)*cos(y) + 0.1*(x^2 + y^2) + exp(0.2*x) - log(2 + y^2) + sqrt(1 + x^2)": lambda p: np.array([
            math.cos(p[0]) * math.cos(p[1]) + 0.2 * p[0] + 0.2 * math.exp(0.2 * p[0]) + p[0] / math.sqrt(1 + p[0] ** 2),
            -math.sin(p[0]) * math.sin(p[1]) + 0.2 * p[1] - 2 * p[1] / (2 + p[1] ** 2)]),
    }


def reference_path(contender, start, steps, gradient):
    opt = ref.optimizer_settings({"optimizer": {"kind": contender.optimizer.kind, "lr": contender.optimizer.lr,
                                                "iterations": steps, **dict(contender.optimizer.settings)}})
    records, final = ref.optimize(opt, {"theta": np.array(start, dtype=float)},
                                  lambda point, t: {"loss": 0.0, "grad": {"theta": gradient(point["theta"])}})
    points = np.array([r["params"]["theta"] for r in records] + [final["theta"]])
    looks = np.array([r["lookahead"]["theta"] for r in records]) if opt["kind"] == "nesterov" else None
    return points, looks, records


def assert_path_matches(path, start, steps, gradient):
    points, looks, records = reference_path(path.contender, start, steps, gradient)
    assert path.taken == steps and not path.stop
    np.testing.assert_allclose(path.points, points, rtol=1e-10, atol=1e-12)
    for slot, values in path.states.items():
        np.testing.assert_allclose(values, [r["state"][slot]["theta"] for r in records], rtol=1e-10, atol=1e-12)
    if looks is not None:
        np.testing.assert_allclose(path.lookahead, looks, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("file", [QUADRATIC, ROSENBROCK])
def test_bundled_paths_match_the_numpy_reference(file):
    # Rosenbrock's floor amplifies the last bit of rounding (SymPy's gradient is written differently
    # from ours) to 1e-10 after a few hundred steps, so the comparison stops at 200 steps.
    surface = dataclasses.replace(trajectories.load(file), steps=200)
    gradient = numpy_gradients()[surface.text]
    for path in trajectories.run_all(surface):
        assert_path_matches(path, surface.start, surface.steps, gradient)


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_on_a_surface_with_every_function(tmp_path, kind):
    text = list(numpy_gradients())[2]
    settings = {"sgd": {}, "momentum": {"momentum": 0.8}, "nesterov": {"momentum": 0.7},
                "adagrad": {"eps": 1e-6}, "rmsprop": {"rho": 0.8}, "adam": {"beta1": 0.8, "beta2": 0.99}}[kind]
    path = surface_file(tmp_path, text, [(kind, {"lr": 0.1, **settings})], start="[1.5, -0.7]", steps=40)
    surface = trajectories.load(path)
    (result,) = trajectories.run_all(surface)
    assert_path_matches(result, surface.start, 40, numpy_gradients()[text])
    f = sp.lambdify((x, y), surface.expr)  # the test's own evaluation, not the tool's
    np.testing.assert_allclose(result.values, [f(*p) for p in result.points], rtol=1e-12)


def test_the_quadratic_shows_momentum_overshooting_and_nesterov_damping():
    surface = trajectories.load(QUADRATIC)
    sgd, momentum, nesterov = trajectories.run_all(surface)
    assert [p.contender.optimizer.kind for p in (sgd, momentum, nesterov)] == ["sgd", "momentum", "nesterov"]
    assert np.abs(momentum.points[10:, 1]).max() > 100 * np.abs(nesterov.points[10:, 1]).max()  # zigzags across y = 0
    assert momentum.points[:, 0].max() > 1.3 * nesterov.points[:, 0].max() > 0  # and past x = 0
    assert sgd.points[:, 0].max() < 0 and np.abs(sgd.points[10:, 1]).max() < 1e-3  # never overshoots
    assert nesterov.values[-1] < momentum.values[-1] and nesterov.values[-1] < sgd.values[-1]


def test_rosenbrock_paths_all_descend_and_end_inside_the_picture():
    surface = trajectories.load(ROSENBROCK)
    assert {c.optimizer.kind for c in surface.contenders} == {"sgd", "momentum", "rmsprop", "adam", "adagrad"}
    for p in trajectories.run_all(surface):
        assert p.values[-1] < 0.1 * p.values[0]
        (x0, x1), (y0, y1) = surface.x_range, surface.y_range
        assert x0 < p.points[-1][0] < x1 and y0 < p.points[-1][1] < y1


def test_a_diverging_path_stops_with_a_note_and_the_json_stays_valid(tmp_path):
    path = surface_file(tmp_path, "x^4 + y^2", [("sgd", {"lr": 1.0}), ("sgd", {"lr": 0.01})], start="[3, 1]",
                        steps=30)
    run = cli("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "out" / "s.json").read_text())
    wild, calm = data["paths"]
    assert wild["stopped"].startswith("stopped at step") and wild["steps"] < 30
    assert calm["stopped"] is None and calm["steps"] == 30 and len(calm["points"]) == 31
    assert wild["label"] != calm["label"]  # two unlabelled sgd paths get their learning rates in the label
    assert all(math.isfinite(v) for p in data["paths"] for v in p["values"])
    assert "stopped at step" in (tmp_path / "out" / "s.tex").read_text()


def test_a_fractional_power_of_a_negative_number_stops_the_path_instead_of_going_complex(tmp_path):
    path = surface_file(tmp_path, "x^1.5 + y^2", [("momentum", {"lr": 1.0})], start="[1, 1]", steps=10)
    (result,) = trajectories.run_all(trajectories.load(path))
    assert result.taken == 0 and result.stopped().startswith("stopped at step 1")
    refused = cli("trajectories", surface_file(tmp_path, "(x - 2)^0.5", name="t"), "-o", tmp_path / "out")
    assert refused.returncode == 2 and "surface.start" in refused.stderr and not (tmp_path / "out").exists()


# --- contours --------------------------------------------------------------------------------------
def test_marching_squares_traces_a_circle():
    xs = ys = np.linspace(-2, 2, 81)
    gx, gy = np.meshgrid(xs, ys)
    lines = trajectories.marching_squares(xs, ys, gx ** 2 + gy ** 2, 1.0)
    assert len(lines) == 1
    pts = np.array(lines[0])
    assert np.allclose(pts[0], pts[-1])  # a closed loop
    assert np.abs(np.hypot(pts[:, 0], pts[:, 1]) - 1).max() < 2e-3
    simple = trajectories.simplify(pts, np.array([4.0, 4.0]))
    assert len(simple) < len(pts) and np.abs(np.hypot(simple[:, 0], simple[:, 1]) - 1).max() < 2e-3


def test_marching_squares_keeps_two_separate_wells_apart():
    xs = ys = np.linspace(-3, 3, 61)
    gx, gy = np.meshgrid(xs, ys)
    z = np.minimum((gx - 1.5) ** 2 + gy ** 2, (gx + 1.5) ** 2 + gy ** 2)
    lines = trajectories.marching_squares(xs, ys, z, 0.5)
    assert len(lines) == 2
    centres = sorted(float(np.mean([p[0] for p in line])) for line in lines)
    assert centres == pytest.approx([-1.5, 1.5], abs=0.05)


# --- the outputs -----------------------------------------------------------------------------------
def test_json_and_tex_without_tex_installed(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    run = cli("trajectories", QUADRATIC, "-o", tmp_path / "out", env=env)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install" in lines[0]
    assert not (tmp_path / "out" / "quadratic.pdf").exists()
    data = json.loads((tmp_path / "out" / "quadratic.json").read_text())
    assert data["surface"]["surface"]["f"] == "0.5*x^2 + 10*y^2"
    assert [p["kind"] for p in data["paths"]] == ["sgd", "momentum", "nesterov"]
    for p in data["paths"]:
        assert p["points"][0] == [-9.0, 1.5] and len(p["points"]) == 61 and len(p["gradients"]) == 60
    assert "lookahead" in data["paths"][2] and "v" in data["paths"][1]["states"]
    text = (tmp_path / "out" / "quadratic.tex").read_text()
    assert r"\addlegendentry{Nesterov}" in text and "color of colormap" in text
    asked = cli("trajectories", QUADRATIC, "-o", tmp_path / "out2", "--pdf", env=env)
    assert asked.returncode == 1 and "Traceback" not in asked.stderr


def test_user_text_is_escaped(tmp_path):
    path = surface_file(tmp_path, "x^2 + y^2", [("sgd", {"lr": 0.1, "label": r"\input{/etc/passwd} $x$ 100%"})])
    text = path.read_text().replace('title = "test"', 'title = "a \\\\def\\\\x{} & #1 ^_~"')
    path.write_text(text)
    run = cli("trajectories", path, "-o", tmp_path / "out", "--no-pdf")
    assert run.returncode == 0, run.stderr
    tex_text = (tmp_path / "out" / "s.tex").read_text()
    assert r"\input{/etc" not in tex_text and r"\def\x" not in tex_text
    assert r"\textbackslash{}input\{/etc/passwd\} \$x\$ 100\%" in tex_text


@requires("tex")
@pytest.mark.parametrize("file", [QUADRATIC, ROSENBROCK])
@pytest.mark.slow
def test_the_bundled_pictures_compile(tmp_path, file):
    run = cli("trajectories", file, "-o", tmp_path, "--pdf")
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / (file.stem + ".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    surface = trajectories.load(file)
    for p in trajectories.run_all(surface):
        assert p.contender.label in text
    assert "Where each optimizer ends" in text and "start" in text


def test_a_label_pdflatex_cannot_set_is_refused(tmp_path):
    f = tmp_path / "lab.toml"
    f.write_text('[surface]\nf = "x^2 + y^2"\nstart = [1.0, 1.0]\nsteps = 5\n'
                 '[[optimizers]]\nkind = "sgd"\nlr = 0.1\nlabel = "sgd \U0001F642"\n', encoding="utf-8")
    run = cli("trajectories", f, "-o", tmp_path / "out")
    assert run.returncode == 2 and "optimizers[1].label" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
