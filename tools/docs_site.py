"""Build, serve and check the documentation site offline, and time the notebooks for the workshop page.
Documented in nbs/90_docs.ipynb.  Usage: python tools/docs_site.py {build,serve,check,timings} [-h]
(`make docs`, `make docs-serve`, `make docs-check`; `timings` rewrites nbs/workshop_timings.json)."""
from __future__ import annotations
import argparse, ast, configparser, importlib, json, re, shutil, subprocess, sys, tarfile, time
from pathlib import Path
from nbdev.showdoc import show_doc
from nb_cells import cell_directives, cell_source, default_exp, docs_notebooks, page_name, strip_directives
from docs_check import check_site, missing_api_entries, page_paths, serve_site
from nb_timings import merge_timings, time_notebooks

DOCS_REQUIREMENTS = ("sphinx>=8.1", "myst-nb>=1.2", "sphinx-book-theme>=1.1", "playwright>=1.45")  # the `docs` extra
MATHJAX_NPM = "mathjax@3.2.2"  # the npm package the site's maths is typeset with, served from _static

_hidden = {'hide', 'default_exp'}
_folded = {'export', 'exporti'}

def cell_view(src:str, # a code cell's source
             ) -> str:
    "How a code cell is shown: 'drop' (hidden), 'output' (code hidden), 'fold' (code folded), 'solution' (code and output folded), 'show_doc' or 'code'"
    d = cell_directives(src)
    if d.keys() & _hidden or d.get('include') == 'false': return 'drop'
    if re.search(r'^show_doc\(', strip_directives(src), re.M): return 'show_doc'
    if d.get('echo') == 'false': return 'output'
    if 'solution' in d: return 'solution'
    if d.keys() & _folded: return 'fold'
    return 'code'

def export_names(src:str, # an exported cell's source
                ) -> list[str]:
    "Public functions and classes a cell defines, the symbols nbdev gives a `show_doc` (as its `add_show_docs` does)"
    try: tree = ast.parse(strip_directives(src))
    except SyntaxError: return []
    return [n.name for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not n.name.startswith('_')]

def show_doc_target(src:str, # a show_doc cell's source, e.g. "show_doc(GEMRows.forward)"
                   ) -> str|None:
    "The dotted name a `show_doc(...)` cell documents, or None when it is not a plain name"
    calls = re.findall(r'^show_doc\(\s*([A-Za-z_][\w.]*)\s*[,)]', strip_directives(src), re.M)
    return calls[0] if len(calls) == 1 else None

_re_source_link = re.compile(r'^\[source\]\([^)]*\)\{[^}]*\}\s*$', re.M)

def api_markdown(obj, # a function, class or method of the library
                 name:str, # its dotted name, e.g. "gem_loss" or "GEMRows.forward"
                ) -> str:
    "nbdev's `show_doc` markdown for `obj`, reachable at the anchor nbdev's index gives it (`loss.html#gem_loss`)"
    return api_anchor(name) + clean_api_markdown(show_doc(obj, name=name)._repr_markdown_())

def api_anchor(name:str, # dotted name, e.g. "GEMRows.forward"
              ) -> str:
    "An HTML anchor with nbdev's id for `name`, where MyST's heading slug of its `### name` differs (dotted names)"
    return f'<span id="{name.lower()}"></span>\n\n' if '.' in name else ''

def clean_api_markdown(md:str, # show_doc's markdown
                      ) -> str:
    "show_doc's markdown without what only Quarto reads: the leading rule and the `[source](...){...}` link"
    return _re_source_link.sub('', md).strip().removeprefix('---').strip()

def resolve(module, # the module a notebook exports to
            name:str, # dotted name inside it
           ):
    "The object `module.name` (dotted names follow attributes), or None"
    obj = module
    for part in name.split('.'):
        obj = getattr(obj, part, None)
        if obj is None: return None
    return obj

def link_symbols(md:str, # a markdown cell
                 syms:dict[str, str], # public name -> page and anchor, e.g. {'gem_loss': 'loss.html#gem_loss'}
                ) -> str:
    "Turn `` `name` `` and `` `name()` `` into links to the name's API entry (nbdev's `add_links`), outside code fences"
    def link(m):
        href = syms.get(m.group(1))
        return f'<a href="{href}"><code>{m.group(0)[1:-1]}</code></a>' if href else m.group(0)
    parts = re.split(r'(^```.*?^```)', md, flags=re.M | re.S)
    return ''.join(p if p.startswith('```') else re.sub(r'(?<![\[`])`([A-Za-z_][\w.]*)(?:\(\))?`(?![`\]])', link, p)
                   for p in parts)

def fix_page_links(md:str, # a markdown cell
                   pages:dict[str, str], # notebook stem or page name -> page name, e.g. {'00_loss': 'loss', 'loss': 'loss'}
                  ) -> str:
    "Point markdown links to other notebooks (`00_loss.ipynb`, `loss.html`) at their page, keeping the `#anchor`"
    def fix(m):
        page = pages.get(m.group(2))
        return f'{m.group(1)}{page}.ipynb{m.group(4) or ""})' if page else m.group(0)
    return re.sub(r'(\]\()(?:[\w./-]*/)?([\w.-]+?)\.(ipynb|html|md)(#[^)\s]*)?\)', fix, md)

def _md_output(md): return {'output_type': 'display_data', 'metadata': {}, 'data': {'text/markdown': md}}

def process_cells(cells:list[dict], # a notebook's cells, as in the .ipynb
                  module=None, # the module the notebook exports to, for API entries (None: keep committed outputs)
                  syms:dict|None=None, # public name -> 'page.html#anchor', for `name` links
                  pages:dict|None=None, # notebook stem or page name -> page name, for links between pages
                 ) -> list[dict]:
    "The cells as the site shows them: nbdev's directives applied, an API entry after every exported function"
    shown = {show_doc_target(cell_source(c)) for c in cells if c['cell_type'] == 'code' and cell_view(cell_source(c)) == 'show_doc'}
    out = []
    for c in cells:
        c = json.loads(json.dumps(c))  # a copy
        src = cell_source(c)
        if c['cell_type'] == 'markdown':
            c['source'] = fix_page_links(link_symbols(src, syms or {}), pages or {})
            out.append(c); continue
        if c['cell_type'] != 'code': continue
        view = cell_view(src)
        if view == 'drop': continue
        tags = c.setdefault('metadata', {}).setdefault('tags', [])
        c['source'] = strip_directives(src)
        for o in c.get('outputs', []):
            if 'text/markdown' in o.get('data', {}): o['data']['text/markdown'] = fix_page_links(''.join(o['data']['text/markdown']), pages or {})
        if view == 'show_doc':
            name = show_doc_target(src)
            obj = resolve(module, name) if module and name else None
            if obj is not None: c['outputs'] = [_md_output(api_markdown(obj, name))]
            else:  # keep the committed output, cleaned, with its anchor
                for o in c.get('outputs', []):
                    if 'text/markdown' in o.get('data', {}):
                        o['data']['text/markdown'] = api_anchor(name or '') + clean_api_markdown(''.join(o['data']['text/markdown']))
            tags.append('remove-input')
        elif view == 'output': tags.append('remove-input')
        elif view == 'fold': tags.append('hide-input')
        elif view == 'solution':  # an exercise's worked solution: code and output folded behind one toggle
            tags += ['hide-cell', 'solution']
            c['metadata']['mystnb'] = {'code_prompt_show': 'Show the solution', 'code_prompt_hide': 'Hide the solution'}
        if cell_directives(src).get('output') == 'false': tags.append('remove-output')
        out.append(c)
        if cell_directives(src).keys() & {'export', 'exports'} and module is not None:
            for name in export_names(src):
                obj = resolve(module, name)
                if name in shown or obj is None: continue
                out.append({'cell_type': 'code', 'execution_count': None, 'id': f'api-{name.lower()}', 'source': f'show_doc({name})',
                            'outputs': [_md_output(api_markdown(obj, name))], 'metadata': {'tags': ['remove-input']}})
    return out

def api_names(cells:list[dict], # a notebook's cells
             ) -> list[str]:
    "The names that get an API entry in a notebook: its exported functions and classes, and its `show_doc` targets"
    out = []
    for c in cells:
        if c['cell_type'] != 'code': continue
        src = cell_source(c)
        if cell_view(src) == 'show_doc' and show_doc_target(src): out.append(show_doc_target(src))
        elif cell_directives(src).keys() & {'export', 'exports'}: out += export_names(src)
    return list(dict.fromkeys(out))

def section_of(nb:Path|str, # a notebook's path
              ) -> str:
    "The sidebar section of a notebook, from its number: 00-09 the library, 10-89 experiments, 90-99 workshop and site"
    m = re.match(r'^(\d+)', Path(nb).name)
    if not m: return 'Pages'
    n = int(m.group(1))
    return 'The library' if n < 10 else 'Experiments' if n < 90 else 'Workshop and this site'

def toctree_markdown(nbs:list[Path], # the notebooks in reading order, index first
                    ) -> str:
    "Hidden MyST toctrees, one per section, that give the sidebar its reading order"
    blocks, groups = [], {}
    for nb in nbs:
        if nb.name != 'index.ipynb': groups.setdefault(section_of(nb), []).append(page_name(nb))
    for caption, names in groups.items():
        blocks.append('```{toctree}\n:hidden:\n:maxdepth: 1\n:caption: ' + caption + '\n\n' + '\n'.join(names) + '\n```')
    return '\n\n'.join(blocks)

def sphinx_conf(title:str, # the site's title
                author:str, # for the footer
                copyright:str, # for the footer
               ) -> str:
    "The `conf.py` of the site: Sphinx + MyST-NB + the book theme, notebooks not executed, every asset local"
    return f'''# generated by tools/docs_site.py (documented in nbs/90_docs.ipynb): edit that script, not this file
project = {title!r}
author = {author!r}
copyright = {copyright!r}
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "off"            # notebooks are committed with their outputs
nb_output_stderr = "remove"          # warnings and progress bars on stderr are noise on a page
nb_merge_streams = True
nb_code_prompt_show = "Show the exported {{type}}"   # folded `#| export` cells
nb_code_prompt_hide = "Hide the exported {{type}}"
nb_render_markdown_format = "myst"   # show_doc and other markdown outputs get maths and tables too
nb_ipywidgets_js = {{}}                # no widget scripts from a CDN
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
mathjax_path = "mathjax/tex-chtml.js"  # MathJax 3 from npm, served from _static: no CDN
html_theme = "sphinx_book_theme"
html_title = {title!r}
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_context = {{"default_mode": "light"}}
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {{
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "launch_buttons": {{}},
    "navigation_with_keys": False,
}}
suppress_warnings = ["mystnb.unknown_mime_type", "misc.highlighting_failure"]
'''

FAVICON_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f6f8b"/>'
               '<text x="8" y="12" font-size="11" text-anchor="middle" fill="#fff" font-family="sans-serif">G</text></svg>')

_MATHJAX_PARTS = ('input/tex/extensions/', 'output/chtml/', 'ui/', 'a11y/', 'sre/')  # what tex-chtml.js loads on demand

def vendor_mathjax(static:Path, # the site's _static folder
                   cache:Path, # where the npm tarball is kept between builds
                   spec:str=MATHJAX_NPM, # npm package@version
                  ) -> Path:
    "Put MathJax's browser build (es5/) into `static/mathjax`, fetching the npm tarball once with `npm pack`"
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache/(spec.replace('@', '-') + '.tgz')
    if not tgz.exists():
        if not shutil.which('npm'): raise RuntimeError('npm not found: install Node.js and npm (Debian: `apt-get install -y npm`) to fetch MathJax')
        subprocess.run(['npm', 'pack', spec, '--silent', '--pack-destination', str(cache)], check=True, stdout=subprocess.DEVNULL)
    dest = static/'mathjax'
    shutil.rmtree(dest, ignore_errors=True)
    with tarfile.open(tgz) as tf:
        for m in tf.getmembers():
            name = m.name.removeprefix('package/es5/')
            if m.isfile() and (name == 'tex-chtml.js' or name.startswith(_MATHJAX_PARTS)):
                m.name = name
                tf.extract(m, dest, filter='data')
    return dest/'tex-chtml.js'

def _settings(root):
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(Path(root)/'settings.ini')
    return cfg['DEFAULT']

def _import_module(root, lib, name):
    root = str(Path(root).resolve())
    if root not in sys.path: sys.path.insert(0, root)  # document the library of the tree being built
    try: return importlib.import_module(f'{lib}.{name}')
    except Exception as e:
        print(f'docs: cannot import {lib}.{name} ({e!r}); its API entries keep the committed show_doc outputs', file=sys.stderr)
        return None

def write_sources(root:Path, # the repository root (holds settings.ini)
                  nbs_path:Path, # the notebooks to publish
                  src:Path, # the Sphinx source folder to (re)write
                 ) -> list[Path]:
    "Write the processed notebooks, conf.py and _static into `src`; return the notebooks, in reading order"
    cfg, nbs = _settings(root), docs_notebooks(nbs_path)
    if not nbs or nbs[0].name != 'index.ipynb': raise FileNotFoundError(f'{nbs_path}/index.ipynb is missing: it is the home page')
    lib = cfg.get('lib_name', 'gem_nb')
    pages = {**{nb.stem: page_name(nb) for nb in nbs}, **{page_name(nb): page_name(nb) for nb in nbs}}
    books = {nb: json.loads(nb.read_text()) for nb in nbs}
    syms = {name: f'{page_name(nb)}.html#{name.lower()}' for nb, book in books.items()
            if default_exp(book['cells']) for name in api_names(book['cells'])}
    shutil.rmtree(src, ignore_errors=True)
    (src/'_static').mkdir(parents=True)
    for nb, book in books.items():
        exp = default_exp(book['cells'])
        module = _import_module(root, lib, exp) if exp else None
        book['cells'] = process_cells(book['cells'], module, syms, pages)
        if nb.name == 'index.ipynb':
            book['cells'].append({'cell_type': 'markdown', 'id': 'toctree', 'metadata': {}, 'source': toctree_markdown(nbs)})
        (src/f'{page_name(nb)}.ipynb').write_text(json.dumps(book, indent=1))
    for d in Path(nbs_path).iterdir():  # folders beside the notebooks (committed results and plots their pages show)
        if d.is_dir() and not d.name.startswith(('_', '.')): shutil.copytree(d, src/d.name)
    for md in Path(nbs_path).glob('*.md'):  # markdown pages beside the notebooks (the paper's tables), reached by links
        (src/md.name).write_text('---\norphan: true\n---\n\n' + md.read_text(encoding='utf-8'), encoding='utf-8')
    (src/'conf.py').write_text(sphinx_conf(cfg.get('title', lib), cfg.get('author', ''), cfg.get('copyright', '')))
    (src/'_static'/'favicon.svg').write_text(FAVICON_SVG)
    return nbs

def build_docs(root:Path|str='.', # the repository root
               nbs_path:Path|str|None=None, # the notebooks (default: root/nbs)
               site:Path|str='_site', # where the HTML goes, relative to root
               work:Path|str='_proc/docs', # scratch folder for the Sphinx sources, relative to root
              ) -> Path:
    "Build the site from the committed notebooks (nothing is executed) and return its folder"
    root = Path(root).resolve()
    work, site = root/work, root/site
    t0 = time.time()
    write_sources(root, Path(nbs_path or root/'nbs'), work/'src')
    vendor_mathjax(work/'src'/'_static', root/'_proc'/'npm')
    html = work/'html'  # MyST-NB writes images beside the output folder (html/../jupyter_execute): keep them in `work`
    shutil.rmtree(html, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-d', str(work/'doctrees'), str(work/'src'), str(html)],
                   check=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.move(html, site)
    print(f'docs: built {site} in {time.time() - t0:.0f} s')
    return site

def main(argv:list[str]|None=None, # command-line arguments (None: sys.argv)
        ) -> None:
    "The docs commands behind `make docs`, `make docs-serve` and `make docs-check`, and the workshop timings"
    p = argparse.ArgumentParser(prog='docs_site', description='Build, serve and check the documentation site offline')
    sub = p.add_subparsers(dest='cmd', required=True)
    sub.add_parser('build', help='build the site into _site/')
    s = sub.add_parser('serve', help='build, then serve on 127.0.0.1'); s.add_argument('--port', type=int, default=8000)
    c = sub.add_parser('check', help='build, serve, open every page in headless Chromium')
    c.add_argument('--shots', default='_screenshots', help='folder for the screenshots')
    t = sub.add_parser('timings', help='time every notebook with nbdev_test into a JSON file')
    t.add_argument('--out', default='nbs/workshop_timings.json')
    t.add_argument('nbs', nargs='*', help='notebooks to time (default: all)')
    a = p.parse_args(argv)
    if a.cmd == 'timings':
        nbs = [Path(n) for n in a.nbs] or [n for n in docs_notebooks('nbs') if n.name != 'index.ipynb']
        old = json.loads(Path(a.out).read_text()) if Path(a.out).exists() else {}
        old['notebooks'] = {k: v for k, v in old.get('notebooks', {}).items() if (Path('nbs') / k).exists()}  # notebooks since renamed or removed
        res = merge_timings(old, time_notebooks(nbs))
        Path(a.out).write_text(json.dumps(res, indent=1) + '\n')
        print(json.dumps(res, indent=1))
        return
    site = build_docs('.')
    if a.cmd == 'serve':
        srv = serve_site(site, a.port)
        print(f'docs: serving {site} at {srv.url} (Ctrl-C stops)')
        try:
            while True: time.sleep(3600)
        except KeyboardInterrupt: srv.shutdown()
    elif a.cmd == 'check':
        problems = missing_api_entries(site, Path(_settings('.').get('lib_path', 'gem_nb'))) + check_site(site, a.shots)
        print('\n'.join(problems) or f'docs-check: all {len(page_paths(site))} pages good; screenshots in {a.shots}/')
        if problems: sys.exit(1)

if __name__ == '__main__': main()
