#!/usr/bin/env bash
# Spark MLlib's GaussianMixture against dev.gmm.spark, and gmm-spark fit against ./gmm fit, side
# by side on the peer cases, on local[2], from each case's init.json, STEPS EM steps, tol 0.
#   bench/run-spark.sh CASES_DIR [STEPS] [ROUNDS] [WARMUPS]   (cases made by shared/peers/make_case.py;
#   WARMUPS untimed fits per engine before MllibSideBySide's timed ones, default 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="$1"
steps="${2:-10}"
rounds="${3:-3}"
warmups="${4:-1}"
(cd "$root" && mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true -pl spark -am package) >&2
jar="$root/spark/target/gmm-spark-job.jar"
cp="$jar:$(cat "$root/spark/target/spark-classpath.txt")"
opens=(-XX:+IgnoreUnrecognizedVMOptions --add-modules jdk.incubator.vector -Xmx12g)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
for c in "$cases"/*/; do
  name="$(basename "$c")"
  echo "== $name"
  # one OpenBLAS thread, as Spark gives each executor (OMP_NUM_THREADS = spark.task.cpus, SPARK-41188)
  # and its MLlib guide advises: in local mode the driver is the executor and gets no such setting,
  # and MLlib's JNI BLAS then starts a thread per core on every call, which made it 2-4x slower here
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
    java "${opens[@]}" -cp "$cp" dev.gmm.spark.bench.MllibSideBySide "$c" "$steps" "$rounds" "$warmups" 2>/dev/null
  # the job as a user runs it, beside ./gmm fit on the same file, alternating, ROUNDS of each
  r=$(mktemp -d)
  spark_fit() {
    "$root/spark/bin/gmm-spark" fit "$c/data.npy" --init-model "$c/init.json" --max-iter "$steps" --tol 0 --accel none \
        --master 'local[2]' --report "$r/spark-$1.json" 2>/dev/null >/dev/null
  }
  gmm_fit() {
    "$root/gmm" fit "$c/data.npy" --init-model "$c/init.json" --max-iter "$steps" --tol 0 --accel none --backend cpu \
        --report "$r/gmm-$1.json" -q 2>/dev/null
  }
  for ((i = 1; i <= rounds; i++)); do
    if ((i % 2)); then spark_fit "$i"; gmm_fit "$i"; else gmm_fit "$i"; spark_fit "$i"; fi
  done
  /usr/bin/python3 - "$r" "$steps" "$rounds" <<'PY'
import json, statistics, sys
r, steps, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = [json.load(open(f"{r}/spark-{i}.json")) for i in range(1, rounds + 1)]
g = [json.load(open(f"{r}/gmm-{i}.json")) for i in range(1, rounds + 1)]
ss = [x["emSeconds"] / steps for x in s]; gs = [x["emSeconds"] / steps for x in g]
print(json.dumps({"gmm_spark_fit_seconds_per_step": [round(x, 4) for x in ss],
                  "gmm_fit_seconds_per_step": [round(x, 4) for x in gs],
                  "ratio_of_medians": round(statistics.median(ss) / statistics.median(gs), 3),
                  "ratios_by_round": [round(a / b, 3) for a, b in zip(ss, gs)],
                  "lower_bound_spark": s[0]["lowerBound"], "lower_bound_gmm": g[0]["lowerBound"],
                  "relative_difference": abs(s[0]["lowerBound"] - g[0]["lowerBound"]) / abs(g[0]["lowerBound"])}))
PY
  rm -rf "$r"
done
