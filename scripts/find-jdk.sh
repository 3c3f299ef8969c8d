# Sourced by ./dendrite and the benchmark scripts: find_jdk prints the home of a JDK >= 25
# ($JAVA_HOME first, then the usual install locations) or returns 1.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ]; then
      local v; v="$(java_major "$c")"
      if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
    fi
  done
  return 1
}

JDK_SEARCH_DESCRIPTION="\$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, /opt/java/*, /opt/jdk*, ~/.sdkman/candidates/java/*"
