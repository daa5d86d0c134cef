#!/usr/bin/env bash
# Spark MLlib's GaussianMixture against dev.gmm.spark, and gmm-spark fit against ./gmm fit, side
# by side on the peer cases, on local[2], from each case's init.json, STEPS EM steps, tol 0.
#   bench/run-spark.sh CASES_DIR [STEPS]      (cases made by shared/peers/make_case.py)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="$1"
steps="${2:-10}"
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
  java "${opens[@]}" -cp "$cp" dev.gmm.spark.bench.MllibSideBySide "$c" "$steps" gmm mllib 2>/dev/null
  # the job as a user runs it, beside ./gmm fit on the same file
  r=$(mktemp -d)
  "$root/spark/bin/gmm-spark" fit "$c/data.npy" --init-model "$c/init.json" --max-iter "$steps" --tol 0 \
      --master 'local[2]' --report "$r/spark.json" 2>/dev/null >/dev/null || true
  "$root/gmm" fit "$c/data.npy" --init-model "$c/init.json" --max-iter "$steps" --tol 0 --backend cpu \
      --report "$r/gmm.json" -q 2>/dev/null
  /usr/bin/python3 - "$r" "$steps" <<'PY'
import json, sys
r, steps = sys.argv[1], int(sys.argv[2])
s = json.load(open(r + "/spark.json")); g = json.load(open(r + "/gmm.json"))
print(json.dumps({"gmm_spark_fit_seconds_per_step": round(s["emSeconds"] / steps, 4),
                  "gmm_fit_seconds_per_step": round(g["emSeconds"] / steps, 4),
                  "ratio": round(s["emSeconds"] / g["emSeconds"], 3),
                  "lower_bound_spark": s["lowerBound"], "lower_bound_gmm": g["lowerBound"],
                  "relative_difference": abs(s["lowerBound"] - g["lowerBound"]) / abs(g["lowerBound"])}))
PY
  rm -rf "$r"
done
