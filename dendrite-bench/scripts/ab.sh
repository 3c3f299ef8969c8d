#!/usr/bin/env bash
# Two builds of Dendrite timed in one JVM, their steps alternated (BuildsAlternated): how to tell whether a change
# is faster on a VM whose speed drifts by up to 2x between minutes, where runs one after the other cannot.
# Usage: ab.sh REV_A REV_B WORKLOAD [SECONDS]
#   REV: a git revision (built in a temporary worktree) or "." (this working tree as it is)
#   WORKLOAD: conv:C_in,H,W,C_out,k,stride,pad (forward + backward at batch 8) or train:mlp|lenet|alexnet-small
# Prints the median B / A time ratio of the pairs with its quartiles (below 1: B is faster).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: ab.sh REV_A REV_B WORKLOAD [SECONDS]" >&2
  exit 2
fi
. "$root/scripts/find-jdk.sh"
jdk="$(find_jdk)" || { echo "no JDK >= 25 found; looked at $JDK_SEARCH_DESCRIPTION" >&2; exit 1; }
export JAVA_HOME="$jdk"
trees=()
cleanup() { for t in "${trees[@]}"; do git worktree remove --force "$t" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

# The class directories of one revision's core and models, built.
classes() {
  local dir="$root"
  if [ "$1" != . ]; then
    dir="$(mktemp -d /tmp/dendrite-ab.XXXXXX)"
    trees+=("$dir")
    git worktree add --quiet --detach "$dir" "$1"
  fi
  (cd "$dir" && mvn -B -q compile -pl dendrite-core,dendrite-models -am >&2)
  echo "$dir/dendrite-core/target/classes:$dir/dendrite-models/target/classes"
}

a="$(classes "$1")"
b="$(classes "$2")"
mvn -B -q compile -pl dendrite-bench -am >&2
"$jdk/bin/java" --add-modules jdk.incubator.vector -Xmx4g -cp dendrite-bench/target/classes \
  dev.dendrite.bench.BuildsAlternated "$a" "$b" "$3" ${4:+"$4"} 2>/dev/null
