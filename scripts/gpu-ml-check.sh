#!/usr/bin/env bash
# Builds the ML-only configuration against the PyTorch installed on a GPU machine and runs the
# model tests and benchmarks on CUDA (docs/ml.md). Logs go to $OUT (or ./gpu-ml-out).
set -uo pipefail
out="${OUT:-$PWD/gpu-ml-out}"
mkdir -p "$out"
exec > >(tee "$out/gpu-ml-check.log") 2>&1
python=${PYTHON:-python3}
torch_dir=$("$python" -c 'import torch, os; print(os.path.join(torch.utils.cmake_prefix_path, "Torch"))')
echo "== $(c++ --version | head -1); cmake $(cmake --version | head -1); Torch_DIR=$torch_dir"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
export CUBLAS_WORKSPACE_CONFIG=:4096:8
cmake -S . -B build/ml -G Ninja -DBCF_ML_ONLY=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DTorch_DIR="$torch_dir" >"$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
time cmake --build build/ml -j "$(nproc)" >"$out/build.log" 2>&1 || { grep -m20 -B2 -A6 error "$out/build.log"; exit 1; }
echo "== test_ml_device"; build/ml/server/compute/ml/test_ml_device
echo "== test_ml_models on cuda"; time BCF_ML_DEVICE=cuda build/ml/server/compute/ml/test_ml_models
echo "== test_ml_models on cpu"; time build/ml/server/compute/ml/test_ml_models | grep -E "FAIL|PASSED| on cpu"
echo "== test_ml_rl on cuda"; time BCF_ML_DEVICE=cuda build/ml/server/compute/ml/test_ml_rl
echo "== bench_ml_device"; build/ml/server/compute/ml/bench_ml_device
echo "== bench_ml_lstm"; build/ml/server/compute/ml/bench_ml_lstm --threads 1,8 --python "$python"
echo "== bench_ml_agents on cuda"; build/ml/server/compute/ml/bench_ml_agents --device cuda
