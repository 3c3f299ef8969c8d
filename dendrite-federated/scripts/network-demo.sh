#!/usr/bin/env bash
# Networked federated learning on this machine: one server and N client processes over TLS, then the same run
# simulated in one process, to compare the final test accuracy. With KILL=K, client K is killed as soon as round
# KILL_AFTER_ROUND (default 2) ends; the server logs the phase it missed and goes on without it.
# Usage: dendrite-federated/scripts/network-demo.sh DATA [CLIENTS] [ROUNDS]   (e.g. spam:../shared/data/spam/spamassassin.jsonl.gz)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="$1"; clients="${2:-5}"; rounds="${3:-20}"; port="${PORT:-8443}"
dir="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
./dendrite federated server --data "$data" --clients "$clients" --rounds "$rounds" --port "$port" \
    --dir "$dir/server" --round-timeout 10 --phase-timeout 5 > "$dir/server.out" 2> "$dir/server.log" &
server=$!
until [ -f "$dir/server/tokens.tsv" ] && grep -q "https://" "$dir/server.log" 2>/dev/null; do sleep 0.5; done
for id in $(seq 1 "$clients"); do
  ./dendrite federated client --server "https://localhost:$port" --certificate "$dir/server/server.pem" \
      --token-file "$dir/server/tokens.tsv" --id "$id" --data "$data" > "$dir/client-$id.log" 2>&1 &
done
if [ -n "${KILL:-}" ]; then
  until grep -q "^round ${KILL_AFTER_ROUND:-2}/" "$dir/server.out" 2>/dev/null; do sleep 0.05; done
  pkill -9 -f -- "--id $KILL --data" && echo "killed client $KILL after round ${KILL_AFTER_ROUND:-2}"
fi
wait "$server"
cat "$dir/server.log" "$dir/server.out"; echo "clients: $(sed -n "s/.*sha256 //p" "$dir"/client-*.log | sort | uniq -c)"
echo "simulated: $(./dendrite federated simulate --data "$data" --clients "$clients" --rounds "$rounds" | tail -1)"
