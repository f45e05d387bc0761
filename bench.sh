#!/usr/bin/env bash
# Benchmarks, each printed next to its peer (llama.cpp, numpy) from the same run: ./bench.sh NAME [ARGS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh
if [[ "${1:-}" == viewer ]]; then
  # The viewer bench drives Chromium over a served 4,096-step trace: it lives with the viewer's e2e scripts.
  mvn -q -B -ntp -DskipTests -pl viewer -am install >&2
  mvn -q -B -ntp -pl viewer surefire:test -Dheatmap.viewer.bench=true -Dtest=ViewerBenchTest >&2
  exec python3 - viewer/target/viewer-bench.txt <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
print(f"viewer, {r['steps']} steps x 16 layers x 16 heads of summaries (Chromium, median of {len(r['tti_ms']['all'])} loads)")
print(f"  time to interactive  {r['tti_ms']['median']:8.0f} ms   target < 2000 ms   all {r['tti_ms']['all']}")
print(f"  hover latency        {r['hover_ms']['median']:8.1f} ms   target <   50 ms   p95 {r['hover_ms']['p95']} ms, max {r['hover_ms']['max']} ms")
print(f"  attention panel      {sorted(r['attention_panel_ms'])[len(r['attention_panel_ms']) // 2]:8.0f} ms   all {r['attention_panel_ms']}")
PY
fi
mvn -q -B -ntp -Dmaven.test.skip=true -pl bench -am install >&2
export HEATMAP_MODELS="${HEATMAP_MODELS:-$ROOT/../shared/models}"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g \
  -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" org.tokenheatmap.bench.BenchMain "$@"
