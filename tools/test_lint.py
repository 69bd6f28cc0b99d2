"""Each check of tools/lint.py finds the fault planted for it, and stays quiet on clean input.  Run: pytest tools"""
import json
from pathlib import Path
import pytest
from lint import duplicate_definitions, import_cycles, lint, package_imports, ruff_problems, stray_directives, string_cells

def write(path:Path, text:str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path

def notebook(path:Path, *sources:str, as_lines=True) -> Path:
    cells = [{'cell_type': 'code', 'id': f'c{i}', 'metadata': {}, 'outputs': [], 'execution_count': None,
              'source': s.splitlines(keepends=True) if as_lines else s} for i, s in enumerate(sources)]
    return write(path, json.dumps({'cells': cells, 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}))

def test_ruff_finds_unused_and_undefined_names(tmp_path):
    bad = write(tmp_path/'bad.py', 'import os\n\ndef f():\n    return undefined_name\n')
    good = write(tmp_path/'good.py', 'import os\n\ndef f():\n    return os.sep\n')
    found = ruff_problems([bad, good], cwd=tmp_path)
    assert [l.split(':')[0] for l in found] == ['bad.py', 'bad.py']
    assert 'F401' in found[0] and 'F821' in found[1]
    assert ruff_problems([good], cwd=tmp_path) == []

def test_stray_directive_in_an_exported_cell(tmp_path):
    nb = notebook(tmp_path/'00_x.ipynb', '#| default_exp x', '#| export\nimport os',
                  '#| export\ndef f(): pass\n\n#| export\nclass A: pass', '#| hide\nx = 1\n#| not exported, not a problem')
    found = stray_directives(nb)
    assert len(found) == 1 and 'cell c2: line 4' in found[0] and "'#| export'" in found[0]
    assert stray_directives(notebook(tmp_path/'01_y.ipynb', '#| default_exp y', '#| export\n#| exports\ndef f(): pass')) == []
    assert stray_directives(notebook(tmp_path/'_scratch.ipynb', '#| export\ndef f(): pass\n#| export')) == []  # exports nothing

def test_cells_stored_as_one_string(tmp_path):
    found = string_cells(notebook(tmp_path/'a.ipynb', 'x = 1\ny = 2', 'z = 3', as_lines=False))
    assert len(found) == 1 and '2 cell(s) stored as one string' in found[0]
    assert string_cells(notebook(tmp_path/'b.ipynb', 'x = 1\ny = 2', 'z = 3')) == []

def test_duplicate_top_level_definitions(tmp_path):
    py = write(tmp_path/'m.py', "__all__ = ['A']\nK = 1\nclass A: pass\nK = 2\n\nclass A(object): pass\n"
                                "def f(): pass\nf = staticmethod(f)\n__all__ += ['f']\n")
    found = duplicate_definitions(py)
    assert [l.split(':')[1] for l in found] == ['6', '8'] and 'A is defined again (first at line 3)' in found[0]
    assert duplicate_definitions(write(tmp_path/'ok.py', 'K = 1\nK = 2\ndef f(): pass\nclass B: pass\n')) == []

def test_import_circle_found_through_a_lazy_import(tmp_path):
    pkg = tmp_path/'gem_nb'
    write(pkg/'__init__.py', '')
    write(pkg/'loss.py', 'import torch\n\ndef rows():\n    from gem_nb.triton_gem import kernel\n    return kernel\n')
    write(pkg/'triton_gem.py', 'from .loss import rows\nkernel = 1\n')
    write(pkg/'train.py', 'from gem_nb import loss\nimport gem_nb.fused\n')
    write(pkg/'fused.py', 'from gem_nb.loss import rows\n')
    graph = package_imports(pkg)
    assert graph == {'fused': {'loss'}, 'loss': {'triton_gem'}, 'train': {'fused', 'loss'}, 'triton_gem': {'loss'}}
    assert import_cycles(graph) == [['loss', 'triton_gem', 'loss']]
    write(pkg/'triton_gem.py', 'kernel = 1\n')
    assert import_cycles(package_imports(pkg)) == []

def test_longer_circle_is_reported_as_one_path():
    assert import_cycles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}, 'd': {'a'}}) == [['a', 'b', 'c', 'a']]

def test_lint_on_a_whole_tree(tmp_path):
    write(tmp_path/'gem_nb'/'__init__.py', '')
    write(tmp_path/'gem_nb'/'loss.py', 'def gem_loss(): pass\n')
    write(tmp_path/'tools'/'t.py', 'print(1)\n')
    notebook(tmp_path/'nbs'/'00_loss.ipynb', '#| default_exp loss', '#| export\ndef gem_loss(): pass')
    assert lint(tmp_path) == []
    write(tmp_path/'gem_nb'/'loss.py', 'def gem_loss(): pass\ndef gem_loss(): pass\n')
    assert [l.split(':')[0] for l in lint(tmp_path)] == ['gem_nb/loss.py', 'gem_nb/loss.py']  # ruff's F811 and ours

@pytest.mark.parametrize('src', ['from . import loss', 'import gem_nb.loss as L', 'from gem_nb.loss import gem_loss'])
def test_every_import_form_is_an_edge(tmp_path, src):
    write(tmp_path/'gem_nb'/'loss.py', '')
    write(tmp_path/'gem_nb'/'train.py', src + '\n')
    assert package_imports(tmp_path/'gem_nb')['train'] == {'loss'}
