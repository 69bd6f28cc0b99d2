"""Check the built site in a real browser (`make docs-check`): every page served on 127.0.0.1 and opened in Debian's
headless Chromium driven by Playwright (never Playwright's own browser download); no request to another host,
maths typeset, images loaded, links and anchors found, and an API entry for every exported function."""
from __future__ import annotations
import ast, functools, http.server, re, threading, urllib.error, urllib.request
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

def serve_site(site:Path|str, # the built site
               port:int=0, # 0: any free port
               host:str='127.0.0.1', # only this machine
              ):
    "Serve `site` over HTTP in a background thread; returns the server (its URL is `server.url`; stop with `.shutdown()`)"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    srv = http.server.ThreadingHTTPServer((host, port), functools.partial(Quiet, directory=str(site)))
    srv.url = f'http://{host}:{srv.server_address[1]}/'
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv

_LOCAL_HOSTS = ('127.0.0.1',)

def is_local_url(url:str, # a URL a page requests or links to
                ) -> bool:
    "True when `url` stays on this machine's loop-back server (or is inline data)"
    u = urlsplit(url)
    return u.scheme in ('data', 'blob', 'about') or (u.scheme in ('http', 'https', 'ws', 'wss') and u.hostname in _LOCAL_HOSTS)

_re_raw_math = re.compile(r'\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|(?<![\w$\\])\$[^\s$][^$\n]{0,200}?[^\s$\\]\$(?![\w$])')

def raw_math(text:str, # a page's visible text, code blocks left out
            ) -> list[str]:
    "TeX that MathJax left untypeset in `text`: `$$`, `\\(`, `\\[`, `\\begin{` or `$...$`"
    return [m.group(0) for m in _re_raw_math.finditer(text)]

def page_paths(site:Path|str, # the built site
              ) -> list[str]:
    "Every HTML page of the site, relative to it, index first"
    site = Path(site)
    pages = [p.relative_to(site).as_posix() for p in site.rglob('*.html') if not p.relative_to(site).parts[0].startswith('_')]
    return sorted(pages, key=lambda p: (p != 'index.html', p))

def missing_api_entries(site:Path|str, # the built site
                        lib_path:Path|str, # the package folder, e.g. gem_nb/ (holds nbdev's _modidx.py)
                       ) -> list[str]:
    "Exported functions and classes (in a module's `__all__`) with no API entry at the anchor nbdev's index gives them"
    lib_path, site, out = Path(lib_path), Path(site), []
    idx = ast.literal_eval(ast.parse((lib_path/'_modidx.py').read_text()).body[-1].value)['syms']
    for mod, syms in idx.items():
        tree = ast.parse((lib_path/(mod.split('.', 1)[1].replace('.', '/') + '.py')).read_text())
        alls = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == '__all__']
        for name in (alls[0] if alls else []):
            if f'{mod}.{name}' not in syms: continue  # a constant, not a function or class
            page, _, anchor = syms[f'{mod}.{name}'][0].partition('#')
            html = (site/page).read_text() if (site/page).exists() else ''
            if f'id="{anchor}"' not in html: out.append(f'{mod}.{name}: no API entry at {page}#{anchor}')
    return out

CHROMIUM = '/usr/bin/chromium'  # Debian's package: `apt-get install -y chromium`
CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run']

_PAGE_FACTS = '''() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, noscript, mjx-container, .highlight').forEach(e => e.remove());
  const maths = [...document.querySelectorAll('.math')];
  return {
    text: clone.textContent,
    maths: maths.length,
    untypeset: maths.filter(e => !e.querySelector('mjx-container')).length,
    merrors: document.querySelectorAll('mjx-merror').length,
    images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    solutions: [...document.querySelectorAll('.tag_solution')].map(e => { const d = e.querySelector('details'); return !!d && !d.open; }),
  };
}'''
_WAIT_MATHJAX = '() => window.MathJax && MathJax.startup && MathJax.startup.promise ? MathJax.startup.promise.then(() => true) : true'

def _link_problem(url, fetch):
    "Why an internal link is broken, or None"
    base, frag = urldefrag(url)
    status, html = fetch(base)
    if status != 200: return f'HTTP {status}'
    if frag and not re.search(rf'''\b(id|name)=["']{re.escape(unquote(frag))}["']''', html): return f'no anchor #{frag}'

def check_site(site:Path|str, # the built site
               shots:Path|str|None=None, # folder for screenshots of the index and the objective notebook (None: none)
               shot_pages:tuple=('index.html', 'loss.html'), # the pages to photograph: the home page and the objective notebook
               chromium:str=CHROMIUM, # the browser binary Playwright drives
               timeout_ms:int=60_000, # per page
              ) -> list[str]:
    "Open every page in headless Chromium over 127.0.0.1 and return what is wrong (an empty list: all good)"
    from playwright.sync_api import sync_playwright  # the docs extra: only this check needs it
    site, problems, cache = Path(site), [], {}
    srv = serve_site(site)
    def fetch(url):
        if url not in cache:
            try:
                with urllib.request.urlopen(url, timeout=30) as r: cache[url] = (r.status, r.read().decode('utf-8', 'replace'))
            except urllib.error.HTTPError as e: cache[url] = (e.code, '')
        return cache[url]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
            outside = []
            def route(r):
                if is_local_url(r.request.url): r.continue_()
                else: outside.append(r.request.url); r.abort()
            ctx.route('**/*', route)
            for path in page_paths(site):
                page, errors = ctx.new_page(), []
                page.on('console', lambda m: errors.append(m.text) if m.type == 'error' else None)
                page.on('pageerror', lambda e: errors.append(str(e)))
                page.on('requestfailed', lambda r: errors.append(f'request failed: {r.url}') if is_local_url(r.url) else None)
                page.on('response', lambda r: errors.append(f'HTTP {r.status}: {r.url}') if r.status >= 400 else None)
                n_out = len(outside)
                resp = page.goto(srv.url + path, wait_until='load', timeout=timeout_ms)
                if resp is None or resp.status != 200: problems.append(f'{path}: HTTP {resp and resp.status}')
                page.wait_for_load_state('networkidle', timeout=timeout_ms)
                page.evaluate(_WAIT_MATHJAX)
                facts = page.evaluate(_PAGE_FACTS)
                problems += [f'{path}: console error: {e}' for e in errors]
                problems += [f'{path}: request to another host: {u}' for u in outside[n_out:]]
                if raw := raw_math(facts['text']): problems.append(f'{path}: raw TeX in the text: {raw[:5]}')
                if facts['untypeset']: problems.append(f"{path}: {facts['untypeset']} of {facts['maths']} maths elements not typeset")
                if facts['merrors']: problems.append(f"{path}: {facts['merrors']} MathJax errors")
                problems += [f"{path}: image does not load: {i['src'][:120]}" for i in facts['images'] if not i['ok']]
                if not all(facts['solutions']): problems.append(f"{path}: {facts['solutions'].count(False)} of {len(facts['solutions'])} exercise solutions not folded")
                for url in dict.fromkeys(facts['links']):
                    if url.startswith(srv.url) and (why := _link_problem(url, fetch)): problems.append(f'{path}: broken link {url[len(srv.url):]} ({why})')
                print(f"docs-check: {path}: {facts['maths']} maths, {len(facts['images'])} images, {len(facts['links'])} links"
                      + (f", {len(facts['solutions'])} folded solutions" if facts['solutions'] else ''))
                if shots and path in shot_pages: screenshot_page(page, Path(shots), Path(path).stem)
                page.close()
            browser.close()
    finally: srv.shutdown()
    return problems

def screenshot_page(page, # a Playwright page, loaded
                    shots:Path, # folder for the PNGs
                    stem:str, # file name prefix
                   ) -> list[Path]:
    "Screenshots of a page: its top, and (where present) its first display maths, plot, API entry and folded exercise solution"
    shots.mkdir(parents=True, exist_ok=True)
    out = [shots/f'{stem}.png']
    page.screenshot(path=out[0])
    for what, sel in [('maths', 'div.math'), ('plot', '.cell_output img'), ('api', '.cell_output .rubric'), ('solution', '.tag_solution')]:
        el = page.locator(sel).first
        if el.count():
            el.evaluate("e => e.scrollIntoView({block: 'center'})")
            out.append(shots/f'{stem}-{what}.png')
            page.screenshot(path=out[-1])
    return out
