"""Fail when the committed tree is not what nbdev would make of it, as nbdev's own CI does:
`nbdev_export` must not change gem_nb/, `nbdev_clean` must not change a notebook, and README.md must match nbs/index.ipynb."""
import filecmp, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WATCHED = ['gem_nb', 'nbs', 'README.md']

def snapshot(dest):
    "Copy the watched paths into `dest`"
    for p in WATCHED:
        src = ROOT/p
        if src.is_dir(): shutil.copytree(src, dest/p, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
        elif src.exists(): shutil.copy2(src, dest/p)

def changed_files(before, after_root=ROOT):
    "Paths under WATCHED that differ between the snapshot `before` and the tree"
    out = []
    def walk(cmp, rel):
        out.extend(f'{rel}/{f}' for f in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items(): walk(sub, f'{rel}/{name}')
    for p in WATCHED:
        a, b = before/p, after_root/p
        if a.is_dir(): walk(filecmp.dircmp(a, b, ignore=['__pycache__', '.ipynb_checkpoints']), p)
        elif a.exists() != b.exists() or (a.exists() and not filecmp.cmp(a, b, shallow=False)): out.append(p)
    return out

if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp)
        snapshot(before)
        for cmd in (['nbdev_clean'], ['nbdev_export'], [sys.executable, 'tools/make_readme.py']):
            subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        diffs = changed_files(before)
    if diffs:
        print('Out of sync (now regenerated in your tree; review and commit):\n  ' + '\n  '.join(diffs))
        print('Fix: edit notebooks, then `make export` (nbdev_export, nbdev_clean, README) and commit the result.')
        sys.exit(1)
    print('sync-check: library, notebooks and README are in sync')
