#!/usr/bin/env bash
# Outbound delivery throughput: Sekisho (Release) relays to Postfix's smtp-sink on loopback.
#   1. queue only:  smtp-source injects N messages while defer_transports = smtp holds them (accept rate);
#   2. flush:       `sekisho queue flush` releases them all; time until the queue is empty (delivery rate);
#   3. end to end:  injection and delivery at once, smtp-sink already listening (both together).
# Usage: bench/delivery.sh [MESSAGES] [SESSIONS] [SIZE]   (default 5000 20 1024). Needs smtp-source/smtp-sink
# (apt-get install postfix; ./scripts/test.sh installs it). Prints one line per phase with msgs/s.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
messages=${1:-5000}; sessions=${2:-20}; size=${3:-1024}
for tool in smtp-source smtp-sink; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "bench: $tool missing (apt-get install postfix)" >&2; exit 69; }
done
PATH=$PATH:/usr/sbin
dotnet build src/Sekisho.Cli/Sekisho.Cli.csproj -c Release -nologo -v q -clp:NoSummary >/dev/null
sekisho=$PWD/src/Sekisho.Cli/bin/Release/net10.0/sekisho

work=$(mktemp -d /tmp/sekisho-bench-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
smtp_port=$(port); sink_port=$(port)
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; echo "bench: port $1 never opened" >&2; exit 1; }
queued() { find "$work/data/queue/incoming" "$work/data/queue/active" "$work/data/queue/deferred" -type f 2>/dev/null | wc -l; }
now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1/($3-$2):8.0f} msgs/s  ({$1} messages in {$3-$2:.2f} s)')"; }

sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)   # smtp-sink refuses to run as root
smtp-sink "${sink_user[@]}" 127.0.0.1:$sink_port 1000 >/dev/null 2>&1 & pids+=($!)
wait_port $sink_port
start_server() {
  cat > "$work/sekisho.conf" <<CONF
myhostname = bench.example
mydestination = localhost
mynetworks = 127.0.0.0/8
data_directory = $work/data
smtp_listen = 127.0.0.1:$smtp_port
submission_listen =
pop3_listen =
relayhost = [127.0.0.1]:$sink_port
smtp_tls_security_level = none
$1
CONF
  "$sekisho" serve --config "$work/sekisho.conf" > "$work/serve.log" 2>&1 & server=$!; pids+=($server)
  wait_port $smtp_port
}
stop_server() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; }
wait_empty() {
  local deadline=$((SECONDS + 600))
  while [ "$(queued)" -gt 0 ]; do
    [ $SECONDS -lt $deadline ] || { echo "bench: $(queued) messages still queued after 10 minutes (see $work/serve.log)" >&2; exit 1; }
    sleep 0.02
  done
}

echo "Sekisho outbound delivery to smtp-sink: $messages messages of $size bytes, $sessions client sessions, $(nproc) cores"
start_server "defer_transports = smtp"
t0=$(now)
smtp-source -s $sessions -m $messages -l $size -f sender@client.example -t rcpt@remote.example 127.0.0.1:$smtp_port
t1=$(now)
while [ "$(find "$work/data/queue/deferred" -type f | wc -l)" -lt "$messages" ]; do sleep 0.05; done
echo "accept (held by defer_transports): $(rate $messages $t0 $t1)"
t2=$(now)
"$sekisho" queue flush --config "$work/sekisho.conf" >/dev/null
wait_empty
t3=$(now)
echo "delivery after a flush:            $(rate $messages $t2 $t3)"
stop_server
rm -rf "$work/data/queue"

start_server ""
t4=$(now)
smtp-source -s $sessions -m $messages -l $size -f sender@client.example -t rcpt@remote.example 127.0.0.1:$smtp_port
wait_empty
t5=$(now)
echo "end to end (accept + deliver):     $(rate $messages $t4 $t5)"
stop_server
grep -c "status=sent" "$work/serve.log" | sed 's/^/sent in the last run: /'
