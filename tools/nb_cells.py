"""Reading nbdev notebooks as data: which notebooks become pages and in what order, their `#|` directives, the
module they export to.  Shared by the docs site (tools/docs_site.py), the workshop timings (tools/nb_timings.py)
and the lint (tools/lint.py)."""
from __future__ import annotations
import json, re
from pathlib import Path

_re_num_prefix = re.compile(r'^\d+[a-zA-Z0-9]*_')
_re_directive = re.compile(r'^\s*#\|\s*([\w-]+):?\s*(.*?)\s*$')

def page_name(nb:Path|str, # a notebook's path, e.g. nbs/00_loss.ipynb
             ) -> str:
    "The page a notebook becomes, named as nbdev names it: the number prefix dropped (`00_loss.ipynb` -> `loss`)"
    return _re_num_prefix.sub('', Path(nb).stem.lower())

def docs_notebooks(nbs_path:Path|str, # folder of the notebooks
                  ) -> list[Path]:
    "The notebooks that become pages, in reading order: `index.ipynb` first, then by file name, skipping `_*.ipynb`"
    nbs = sorted(p for p in Path(nbs_path).glob('*.ipynb') if not p.name.startswith(('_', '.')))
    return sorted(nbs, key=lambda p: p.name != 'index.ipynb')

def cell_source(cell:dict, # a cell as stored in the .ipynb (its source a string or a list of lines)
               ) -> str:
    "The cell's source as one string"
    return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']

def read_cells(nb:Path|str, # a notebook
              ) -> list[dict]:
    "The notebook's cells, as stored"
    return json.loads(Path(nb).read_text(encoding='utf-8'))['cells']

def cell_directives(src:str, # a code cell's source
                   ) -> dict[str, str]:
    "nbdev's `#| name value` lines at the top of a cell, as a dict (`#| echo: false` -> {'echo': 'false'})"
    out = {}
    for line in src.splitlines():
        if not line.strip(): continue
        m = _re_directive.match(line)
        if not m: break
        out[m.group(1)] = m.group(2)
    return out

def strip_directives(src:str, # a code cell's source
                    ) -> str:
    "The source without nbdev's `#|` lines, as a reader should see it"
    return '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith('#|')).strip('\n')

def default_exp(cells:list[dict], # a notebook's cells
               ) -> str|None:
    "The module a notebook exports to (its `#| default_exp`), or None"
    for c in cells:
        if c['cell_type'] == 'code' and 'default_exp' in (d := cell_directives(cell_source(c))): return d['default_exp'].split()[0]
    return None
