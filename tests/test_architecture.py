"""The package's import graph: the pipeline flows one way (pyproject's import-linter contract) and no module
imports itself back through others."""
import grimp
from importlinter.cli import lint_imports

from conftest import ROOT


def _graph():
    return grimp.build_graph("derive", include_external_packages=False, cache_dir=None)


def test_the_import_linter_contract_holds():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _cycle(graph):
    """A list of modules that import each other in a circle, or None (Tarjan's strongly connected components)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(m):
        index[m] = low[m] = len(index)
        stack.append(m)
        on.add(m)
        for n in sorted(graph.find_modules_directly_imported_by(m)):
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            component = []
            while True:
                n = stack.pop()
                on.discard(n)
                component.append(n)
                if n == m:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for m in sorted(graph.modules):
        if m not in index:
            visit(m)
    return found[0] if found else None


def test_no_module_imports_itself_back():
    graph = _graph()
    for package in [m for m in graph.modules if m.count(".") == 1 or m == "derive"]:
        if graph.find_children(package):  # a package's __init__ importing its own modules is not a circle
            for child in graph.find_children(package):
                if graph.direct_import_exists(importer=package, imported=child):
                    graph.remove_import(importer=package, imported=child)
    assert _cycle(graph) is None


def test_a_planted_circle_is_found():
    graph = _graph()
    graph.add_import(importer="derive.network.symbols", imported="derive.network.model")
    assert _cycle(graph) is not None
