#!/usr/bin/env bash
# A fit larger than the driver's heap, on a standalone cluster on this machine: a Master and two
# Workers (separate JVMs on 127.0.0.1), ROWS x 16 rows drawn on the executors (synthetic:...),
# K=8, STEPS steps, tol 0, the driver at -Xmx1g. Prints the job's summary, its seconds per step,
# and the largest resident memory each JVM reached.
#   bench/run-spark-scale.sh [ROWS] [STEPS]        (default 20000000 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-20000000}"
steps="${2:-10}"
(cd "$root" && mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true -pl spark -am package) >&2
jar="$root/spark/target/gmm-spark-job.jar"
cp="$(cat "$root/spark/target/spark-classpath.txt")"
work="$(mktemp -d)"
mkdir -p "$work/home/jars"
IFS=: read -r -a entries <<< "$cp"
for e in "${entries[@]}"; do [[ "$e" == *.jar ]] && ln -sf "$e" "$work/home/jars/"; done
opens="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
opens="$opens -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
export SPARK_HOME="$work/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck disable=SC2086
java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 17177 --webui-port 18180 \
  > "$work/master.log" 2>&1 & pids+=($!)
sleep 6
for w in 1 2; do
  # shellcheck disable=SC2086
  java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 6g \
    --webui-port 0 --work-dir "$work/w$w" spark://127.0.0.1:17177 > "$work/worker$w.log" 2>&1 & pids+=($!)
done
sleep 6
peak="$work/peak.txt"
echo 0 > "$peak"
( while sleep 1; do
    now=$(ps -eo rss,args | awk '/CoarseGrainedExecutorBackend|dev.gmm.spark.FitJob/ && !/awk/ {print $1}' | sort -n | tail -1)
    [ -n "$now" ] && [ "$now" -gt "$(cat "$peak")" ] && echo "$now" > "$peak"
  done ) & sampler=$!
# shellcheck disable=SC2086
java $opens -Xmx1g --add-modules jdk.incubator.vector -cp "$jar:$cp" dev.gmm.spark.FitJob fit "synthetic:$rows:16:8:7" -k 8 \
  --max-iter "$steps" --tol 0 --accel none --partitions 8 --master spark://127.0.0.1:17177 --report "$work/r.json" \
  --conf spark.jars="$jar" --conf spark.driver.host=127.0.0.1 --conf spark.executor.memory=5g --conf spark.cores.max=2 \
  --conf "spark.executor.extraJavaOptions=$opens --add-modules=jdk.incubator.vector" --conf spark.ui.enabled=false \
  2> "$work/driver.log"
kill "$sampler" 2>/dev/null || true
/usr/bin/python3 - "$work/r.json" "$steps" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); steps = int(sys.argv[2])
print(json.dumps({"rows": r["n"], "d": r["d"], "k": r["k"], "partitions": r["partitions"], "iterations": r["iterations"],
                  "seconds_per_step": round(r["emSeconds"] / steps, 3), "lowerBound": r["lowerBound"]}))
PY
echo "driver heap: -Xmx1g; executors: spark.executor.memory=5g, 2 x 1 core; rows cached: $(( rows * 16 * 8 / 1048576 )) MiB"
echo "largest resident memory of one JVM (driver or executor): $(( $(cat "$peak") / 1024 )) MiB"
