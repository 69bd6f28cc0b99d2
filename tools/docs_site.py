"""Build, serve and check the documentation site offline (`make docs`, `make docs-serve`, `make docs-check`), and time
the notebooks for the workshop page.  The logic lives in nbs/90_docs.ipynb (exported to gem_nb/docsite.py).
Usage: python tools/docs_site.py {build,serve,check,timings} [-h]"""
from gem_nb.docsite import docs_cli

if __name__ == '__main__': docs_cli()
