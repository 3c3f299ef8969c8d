#!/usr/bin/env bash
# GEMM side by side: for each size, Dendrite then PyTorch (Debian's python3-torch, 2 threads, OpenMP OpenBLAS
# if installed) run back to back, so both see the same machine state; prints one Markdown table of GFLOP/s.
# Dendrite's share of the machine's FMA peak (FmaPeak: every core on register-only FMA chains) is measured by
# GemmSideBySide in windows alternating with the GEMM's, since the clock of these VMs drifts by 10-20 % within
# minutes: the peak column is the median of those windows, the share the median of the rounds' ratios.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/scripts/find-jdk.sh"
jdk="$(find_jdk)" || { echo "no JDK >= 25 found; looked at $JDK_SEARCH_DESCRIPTION" >&2; exit 1; }
mvn -B -q -DskipTests install >/dev/null
cpfile="$(mktemp)"
mvn -B -q -pl dendrite-bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp="dendrite-bench/target/classes:$(cat "$cpfile")"
have_torch=0
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  have_torch=1
  tver="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
fi
. "$root/dendrite-bench/scripts/torch-blas.sh"
java_run() { "$jdk/bin/java" --add-modules jdk.incubator.vector -cp "$cp" "$@" 2>/dev/null; }
printf '| M x K x N | FMA peak GFLOP/s | Dendrite GFLOP/s | %% of peak | PyTorch %s GFLOP/s | Dendrite / PyTorch |\n|---|---|---|---|---|---|\n' "${tver:-(absent)}"
for size in "32 32 32" "64 64 64" "128 128 128" "256 256 256" "512 512 512" "1024 1024 1024" "2048 2048 2048" "128 784 512"; do
  read -r m k n <<< "$size"
  read -r _ _ _ d peak pct <<< "$(java_run dev.dendrite.bench.GemmSideBySide $m $k $n)"
  t="-"; ratio="-"
  if [ "$have_torch" = 1 ]; then
    t="$(LD_LIBRARY_PATH="$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 "$root/dendrite-bench/scripts/gemm_torch.py" 2 $m $k $n | awk '{print $5}')"
    ratio="$(awk -v a="$d" -v b="$t" 'BEGIN {printf "%.2f", a / b}')"
  fi
  printf '| %s x %s x %s | %s | %s | %s | %s | %s |\n' "$m" "$k" "$n" "$peak" "$d" "$pct" "$t" "$ratio"
done
rm -f "$cpfile"
