"""Writes the small documents attn's document tests check, in every format
and claim form, and records what python3 makes of their code.

Run: python3 scripts/document_claims.py   (numpy 2; torch for torch.ipynb)

Output, under Tests/AttnDocsTests/Fixtures/documents/:
- the documents: Markdown with output blocks and comment claims, doctest
  text, reStructuredText, a Python module's docstrings, a Python notebook,
  a PyTorch notebook and an attn notebook;
- `*.fixed.*`: each document as `attn fix` must leave it once its Python
  runs (every wrong value claim rewritten with what python3 printed, every
  other byte as it was);
- `expected.json`: per document, every statement python3 ran, in order,
  with what it printed (stdout), displayed (repr of an expression's value,
  or what `display()` showed) or raised; and every verdict attn must give
  when the document's code runs, by location (`FILE:LINE`, or `FILE: cell N
  (In [k]), output line L` in a notebook).

Every claim is written from python3's own output: left as it is (the
verdict is `passed`), or changed on purpose (`failed`, with the slip the
diagnosis must name: two digits swapped, one digit changed, the last digit
rounded the wrong way, the seed article's wrong values). Draws from an
unseeded generator are `not reproducible`; a cell that runs a shell
command is `unsupported`; code that fails where nothing claims it is an
`error`. The documents' chunks are what one print call wrote: a line and
the lines that continue its open brackets (attn's rule, docs/language.md).
"""
import ast
import contextlib
import copy
import io
import json
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "AttnDocsTests", "Fixtures", "documents")
MAGICS = ("%matplotlib", "%config", "%load_ext")


class Runner:
    """One document's Python session: statements run in order, as the
    Python dialect runs them (a cell stops at its first exception)."""

    def __init__(self):
        self.ns = {"__name__": "__main__", "display": self._display}
        self.statements = []
        self._displays = []

    def _display(self, *objects):
        self._displays += [repr(o) for o in objects]

    def run(self, source, unseeded=(), unsupported=None):
        """Runs each top-level statement of `source`; returns their records.
        `unseeded`: statement texts whose output draws unseeded randomness;
        `unsupported`: {statement text: what attn's dialect says it lacks}."""
        lines = source.split("\n")
        records = []
        for node in ast.parse(source).body:
            text = "\n".join(lines[node.lineno - 1:node.end_lineno])
            record = {"source": text, "stdout": "", "display": None, "display_call": False, "error": None,
                      "unseeded": text in unseeded, "unsupported": unsupported.get(text) if unsupported else None}
            if record["unsupported"]:
                # What attn cannot run yet is not run: its dialect says so.
                self.statements.append(record)
                records.append(record)
                break
            buffer = io.StringIO()
            self._displays = []
            try:
                with contextlib.redirect_stdout(buffer):
                    if isinstance(node, ast.Expr):
                        value = eval(compile(ast.Expression(node.value), "<doc>", "eval"), self.ns)
                        if value is not None:
                            record["display"] = repr(value)
                    else:
                        exec(compile(ast.Module([node], []), "<doc>", "exec"), self.ns)
            except Exception as e:  # the document's own error, recorded as python3 shows it
                record["error"] = f"{type(e).__name__}: {e}"
            record["stdout"] = buffer.getvalue()
            if self._displays:
                record["display"] = "\n".join(self._displays)
                record["display_call"] = True
            self.statements.append(record)
            records.append(record)
            if record["error"]:
                break
        return records


def chunks(text):
    """attn's chunks of printed text: (first line index, lines)."""
    lines = text.split("\n")
    while lines and lines[-1].strip() == "":
        lines.pop()
    out, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "":
            i += 1
            continue
        depth = balance(lines[i])
        j = i + 1
        while depth > 0 and j < len(lines) and (lines[j] == "" or lines[j][0] in " \t[("):
            depth += balance(lines[j])
            j += 1
        out.append((i, lines[i:j]))
        i = j
    return out


def balance(s):
    return sum(s.count(c) for c in "[({") - sum(s.count(c) for c in "])}")


class Document:
    def __init__(self, name, needs=("numpy",)):
        self.name, self.needs = name, list(needs)
        self.lines, self.fixed = [], []
        self.verdicts = []
        self.runner = Runner()

    def add(self, *lines, fixed=None):
        """Appends lines (and their fixed form); returns the first one's 1-based number."""
        first = len(self.lines) + 1
        self.lines += lines
        self.fixed += fixed if fixed is not None else lines
        return first

    def verdict(self, location, verdict, kind, diagnosis=None):
        self.verdicts.append({"location": location, "verdict": verdict, "kind": kind, "diagnosis": diagnosis})

    # Markdown

    def fence(self, info, source, **run):
        self.add("```" + info, *source.split("\n"), "```")
        return self.runner.run(source, **run) if info in ("python", "py") else []

    def output_block(self, records, wrong=None, info="", kind="output block"):
        """The block's printed output, with `wrong` {chunk index: (text, diagnosis)}."""
        wrong = wrong or {}
        printed = "".join(r["stdout"] for r in records)
        self.add("```" + info)
        for n, (_, lines) in enumerate(chunks(printed)):
            if n in wrong:
                text, diagnosis = wrong[n]
                line = self.add(*text.split("\n"), fixed=lines)
                self.verdict(f"{self.name}:{line}", "failed", kind, diagnosis)
            else:
                line = self.add(*lines)
                self.verdict(f"{self.name}:{line}", "passed", kind)
        self.add("```")

    def write(self):
        write(self.name, "\n".join(self.lines) + "\n")
        if self.fixed != self.lines:
            write(fixed_name(self.name), "\n".join(self.fixed) + "\n")

    def record(self):
        return {"file": self.name, "needs": self.needs, "statements": self.runner.statements,
                "verdicts": self.verdicts, "fixed": fixed_name(self.name) if self.fixed != self.lines else None}


def fixed_name(name):
    stem, ext = os.path.splitext(name)
    return stem + ".fixed" + ext


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def change_digit(text, i):
    """`text` with the digit at `i` one more (9 becomes 0)."""
    return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1:]


def swap(text, old, new):
    assert old in text, (old, text)
    return text.replace(old, new, 1)


# ---------------------------------------------------------------------------
# Markdown: output blocks after code blocks.

def output_blocks():
    d = Document("output-blocks.md")
    d.add("# Output blocks", "")
    r = d.fence("python", "import numpy as np\n"
                "x = np.array([1.0, 2.0, 3.0])\n"
                "w = np.exp(x) / np.exp(x).sum()\n"
                "print(\"weights:\", w)\n"
                "print(\"sum:\", w.sum())")
    d.add("")
    d.output_block(r)                                   # right after the code
    d.add("", "Rounded, and the third of a unit:", "")
    r = d.fence("python", "print(np.round(w, 4))\nprint(1 / 3)\nprint(w.argmax())")
    d.add("", "Output:", "")
    printed = [c[1][0] for c in chunks("".join(x["stdout"] for x in r))]
    d.output_block(r, info="text", wrong={
        0: (swap(printed[0], "0.2447", "0.2474"), "two digits swapped"),
        1: ("0.3334", "rounded the wrong way"),
    })
    d.add("", "The seed article's program, in short:", "")
    r = d.fence("python", "q = np.array([0.5, 0.5])\n"
                "k = np.array([1, 1])\n"
                "weights = np.exp(np.dot(q, k))\n"
                "weights /= np.sum(weights)\n"
                "print(\"查询层：\", q)\n"
                "print(\"注意力权重：\", weights)\n"
                "print(\"加权求和结果：\", np.dot(x, weights))")
    d.add("", "这个部分初始化了查询层。", "", "### 运行结果", "", "运行上面的代码，我们得到以下输出结果：", "")
    printed = [c[1][0] for c in chunks("".join(x["stdout"] for x in r))]
    d.output_block(r, wrong={1: ("注意力权重： [0.5 0.5]", None), 2: ("加权求和结果： 1.5", None)})
    d.add("", "Installing is not output of the code above:", "")
    d.fence("bash", "pip install numpy")
    d.add("", "```", "Successfully installed numpy", "```", "")
    r = d.fence("python", "big = np.arange(2000)\nprint(big)\nprint(big.reshape(40, 50).T.shape)")
    d.add("")
    d.output_block(r)                                   # numpy's summarized `...`
    d.add("")
    r = d.fence("python", "m = np.array([[1.5, 2.25], [3.125, 4.0]])\nprint(m)\nprint(m * 2)")
    d.add("")
    printed = [c[1] for c in chunks("".join(x["stdout"] for x in r))]
    d.output_block(r, info="output", wrong={1: (swap("\n".join(printed[1]), "6.25", "6.52"), "two digits swapped")})
    d.add("", "A block whose code fails before it prints:", "")
    r = d.fence("python", "print(\"start\")\nprint(undefined_weights)\nprint(\"end\")")
    line = len(d.lines) - 2                              # the failing statement's line
    d.verdict(f"{d.name}:{line}", "error", "statement")
    d.add("", "```", "start", "[0.5 0.5]", "end", "```")
    first = len(d.lines) - 3
    d.verdict(f"{d.name}:{first}", "passed", "output block")
    d.verdict(f"{d.name}:{first + 1}", "error", "output block")
    d.verdict(f"{d.name}:{first + 2}", "error", "output block")
    d.add("", "A module attn does not provide:", "")
    d.fence("python", "import tiktoken\nprint(tiktoken.get_encoding(\"gpt2\").encode(\"hi\"))",
            unsupported={"import tiktoken": "`import tiktoken`: attn provides numpy, scipy.special and math"})
    d.add("", "```", "[5303]", "```")
    d.verdict(f"{d.name}:{len(d.lines) - 1}", "unsupported", "output block")
    return d


# ---------------------------------------------------------------------------
# Markdown: claims written as comments in Python code.

def comment_claims():
    d = Document("comment-claims.md")
    d.add("# Comments that claim", "")
    source = [
        ("import numpy as np", None),
        ("scores = np.array([2.0, 1.0, 0.1])", None),
        ("weights = np.exp(scores) / np.sum(np.exp(scores))", None),
        ("print(weights)", "implicit-print"),
        ("print(weights.sum())  # Output: 1.0", "output"),
        ("weights.shape", "implicit-value"),
        ("weights.argmax()  # => 0", "annotation"),
        ("print(\"max:\", weights.max())  # prints: max: 0.659", "printed"),
        ("np.round(weights, 2)", "implicit-value"),
        ("total = weights @ np.array([1, 2, 3])", None),
        ("print(total)", "wrong-print"),
        ("# This comment is prose, not a claim.", None),
        ("x = 3  # the number of heads", None),
        ("print(\"done\")", "output-below"),
    ]
    code = "\n".join(s for s, _ in source)
    records = {r["source"]: r for r in d.runner.run(code)}
    d.add("```python")
    for statement, form in source:
        r = records.get(statement)
        if form is None:
            d.add(statement)
        elif form == "implicit-print":
            d.add(statement)
            line = d.add("# " + r["stdout"].rstrip("\n"))
            d.verdict(f"{d.name}:{line}", "passed", "printed")
        elif form in ("output", "annotation", "printed"):
            line = d.add(statement)
            d.verdict(f"{d.name}:{line}", "passed", {"output": "output"}.get(form, form))
        elif form == "implicit-value":
            d.add(statement)
            line = d.add("# " + r["display"])
            d.verdict(f"{d.name}:{line}", "passed", "annotation")
        elif form == "wrong-print":
            d.add(statement)
            true = r["stdout"].rstrip("\n")
            wrong = true[:3] + true[4] + true[3] + true[5:]
            line = d.add("# " + wrong, fixed=["# " + true])
            d.verdict(f"{d.name}:{line}", "failed", "printed", "two digits swapped")
        elif form == "output-below":
            d.add(statement, "# Output:")
            line = d.add("# " + r["stdout"].rstrip("\n"))
            d.verdict(f"{d.name}:{line}", "passed", "output")
    d.add("```")
    return d


# ---------------------------------------------------------------------------
# Transcripts: doctest in plain text, IPython, reStructuredText.

class Transcript:
    """Writes `>>>` examples into a document, running each input."""

    def __init__(self, doc, indent=""):
        self.d, self.indent = doc, indent

    def example(self, source, claim="same", verdict="passed", diagnosis=None, prompt=">>> ", directive=""):
        d, ind = self.d, self.indent
        lines = source.split("\n")
        d.add(ind + prompt + lines[0] + directive, *[ind + "... " + l for l in lines[1:]])
        if directive.endswith("+SKIP"):
            if claim:
                d.add(*[ind + l for l in claim.split("\n")])
            return
        r = d.runner.run(source + directive)[-1]
        shown = (r["stdout"] + (r["display"] + "\n" if r["display"] else "")).rstrip("\n")
        if r["error"]:
            shown = "Traceback (most recent call last):\n  ...\n" + r["error"]
        true = [ind + (l if l.strip() else "<BLANKLINE>") for l in shown.split("\n")] if shown else []
        if claim == "same":
            written = true
        elif claim is None:
            written = []
        else:
            written = [ind + l for l in claim.split("\n")]
        line = d.add(*written, fixed=true if verdict == "failed" else written)
        if written:
            d.verdict(f"{d.name}:{line}", verdict, "output", diagnosis)


def doctest_text():
    d = Document("doctest.txt")
    d.add("Softmax, as a docstring would show it.", "", "Examples", "--------")
    t = Transcript(d)
    t.example("import numpy as np", claim=None)
    t.example("x = np.array([1.0, 2.0])", claim=None)
    t.example("np.exp(x) / np.exp(x).sum()")
    t.example("print(\"a\\n\\nb\")")
    t.example("np.random.rand(3)", claim="array([0.1, 0.2, 0.3])", directive="  # doctest: +SKIP")
    t.example("list(range(20))", claim="[0, 1, 2, ..., 19]", directive="  # doctest: +ELLIPSIS")
    t.example("float(np.exp(1))")
    t.example("np.sqrt(2)", claim="np.float64(1.4142153623730951)", verdict="failed", diagnosis="two digits swapped")
    t.example("1 / 0")
    t.example("np.random.default_rng().random(2).shape")
    return d


def ipython_rst():
    d = Document("session.rst")
    d.add("An IPython session", "==================", "", "::", "")
    ind = "    "
    for n, (source, claim) in enumerate([("import numpy as np", None), ("np.arange(3) * 2", "same")], start=1):
        d.add(f"{ind}In [{n}]: {source}")
        r = d.runner.run(source)[-1]
        if claim:
            line = d.add(f"{ind}Out[{n}]: {r['display']}")
            d.verdict(f"{d.name}:{line}", "passed", "output")
        d.add("")
    d.add("And doctest's prompt, indented in a literal block::", "")
    t = Transcript(d, indent="    ")
    t.example("np.linspace(0, 1, 5)", claim="array([0.  , 0.25, 0.5 , 0.75, 1.  ])")
    t.example("np.ones((2, 2)) / 4")
    return d


def python_module():
    d = Document("attention_helpers.py")
    module_lines = [
        '"""Attention helpers.',
        '',
        '>>> softmax(np.array([0.0, 0.0]))',
        'array([0.5, 0.5])',
        '"""',
        'import numpy as np',
        '',
        '',
        'def softmax(x):',
        '    """Softmax over the last axis.',
        '',
        '    >>> softmax(np.array([1.0, 2.0, 3.0])).round(3)',
        '    array([0.09 , 0.245, 0.665])',
        '    >>> softmax(np.array([[0.0, 1.0]]))',
        '    array([[0.26894142, 0.73015858]])',
        '    """',
        '    e = np.exp(x - x.max(axis=-1, keepdims=True))',
        '    return e / e.sum(axis=-1, keepdims=True)',
    ]
    source = "\n".join(module_lines)
    d.runner.run(source)                                  # the module first, as doctest imports it
    examples = [(3, "softmax(np.array([0.0, 0.0]))"), (12, "softmax(np.array([1.0, 2.0, 3.0])).round(3)"),
                (14, "softmax(np.array([[0.0, 1.0]]))")]
    fixed = list(module_lines)
    for line, example in examples:
        r = d.runner.run(example)[-1]
        written = module_lines[line].strip()
        verdict = "passed" if written == r["display"] else "failed"
        if verdict == "failed":
            fixed[line] = module_lines[line].replace(written, r["display"])
        d.verdict(f"{d.name}:{line + 1}", verdict, "output", "two digits swapped" if verdict == "failed" else None)
    d.add(*module_lines, fixed=fixed)
    return d


# ---------------------------------------------------------------------------
# Notebooks.

def text_lines(text):
    return text.splitlines(keepends=True)


class Notebook:
    def __init__(self, name, language="python", needs=("numpy",)):
        self.name, self.needs = name, list(needs)
        self.cells, self.fixed_cells = [], []
        self.verdicts = []
        self.runner = Runner()
        self.count = 0
        kernels = {"python": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "attn": {"display_name": "attn", "language": "attn", "name": "attn"}}
        self.metadata = {"kernelspec": kernels[language],
                         "language_info": {"name": language}}

    def markdown(self, text):
        cell = {"cell_type": "markdown", "id": f"m{len(self.cells)}", "metadata": {}, "source": text_lines(text)}
        self.cells.append(cell)
        self.fixed_cells.append(cell)

    def code(self, source, outputs, fixed_outputs=None, run=True):
        self.count += 1 if run else 0
        cell = {"cell_type": "code", "execution_count": self.count if run else None, "id": f"c{len(self.cells)}",
                "metadata": {}, "outputs": outputs, "source": text_lines(source)}
        fixed = copy.deepcopy(cell)
        if fixed_outputs is not None:
            fixed["outputs"] = fixed_outputs
        self.cells.append(cell)
        self.fixed_cells.append(fixed)
        return len(self.cells), self.count

    def place(self, index, count, line=None):
        where = f"{self.name}: cell {index}" + (f" (In [{count}])" if count else "")
        return where + (f", output line {line}" if line else "")

    def dump(self, cells):
        nb = {"cells": cells, "metadata": self.metadata, "nbformat": 4, "nbformat_minor": 5}
        return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    def write(self):
        write(self.name, self.dump(self.cells))
        if self.fixed_cells != self.cells:
            write(fixed_name(self.name), self.dump(self.fixed_cells))

    def record(self):
        return {"file": self.name, "needs": self.needs, "statements": self.runner.statements,
                "verdicts": self.verdicts,
                "fixed": fixed_name(self.name) if self.fixed_cells != self.cells else None}


def stream(text):
    return {"name": "stdout", "output_type": "stream", "text": text_lines(text)}


def result(text, count):
    return {"data": {"text/plain": text_lines(text)}, "execution_count": count, "metadata": {},
            "output_type": "execute_result"}


def python_cell(nb, source, wrong_stdout=None, wrong_result=None, unseeded=(), extra_outputs=(), unsupported=None):
    """Runs a code cell with python3 and stores its outputs as Jupyter
    would; `wrong_stdout` {chunk index: f(true text) -> (text, diagnosis)}
    and `wrong_result` f(true repr) -> (text, diagnosis) change claims on
    purpose. `unsupported`: why attn's reader cannot check the cell."""
    runnable = "\n".join("" if l.strip().startswith(("%", "!")) else l for l in source.split("\n"))
    records = nb.runner.run(runnable, unseeded=unseeded)
    index, count = len(nb.cells) + 1, nb.count + 1
    printed = "".join(r["stdout"] for r in records)
    outputs, fixed = [], []
    if printed:
        wrong = wrong_stdout or {}
        written = []
        for n, (first, lines) in enumerate(chunks(printed)):
            text, diagnosis = wrong[n]("\n".join(lines)) if n in wrong else ("\n".join(lines), None)
            verdict = "failed" if n in wrong else "passed"
            if unsupported:
                verdict = "unsupported"
            elif any(r["unseeded"] for r in records):
                verdict = "not reproducible"
            nb.verdicts.append({"location": nb.place(index, count, first + 1), "verdict": verdict,
                                "kind": "notebook stdout", "diagnosis": diagnosis})
            written.append((first, lines, text))
        stored = printed.split("\n")
        for first, lines, text in reversed(written):
            stored[first:first + len(lines)] = text.split("\n")
        outputs.append(stream("\n".join(stored)))
        fixed.append(stream(printed))
    outputs += list(extra_outputs)
    fixed += list(extra_outputs)
    for r in records:
        if r["display_call"]:
            shown = {"data": {"text/plain": text_lines(r["display"])}, "metadata": {}, "output_type": "display_data"}
            outputs.insert(0, shown)
            fixed.insert(0, shown)
            nb.verdicts.append({"location": nb.place(index, count), "verdict": "passed",
                                "kind": "notebook result", "diagnosis": None})
    last = records[-1] if records else None
    if last and last["display"] is not None and last["error"] is None and not last["display_call"]:
        text, diagnosis = wrong_result(last["display"]) if wrong_result else (last["display"], None)
        outputs.append(result(text, count))
        fixed.append(result(last["display"], count))
        nb.verdicts.append({"location": nb.place(index, count), "verdict": "failed" if wrong_result else "passed",
                            "kind": "notebook result", "diagnosis": diagnosis})
    if last and last["error"]:
        name, _, value = last["error"].partition(": ")
        error = {"ename": name, "evalue": value, "output_type": "error", "traceback": [last["error"]]}
        outputs.append(error)
        fixed.append(error)
        nb.verdicts.append({"location": nb.place(index, count), "verdict": "passed", "kind": "notebook error",
                            "diagnosis": None})
    nb.code(source, outputs, fixed)


def python_notebook():
    nb = Notebook("notebook.ipynb")
    nb.markdown("# A notebook of numpy code\n\nEvery output below was stored by python3.")
    python_cell(nb, "import numpy as np\nnp.random.seed(0)")
    python_cell(nb, "x = np.random.rand(3)\nprint(x)")
    python_cell(nb, "scores = np.array([[1.0, 2.0], [3.0, 5.0]])\n"
                    "w = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)\n"
                    "print(\"weights:\\n\", w)\n"
                    "print(\"max:\", w.max())\n"
                    "w.sum(axis=1)",
                wrong_stdout={2: lambda t: (change_digit(t, t.index(".") + 5), "one digit changed")})
    python_cell(nb, "%matplotlib inline\nprint(\"ok\")")
    python_cell(nb, "!pip install tiktoken\nprint(\"installed\")",
                unsupported="the cell runs a shell command (`!pip install tiktoken`)")
    python_cell(nb, "undefined_name + 1")
    python_cell(nb, "fresh = np.random.default_rng().random(2)\nprint(fresh)",
                unseeded=("print(fresh)",))
    python_cell(nb, "display(w.shape)\nprint(\"shown\")")
    figure = {"data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
              "metadata": {}, "output_type": "display_data"}
    python_cell(nb, "print(\"plotted\")", extra_outputs=[figure])
    warning = {"name": "stderr", "output_type": "stream", "text": ["UserWarning: careful\n"]}
    python_cell(nb, "y = 2 * x", extra_outputs=[warning])
    # A cell never run stores nothing and claims nothing, but runs (as "Run All" would).
    nb.runner.run("print(\"never run\")")
    nb.code("print(\"never run\")", [], run=False)
    python_cell(nb, "print(np.float64(0.1) + np.float64(0.2))\nprint(repr(np.float64(1.5)))")
    python_cell(nb, "np.array([1, 2, 3]) * 2", wrong_result=lambda t: (swap(t, "6", "7"), "one digit changed"))
    return nb


def torch_notebook():
    import torch
    nb = Notebook("torch.ipynb", needs=("torch",))
    nb.markdown("# PyTorch's printed forms")
    python_cell(nb, "import torch\n_ = torch.manual_seed(123)")
    python_cell(nb, "t = torch.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)\nprint(t)\nprint(t.shape)")
    python_cell(nb, "a = torch.tensor([[0.5, 1.5]], requires_grad=True)\ny = a * 2\nprint(y)",
                wrong_stdout={0: lambda t: (swap(t, "3.", "4."), None)})
    python_cell(nb, "torch.rand(2)")
    python_cell(nb, "torch.arange(6).reshape(2, 3).T")
    return nb


def attn_cell(nb, source, printed, wrong=None, display=None, wrong_display=None):
    """An attn cell whose outputs python3 computed with numpy, written as
    attn prints them (six significant digits)."""
    index, count = len(nb.cells) + 1, nb.count + 1
    outputs = []
    if printed:
        written = list(printed)
        for n, line in enumerate(printed):
            verdict = "passed"
            if wrong and n in wrong:
                written[n], diagnosis = wrong[n]
                verdict = "failed"
            nb.verdicts.append({"location": nb.place(index, count, n + 1), "verdict": verdict,
                                "kind": "notebook stdout", "diagnosis": diagnosis if verdict == "failed" else None})
        outputs.append(stream("\n".join(written) + "\n"))
    if display is not None:
        outputs.append(result(wrong_display or display, count))
        nb.verdicts.append({"location": nb.place(index, count),
                            "verdict": "failed" if wrong_display else "passed", "kind": "notebook result",
                            "diagnosis": None})
    nb.code(source, outputs)


def attn_list(values):
    return "[" + ", ".join(f"{v:.6g}" for v in values) + "]"


def attn_notebook():
    nb = Notebook("attn.ipynb", language="attn", needs=())
    nb.markdown("# attn in a notebook")
    e = np.exp([1.0, 2.0, 3.0])
    s = e / e.sum()
    attn_cell(nb, "let s = softmax([1, 2, 3])\nprint(s)\nprint(\"sum:\", sum(s))",
              [attn_list(s), "sum: 1"],
              wrong={0: (attn_list(s).replace("0.244728", "0.244782"), "two digits swapped")})
    w = np.exp([0.0, 1.0]) / np.exp([0.0, 1.0]).sum()
    attn_cell(nb, "softmax([0, 1])", [], display=attn_list(w), wrong_display="[0.5, 0.5]")
    attn_cell(nb, "print(\"é weights:\", softmax([0, 2]))",
              ["é weights: " + attn_list(np.exp([0.0, 2.0]) / np.exp([0.0, 2.0]).sum())])
    return nb


def main():
    os.makedirs(OUT, exist_ok=True)
    documents = [output_blocks(), comment_claims(), doctest_text(), ipython_rst(), python_module(),
                 python_notebook(), attn_notebook()]
    try:
        documents.append(torch_notebook())
    except ImportError:
        print("torch is not installed: torch.ipynb is left as it was", file=sys.stderr)
    for d in documents:
        d.write()
    records = [d.record() for d in documents]
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "scripts/document_claims.py", "numpy": np.__version__,
                   "python": sys.version.split()[0], "documents": records}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
