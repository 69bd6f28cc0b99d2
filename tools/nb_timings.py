"""How long each notebook's tests take (`python tools/docs_site.py timings`), and the workshop page's table of it."""
from __future__ import annotations
import datetime, os, platform, shutil, subprocess, time
from pathlib import Path
from nb_cells import cell_directives, cell_source, read_cells

def time_notebooks(nbs:list[Path], # notebooks to time
                   root:Path|str='.', # the repository root, where nbdev_test runs
                   timeout:int=1800, # seconds before a notebook counts as failed
                  ) -> dict:
    "Wall-clock seconds of `nbdev_test --path NB` for each notebook (cells flagged slow/cuda skipped), one at a time"
    out, today, machine = {}, datetime.date.today().isoformat(), machine_description()
    for nb in nbs:
        flags = [cell_directives(cell_source(c)) for c in read_cells(nb) if c['cell_type'] == 'code']
        t0 = time.time()
        try: ok = subprocess.run(['nbdev_test', '--path', str(nb)], cwd=root, capture_output=True, timeout=timeout).returncode == 0
        except subprocess.TimeoutExpired: ok = False
        out[Path(nb).name] = {'cpu_s': round(time.time() - t0, 1), 'passed': ok,
                              'slow_cells': sum('slow' in f for f in flags), 'cuda_cells': sum('cuda' in f for f in flags),
                              'measured': today, 'machine': machine}
    return {'command': 'python tools/docs_site.py timings', 'measured': today, 'machine': machine, 'notebooks': out}

def merge_timings(old:dict, # the saved timings (may be empty)
                  new:dict, # what `time_notebooks` just measured
                 ) -> dict:
    "`old` with the notebooks of `new` replaced; every entry keeps its own date and machine, the summary covers all"
    legacy = {k: old[k] for k in ('measured', 'machine') if k in old}  # entries saved without their own date and machine
    nbs = {**{k: {**legacy, **v} for k, v in old.get('notebooks', {}).items()}, **new['notebooks']}
    dates = sorted({t['measured'] for t in nbs.values() if t.get('measured')})
    machines = dict.fromkeys(t['machine'] for t in nbs.values() if t.get('machine'))
    return {'command': new['command'], 'measured': dates[0] if len(dates) == 1 else f'{dates[0]} to {dates[-1]}',
            'machine': '; '.join(machines), 'notebooks': nbs}

def machine_description() -> str:
    "The machine the timings were measured on: architecture, system, CPU cores and GPUs (from `nvidia-smi -L`)"
    gpus = []
    if shutil.which('nvidia-smi'):
        r = subprocess.run(['nvidia-smi', '-L'], capture_output=True, text=True)
        gpus = [l.split(' (UUID')[0].split(': ', 1)[-1] for l in r.stdout.splitlines() if l.startswith('GPU')]
    return f"{platform.machine()} {platform.system()}, {os.cpu_count()} CPU cores, " + (', '.join(gpus) or 'no GPU')

def timing_table(timings:dict, # what `time_notebooks` returned (as saved in JSON)
                 nbs:list[Path], # the notebooks in reading order
                 gpu:dict|None=None, # notebook name -> measured GPU seconds, where a run measured them
                ) -> str:
    "A markdown table: reading order, page, CPU time of the notebook's tests, slow cells, GPU time"
    rows = ['| # | notebook | CPU time (tests) | cells flagged slow / cuda | GPU time |', '|---|---|---|---|---|']
    for i, nb in enumerate(n for n in nbs if n.name != 'index.ipynb'):
        t = timings.get('notebooks', {}).get(nb.name)
        cpu = ('not yet measured' if t is None else f"{t['cpu_s']:.0f} s" + ('' if t['passed'] else ' (failed)'))
        flagged = '' if t is None else f"{t['slow_cells']} / {t['cuda_cells']}"
        g = (gpu or {}).get(nb.name)
        rows.append(f"| {i + 1} | [{nb.stem}]({nb.name}) | {cpu} | {flagged} | {'not yet measured' if g is None else f'{g:.0f} s'} |")
    return '\n'.join(rows)
