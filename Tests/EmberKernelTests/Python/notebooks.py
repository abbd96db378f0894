"""Notebooks in and out: `ember replay --ipynb SESSION` must give a valid nbformat 4.5 notebook
(nbformat.validate) whose replay matches its own outputs (`ember replay NOTEBOOK --check`);
with --execute, nbclient also runs it with the Ember kernel, from a kernelspec installed into
a temporary prefix, and every cell must run without an error.

    python notebooks.py EMBER_BINARY SESSION [--execute]
"""

import base64
import os
import subprocess
import sys
import tempfile

import nbclient
import nbformat


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def main():
    ember, session = sys.argv[1], sys.argv[2]
    execute = "--execute" in sys.argv[3:]
    made = subprocess.run([ember, "replay", "--ipynb", session], capture_output=True, text=True)
    expect(made.returncode == 0, made.stderr)
    notebook = nbformat.reads(made.stdout, as_version=4)
    nbformat.validate(notebook)
    expect((notebook.nbformat, notebook.nbformat_minor) == (4, 5), (notebook.nbformat, notebook.nbformat_minor))
    expect(notebook.metadata.kernelspec.name == "ember", notebook.metadata.kernelspec)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    expect([cell.execution_count for cell in code] == list(range(1, len(code) + 1)), "execution counts")
    source = open(session).read()
    if source.lstrip().startswith("#"):
        expect(notebook.cells[0].cell_type == "markdown", "the opening comment is not a Markdown cell")
    pictures = [o for cell in code for o in cell.outputs if "image/png" in o.get("data", {})]
    if "show(" in source or "plot(" in source:
        expect(pictures, "no image/png output")
        for output in pictures:
            expect(base64.b64decode(output.data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "replayed.ipynb")
        with open(path, "w") as file:
            file.write(made.stdout)
        checked = subprocess.run([ember, "replay", path, "--check"], capture_output=True, text=True)
        expect(checked.returncode == 0, checked.stdout + checked.stderr)
        if execute:
            subprocess.run(
                [ember, "kernel", "install", "--prefix", folder, "--name", "ember"], check=True, stdout=subprocess.DEVNULL
            )
            os.environ["JUPYTER_PATH"] = os.path.join(folder, "share", "jupyter")
            client = nbclient.NotebookClient(notebook, kernel_name="ember", timeout=600, allow_errors=False)
            client.execute()
            errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
            expect(not errors, errors)
            expect(any(cell.outputs for cell in code), "nbclient produced no outputs")
    print(f"{session}: passed")


if __name__ == "__main__":
    main()
