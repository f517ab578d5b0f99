#!/usr/bin/env bash
# Scale figures (issue 7, point 4): many idle SMTP sessions (server memory) and the accept rate at 1, 20, 100 and 500
# concurrent sessions, on loopback.
#
# Builds Sekisho (Release, as bench/compare.sh does) and runs `sekisho serve` on 127.0.0.1 with its own config and data
# folder: default_process_limit = PROCESS_LIMIT (SESSIONS + 1000; it bounds concurrent sessions per listener, and also
# sizes the queue manager's pool of delivery workers, made at start-up), defer_transports = smtp and a relayhost that
# is never contacted ([127.0.0.1]:9), so accepted mail stays queued; mynetworks 127.0.0.0/8; smtpd_timeout 900s so no
# idle session times out during the run. `ulimit -n` is raised to NOFILE for the server and every client.
#   idle    bench/scale/idle.py opens SESSIONS connections (from 127.0.0.2..127.0.0.(1+SOURCES), CONCURRENCY
#           handshakes at a time); each reads the 220 greeting, sends EHLO and stays idle. Server VmRSS/VmHWM from
#           /proc before, with all sessions open (after SETTLE s) and after closing; time to open them all; how many
#           were greeted; LEGIT full transactions (smtplib, 1 KB) on the quiet server and while the sessions are idle
#           (latency); NOOP on every idle session afterwards (still alive?). RSS per idle session = (open - before) / N.
#   accept  a fresh server (the idle one is stopped, its data removed); an unmeasured warm-up, then for S in LOADS:
#           `smtp-source -s S -m M -l 1024` (M = MESSAGES, MESSAGES_1 for S = 1), RUNS runs each; msgs/s = messages
#           queued / smtp-source wall time; failed sessions = smtp-source's warning/fatal lines; 421 = the server's
#           "too many connections" log lines. The queue is emptied (`sekisho queue delete ALL`) after each run.
# Prints a table and writes bench/results/scale-YYYY-MM-DD.txt (OUT=FILE to change). Exits 1 when the server fails
# to start or a phase cannot run at all; refused sessions and failures are reported, not fatal (this is a benchmark).
#
# Usage: bench/scale.sh [--sessions N] [--messages M] [--runs R] [--loads "1 20 100 500"] [--keep]
# Environment: SESSIONS (10000), MESSAGES (2000), MESSAGES_1 (500), RUNS (3), LOADS ("1 20 100 500"), SOURCES (10),
# CONCURRENCY (200), SETTLE (5 s), LEGIT (5), NOFILE (65536), WARMUP (500), PROCESS_LIMIT, KEEP=1 (keep the temp folder),
# OUT=FILE, SEKISHO=PATH (use this binary, no build), SEKISHO_REV=REV (build `git archive REV`). Needs root (ulimit,
# apt-get). 3 to 5 minutes with the defaults (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PATH=$PATH:/usr/sbin

SESSIONS=${SESSIONS:-10000}; MESSAGES=${MESSAGES:-2000}; MESSAGES_1=${MESSAGES_1:-500}; RUNS=${RUNS:-3}
LOADS=${LOADS:-1 20 100 500}; SOURCES=${SOURCES:-10}; CONCURRENCY=${CONCURRENCY:-200}; SETTLE=${SETTLE:-5}
LEGIT=${LEGIT:-5}; NOFILE=${NOFILE:-65536}; WARMUP=${WARMUP:-500}; KEEP=${KEEP:-0}; OUT=${OUT:-}
SEKISHO=${SEKISHO:-}; SEKISHO_REV=${SEKISHO_REV:-}
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) SESSIONS=$2; shift ;;
    --messages) MESSAGES=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --loads) LOADS=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "scale: run as root (ulimit -n $NOFILE, apt-get)" >&2; exit 77; }
CAP=600   # seconds: the longest a port, a queue or one smtp-source run may take

# --- Postfix's load tools, installed as bench/compare.sh does ---------------------------------------------------------
if [ ! -x /usr/sbin/smtp-source ]; then
  echo "scale: installing postfix (for smtp-source)"
  apt-get update -qq
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
command -v python3 >/dev/null || { echo "scale: python3 missing" >&2; exit 69; }
# Inherited by the server, smtp-source and the idle client. Root can raise the hard limit only with CAP_SYS_RESOURCE
# (not in every container): otherwise the soft limit goes up to the hard one, which must leave room for SESSIONS.
if ! ulimit -n "$NOFILE" 2>/dev/null; then
  hard=$(ulimit -Hn)
  [ "$hard" = unlimited ] || [ "$hard" -ge "$NOFILE" ] || NOFILE=$hard
  ulimit -Sn "$NOFILE"
  echo "scale: cannot raise the hard limit of open files here; ulimit -n $NOFILE (the hard limit)" >&2
fi
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((SESSIONS + 500)) ] \
  || { echo "scale: ulimit -n $(ulimit -n) is too low for $SESSIONS sessions (server and client each need one per session)" >&2; exit 71; }

# --- temp folder, processes, cleanup on any exit ----------------------------------------------------------------------
work=$(mktemp -d /tmp/sekisho-scale-XXXXXX)
sk=$work/sekisho
sk_pid=""; client_pid=""
log() { echo "$*" >&2; }
fail() {
  log "scale: FAILED: $*"
  [ -s "$sk/serve.log" ] && { log "--- last lines of $sk/serve.log:"; tail -n 8 "$sk/serve.log" >&2; }
  exit 1
}
stop_sekisho() {
  [ -n "$sk_pid" ] || return 0
  kill -TERM "$sk_pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$sk_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$sk_pid" 2>/dev/null || true
  wait "$sk_pid" 2>/dev/null || true
  sk_pid=""
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  [ -n "$client_pid" ] && { kill -TERM "$client_pid" 2>/dev/null || true; wait "$client_pid" 2>/dev/null || true; }
  stop_sekisho
  if [ "$KEEP" = 1 ]; then log "scale: kept $work"; else rm -rf "$work"; fi
  exit $status
}
trap cleanup EXIT
trap 'log "scale: interrupted"; exit 130' INT TERM HUP

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }
count() { find "$@" -type f 2>/dev/null | wc -l; }
wait_port() { # PORT PID
  local deadline=$((SECONDS + 60))
  until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || fail "sekisho exited before listening on 127.0.0.1:$1"
    [ $SECONDS -lt $deadline ] || fail "sekisho never opened 127.0.0.1:$1 (60 s)"
    sleep 0.05
  done
}
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }   # PID FIELD → kB
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Sekisho (Release) --------------------------------------------------------------------------------------------------
. "$repo/bench/lib/build-sekisho.sh"
build_sekisho scale

sk_port=$(port)
limit=${PROCESS_LIMIT:-$(( SESSIONS + 1000 ))}
start_sekisho() {
  rm -rf "$sk"; mkdir -p "$sk/data"
  cat > "$sk/sekisho.conf" <<CONF
myhostname = scale.example
mydestination = localhost
mynetworks = 127.0.0.0/8
data_directory = $sk/data
smtp_listen = 127.0.0.1:$sk_port
submission_listen =
pop3_listen =
# never contacted: defer_transports holds every remote recipient in the queue
relayhost = [127.0.0.1]:9
defer_transports = smtp
smtp_tls_security_level = none
alias_maps =
alias_database =
# concurrent sessions per listener (the next one gets 421)
default_process_limit = $limit
# no idle session may time out during the run
smtpd_timeout = 900s
CONF
  "$sekisho" serve --config "$sk/sekisho.conf" > "$sk/serve.log" 2>&1 & sk_pid=$!
  wait_port "$sk_port" "$sk_pid"
}
deferred() { count "$sk/data/queue/deferred" "$sk/data/queue/hold"; }
waiting() { count "$sk/data/queue/incoming" "$sk/data/queue/active"; }
refusals() { grep -c 'too many connections' "$sk/serve.log" 2>/dev/null || true; }

started=$(date -u '+%Y-%m-%d %H:%M UTC'); t_start=$SECONDS; load_start=$(loadavg)
log "scale: Sekisho on 127.0.0.1:$sk_port, ulimit -n $(ulimit -n), load average $load_start; $work"

# --- 1. idle sessions -----------------------------------------------------------------------------------------------------
start_sekisho
idle_rc=0
log "scale: idle phase, $SESSIONS sessions"
python3 "$repo/bench/scale/idle.py" "$sk_port" "$sk_pid" "$SESSIONS" "$work/idle.json" --sources "$SOURCES" \
  --concurrency "$CONCURRENCY" --settle "$SETTLE" --legit "$LEGIT" 2> >(tee "$work/idle.log" >&2) & client_pid=$!
wait "$client_pid" || idle_rc=$?
client_pid=""
[ "$idle_rc" = 0 ] && [ -s "$work/idle.json" ] || fail "the idle client exited $idle_rc (see above)"
kill -0 "$sk_pid" 2>/dev/null || fail "sekisho died during the idle phase"
idle_refused=$(refusals)
idle_queued=$(deferred)
grep -m 5 -E 'fail|exception|error' "$sk/serve.log" > "$work/idle-errors.txt" || true
stop_sekisho

# --- 2. accept rate -----------------------------------------------------------------------------------------------------
start_sekisho
empty_queue() {
  local attempt left
  for attempt in 1 2 3 4 5; do
    "$sekisho" queue delete ALL --config "$sk/sekisho.conf" > "$work/qdelete.log" 2>&1 && break
    log "  (sekisho queue delete ALL: $(tr -d '\n' < "$work/qdelete.log"), again)"
  done
  local deadline=$((SECONDS + CAP))
  until [ "$(waiting)" -eq 0 ] && [ "$(deferred)" -eq 0 ]; do
    [ $SECONDS -lt $deadline ] || fail "the queue did not empty after a delete ALL"
    sleep 0.1
  done
}
settle() { # EXPECTED: waits until nothing is waiting and EXPECTED are deferred, or the count stops moving for 5 s
  local deadline=$((SECONDS + CAP)) last=-1 still=0 d
  while :; do
    d=$(deferred)
    [ "$(waiting)" -eq 0 ] && [ "$d" -ge "$1" ] && return 0
    if [ "$d" = "$last" ]; then still=$((still + 1)); [ $still -ge 50 ] && return 0; else still=0; last=$d; fi
    [ $SECONDS -lt $deadline ] || return 0
    sleep 0.1
  done
}
runs=$work/accept.tsv; : > "$runs"
run_source() { # SESSIONS MESSAGES RUN
  local s=$1 m=$2 run=$3 t0 t1 r0 rc=0 errs queued
  r0=$(refusals)
  t0=$(now)
  timeout $CAP smtp-source -s "$s" -m "$m" -l 1024 -f sender@client.example -t rcpt@remote.example "127.0.0.1:$sk_port" \
    > "$work/source.out" 2> "$work/source.err" || rc=$?
  t1=$(now)
  settle "$m"
  queued=$(deferred)
  errs=$(grep -ciE 'warning|fatal|error' "$work/source.err" || true)
  [ "$errs" -gt 0 ] && cp "$work/source.err" "$work/source-s$s-run$run.err"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$run" "$m" "$queued" "$(calc "f'{$t1-$t0:.3f}'")" "$errs" \
    "$(( $(refusals) - r0 ))" "$rc" "$(kb "$sk_pid" VmHWM)" >> "$runs"
  empty_queue
  sleep 1
}
if [ "$WARMUP" -gt 0 ]; then
  log "scale: accept phase, warm-up of $WARMUP messages (-s 20, unmeasured)"
  run_source 20 "$WARMUP" warmup
fi
for s in $LOADS; do
  m=$MESSAGES; [ "$s" = 1 ] && m=$MESSAGES_1
  for run in $(seq "$RUNS"); do
    run_source "$s" "$m" "$run"
    log "  -s $s run $run/$RUNS: $(tail -n 1 "$runs" | awk -F'\t' '{ printf "%d of %d queued in %s s = %.0f msgs/s, %d smtp-source errors, %d refused (421), exit %s", $4, $3, $5, $4/$5, $6, $7, $8 }')"
  done
done
accept_hwm=$(kb "$sk_pid" VmHWM)
stop_sekisho
total=$((SECONDS - t_start)); load_end=$(loadavg)

# --- the report -----------------------------------------------------------------------------------------------------------
date_tag=$(date -u +%Y-%m-%d)
[ -n "$OUT" ] || OUT=$repo/bench/results/scale-$date_tag.txt
mkdir -p "$(dirname "$OUT")"
first_err=$(for f in "$work"/source-*.err; do [ -f "$f" ] && { head -n 3 "$f"; break; }; done; true)
SCALE_HEADER="Sekisho scale figures on loopback, started $started; $(nproc) cores, kernel $(uname -r), $(awk '/MemTotal/ { printf "%.0f GB RAM", $2/1048576 }' /proc/meminfo)
Sekisho: $built; default_process_limit $limit; ulimit -n $(ulimit -n); load average at start $load_start, at end $load_end
(another engineer may have been running load on the same 2 cores: figures are noisy; the load average shows it)" \
python3 - "$work/idle.json" "$runs" "$idle_refused" "$idle_queued" "$accept_hwm" "$SESSIONS" "$first_err" \
  "$(cat "$work/idle-errors.txt")" > "$work/report.txt" <<'PY'
import json, os, statistics, sys
idle = json.load(open(sys.argv[1]))
runs = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip()]
idle_refused, idle_queued, accept_hwm, asked = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
first_err, server_errors = sys.argv[7], sys.argv[8]
mb = lambda kb: f"{kb / 1024:.0f} MB"
problems = []
print(os.environ["SCALE_HEADER"])
print()
n = idle["open_count"]; o = idle["outcomes"]
b, op, af, st = idle["before"], idle["open"], idle["after"], idle["start"]
per = (op["VmRSS"] - b["VmRSS"]) / n if n else float("nan")
print(f"Idle SMTP sessions: {asked} connections ({idle['concurrency']} handshakes at a time, from {idle['sources']} source")
print(f"addresses 127.0.0.2-{1 + idle['sources']}); each read the 220 greeting, sent EHLO, got 250 and stayed idle.")
print()
greeted = o.get("greeted", 0)
others = {k: v for k, v in o.items() if k not in ("greeted", "ehlo ok")}
print(f"  greeted (220)                      {greeted} of {asked}")
print(f"  EHLO answered (250), left open     {n} of {asked}")
print(f"  refused / failed                   {sum(others.values())}" + (f"  {others}" if others else "")
      + f"; server's 421 'too many connections': {idle_refused}")
for k, v in idle.get("outcome_samples", {}).items():
    print(f"    e.g. {k}: {v}")
if n < asked: problems.append(f"only {n} of {asked} idle sessions opened")
print(f"  time to open them all              {idle['open_seconds']:.1f} s ({asked / idle['open_seconds']:.0f} sessions/s)")
print(f"  server VmRSS at start              {mb(st['VmRSS'])}")
print(f"  server VmRSS before (warmed up)    {mb(b['VmRSS'])}  (RssAnon {mb(b['RssAnon'])}, {b['Threads']} threads)")
print(f"  server VmRSS with {n} idle      {mb(op['VmRSS'])}  (RssAnon {mb(op['RssAnon'])}, VmHWM {mb(op['VmHWM'])}, "
      f"{op['Threads']} threads, {op['sockets']} sockets), {idle['settle']:.0f} s after the last EHLO")
verdict = "met" if op["VmRSS"] < 300 * 1024 and n >= 10000 else "NOT met" if n >= 10000 else "not measured at 10,000"
if verdict == "NOT met": problems.append(f"RSS {mb(op['VmRSS'])} with {n} idle sessions: over the 300 MB target")
print(f"  per idle session                   {per:.1f} KB  ((open - before) / {n}); target 10,000 in < 300 MB: {verdict}")
print(f"  after closing them                 {mb(af['VmRSS'])}  (VmHWM {mb(af['VmHWM'])}, {af['sockets']} sockets; the GC keeps freed heap until needed)")
def lat(v):
    return f"median {statistics.median(v):.1f} ms, min {min(v):.1f}, max {max(v):.1f} (n={len(v)})" if v else "none completed"
q, l = idle["legit_quiet_ms"], idle["legit_loaded_ms"]
print(f"  legit transaction, quiet server    {lat(q)}  (the first warms the JIT)")
print(f"  legit transaction, {n} idle     {lat(l)}")
for k in ("legit_quiet_failures", "legit_loaded_failures"):
    if idle[k]:
        problems.append(f"{k}: {idle[k]}")
print(f"    (EHLO, MAIL, RCPT remote, DATA 1 KB, QUIT on a new connection from 127.0.0.250; {idle_queued} of "
      f"{len(q) + len(l)} queued)")
nop = idle["noop"]
print(f"  NOOP on every idle session         {nop['250']} answered 250, {nop['other']} other, {nop['closed']} closed/silent, "
      f"after {idle['idle_seconds_before_noop']:.0f} s idle")
if nop["250"] < n: problems.append(f"only {nop['250']} of {n} idle sessions answered NOOP")
print()
print("Accept rate: a fresh server, smtp-source -s S -m M -l 1024 (one connection per message, 1 remote recipient held by")
print("defer_transports = smtp), after an unmeasured warm-up; msgs/s = messages queued / smtp-source wall time.")
print()
print(f"{'sessions (-s)':>13} {'msgs':>6} {'runs':>5} {'msgs/s median':>14} {'(min-max)':>12} {'queued':>14} "
      f"{'failed':>7} {'421':>5}")
loads = []
for r in runs:
    if r[1] != "warmup" and r[0] not in loads: loads.append(r[0])
for s in loads:
    rs = [r for r in runs if r[0] == s and r[1] != "warmup"]
    rates = [int(r[3]) / float(r[4]) for r in rs]
    queued = sum(int(r[3]) for r in rs); asked_m = sum(int(r[2]) for r in rs)
    failed = sum(int(r[5]) for r in rs); refused = sum(int(r[6]) for r in rs)
    bad = [r for r in rs if r[7] != "0"]
    if failed or refused or queued < asked_m or bad:
        problems.append(f"-s {s}: {queued} of {asked_m} queued, {failed} smtp-source errors, {refused} refused (421)"
                        + (f", smtp-source exit {','.join(r[7] for r in bad)}" if bad else ""))
    print(f"{s:>13} {rs[0][2]:>6} {len(rs):>5} {statistics.median(rates):>14.0f} "
          f"{f'({min(rates):.0f}-{max(rates):.0f})':>12} {f'{queued}/{asked_m}':>14} {failed:>7} {refused:>5}")
print()
print(f"Each run (msgs/s): " + "; ".join(
    f"-s {s} " + ", ".join(f"{int(r[3]) / float(r[4]):.0f}" for r in runs if r[0] == s and r[1] != "warmup") for s in loads))
print(f"Server VmHWM over the accept phase: {mb(accept_hwm)}")
if first_err.strip():
    print("First smtp-source error lines:")
    for line in first_err.strip().splitlines(): print("  " + line)
if server_errors.strip():
    print("Server log lines mentioning fail/exception/error in the idle phase (first 5):")
    for line in server_errors.strip().splitlines(): print("  " + line)
print()
print("Problems: " + ("none (every session greeted, every message queued, nothing refused)" if not problems else ""))
for p in problems: print("  - " + p)
PY
echo "total wall time: $((total / 60)) min $((total % 60)) s" >> "$work/report.txt"
cp "$work/report.txt" "$OUT"
cat "$work/report.txt"
log "scale: written to ${OUT#$repo/}"
