"""The lint of `make test`, run before the notebooks: what a careful reader of the library would catch first.

1. pyflakes-level errors (ruff's F rules: unused or undefined names, redefinitions, star imports) in gem_nb/ and tools/;
2. a `#|` directive line inside the body of an exported notebook cell (nbdev exports it into the module as a comment);
3. a module that defines the same top-level function, class or constant twice (the later one silently wins);
4. a circle in the import graph of gem_nb/ (lazy imports inside functions count: they are still a circle);
5. a notebook cell stored as one string instead of the list of lines Jupyter and nbdev write (a diff of it is one line).

Usage: python tools/lint.py [--root DIR]   (exit status 1 and one line per problem when something is found)"""
from __future__ import annotations
import argparse, ast, subprocess, sys
from pathlib import Path
from nb_cells import cell_directives, cell_source, default_exp, read_cells

ROOT = Path(__file__).resolve().parents[1]
EXPORT_FLAGS = {'export', 'exports', 'exporti'}

def ruff_problems(paths:list[Path], # files or folders to check
                  cwd:Path=ROOT, # where ruff runs (paths in its report are relative to it)
                 ) -> list[str]:
    "pyflakes-level problems (ruff's F rules), one `path:line:col: code message` line each"
    r = subprocess.run([sys.executable, '-m', 'ruff', 'check', '--select', 'F', '--no-cache', '--output-format', 'concise',
                        '--quiet', *map(str, paths)], cwd=cwd, capture_output=True, text=True)
    if r.returncode not in (0, 1) or 'No module named ruff' in r.stderr:
        raise RuntimeError(f'ruff did not run ({r.stderr.strip()[:200]}): install it with `pip install ruff` (part of the dev extra)')
    return [l for l in r.stdout.splitlines() if l.strip() and not l.startswith('Found ')]

def stray_directives(nb:Path, # a notebook
                    ) -> list[str]:
    "`#|` lines below the first code line of an exported cell: nbdev would copy them into the module"
    cells = read_cells(nb)
    if default_exp(cells) is None: return []
    out = []
    for c in cells:
        src = cell_source(c)
        if c['cell_type'] != 'code' or not cell_directives(src).keys() & EXPORT_FLAGS: continue
        lines = src.splitlines()
        body = next((i for i, l in enumerate(lines) if l.strip() and not l.lstrip().startswith('#|')), len(lines))
        out += [f'{nb} cell {c.get("id", "?")}: line {i + 1} {lines[i].strip()!r} is inside the exported code; '
                'split the cell there or delete the line' for i in range(body, len(lines)) if lines[i].lstrip().startswith('#|')]
    return out

def string_cells(nb:Path, # a notebook
                ) -> list[str]:
    "A problem line when cells of `nb` store their source as one string rather than a list of lines"
    n = sum(isinstance(c['source'], str) for c in read_cells(nb))
    return [f'{nb}: {n} cell(s) stored as one string; rewrite it with `jupyter nbconvert --to notebook --inplace {nb.name}`'
            ' then `nbdev_clean`'] if n else []

def _bound_names(stmt) -> list[str]:
    "Names a module-level statement binds by def, class or assignment (imports are ruff's business)"
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): return [stmt.name]
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]

def duplicate_definitions(py:Path, # a module
                         ) -> list[str]:
    "Top-level names a module binds twice, where at least one binding is a def or class (`__all__` excepted)"
    tree, first, out = ast.parse(py.read_text(encoding='utf-8')), {}, []
    for stmt in tree.body:
        is_def = isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for name in _bound_names(stmt):
            if name == '__all__': continue
            if name in first and (is_def or first[name][1]):
                out.append(f'{py}:{stmt.lineno}: {name} is defined again (first at line {first[name][0]}); '
                           'keep one definition in the notebook')
            first.setdefault(name, (stmt.lineno, is_def))
    return out

def package_imports(pkg:Path, # the package folder, e.g. gem_nb/
                   ) -> dict[str, set[str]]:
    "module -> the package's own modules it imports anywhere in its code (at the top or inside functions)"
    name, mods = pkg.name, {p.stem for p in pkg.glob('*.py') if p.stem not in ('__init__', '_modidx')}
    graph = {}
    for m in sorted(mods):
        deps = set()
        for node in ast.walk(ast.parse((pkg/f'{m}.py').read_text(encoding='utf-8'))):
            if isinstance(node, ast.Import):
                deps |= {a.name.split('.')[1] for a in node.names if a.name.startswith(name + '.')}
            elif isinstance(node, ast.ImportFrom):
                base = name if node.level else node.module or ''
                if node.level and node.module: base = f'{name}.{node.module}'
                if base == name: deps |= {a.name for a in node.names if a.name in mods}  # from gem_nb import loss
                elif base.startswith(name + '.'): deps.add(base.split('.')[1])
        graph[m] = (deps & mods) - {m}
    return graph

def import_cycles(graph:dict[str, set[str]], # module -> modules it imports
                 ) -> list[list[str]]:
    "The circles of the graph, one per strongly connected group, each as a path back to its start"
    index, low, stack, on, out = {}, {}, [], set(), []
    def visit(v):
        index[v] = low[v] = len(index); stack.append(v); on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index: visit(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop(); on.discard(w); group.append(w)
                if w == v: break
            if len(group) > 1: out.append(_circle(sorted(group), graph))
    for v in sorted(graph):
        if v not in index: visit(v)
    return out

def _circle(group, graph):
    "One path from the group's first module back to itself, inside the group"
    start, paths = group[0], [[group[0]]]
    while paths:
        path = paths.pop(0)
        for w in sorted(graph[path[-1]] & set(group)):
            if w == start: return path + [start]
            if w not in path: paths.append(path + [w])
    return group

def lint(root:Path=ROOT, # the repository root
        ) -> list[str]:
    "Every problem the checks find in `root`'s gem_nb/, tools/ and nbs/"
    lib = root/'gem_nb'
    out = ruff_problems([lib, root/'tools'], cwd=root)
    for nb in sorted((root/'nbs').glob('*.ipynb')): out += stray_directives(nb) + string_cells(nb)
    for py in sorted(lib.glob('*.py')): out += duplicate_definitions(py)
    out += [f'import circle in gem_nb: {" -> ".join(c)}; move the shared code into the lower module'
            for c in import_cycles(package_imports(lib))]
    return [o.replace(f'{root}/', '') for o in out]

if __name__ == '__main__':
    p = argparse.ArgumentParser(prog='lint', description=__doc__.split('\n')[0])
    p.add_argument('--root', type=Path, default=ROOT, help='the repository root')
    problems = lint(p.parse_args().root.resolve())
    print('\n'.join(problems) or 'lint: no problems in gem_nb/, tools/ and the exported cells')
    if problems: print(f'lint: {len(problems)} problem(s)'); sys.exit(1)
