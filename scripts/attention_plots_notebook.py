"""Writes examples/attention-plots.ipynb: a small notebook whose numpy cells are
run here, by python3 and real numpy, to store their outputs (the claims attn
checks), and whose plotting cells (matplotlib, seaborn) are stored unrun, with
no output: they claim nothing, and `attn render` draws them as heatmaps.
Run: python3 scripts/attention_plots_notebook.py
"""
import contextlib
import io
import json
import os


cells = []
def md(text): cells.append({"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)})
ns = {}
count = [0]
def code(text, run_outputs=True):
    count[0] += 1
    outputs = []
    if run_outputs:
        buf = io.StringIO()
        lines = text.rstrip("\n").split("\n")
        last = lines[-1]
        body = "\n".join(lines[:-1])
        with contextlib.redirect_stdout(buf):
            exec(body, ns)
            try:
                value = eval(last, ns)
            except SyntaxError:
                exec(last, ns); value = None
        if buf.getvalue():
            outputs.append({"name": "stdout", "output_type": "stream", "text": buf.getvalue().splitlines(keepends=True)})
        if value is not None:
            outputs.append({"output_type": "execute_result", "execution_count": count[0], "metadata": {},
                            "data": {"text/plain": repr(value).splitlines(keepends=True)}})
    cells.append({"cell_type": "code", "execution_count": count[0] if run_outputs else None, "metadata": {}, "outputs": outputs,
                  "source": text.rstrip("\n").splitlines(keepends=True)})

md("""# Attention weights, plotted

Self-attention of four tokens on random embeddings, in numpy, then the weights
as pictures with matplotlib and seaborn. `attn check` checks the printed
outputs below against what attn computes; `attn render` draws the plots as
heatmaps after the cells that make them.
""")
code("""import numpy as np

tokens = ["the", "cat", "sat", "down"]
np.random.seed(0)
X = np.random.randn(4, 8)
scores = X @ X.T / np.sqrt(8)
weights = np.exp(scores - scores.max(axis=1, keepdims=True))
weights /= weights.sum(axis=1, keepdims=True)
print(weights.round(3))
""")
code("""mask = np.triu(np.ones((4, 4), dtype=bool), k=1)
causal = np.exp(np.where(mask, -np.inf, scores) - scores.max(axis=1, keepdims=True))
causal /= causal.sum(axis=1, keepdims=True)
causal.sum(axis=1)
""")
md("""## The weights as a picture

Each row is a query token, each column a key token. matplotlib's `imshow`
with tick labels and a title:
""")
code_src_1 = """import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4, 4))
im = ax.imshow(weights, cmap="viridis")
ax.set_xticks(range(len(tokens)))
ax.set_xticklabels(tokens)
ax.set_yticks(range(len(tokens)), labels=tokens)
ax.set_xlabel("key")
ax.set_ylabel("query")
ax.set_title("Self-attention weights")
fig.colorbar(im, ax=ax)
"""
code(code_src_1, run_outputs=False)
md("""With a causal mask, a token attends only to itself and the tokens before it;
seaborn draws the masked cells apart:
""")
code("""import seaborn as sns

ax = sns.heatmap(causal, xticklabels=tokens, yticklabels=tokens, annot=True, fmt=".2f", mask=mask)
ax.set_title("Causal self-attention")
plt.show()
""", run_outputs=False)
nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
      "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "attention-plots.ipynb")
with open(path, "w") as f:
    json.dump(nb, f, indent=1, ensure_ascii=False)
    f.write("\n")
