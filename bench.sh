#!/usr/bin/env bash
# Benchmarks, each printed next to its peer (llama.cpp, numpy) from the same run: ./bench.sh NAME [ARGS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh
mvn -q -B -ntp -Dmaven.test.skip=true -pl bench -am install >&2
export HEATMAP_MODELS="${HEATMAP_MODELS:-$ROOT/../shared/models}"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.tokenheatmap.bench.BenchMain "$@"
