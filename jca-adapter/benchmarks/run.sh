#!/usr/bin/env bash
# Builds the engine and the benchmarks, runs every JMH benchmark (or those matching the arguments, which are
# passed to JMH), and writes target/jmh-results.json, target/jmh-output.txt and target/results.md.
# Usage: jca-adapter/benchmarks/run.sh [JMH options] [benchmark regex]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
./mvnw -B -q -pl jca-adapter/benchmarks -am package -DskipTests
java -jar "$here/target/benchmarks.jar" -rf json -rff "$here/target/jmh-results.json" "$@" \
  | tee "$here/target/jmh-output.txt"
java -cp "$here/target/benchmarks.jar" dev.allframe.allsource.benchmarks.ResultsReport \
  "$here/target/jmh-results.json" > "$here/target/results.md"
echo "report: $here/target/results.md"
