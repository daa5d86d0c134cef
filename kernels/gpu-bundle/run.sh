#!/usr/bin/env bash
# gmm-engine's CUDA checks, for a Linux x86-64 machine with an NVIDIA GPU; this folder is all it
# needs (its own Java runtime, no JDK, no Maven, no network). Prints plain text:
#   1. the machine and what `gmm backends` says about it;
#   2. the CUDA backend's conformance tests (every case in float and double against the CPU reference);
#   3. `gmm bench`: the backends side by side on one synthetic case, float and double;
#   4. EM on a synthetic case, N=10M, d=16, K=16, full covariances: seconds per step in float with
#      the register-tiled kernels and with the generic one, and in double; then the PyTorch peer
#      (peers/torch_em.py) on the same data and initial model when python3 has torch. The steady
#      figures compare: both leave out the copy of the rows to the GPU and step 1.
# Settings: GMM_BENCH_ROWS (10000000), GMM_BENCH_ITERS (10), GMM_TORCH_ITERS (as many; each of
# its steps can take seconds), GMM_CASE_DIR (where the case is written, or read if it is there
# already; default under $TMPDIR), GMM_HEAP (8g).
# Exit status: 0 when the tests passed, 1 when a test failed, 2 when no GPU can run the backend.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
java="$here/runtime/bin/java"
# signal chaining: the OpenCL drivers the backends probe (PoCL) replace the JVM's signal handlers otherwise
export LD_PRELOAD="$here/runtime/lib/server/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
cp="$here/lib/gmm.jar:$here/lib/gmm-bench.jar"
tests="$cp:$here/tests/gmm-engine-core-tests.jar:$here/tests/gmm-kernels-tests.jar"
rows=${GMM_BENCH_ROWS:-10000000}
iters=${GMM_BENCH_ITERS:-10}
case_dir=${GMM_CASE_DIR:-${TMPDIR:-/tmp}/gmm-case-n$rows-d16-k16}

echo "== machine"
echo "$(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
if command -v nvidia-smi > /dev/null; then
  nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader
else
  echo "nvidia-smi: not found"
fi

echo
echo "== gmm backends"
backends=$("$java" -jar "$here/lib/gmm.jar" backends 2>&1)
echo "$backends"
if ! grep -q '^cuda  *available' <<< "$backends"; then
  echo
  echo "No GPU here can run the CUDA backend; the reason is under 'cuda' above. Nothing to test or time."
  exit 2
fi

echo
echo "== CUDA conformance tests: every case, float and double, against the CPU reference"
"$java" -jar "$here/tests/junit-console.jar" execute --disable-banner --disable-ansi-colors \
  --details=summary --details-theme=ascii --class-path "$tests" \
  --select-class dev.gmm.kernels.cuda.CudaBackendConformanceTest
status=$?

for precision in float double; do
  echo
  echo "== gmm bench, N=1M d=16 K=16, $precision"
  "$java" -Xmx"${GMM_HEAP:-8g}" -jar "$here/lib/gmm.jar" bench -n 1000000 -d 16 -k 16 --precision "$precision" \
    --repeats 5
done

echo
echo "== EM, N=$rows d=16 K=16 full, $iters steps from the same initial model"
if [ ! -f "$case_dir/init.txt" ]; then
  echo "writing the case to $case_dir"
  "$java" -cp "$cp" dev.gmm.bench.SyntheticCase "$case_dir" "$rows" 16 16 > /dev/null || exit 1
fi
run() { "$java" -Xmx"${GMM_HEAP:-8g}" "$@" -cp "$cp" dev.gmm.bench.PeerCaseRun "$case_dir" "$iters" cuda "$precision"; }
seconds() { sed -n "s/.*\"$2\": *\([0-9.eE+-]*\).*/\1/p" <<< "$1"; }
precision=float
engine=$(run)
echo "gmm-engine  $engine"
echo "  generic kernel: $(run -Dgmm.cuda.tiled=false)"
precision=double
echo "  double: $(run)"
if [ -f "$here/peers/torch_em.py" ] && python3 -c 'import torch' 2> /dev/null; then
  torch=$(python3 "$here/peers/torch_em.py" "$case_dir" --iters "${GMM_TORCH_ITERS:-$iters}" --dtype float32)
  echo "pytorch     $torch"
  awk -v e="$(seconds "$engine" steady_seconds_per_iteration)" -v w="$(seconds "$engine" seconds_per_iteration)" \
    -v t="$(seconds "$torch" seconds_per_iteration)" 'BEGIN {
    printf "steady seconds per EM step in float: gmm-engine %.4f, pytorch %.4f; gmm-engine is %.2fx as fast\n", e, t, t / e
    printf "gmm-engine whole fit call, the copy to the GPU included: %.4f s per step\n", w }'
else
  echo "pytorch     skipped: python3 with torch not found"
  awk -v e="$(seconds "$engine" steady_seconds_per_iteration)" 'BEGIN { printf "steady seconds per EM step in float: gmm-engine %.4f\n", e }'
fi
exit $((status == 0 ? 0 : 1))
