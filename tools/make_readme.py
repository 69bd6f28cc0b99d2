"""Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto, which cannot be installed here).

Markdown cells are copied (relative links and images, written for nbs/, are pointed at nbs/ from the repository root); code cells are shown as Python blocks unless flagged `#| hide`, `#| echo: false`
hides the code but keeps the output; nbdev directives (`#|` lines) are dropped; text and markdown outputs follow (stderr streams, such as warnings, are left out)."""
import re
from pathlib import Path
from execnb.nbio import read_nb

ROOT = Path(__file__).resolve().parents[1]

def directives(src):
    "nbdev's `#| key: value` lines of a cell, as a dict"
    return {m.group(1): (m.group(2) or '').strip() for m in re.finditer(r'^#\|\s*([\w-]+):?\s*(.*)$', src, re.M)}

def from_root(markdown):
    "Rewrite relative links and images, which index.ipynb writes relative to nbs/, to be relative to the repository root"
    return re.sub(r'(\]\()(?![a-z]+:|/|#)', r'\1nbs/', markdown)

def cell_markdown(cell):
    "The README text of one notebook cell"
    if cell.cell_type == 'markdown': return from_root(cell.source)
    flags = directives(cell.source)
    if 'hide' in flags or flags.get('include') == 'false': return ''
    parts = []
    code = '\n'.join(l for l in cell.source.splitlines() if not l.startswith('#|')).strip()
    if code and flags.get('echo') != 'false': parts.append(f'```python\n{code}\n```')
    for out in cell.get('outputs', []):
        data = out.get('data', {})
        if 'text/markdown' in data: parts.append(''.join(data['text/markdown']))
        elif out.get('output_type') == 'stream' and out.get('name') != 'stderr': parts.append('```\n' + ''.join(out['text']).rstrip() + '\n```')
        elif 'text/plain' in data: parts.append('```\n' + ''.join(data['text/plain']).rstrip() + '\n```')
    return '\n\n'.join(parts)

def readme_text(nb_path=ROOT/'nbs'/'index.ipynb'):
    "README.md's content, generated from `nb_path`"
    cells = [cell_markdown(c) for c in read_nb(nb_path).cells]
    note = '<!-- generated from nbs/index.ipynb by `make readme` (tools/make_readme.py): edit the notebook, not this file -->\n\n'
    return note + '\n\n'.join(c for c in cells if c.strip()) + '\n'

if __name__ == '__main__':
    out = ROOT/'README.md'
    out.write_text(readme_text())
    print(f'wrote {out.relative_to(ROOT)}')
