"""The symbolic part of the sheet as data: the model's equations, SymPy's local derivatives, the
backward pass in matrix form with shapes, representative scalar formulas, and the check that the
chain rule and the derivative of the fully composed loss agree."""
import math
from functools import cached_property

import sympy as sp

from ..display.lines import Line, Section, shape_text
from ..language import messages
from ..network.activations import ACTIVATIONS
from ..network.formulas import latex_with
from ..network.losses import describe
from ..network.model import elements
from ..network.symbols import element, element_name, latex_name

COMPOSE_LIMIT = 40  # parameters up to which the fully composed loss is differentiated directly
# SymPy expands the composed loss's derivatives into sums whose terms multiply with every layer of products of
# sums (swish' has two terms): about 2 s at 2 000 terms, 40 s at 20 000, so the check stops at this estimate.
COMPOSE_TERMS = 2_000
# A scalar formula's printed size doubles or triples with each layer below the output (each unit's gradient
# sums over the units above it); above this many SymPy nodes it is written in terms of its layer's bar.
SCALAR_NODES = 300


def _vector_shape(n, rows):
    """The shape of a per-sample vector: n x 1, or 1 x n in the xW layout."""
    return shape_text(1, n) if rows else shape_text(n)


class Derivation:
    """Builds the derivation sections from a Model."""

    def __init__(self, model):
        self.model = model
        self.problem = model.problem
        self.msg = messages(self.problem.language)
        self.rows = self.problem.layout == "xW"
        self.reduce = "sum" if self.problem.loss_options.batch == "sum" else "mean"
        last = self.problem.layers[-1]
        self.K = last.units
        # element-level names used by the scalar formulas
        self.y_names = {s: (latex_name("y") if self.K == 1 else latex_name("y", sub=str(k)))
                        for k, s in enumerate(model.y, start=1)}
        self.yhat_names = {s: (latex_name(last.post) if self.K == 1 else latex_name(last.post, sub=str(k)))
                           for k, s in enumerate(model.yhat, start=1)}

    @cached_property
    def batch_sizes(self):
        """The sizes of the batches the iterations use."""
        from ..engine.trace import batches

        return sorted({len(samples) for samples in batches(self.problem)})

    def sections(self):
        out = [self.equations(), self.local_derivatives(), self.backward()]
        for lf in self.model.layers:
            out += lf.sections(self)
        if all(lf.scalar_chain for lf in self.model.layers):  # else the layers' own sections say it
            out.append(self.scalar_forms())
        return out

    # --- the model -------------------------------------------------------------------------------
    def equations(self):
        msg = self.msg
        sec = Section(msg("derivation.model"), msg("derivation.model_intro_rows" if self.rows else "derivation.model_intro"))
        for lf in self.model.layers:
            sec.lines += lf.equation_lines(self)
        sec.lines.append(Line("L", [self.model.loss.latex([self._yhat_list(), self._y_list()])],
                              msg("derivation.one_sample", loss=describe(self.problem.loss, self.problem.loss_options,
                                                                        self.K, msg))))
        sec.lines.append(Line(r"\mathcal{L}", [(r"\frac{1}{n} " if self.reduce == "mean" else "")
                                                + r"\sum_{i=1}^{n} L^{(i)}"],
                              msg("derivation.batch_loss" if self.reduce == "mean" else "derivation.batch_loss_sum")))
        return sec

    def _yhat_list(self):
        return [self.yhat_names[s] for s in self.model.yhat]

    def _y_list(self):
        return [self.y_names[s] for s in self.model.y]

    # --- local derivatives -----------------------------------------------------------------------
    def local_derivatives(self):
        msg = self.msg
        sec = Section(msg("derivation.local"), msg("derivation.local_intro"))
        last = self.problem.layers[-1]
        names = {**self.yhat_names, **self.y_names}
        for k, s in enumerate(self.model.yhat):
            d = self.model.loss_grad.expr[k]
            sec.lines.append(Line(r"\frac{\partial L}{\partial %s}" % names[s], [latex_with(d, names)]))
        for lf in self.model.layers:
            sec.lines += lf.local_lines(self)
        out = self.model.layers[-1]
        if out.simplified:
            comb = self.model.output_combined
            pre = latex_name(last.pre)
            for k in range(self.K):
                lhs = r"\frac{\partial L}{\partial %s}" % (pre if self.K == 1 else latex_name(last.pre, sub=str(k + 1)))
                chain = (r"\frac{\partial L}{\partial %s}" % self._yhat_list()[k] if last.activation == "linear" else
                         r"\frac{\partial L}{\partial %s}\,%s'\left(%s\right)" % (
                    self._yhat_list()[k], ACTIVATIONS[last.activation].latex_name, pre)
                    if not ACTIVATIONS[last.activation].vector else
                    r"\sum_{j} \frac{\partial L}{\partial %s} \frac{\partial %s}{\partial %s}" % (
                        latex_name(last.post, sub="j"), latex_name(last.post, sub="j"),
                        latex_name(last.pre, sub=str(k + 1))))
                sec.lines.append(Line(lhs, [chain, latex_with(comb[k], names)],
                                      msg("derivation.simplified_ce" if self.problem.loss == "ce"
                                          else "derivation.simplified")))
        return sec

    # --- backward in matrix form -----------------------------------------------------------------
    def backward(self):
        notes = dict.fromkeys(lf.backward_note() for lf in self.model.layers if lf.backward_note())
        sec = Section(self.msg("derivation.backward"), self.msg("derivation.backward_intro") + "".join(
            " " + self.msg(note) for note in notes))
        model, last = self.model, self.problem.layers[-1]
        sec.lines.append(Line(latex_name(last.post, bar=True), [r"\frac{\partial L}{\partial %s}" % latex_name(last.post)],
                              "$%s$" % _vector_shape(last.units, self.rows)))
        trained = self.problem.trained
        for lf in reversed(model.layers):
            sec.lines += lf.backward_lines(self)
        frozen = [latex_name(n) for n in self.problem.params if n not in trained]
        sec.lines.append(Line(r"\frac{\partial \mathcal{L}}{\partial \theta}",
                              [(r"\frac{1}{n} " if self.reduce == "mean" else "")
                               + r"\sum_{i=1}^{n} \bar{\theta}^{(i)}"],
                              self.msg("derivation.mean_gradient_frozen", frozen="$" + "$, $".join(frozen) + "$")
                              if frozen else self.msg("derivation.mean_gradient")))
        return sec

    def _yhat_vec(self):
        return latex_name(self.problem.layers[-1].post)

    # --- scalar formulas and the composed-loss check ----------------------------------------------
    def scalar_forms(self):
        chain, direct_info = self._element_chain()
        sec = Section(self.msg("derivation.scalar"), self.msg("derivation.scalar_intro"))
        for p, (expr, names, label, note) in chain.items():
            sec.lines.append(Line(r"\frac{\partial L}{\partial %s}" % label, [latex_with(expr, names)], note))
        sec.outro = direct_info
        return sec

    def _element_chain(self):
        """Scalar chain-rule formulas for each parameter's first element, and the composed-loss check, in the
        sheet's words; SymPy's part depends on the network's structure only and is done once for it."""
        chain, check = self.model.once("derivation.element_chain", self._element_work)
        written = {}
        for p, (expr, names, label, cut) in chain.items():
            note = self.msg("derivation.scalar_cut", bar=names[cut[0]], value=names[cut[1]]) if cut else ""
            written[p] = (expr, names, label, note)
        if check is None:
            return written, ""
        if check == "skipped":
            return written, self.msg("derivation.composed_skipped")
        mismatches, count, ce = check
        if mismatches:
            return written, self.msg("derivation.composed_differs", where=self.msg.latin(", ".join(mismatches)))
        return written, self.msg("derivation.composed_ce" if ce else "derivation.composed", count=count)

    def _element_work(self):
        """(chain, check): per trained parameter (expr, names, label, cut: the bar and value its formula is cut
        at, or None), and the composed-loss check's (mismatches, count, ce), "skipped" or None."""
        model, problem = self.model, self.problem
        xs = elements("x", problem.inputs)
        names = {s: latex_name("x", sub=str(k)) for k, s in enumerate(xs, start=1)}
        names.update(self.y_names)
        value_syms, param_syms, forward, layer_syms = [xs], {}, {}, {}
        for lf in model.layers:
            layer = lf.layer
            shape = (lf.fan_in, layer.units) if self.rows else (layer.units, lf.fan_in)
            W = sp.Matrix(*shape, lambda j, k: element(layer.weight, j + 1, k + 1))
            b = elements(layer.bias, layer.units) if layer.bias is not None else sp.zeros(layer.units, 1)
            param_syms[layer.weight] = W
            if layer.bias is not None:
                param_syms[layer.bias] = b
                for j in range(layer.units):
                    names[b[j]] = latex_name(layer.bias, sub=str(j + 1))
            for j in range(shape[0]):
                for k in range(shape[1]):
                    names[W[j, k]] = element_name(layer.weight, (j + 1, k + 1))
            zs = elements(layer.pre, layer.units)
            outs = (elements(layer.post, layer.units) if lf is not model.layers[-1] else model.yhat)
            for j in range(layer.units):
                names[zs[j]] = latex_name(layer.pre, sub=str(j + 1)) if layer.units > 1 else latex_name(layer.pre)
                names[outs[j]] = (latex_name(layer.post, sub=str(j + 1)) if layer.units > 1
                                  else latex_name(layer.post))
            a = value_syms[-1]
            # row by row: SymPy's matrix product of symbols is slow for a wide layer
            if self.rows:  # z_j = sum_k a_k W_kj + b_j
                forward.update({zs[j]: sp.Add(*(a[k] * W[k, j] for k in range(lf.fan_in))) + b[j]
                                for j in range(layer.units)})
            else:
                forward.update({zs[j]: sp.Add(*(W[j, k] * a[k] for k in range(lf.fan_in))) + b[j]
                                for j in range(layer.units)})
            act = ACTIVATIONS[layer.activation]
            for j in range(layer.units):
                forward[outs[j]] = (act.formula(j + 1, list(zs)) if act.vector else act.formula(zs[j]))
            value_syms.append(outs)
            layer_syms[lf.index] = (zs, outs)
        # backward, element by element
        grads = {}
        cut = {}  # each layer's first elements in terms of the bar of its output (named, not expanded)
        upstream = None  # d L / d (this layer's output) elements
        for lf in reversed(model.layers):
            layer = lf.layer
            zs, outs = layer_syms[lf.index]
            act = ACTIVATIONS[layer.activation]
            bar_first = None
            if lf.simplified:
                zbar = list(model.output_combined)
            else:
                abar = upstream if upstream is not None else list(model.loss_grad.expr)
                if act.vector:
                    fs = [act.formula(k + 1, list(zs)) for k in range(layer.units)]
                    zbar = [sum(abar[j] * sp.diff(fs[j], zs[k]) for j in range(layer.units)) for k in range(layer.units)]
                else:
                    zbar = [abar[j] * lf.derivative.xreplace({lf.z: zs[j]}) for j in range(layer.units)]
                    if upstream is not None:
                        bar_first = sp.Symbol(f"{layer.post}bar_1")
                        names[bar_first] = (latex_name(layer.post, bar=True, sub="1") if layer.units > 1
                                            else latex_name(layer.post, bar=True))
            a = value_syms[lf.index]
            W = param_syms[layer.weight]
            if problem.n_params <= COMPOSE_LIMIT:  # every element, for the composed-loss check
                if self.rows:
                    grads[layer.weight] = sp.Matrix(lf.fan_in, layer.units, lambda k, j: a[k] * zbar[j])
                else:
                    grads[layer.weight] = sp.Matrix(layer.units, lf.fan_in, lambda j, k: zbar[j] * a[k])
                if layer.bias is not None:
                    grads[layer.bias] = sp.Matrix(zbar)
            else:  # the first elements are all the sheet writes
                grads[layer.weight] = sp.Matrix([zbar[0] * a[0]])
                if layer.bias is not None:
                    grads[layer.bias] = sp.Matrix([zbar[0]])
            if bar_first is not None:
                zbar_first = bar_first * lf.derivative.xreplace({lf.z: zs[0]})
                cut[layer.weight] = (zbar_first * a[0], bar_first, outs[0])
                if layer.bias is not None:
                    cut[layer.bias] = (zbar_first, bar_first, outs[0])
            if lf.index > 0:
                if self.rows:
                    upstream = [sum(W[k, j] * zbar[j] for j in range(layer.units)) for k in range(lf.fan_in)]
                else:
                    upstream = [sum(W[j, k] * zbar[j] for j in range(layer.units)) for k in range(lf.fan_in)]
        # representative elements: rewrite the output layer's sigma(f) etc. as the named values
        chain = {}
        for p in problem.trained:
            expr = grads[p][0]
            first = param_syms[p][0]
            at = None
            if p in cut and tree_size(expr) > SCALAR_NODES:
                expr, bar, out = cut[p]
                at = (bar, out)
            chain[p] = (expr, names, names[first], at)
        check = None
        if problem.n_params <= COMPOSE_LIMIT:
            if self._expanded_terms(grads, forward, layer_syms) <= COMPOSE_TERMS:
                check = self._composed_check(grads, param_syms, forward, layer_syms)
            else:
                check = "skipped"
        return chain, check

    def _expanded_terms(self, grads, forward, layer_syms):
        """About how many terms SymPy's expansion of the chain-rule gradients in the inputs and parameters has."""
        counts, memo = {}, {}
        for lf in self.model.layers:
            zs, outs = layer_syms[lf.index]
            for s in [*zs, *outs]:
                counts[s] = expanded_terms(forward[s], counts, memo)
        return sum(expanded_terms(e, counts, memo) for g in grads.values() for e in g)

    def _composed_check(self, grads, param_syms, forward, layer_syms):
        """Differentiate the fully composed loss directly and compare with the chain rule, symbolically:
        (the elements that differ, the elements compared, whether the loss is ce)."""
        model, problem = self.model, self.problem
        expand = {}
        for lf in model.layers:  # every value in terms of the inputs and parameters only
            zs, outs = layer_syms[lf.index]
            for s in [*zs, *outs]:
                expand[s] = forward[s].xreplace(expand)
        ce = problem.loss == "ce"
        if ce:  # one-hot targets sum to 1; the targets do not depend on the parameters, so this may come first
            expand[model.y[-1]] = 1 - sum(model.y[:-1])
        composed = model.loss_expr.xreplace(expand)
        mismatches, count = [], 0
        for p in problem.trained:
            for idx, sym in enumerate(param_syms[p]):
                diff = sp.diff(composed, sym) - grads[p][idx].xreplace(expand)
                count += 1
                if sp.expand_mul(diff) != 0 and sp.expand(diff) != 0:
                    mismatches.append(f"{p}[{idx + 1}]")
        return mismatches, count, ce


def tree_size(expr):
    """SymPy nodes of `expr` as printed (a shared part counts each time it appears), in time linear in its
    distinct parts."""
    memo = {}

    def size(e):
        if id(e) not in memo:
            memo[id(e)] = 1 + sum(size(a) for a in e.args)
        return memo[id(e)]

    return size(expr)


def expanded_terms(expr, counts, memo):
    """The number of terms of `expr` expanded (products of sums multiplied out), the symbols in `counts`
    standing for expressions of that many terms; in time linear in the distinct parts (memo: id -> count)."""
    if id(expr) in memo:
        return memo[id(expr)]
    if expr in counts:
        n = counts[expr]
    elif expr.is_Add:
        n = sum(expanded_terms(a, counts, memo) for a in expr.args)
    elif expr.is_Mul:
        n = math.prod(expanded_terms(a, counts, memo) for a in expr.args)
    elif expr.is_Pow and expr.exp.is_Integer and expr.exp > 0:
        n = math.comb(expanded_terms(expr.base, counts, memo) + int(expr.exp) - 1, int(expr.exp))  # monomials
    else:
        n = 1
    memo[id(expr)] = n
    return n
