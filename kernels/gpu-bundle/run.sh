#!/usr/bin/env bash
# gmm-engine's GPU checks, for a Linux x86-64 machine with an NVIDIA GPU; this folder is all it
# needs (its own Java runtime, no JDK, no Maven, no network). Prints plain text, step by step:
#   1. the machine and what `gmm backends` says about it;
#   2. the CUDA backend's conformance tests (every case in float and double against the CPU reference),
#      then those of its opt-in paths (the cuBLAS GEMM pass at d = 64, the tiled kernels with opt-in
#      shared memory at K = 64);
#   3. the OpenCL backend's conformance tests, when an NVIDIA OpenCL platform is there;
#   4. EM, 10 steps from the same initial model, each case beside the PyTorch peers on the same data
#      when python3 has torch (peers/torch_em_fast.py, the careful one; peers/torch_em.py, the naive
#      one, on the first case only): N=10M d=16 K=16 in float and in double, N=1M d=64 K=16,
#      N=1M d=64 K=16 again on the cuBLAS GEMM pass (-Dgmm.cuda.cublas=true, the crossover's first
#      measurement), N=1M d=16 K=64, again with opt-in shared memory (-Dgmm.cuda.sharedOptIn=true),
#      and N=10M d=16 K=16 twice more with the device budget forced to a quarter of the rows, so
#      that they stream: a chunk at a time, then in slices whose copies overlap the kernels
#      (-Dgmm.cuda.overlap=true). A step on a case written before takes no time to write it.
#      Steady figures leave out step 1 and the copy of the rows.
#   5. one table of the EM figures, with the lower bounds' agreement.
# Usage: run.sh [--dry-run]   --dry-run lists the steps and their expected time, runs nothing and
# needs no GPU; it fails when they add up to more than the 8 minutes a short lease allows.
# Settings: GMM_BENCH_ITERS (10), GMM_TORCH_ITERS (3; the naive peer takes seconds a step),
# GMM_CASE_ROOT (where the cases are written, or read if they are there; default $TMPDIR),
# GMM_HEAP (16g).
# Exit status: 0 when the tests passed, 1 when a test failed, 2 when no GPU can run the backend.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dry=false
[ "${1:-}" = "--dry-run" ] && dry=true
java="$here/runtime/bin/java"
# signal chaining: the OpenCL drivers the backends probe (PoCL) replace the JVM's signal handlers otherwise
export LD_PRELOAD="$here/runtime/lib/server/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
cp="$here/lib/gmm.jar:$here/lib/gmm-bench.jar"
tests="$cp:$here/tests/gmm-engine-core-tests.jar:$here/tests/gmm-kernels-tests.jar"
iters=${GMM_BENCH_ITERS:-10}
root=${GMM_CASE_ROOT:-${TMPDIR:-/tmp}}
limit=480
planned=0
status=0

# step SECONDS TITLE COMMAND...: SECONDS is the time expected on an H200 with 16 cores, estimated
# from the bundle's run of 2026-11-26 (the new steps have not run on a GPU yet), the case files
# written already excepted (writing a 10M-row case takes about 20 s more).
step() {
  local expect=$1 title=$2
  shift 2
  planned=$((planned + expect))
  if $dry; then
    printf '%-62s about %3d s\n' "$title" "$expect"
    return 0
  fi
  echo
  echo "== $title"
  "$@"
}

# cuBLAS 12 for the GEMM pass: the system's, or else the one PyTorch's wheels bring (nvidia-cublas-cu12)
cublas() {
  if ldconfig -p 2> /dev/null | grep -q 'libcublas\.so\.12'; then
    echo "cuBLAS: the system's libcublas.so.12"
    return 0
  fi
  local dir
  dir=$(python3 -c 'import os, nvidia.cublas as b; print(os.path.join(list(b.__path__)[0], "lib"))' 2> /dev/null)
  if [ -n "$dir" ] && [ -f "$dir/libcublas.so.12" ]; then
    export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "cuBLAS: PyTorch's, in $dir"
  else
    echo "cuBLAS: no libcublas.so.12 found; the cuBLAS steps will say so and fail"
  fi
}

machine() {
  echo "$(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  cublas
  if command -v nvidia-smi > /dev/null; then
    nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader
  else
    echo "nvidia-smi: not found"
  fi
  backends=$("$java" -jar "$here/lib/gmm.jar" backends 2>&1)
  echo "$backends"
  if ! grep -q '^cuda  *available' <<< "$backends"; then
    echo
    echo "No GPU here can run the CUDA backend; the reason is under 'cuda' above. Nothing to test or time."
    exit 2
  fi
}

# junit CLASS [JVM OPTIONS...]
junit() {
  local class=$1
  shift
  "$java" "$@" -jar "$here/tests/junit-console.jar" execute --disable-banner --disable-ansi-colors \
    --details=summary --details-theme=ascii --class-path "$tests" --select-class "$class" || status=1
}

opencl() {
  if grep -q '^opencl  *available.*NVIDIA' <<< "$backends"; then
    junit dev.gmm.kernels.opencl.AparapiBackendConformanceTest
  else
    echo "skipped: no NVIDIA OpenCL platform ('gmm backends' above)"
  fi
}

results=()
# em NAME N D K PRECISION [JVM OPTIONS...]: the case (written once), gmm-engine, then the peers
em() {
  local name=$1 n=$2 d=$3 k=$4 precision=$5
  shift 5
  local dir="$root/gmm-case-n$n-d$d-k$k"
  if [ ! -f "$dir/init.txt" ]; then
    echo "writing the case to $dir"
    "$java" -cp "$cp" dev.gmm.bench.SyntheticCase "$dir" "$n" "$d" "$k" > /dev/null || { status=1; return; }
  fi
  local engine
  engine=$("$java" -Xmx"${GMM_HEAP:-16g}" "$@" -cp "$cp" dev.gmm.bench.PeerCaseRun "$dir" "$iters" cuda "$precision")
  echo "gmm-engine       $engine"
  local fast="" naive=""
  local dtype=float32
  [ "$precision" = double ] && dtype=float64
  if [ -f "$here/peers/torch_em_fast.py" ] && python3 -c 'import torch' 2> /dev/null; then
    fast=$(python3 "$here/peers/torch_em_fast.py" "$dir" --iters "$iters" --dtype "$dtype")
    echo "torch_em_fast    $fast"
    if [ "$name" = "10M d=16 K=16 float" ] && [ -f "$here/peers/torch_em.py" ]; then
      naive=$(python3 "$here/peers/torch_em.py" "$dir" --iters "${GMM_TORCH_ITERS:-3}" --dtype "$dtype")
      echo "torch_em         $naive"
    fi
  else
    echo "torch peers      skipped: python3 with torch not found"
  fi
  results+=("$name|$engine|$fast|$naive")
}

field() { sed -n "s/.*\"$2\": *\([-0-9.eE+]*\).*/\1/p" <<< "$1"; }

table() {
  printf '%-28s %10s %10s %12s %12s %10s %s\n' case "gmm s" "steady s" "fast s" "naive s" "x fast" "lower bounds (gmm, fast)"
  local r name engine fast naive
  for r in "${results[@]}"; do
    IFS='|' read -r name engine fast naive <<< "$r"
    awk -v n="$name" -v w="$(field "$engine" seconds_per_iteration)" -v s="$(field "$engine" steady_seconds_per_iteration)" \
      -v f="$(field "$fast" seconds_per_iteration)" -v t="$(field "$naive" seconds_per_iteration)" \
      -v lg="$(field "$engine" lower_bound)" -v lf="$(field "$fast" lower_bound)" 'BEGIN {
      ratio = (f != "" && s > 0) ? sprintf("%.1f", f / s) : "-"
      agree = (lf != "") ? sprintf("%s, %s (differ by %.1e)", lg, lf, (lg - lf < 0 ? lf - lg : lg - lf)) : lg
      printf "%-28s %10s %10s %12s %12s %10s %s\n", n, w, s, (f == "" ? "-" : f), (t == "" ? "-" : t), ratio, agree }'
  done
}

# a quarter of the 10M x 16 rows in float, as the resident budget: the fit streams
quarter=$((10000000 * 16 * 4 / 4))
step 10 "machine and gmm backends" machine
step 90 "CUDA conformance: every case, float and double" junit dev.gmm.kernels.cuda.CudaBackendConformanceTest
step 30 "CUDA conformance of the opt-in paths (cuBLAS, shared memory)" \
  junit dev.gmm.kernels.cuda.CudaOptInPathsConformanceTest
step 90 "OpenCL conformance on the NVIDIA device" opencl
step 60 "EM 10M d=16 K=16 float, beside both torch peers" em "10M d=16 K=16 float" 10000000 16 16 float
step 30 "EM 10M d=16 K=16 double" em "10M d=16 K=16 double" 10000000 16 16 double
step 25 "EM 1M d=64 K=16 float" em "1M d=64 K=16 float" 1000000 64 16 float
step 15 "EM 1M d=64 K=16 float, cuBLAS GEMM pass" \
  em "1M d=64 K=16 cuBLAS" 1000000 64 16 float -Dgmm.cuda.cublas=true
step 25 "EM 1M d=16 K=64 float" em "1M d=16 K=64 float" 1000000 16 64 float
step 15 "EM 1M d=16 K=64 float, tiled with opt-in shared memory" \
  em "1M d=16 K=64 opt-in" 1000000 16 64 float -Dgmm.cuda.sharedOptIn=true
step 40 "EM 10M d=16 K=16 float, streamed (budget: a quarter)" \
  em "10M d=16 K=16 streamed" 10000000 16 16 float -Dgmm.cuda.residentBytes=$quarter
step 40 "EM 10M d=16 K=16 float, streamed in overlapped slices" \
  em "10M d=16 K=16 overlapped" 10000000 16 16 float -Dgmm.cuda.residentBytes=$quarter -Dgmm.cuda.overlap=true
step 1 "the EM figures in one table" table

if $dry; then
  printf '%-62s about %3d s (limit %d s)\n' "total" "$planned" "$limit"
  [ "$planned" -le "$limit" ] || { echo "the steps take longer than a short lease allows"; exit 1; }
  exit 0
fi
exit $((status == 0 ? 0 : 1))
