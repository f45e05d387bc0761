# Sourced by ./heatmap and ./test.sh: sets JAVA_HOME to a JDK 25 or newer (JAVA_HOME first, then /usr/lib/jvm).
_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
_find_jdk() {
  local candidates=() c m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
      m="$(_java_major "$c" || true)"
      if [ -n "$m" ] && [ "$m" -ge 25 ]; then echo "$c"; return 0; fi
    fi
  done
  return 1
}
if ! _jdk="$(_find_jdk)"; then
  echo "heatmap: no JDK 25 found. Install one (e.g. Temurin 25) and set JAVA_HOME, or put it under /usr/lib/jvm." >&2
  exit 2
fi
export JAVA_HOME="$_jdk"
