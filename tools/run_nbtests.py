"""Run every notebook's tests with `nbdev_test` (cells flagged with a `tst_flags` flag are skipped unless asked for)
and close with a 'N passed, N failed' line that CI can read.  Extra arguments go to nbdev_test (e.g. --flags slow)."""
import os, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run_streaming(cmd:list) -> tuple[int, str]:
    "Run `cmd` in ROOT, echoing its output as it comes; return the exit code and the output"
    # two notebooks run at once on a 2-core machine: one thread each, since oversubscribed torch/OpenMP threads
    # spin-wait and were measured 10x slower (SmolLM2 greedy generation: 35 s with 2 threads under load, 3.9 s with 1)
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    for line in proc.stdout:
        print(line, end='', flush=True)
        lines.append(line)
    return proc.wait(), ''.join(lines)

def failed_notebooks(output:str) -> list:
    "Names nbdev_test lists after 'Tests Failed On The Following Notebooks'"
    _, _, tail = output.partition('Tests Failed On The Following Notebooks:')
    return [l.strip() for l in tail.splitlines() if l.strip().endswith('.ipynb')]

if __name__ == '__main__':
    nbs = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))
    rc, out = run_streaming(['nbdev_test', '--n_workers', '2', '--timing', '--do_print', *sys.argv[1:]])
    failed = failed_notebooks(out)
    if rc and not failed: failed = ['(nbdev_test itself)']
    print(f'notebooks: {len(nbs) - len(failed)} passed, {len(failed)} failed')
    sys.exit(rc)
