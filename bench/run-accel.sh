#!/usr/bin/env bash
# Accelerated EM (the default) against plain EM, and the default fit against scikit-learn's time to
# the same lower bound. For heights, two-blobs (k-means start, seed 0) and each peer case in CASES
# (from its init.json): passes and seconds until the mean log-likelihood is within 1e-8 of its
# converged value (both at tol 1e-10, ROUNDS alternating runs), and the default fit's passes,
# seconds and shortfall; then, on the peer cases, scikit-learn fitted with ever smaller tol until it
# reaches the default fit's lower bound; and the peer cases again from the default k-means start.
#   bench/run-accel.sh CASES_DIR [ROUNDS]      (cases made by shared/peers/make_case.py)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="$1"
rounds="${2:-3}"
(cd "$root" && mvn -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install \
  && mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2
cp="$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")"
run() { java -Xmx12g --add-modules jdk.incubator.vector -cp "$cp" dev.gmm.bench.AccelerationRun "$@" 2>/dev/null; }
run "$root/examples/heights.csv" 2 "$rounds"
run "$root/examples/two-blobs.csv" 2 "$rounds"
for c in "$cases"/*/; do
  k=$(/usr/bin/python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['weights']))" "$c/init.json")
  line=$(run "$c/data.npy" "$k" "$rounds")
  echo "$line"
  target=$(/usr/bin/python3 -c "import json,sys; print(repr(json.loads(sys.argv[1])['default_lower_bound']))" "$line")
  /usr/bin/python3 "$root/bench/sklearn_to_answer.py" "$c" "$target"
  run "$c/data.npy" "$k" "$rounds" kmeans
done
