"""Run every notebook's tests with `nbdev_test` (cells flagged with a `tst_flags` flag are skipped unless asked for)
and close with a 'N passed, N failed' line that CI can read.  Extra arguments go to nbdev_test (e.g. --flags slow)."""
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == '__main__':
    nbs = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_'))
    res = subprocess.run(['nbdev_test', '--n_workers', '2', '--timing', '--do_print', *sys.argv[1:]], cwd=ROOT,
                         capture_output=True, text=True)
    print(res.stdout + res.stderr)
    failed = [nb.name for nb in nbs if nb.name in res.stderr + res.stdout and 'Error' in res.stderr] if res.returncode else []
    n_failed = len(failed) if res.returncode == 0 or failed else max(1, len(failed))
    print(f'notebooks: {len(nbs) - n_failed} passed, {n_failed} failed')
    sys.exit(res.returncode)
