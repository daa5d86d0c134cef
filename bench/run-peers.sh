#!/usr/bin/env bash
# Side by side, in one run: gmm-engine, scikit-learn and Armadillo on the peers' cases.
# Usage: bench/run-peers.sh CASES_DIR [ITERS] [BACKEND] [PRECISION]
#   CASES_DIR holds case folders made by shared/peers/make_case.py (data.npy, data.bin, init.*).
# Needs, for the peers (see shared/peers/README.md): Debian's python3-sklearn and an arma_em binary
# (built from shared/peers/arma_em.cpp) on PATH or in $ARMA_EM. A missing peer is skipped and said so.
set -euo pipefail
cases=${1:?usage: bench/run-peers.sh CASES_DIR [ITERS] [BACKEND] [PRECISION]}
iters=${2:-10}
backend=${3:-cpu}
precision=${4:-double}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/../shared/peers"
arma=${ARMA_EM:-$(command -v arma_em || true)}
(cd "$root" && mvn -q -B -DskipTests -pl bench -am install && mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2
cp="$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")"
# signal chaining, as the gmm script: the opencl backend is off without it
jsig="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/server/libjsig.so"
[ -f "$jsig" ] && export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}"
echo "machine: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); $(java -version 2>&1 | head -1)"
for dir in "$cases"/*/; do
  c=$(basename "$dir")
  echo "== $c"
  # the CPU backend's Vector API kernels are used only when the JVM has the incubating module
  echo "gmm-engine  $(java -Xmx12g --add-modules jdk.incubator.vector -cp "$cp" dev.gmm.bench.PeerCaseRun "$dir" "$iters" "$backend" "$precision")"
  if /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
    echo "sklearn     $(/usr/bin/python3 "$peers/sklearn_em.py" "$dir" --iters "$iters")"
  else
    echo "sklearn     skipped: /usr/bin/python3 has no sklearn (apt-get install python3-sklearn)"
  fi
  if [ -n "$arma" ]; then
    echo "armadillo   $("$arma" "$dir" "$iters")"
  else
    echo "armadillo   skipped: no arma_em (build shared/peers/arma_em.cpp, set ARMA_EM)"
  fi
done
