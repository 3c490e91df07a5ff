#!/bin/sh
# Fills a seed corpus for one fuzz target at run time (nothing large is
# committed): Fuzz/seeds.sh <target> <folder> [corpus folder]
# from examples/, the tests' fixtures, the shared corpus when given, and the
# target's own regressions. Run from the repository's top folder.
set -eu
target=$1 out=$2 corpus=${3:-}
mkdir -p "$out"
n=0
copy() { # copy FILE...: each file as a seed, named by target and count
  for f in "$@"; do
    [ -f "$f" ] || continue
    n=$((n + 1)); cp "$f" "$out/seed-$n"
  done
}
files() { # files PATTERN FOLDER...: the files named PATTERN under the folders that exist
  pattern=$1; shift
  for d in "$@"; do [ -d "$d" ] && find "$d" -type f -name "$pattern"; done | sort
}
shared() { [ -n "$corpus" ] && [ -d "$corpus" ] && echo "$corpus"; return 0; }

case $target in
  attn|doc-attn) copy $(files '*.attn' examples Tests docs) ;;
  python) copy $(files '*.py' Tests scripts $(shared)) ;;
  doc-markdown) copy $(files '*.md' examples docs Tests $(shared)) ;;
  doc-notebook) copy $(files '*.ipynb' examples Tests $(shared)) ;;
  doc-text) copy $(files '*.txt' examples Tests $(shared)) $(files '*.rst' Tests) ;;
  claim)
    # Every `# =>` claim of the examples, one per seed, and the other forms.
    for f in $(files '*.attn' examples Tests); do
      grep -h '# =>' "$f" | sed 's/.*# => *//' | while IFS= read -r line; do
        n=$((n + 1)); printf '%s' "$line" > "$out/claim-$(basename "$f")-$n"
      done
    done
    printf '%s' 'array([[1., 2.],
       [3., 4.]], dtype=float32)' > "$out/numpy"
    printf '%s' 'tensor([[0.5000, 0.5000]])' > "$out/torch"
    printf '%s' '[0 1 2 ... 7 8 9]' > "$out/summarized"
    printf '%s' 'error: shape mismatch' > "$out/error"
    printf '%s' 'np.float64(0.25)' > "$out/scalar" ;;
  npy)
    # Each fixture behind an operation program (see FuzzTensors.npy): 12
    # operations, one of each kind.
    for f in $(files '*.npy' Tests); do
      n=$((n + 1))
      { printf '\014\000\001\002\003\004\005\006\007\010\011\012\013'; cat "$f"; } > "$out/seed-$n"
    done ;;
  csv) copy $(files '*.csv' Tests examples) ;;
  history)
    printf 'let x = 1\nx + 1\nlet f(q) =\\n  softmax(q)\nback\\\\slash\nnul\\0\n' > "$out/written"
    printf 'plain\n\n\nline\r\n' > "$out/blank-lines" ;;
  *) echo "seeds.sh: no target named $target" >&2; exit 2 ;;
esac
[ -d "Fuzz/Regressions/$target" ] && copy $(files '*' "Fuzz/Regressions/$target")
exit 0
