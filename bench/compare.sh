#!/usr/bin/env bash
# Sekisho against Postfix, side by side, on loopback, in one run (issue 7, point 1).
#
# Starts smtp-sink (Postfix's discard server: the no-disk upper bound of the protocol path), a private Postfix
# instance (its own config and queue under a temp folder, `postfix -c DIR/etc start`) and `sekisho serve` (Release,
# its own config and data folder), configured alike (mynetworks 127.0.0.0/8, mydestination localhost,
# message_size_limit 10240000, no DNS, relayhost = the sink), and drives each with Postfix's smtp-source, alternating
# servers, RUNS runs of each. Cases:
#   accept  remote recipients held by defer_transports = smtp on both: messages accepted and durably queued;
#           time = smtp-source's wall time. Queues are emptied between runs (postsuper -d ALL / sekisho queue delete ALL).
#   e2e     relayed to the sink (relayhost = [127.0.0.1]:SINK): time = from the first connection until the queue is empty.
#   local   delivered into one account's Maildir (Sekisho: `sekisho user add`; Postfix: its virtual(8) delivery agent
#           as local_transport, one Maildir file per message): time until the queue is empty.
# Loads: `-s 20 -l 1024 -m MESSAGES` for every case, plus `-s 1` (MESSAGES/10), `-s 100` and `-l 10240` for accept
# (ALL_LOADS=1: every load for every case). Each row starts both servers afresh and gives each an unmeasured warm-up.
# Prints and writes bench/results/compare-YYYY-MM-DD.txt (-quick.txt for QUICK=1): median msgs/s per server,
# Sekisho/Postfix, the sink as the bound, CPU seconds per 1,000 messages and peak memory. Fails (exit 1, with the
# logs' last lines) when a port never opens, smtp-source reports an error, or a queue does not settle within 10 minutes.
#
# Usage: bench/compare.sh [--quick] [--runs N] [--messages N] [--cases "accept e2e local"] [--all-loads] [--keep]
# Environment (same meaning): QUICK=1 (MESSAGES=2000), RUNS (3), MESSAGES (20000), CASES, ALL_LOADS=1, KEEP=1 (keep the
# temp folder), WARMUP (messages per server and row, default MESSAGES/10 up to 1000; 0 = none), OUT=FILE (results
# file), SEKISHO=PATH (use this sekisho binary, no build), SEKISHO_REV=REV (build a committed revision from
# `git archive REV` instead of the working tree). Needs root (Postfix set-permissions). Full run: about 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PATH=$PATH:/usr/sbin

QUICK=${QUICK:-0}; RUNS=${RUNS:-3}; MESSAGES=${MESSAGES:-}; CASES=${CASES:-accept e2e local}
ALL_LOADS=${ALL_LOADS:-0}; KEEP=${KEEP:-0}; OUT=${OUT:-}; SEKISHO=${SEKISHO:-}; SEKISHO_REV=${SEKISHO_REV:-}
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --messages) MESSAGES=$2; shift ;;
    --cases) CASES=$2; shift ;;
    --all-loads) ALL_LOADS=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
[ -n "$MESSAGES" ] || { [ "$QUICK" = 1 ] && MESSAGES=2000 || MESSAGES=20000; }
WARMUP=${WARMUP:-$(( MESSAGES / 10 < 1000 ? MESSAGES / 10 : 1000 ))}
for c in $CASES; do case $c in accept|e2e|local) ;; *) echo "compare: unknown case $c (accept, e2e, local)" >&2; exit 64 ;; esac; done
[ "$(id -u)" = 0 ] || { echo "compare: run as root (a private Postfix instance needs set-permissions and chown)" >&2; exit 77; }
CAP=600   # seconds: the longest any port, queue or smtp-source run may take

# --- Postfix and its load tools, installed as scripts/test.sh does --------------------------------------------------
if [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/sbin/smtp-source ] || [ ! -x /usr/sbin/smtp-sink ]; then
  echo "compare: installing postfix"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postfix >/dev/null
fi
command -v python3 >/dev/null || { echo "compare: python3 missing" >&2; exit 69; }

# --- temp folder, process bookkeeping, cleanup on any exit ----------------------------------------------------------
work=$(mktemp -d /tmp/sekisho-compare-XXXXXX)
chmod 755 "$work"   # Postfix's unprivileged daemons and the virtual delivery agent (uid 65534) must reach their folders
pf=$work/postfix; sk=$work/sekisho
sink_pid=""; sk_pid=""; sampler_pid=""; pf_started=0
log() { echo "$*" >&2; }
tails() {
  for f in "$pf/maillog" "$sk/serve.log" "$work/source.log"; do
    [ -s "$f" ] && { log "--- last lines of $f:"; tail -n 8 "$f" >&2; }
  done
  return 0
}
fail() { log "compare: FAILED: $*"; tails; exit 1; }
pf_master() { [ -f "$pf/spool/pid/master.pid" ] && tr -d ' \n' < "$pf/spool/pid/master.pid" || true; }
stop_postfix() {
  [ "$pf_started" = 1 ] || return 0
  local master; master=$(pf_master)
  # bounded: with postlogd dead, Postfix commands block on the log socket (see postlogd_watchdog_timeout below)
  timeout 20 postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
  if [ -n "$master" ]; then
    for _ in $(seq 100); do kill -0 "$master" 2>/dev/null || break; sleep 0.1; done
    # master runs in its own session (setsid): its process group is this instance and nothing else
    kill -0 "$master" 2>/dev/null && { kill -KILL -- "-$master" 2>/dev/null || kill -KILL "$master" 2>/dev/null || true; }
  fi
  pf_started=0
}
stop_sekisho() {
  [ -n "$sk_pid" ] || return 0
  kill -TERM "$sk_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$sk_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$sk_pid" 2>/dev/null || true
  wait "$sk_pid" 2>/dev/null || true
  sk_pid=""
}
stop_sampler() {
  [ -n "$sampler_pid" ] || return 0
  kill -TERM "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_sampler
  stop_sekisho
  stop_postfix
  [ -n "$sink_pid" ] && { kill -TERM "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; }
  if [ "$status" != 0 ] && [ -s "$work/runs.tsv" ]; then   # keep what was measured (bench/results/*.tmp is ignored)
    mkdir -p "$repo/bench/results" && cp "$work/runs.tsv" "$repo/bench/results/compare-partial-runs.tmp" \
      && log "compare: the runs measured so far: bench/results/compare-partial-runs.tmp (case, load, server, run, msgs, s, CPU s)"
  fi
  if [ "$KEEP" = 1 ]; then log "compare: kept $work"; else rm -rf "$work"; fi
  exit $status
}
trap cleanup EXIT
trap 'log "compare: interrupted"; exit 130' INT TERM HUP

# --- small helpers --------------------------------------------------------------------------------------------------
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
wait_port() { # PORT WHAT PID
  local deadline=$((SECONDS + 60))
  until (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null; do
    [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || fail "$2 exited before listening on 127.0.0.1:$1"
    [ $SECONDS -lt $deadline ] || fail "$2 never opened 127.0.0.1:$1 (60 s)"
    sleep 0.05
  done
}
count() { find "$@" -type f 2>/dev/null | wc -l; }

# /proc readings: CPU of a process tree, peak memory sampler (written to a file, run with python3).
cat > "$work/probe.py" <<'PY'
import json, os, signal, sys, time
TCK = os.sysconf("SC_CLK_TCK")
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()          # rest[k] is field k+3 of proc(5)
    return int(rest[1]), int(rest[11]) + int(rest[12]), int(rest[13]) + int(rest[14])   # ppid, utime+stime, cutime+cstime
def tree(root):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                kids.setdefault(stat(d)[0], []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, i = [root], 0
    while i < len(out):
        out += kids.get(out[i], []); i += 1
    return out
def cpu(root):
    # Live processes count their own time plus that of the children they reaped; a process that exits is reaped by
    # its parent (Postfix: the master) and moves into its cutime/cstime, so the sum is exact across exits.
    total = 0
    for pid in tree(root):
        try:
            _, own, reaped = stat(pid)
            total += own + reaped
        except (OSError, ValueError, IndexError):
            pass
    return total / TCK
def kb(path, key):
    with open(path) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0
def name(pid):
    with open(f"/proc/{pid}/comm") as f:
        return f.read().strip()
if sys.argv[1] == "cpu":
    print(f"{cpu(int(sys.argv[2])):.2f}")
elif sys.argv[1] == "hwm":
    print(kb(f"/proc/{sys.argv[2]}/status", "VmHWM:"))
elif sys.argv[1] == "sample":           # sample ROOT OUTFILE: peak memory of a process tree until SIGTERM
    root, out = int(sys.argv[2]), sys.argv[3]
    peak = {"rss_sum": 0, "pss_sum": 0, "procs": 0, "hwm_max": 0, "hwm_name": "", "hwm_by_name": {}}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        rss = pss = n = 0
        for pid in tree(root):
            try:
                r, h = kb(f"/proc/{pid}/status", "VmRSS:"), kb(f"/proc/{pid}/status", "VmHWM:")
                p = kb(f"/proc/{pid}/smaps_rollup", "Pss:")
                comm = name(pid)
            except (OSError, ValueError):
                continue
            rss += r; pss += p; n += 1
            if h > peak["hwm_by_name"].get(comm, 0):
                peak["hwm_by_name"][comm] = h
            if h > peak["hwm_max"]:
                peak["hwm_max"], peak["hwm_name"] = h, comm
        peak["rss_sum"] = max(peak["rss_sum"], rss); peak["pss_sum"] = max(peak["pss_sum"], pss)
        peak["procs"] = max(peak["procs"], n)
        time.sleep(0.5)
    with open(out, "w") as f:
        json.dump(peak, f)
PY
probe() { python3 "$work/probe.py" "$@"; }

# --- Sekisho (Release) ----------------------------------------------------------------------------------------------
. "$repo/bench/lib/build-sekisho.sh"
# shellcheck source=bench/lib/postfix-instance.sh
. "$repo/bench/lib/postfix-instance.sh"
build_sekisho compare

# --- ports, smtp-sink ----------------------------------------------------------------------------------------------
sink_port=$(port); pf_port=$(port); sk_port=$(port)
while [ "$pf_port" = "$sink_port" ] || [ "$sk_port" = "$sink_port" ] || [ "$sk_port" = "$pf_port" ]; do sk_port=$(port); pf_port=$(port); done
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)   # smtp-sink refuses to run as root
smtp-sink "${sink_user[@]}" 127.0.0.1:$sink_port 1000 > "$work/sink.log" 2>&1 & sink_pid=$!
wait_port "$sink_port" smtp-sink "$sink_pid"

# --- the Postfix instance (created once, started per row) -------------------------------------------------------------
mkdir -p "$pf/etc" "$pf/spool" "$pf/data" "$pf/mail" "$sk/data"
chown postfix "$pf/data"; chown 65534:65534 "$pf/mail"
echo "bench@localhost bench/" > "$pf/etc/vmailbox"   # trailing / = Maildir
# Debian's master.cf, smtpd on 127.0.0.1:PORT, nothing chrooted (5th column n)
awk -v port="$pf_port" '
  /^[#[:space:]]/ || NF < 8 { print; next }
  { if ($1 == "smtp" && $2 == "inet") $1 = "127.0.0.1:" port; $5 = "n"; print }
' /etc/postfix/master.cf > "$pf/etc/master.cf"
postfix_conf() { # EXTRA LINES
  { private_postfix_conf "$pf"; cat <<CF
maillog_file = $pf/maillog
maillog_file_prefixes = /var, /dev/stdout, $pf
myhostname = bench.example
mydestination = localhost
mynetworks = 127.0.0.0/8
message_size_limit = 10240000
relayhost = [127.0.0.1]:$sink_port
alias_maps =
alias_database =
# postlogd writes maillog_file; its default 10 s watchdog kills it on a disk stall (seen on this VM), after which
# every Postfix process, the master included, blocks sending to the dead log socket. Not a throughput setting.
postlogd_watchdog_timeout = 600s
$1
CF
  } > "$pf/etc/main.cf"
}
postfix_conf ""
postfix -c "$pf/etc" set-permissions > "$work/set-permissions.log" 2>&1 || { cat "$work/set-permissions.log" >&2; fail "postfix set-permissions"; }
postfix -c "$pf/etc" check > "$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "postfix check"; }

sekisho_conf() { # EXTRA LINES
  cat > "$sk/sekisho.conf" <<CONF
myhostname = bench.example
mydestination = localhost
mynetworks = 127.0.0.0/8
message_size_limit = 10240000
data_directory = $sk/data
smtp_listen = 127.0.0.1:$sk_port
submission_listen =
pop3_listen =
relayhost = [127.0.0.1]:$sink_port
smtp_tls_security_level = none
alias_maps =
alias_database =
$1
CONF
}
sekisho_conf ""
echo 'bench password' | "$sekisho" user add bench --password-stdin --config "$sk/sekisho.conf" > "$work/useradd.log" 2>&1 \
  || { cat "$work/useradd.log" >&2; fail "sekisho user add"; }

# Case settings, identical in meaning on both sides.
case_postfix() {
  case $1 in
    accept) echo "defer_transports = smtp" ;;
    e2e) echo "" ;;
    local) printf '%s\n' "local_transport = virtual" "local_recipient_maps = \$virtual_mailbox_maps" \
             "virtual_mailbox_base = $pf/mail" "virtual_mailbox_maps = texthash:$pf/etc/vmailbox" \
             "virtual_uid_maps = static:65534" "virtual_gid_maps = static:65534" ;;
  esac
}
case_sekisho() { case $1 in accept) echo "defer_transports = smtp" ;; *) echo "" ;; esac; }
rcpt_of() { case $1 in local) echo bench@localhost ;; *) echo rcpt@remote.example ;; esac; }

start_servers() { # CASE [EXTRA main.cf LINES FOR BOTH]
  postfix_conf "$(case_postfix "$1")"$'\n'"${2:-}"
  postfix -c "$pf/etc" start > "$work/postfix-start.log" 2>&1 || { cat "$work/postfix-start.log" >&2; fail "postfix start"; }
  pf_started=1
  wait_port "$pf_port" Postfix
  for _ in $(seq 100); do [ -n "$(pf_master)" ] && break; sleep 0.1; done
  pf_pid=$(pf_master); [ -n "$pf_pid" ] || fail "no $pf/spool/pid/master.pid"
  sekisho_conf "$(case_sekisho "$1")"$'\n'"${2:-}"
  "$sekisho" serve --config "$sk/sekisho.conf" >> "$sk/serve.log" 2>&1 & sk_pid=$!
  wait_port "$sk_port" "sekisho serve" "$sk_pid"
  rm -f "$work/pf-peak.json"
  python3 "$work/probe.py" sample "$pf_pid" "$work/pf-peak.json" & sampler_pid=$!   # not through a function: $! must be python
}
stop_servers() {
  stop_sampler
  sk_hwm=$(probe hwm "$sk_pid")
  stop_sekisho
  stop_postfix
  rm -rf "$sk/data/queue"
  find "$pf/mail/bench" "$sk/data/mail/bench" -type f -delete 2>/dev/null || true
}

# Queue folders: waiting = not yet handled; held = deferred (accept case); Maildir files (local case).
pf_waiting() { count "$pf/spool/maildrop" "$pf/spool/incoming" "$pf/spool/active"; }
pf_held() { count "$pf/spool/deferred" "$pf/spool/hold"; }
sk_waiting() { count "$sk/data/queue/incoming" "$sk/data/queue/active"; }
sk_held() { count "$sk/data/queue/deferred" "$sk/data/queue/hold"; }
waiting_of() { case $1 in postfix) pf_waiting ;; sekisho) sk_waiting ;; esac; }
held_of() { case $1 in postfix) pf_held ;; sekisho) sk_held ;; esac; }
maildir_count() { case $1 in postfix) count "$pf/mail/bench/new" ;; sekisho) count "$sk/data/mail/bench/new" ;; esac; }
sent_count() { case $1 in postfix) grep -c 'status=sent' "$pf/maillog" 2>/dev/null || true ;; sekisho) grep -c 'status=sent' "$sk/serve.log" 2>/dev/null || true ;; esac; }

# Waits until SERVER has handled every message: accept → MESSAGES held (deferred), others → queue empty.
settle() { # SERVER CASE MESSAGES
  local deadline=$((SECONDS + CAP)) ok=0 waiting held
  while :; do
    waiting=$(waiting_of "$1") && held=$(held_of "$1")
    if [ "$waiting" -eq 0 ]; then
      case $2 in
        accept) [ "$held" -ge "$3" ] && ok=$((ok + 1)) || { [ $ok -ge 1 ] && fail "$1: only $held of $3 messages were queued"; ok=1; } ;;
        *) [ "$held" -eq 0 ] && ok=$((ok + 1)) || fail "$1: $held messages deferred or held instead of delivered ($2)" ;;
      esac
      [ $ok -ge 2 ] && return 0    # two scans in a row: a file moving between folders cannot fool one scan
    else
      ok=0
    fi
    [ $SECONDS -lt $deadline ] || fail "$1: $waiting messages still waiting in its queue after $CAP s ($2)"
    sleep 0.05
  done
}
empty_queue() { # SERVER
  case $1 in
    postfix) timeout $CAP postsuper -c "$pf/etc" -d ALL > "$work/postsuper.log" 2>&1 || { cat "$work/postsuper.log" >&2; fail "postsuper -d ALL"; } ;;
    sekisho)
      # The control request gives up after 30 s while the server goes on deleting (20,000 messages take longer):
      # a failed request is fine when the queue then empties; it is repeated while the queue keeps shrinking.
      local attempt left last
      for attempt in 1 2 3 4 5; do
        "$sekisho" queue delete ALL --config "$sk/sekisho.conf" > "$work/qdelete.log" 2>&1 && break
        left=$(( $(sk_waiting) + $(sk_held) )); [ "$left" -eq 0 ] && break
        [ -z "${last:-}" ] || [ "$left" -lt "$last" ] || { cat "$work/qdelete.log" >&2; fail "sekisho queue delete ALL: $left messages left"; }
        log "  (sekisho queue delete ALL: $(tr -d '\n' < "$work/qdelete.log"); $left messages left, again)"
        last=$left
      done ;;
  esac
  local deadline=$((SECONDS + CAP))
  until [ "$(waiting_of "$1")" -eq 0 ] && [ "$(held_of "$1")" -eq 0 ]; do
    [ $SECONDS -lt $deadline ] || fail "$1: the queue did not empty after a delete ALL"
    sleep 0.1
  done
}

results=$work/runs.tsv; : > "$results"
# One measured run: SERVER CASE LABEL SESSIONS SIZE MESSAGES RUN
run_one() {
  local server=$1 case=$2 label=$3 s=$4 l=$5 m=$6 run=$7 target pid cpu0 cpu1 t0 t1 t2 secs before after
  case $server in sink) target=$sink_port ;; postfix) target=$pf_port; pid=$pf_pid ;; sekisho) target=$sk_port; pid=$sk_pid ;; esac
  [ "$case" = e2e ] && [ "$server" != sink ] && before=$(sent_count "$server")
  [ "$server" = sink ] || cpu0=$(probe cpu "$pid")
  t0=$(now)
  timeout $CAP smtp-source -s "$s" -m "$m" -l "$l" -f sender@client.example -t "$(rcpt_of "$case")" 127.0.0.1:$target \
    > "$work/source.log" 2>&1 || fail "smtp-source against $server exited $? ($case, $label, run $run)"
  t1=$(now)
  grep -qiE 'fatal|warning' "$work/source.log" && fail "smtp-source reported errors against $server ($case, $label)"
  if [ "$server" = sink ]; then
    printf '%s\t%s\tsink\t%s\t%s\t%s\t-\n' "$case" "$label" "$run" "$m" "$(python3 -c "print(f'{$t1-$t0:.3f}')")" >> "$results"
    return 0
  fi
  settle "$server" "$case" "$m"
  t2=$(now)
  cpu1=$(probe cpu "$pid")
  case $case in
    accept) secs=$(python3 -c "print(f'{$t1-$t0:.3f}')") ;;
    *) secs=$(python3 -c "print(f'{$t2-$t0:.3f}')") ;;
  esac
  case $case in
    local) local n; n=$(maildir_count "$server"); [ "$n" -eq "$m" ] || fail "$server: $n of $m messages in the Maildir"
           find "$([ "$server" = postfix ] && echo "$pf/mail/bench" || echo "$sk/data/mail/bench")" -type f -delete ;;
    e2e) local deadline=$((SECONDS + 30))   # the logs are written asynchronously (Postfix: postlogd)
         until after=$(sent_count "$server"); [ $((after - before)) -ge "$m" ]; do
           [ $SECONDS -lt $deadline ] || fail "$server: only $((after - before)) of $m 'status=sent' lines in its log"
           sleep 0.2
         done ;;
    accept) empty_queue "$server" ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$label" "$server" "$run" "$m" "$secs" \
    "$(python3 -c "print(f'{$cpu1-$cpu0:.2f}')")" >> "$results"
  sleep 1   # let background work (logging, GC, queue scans) finish before the next run
}

# Rows: CASE|LABEL|SESSIONS|SIZE|MESSAGES
rows=()
for c in $CASES; do
  rows+=("$c|-s 20 -l 1024|20|1024|$MESSAGES")
  if [ "$c" = accept ] || [ "$ALL_LOADS" = 1 ]; then
    rows+=("$c|-s 1 -l 1024|1|1024|$(( (MESSAGES + 9) / 10 ))" "$c|-s 100 -l 1024|100|1024|$MESSAGES" "$c|-s 20 -l 10240|20|10240|$MESSAGES")
  fi
done
peaks=$work/peaks.tsv; : > "$peaks"
started=$(date -u '+%Y-%m-%d %H:%M UTC'); t_start=$SECONDS
log "compare: smtp-sink :$sink_port, Postfix :$pf_port, Sekisho :$sk_port; ${#rows[@]} rows x $RUNS runs; $work"
for row in "${rows[@]}"; do
  IFS='|' read -r case label s l m <<< "$row"
  row_start=$SECONDS
  # Both refuse nothing below default_process_limit (100) sessions, but Sekisho answers 421 at the limit where
  # Postfix's master leaves the connection in the listen backlog: with -s 100 a new connection can arrive before the
  # server has closed the previous one. Rows with many sessions raise the limit on both alike.
  extra=""; [ "$s" -ge 50 ] && extra="default_process_limit = $((2 * s))"
  start_servers "$case" "$extra"
  if [ "$WARMUP" -gt 0 ]; then   # unmeasured: JIT (Sekisho), process pools and caches (both) warm up
    w=$(( WARMUP < m ? WARMUP : m ))
    for server in postfix sekisho; do run_one "$server" "$case" "$label" "$s" "$l" "$w" warmup; done
  fi
  for run in $(seq "$RUNS"); do
    run_one sink "$case" "$label" "$s" "$l" "$m" "$run"
    if [ $((run % 2)) = 1 ]; then order="postfix sekisho"; else order="sekisho postfix"; fi
    for server in $order; do
      run_one "$server" "$case" "$label" "$s" "$l" "$m" "$run"
      log "  $case $label run $run/$RUNS $server: $(tail -n 1 "$results" | awk -F'\t' '{ printf "%.0f msgs/s, %s s, CPU %s s", $5/$6, $6, $7 }')"
    done
  done
  stop_servers
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$label" "$sk_hwm" "$(cat "$work/pf-peak.json" 2>/dev/null || echo '{}')" "$((SECONDS - row_start))" >> "$peaks"
done
total=$((SECONDS - t_start))

# --- the report --------------------------------------------------------------------------------------------------------
date_tag=$(date -u +%Y-%m-%d)
suffix=""; [ "$QUICK" = 1 ] && suffix=-quick
[ -n "$OUT" ] || OUT=$repo/bench/results/compare-$date_tag$suffix.txt
mkdir -p "$(dirname "$OUT")"
python3 - "$results" "$peaks" > "$work/report.txt" <<PY
import json, statistics, sys
runs = [r for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()) if r[3] != "warmup"]
peaks = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip()]
order = []
for r in runs:
    if (r[0], r[1]) not in order: order.append((r[0], r[1]))
def rates(case, label, server):
    return [int(r[4]) / float(r[5]) for r in runs if r[0] == case and r[1] == label and r[2] == server]
def cpu(case, label, server):
    v = [float(r[6]) / int(r[4]) * 1000 for r in runs if r[0] == case and r[1] == label and r[2] == server]
    return statistics.median(v) if v else float("nan")
msgs = {(r[0], r[1]): r[4] for r in runs}
names = {"accept": "accept (queued, held)", "e2e": "end to end (to sink)", "local": "local (Maildir)"}
print("Sekisho vs Postfix $(postconf -d -h mail_version) on loopback, started $started; $(nproc) cores, $(uname -r)")
print("Sekisho: $built")
print("smtp-source, one connection per message, 1 recipient, $RUNS runs per server alternating (sink, then Postfix/Sekisho")
print("in turn) after an unmeasured warm-up of $WARMUP messages each; median msgs/s (min-max). accept = smtp-source")
print("wall time; e2e/local = from the first connection until the queue is empty.")
print()
print(f"{'case':22} {'load':16} {'msgs':>6} {'smtp-sink':>10} {'Postfix':>20} {'Sekisho':>20} {'Sek/Pfx':>8}")
def fmt(v):
    return f"{statistics.median(v):.0f} ({min(v):.0f}-{max(v):.0f})" if v else "-"
for case, label in order:
    s, p, k = rates(case, label, "sink"), rates(case, label, "postfix"), rates(case, label, "sekisho")
    ratio = f"{statistics.median(k) / statistics.median(p):.2f}" if p and k else "-"
    print(f"{names[case]:22} {label:16} {msgs[(case, label)]:>6} {statistics.median(s) if s else 0:>10.0f} {fmt(p):>20} {fmt(k):>20} {ratio:>8}")
print()
print("Resources: CPU seconds per 1,000 messages (median run; Postfix = every process of the instance: the master's")
print("process tree, exited children counted through the master's cutime/cstime; Sekisho = its one process), and peak")
print("memory over the row (Sekisho: VmHWM; Postfix: peak of the summed VmRSS and PSS of all instance processes, sampled")
print("every 0.5 s, and the largest single process VmHWM).")
print()
print(f"{'case':22} {'load':16} {'CPU s/1k Pfx':>12} {'Sek':>6} {'Sek/Pfx':>8}  {'Sekisho RSS':>11}  {'Postfix RSS sum (PSS) / largest':>34}  {'procs':>5}  row s")
for p in peaks:
    case, label, skhwm, secs = p[0], p[1], int(p[2]), p[4]
    pj = {"rss_sum": 0, "pss_sum": 0, "hwm_max": 0, "hwm_name": "?", "procs": 0, **json.loads(p[3])}
    cp, ck = cpu(case, label, "postfix"), cpu(case, label, "sekisho")
    mb = lambda kb: f"{kb / 1024:.0f} MB"
    pfmem = f"{mb(pj['rss_sum'])} ({mb(pj['pss_sum'])}) / {mb(pj['hwm_max'])} {pj['hwm_name']}"
    print(f"{names[case]:22} {label:16} {cp:>12.2f} {ck:>6.2f} {ck / cp:>8.2f}  {mb(skhwm):>11}  {pfmem:>34}  {pj['procs']:>5}  {secs}")
print()
print("Each run in order (msgs/s; CPU s per 1,000 messages):")
for case, label in order:
    line = []
    for server in ("postfix", "sekisho"):
        rs = [r for r in runs if r[0] == case and r[1] == label and r[2] == server]
        line.append(server + " " + ", ".join(f"{int(r[4]) / float(r[5]):.0f} ({float(r[6]) / int(r[4]) * 1000:.2f})" for r in rs))
    print(f"  {names[case]:22} {label:16} " + "; ".join(line))
print()
print("Notes: both servers, smtp-source, smtp-sink and the /proc sampler share the same cores, so figures are noisy;")
print("compare ratios within one run. Postfix keeps its stock defaults otherwise (in_flow_delay 1s, smtp connection")
print("cache on demand); its local case is virtual(8) as local_transport (one Maildir file per message, uid 65534).")
print("Rows with -s 100 run both servers with default_process_limit = 200: at 100 Sekisho answers 421 (too many")
print("connections) when a new session arrives before the previous one is closed; Postfix leaves it in the backlog.")
print("Postfix logs to maillog_file through postlogd with postlogd_watchdog_timeout = 600s (at the default 10 s a disk")
print("stall killed postlogd and the whole instance then blocked on its log socket); Sekisho logs to a file.")
PY
echo "total wall time: $((total / 60)) min $((total % 60)) s (${RUNS} runs, $MESSAGES messages in the main load)" >> "$work/report.txt"
cp "$work/report.txt" "$OUT"
cat "$work/report.txt"
log "compare: written to ${OUT#$repo/}"
