#!/usr/bin/env bash
# Builds a self-contained folder that runs the CUDA backend's conformance tests and an EM
# benchmark on a Linux x86-64 machine with an NVIDIA GPU and nothing else: no JDK, no Maven, no
# network. It holds a Java runtime made by jlink (the modules jdeps finds the jars use), the gmm
# command's jar (engine, kernels, JCuda with its linux-x86_64 natives and every other dependency),
# the bench jar, the test jars with JUnit's console launcher, the PyTorch peer script and run.sh.
#
# Usage: kernels/gpu-bundle/make-bundle.sh [OUT_DIR]      (default: kernels/target/gpu-bundle)
# Also writes OUT_DIR.tar.gz, half the folder's size, for copying to the GPU machine.
# Needs a JDK 17 with jmods (jlink, jdeps), Maven and zip; MAVEN_ARGS (say -o) goes to every mvn call.
# Maven fetches junit-platform-console-standalone once if it is not in the local repository.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/kernels/target/gpu-bundle}
read -r -a mvn_args <<< "${MAVEN_ARGS:-}"
mvn=(mvn -q -B "${mvn_args[@]}")
console=org.junit.platform:junit-platform-console-standalone:1.11.4

rm -rf "$out"
mkdir -p "$out/lib" "$out/tests" "$out/peers"
cd "$root"
"${mvn[@]}" install -DskipTests
cp cli/target/gmm.jar "$out/lib/gmm.jar"
# The bundle runs on Linux x86-64 only: other platforms' natives, and JCuda's PTX compiler (which
# the engine never calls), would make up most of its size.
zip -q -d "$out/lib/gmm.jar" 'win/*' 'osx/*' 'linux/libaparapi_aarch64.so' 'linux/libaparapi_armhf.so' \
  'linux/libaparapi_x86.so' 'lib/libJNvPTXCompiler-*'
cp bench/target/gmm-bench-*.jar "$out/lib/gmm-bench.jar"
cp engine/target/gmm-engine-core-*-tests.jar "$out/tests/gmm-engine-core-tests.jar"
jar --create --file "$out/tests/gmm-kernels-tests.jar" -C kernels/target/test-classes .
"${mvn[@]}" -pl kernels dependency:copy -Dartifact="$console" -DoutputDirectory="$out/tests"
mv "$out"/tests/junit-platform-console-standalone-*.jar "$out/tests/junit-console.jar"
for peer in torch_em.py torch_em_fast.py; do
  if [ -f "$root/../shared/peers/$peer" ]; then
    cp "$root/../shared/peers/$peer" "$out/peers/"
  fi
done

# The Java modules: jdeps reads the unshaded jars (it misses what a shaded jar's classes use).
jars=$(mktemp -d)
trap 'rm -rf "$jars"' EXIT
"${mvn[@]}" -pl cli dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$jars"
modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
  "$jars"/*.jar cli/target/gmm-cli-*.jar "$out/lib/gmm-bench.jar" "$out"/tests/*.jar)
jmods=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")/jmods
jlink --module-path "$jmods" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/runtime"
cp "$here/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
tar -czf "$out.tar.gz" -C "$(dirname "$out")" "$(basename "$out")"
echo "bundle: $out ($(du -sh "$out" | cut -f1); Java modules: $modules), and $out.tar.gz ($(du -sh "$out.tar.gz" | cut -f1))"
