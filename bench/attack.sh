#!/usr/bin/env bash
# Attacks and a legitimate client (issue 8): how much does each attack slow down a well-behaved client?
#
# Builds Sekisho (Release, bench/lib/build-sekisho.sh) and runs `sekisho serve` on 127.0.0.1 with the shipped limits
# (smtpd_client_connection_count_limit 50, message_size_limit 10240000, smtpd_recipient_limit 1000...) except
# smtpd_timeout = smtpd_starttls_timeout = TIMEOUT (10s) so deadlines fire within a run; mynetworks 127.0.0.1/32;
# AUTH offered without TLS (so the giant-AUTH attack reaches the SASL code); an account alice.
# For each ATTACK (bench/attack/attackers.py, asyncio, from 127.0.0.2 or 127.0.1.x):
#   baseline   nothing
#   connflood  one address, 50 loops connecting and quitting as fast as they can
#   slowloris  2,000 sessions from 40 addresses (50 each), one byte every 5 s, reconnecting when cut off
#   unread     50 sessions pipelining NOOPs and never reading a reply
#   tlsstall   1,000 sessions saying STARTTLS and never starting the handshake
#   endless    8 sessions streaming DATA without end
#   rcptflood  8 sessions pipelining 2,020 RCPTs
#   bigauth    8 sessions sending a 1 MB AUTH line
#   hugebdat   8 sessions declaring BDAT 999999999999
# the attack runs for SECONDS; after WARM seconds the legitimate client (bench/attack/legit.py, smtplib from
# 127.0.0.3, its own process) sends LEGIT messages one after the other to alice@localhost and its latencies are
# taken (p50/p95/max, failures). Also: the server's RSS at the end of the attack and its CPU seconds during it.
# Prints a table and writes bench/results/attack-YYYY-MM-DD.txt (OUT=FILE to change).
#
# Usage: bench/attack.sh [ATTACK...]     Environment: SECONDS_PER (30), WARM (3), LEGIT (100), TIMEOUT (10s),
# NOFILE (65536), KEEP=1, OUT=FILE, SEKISHO=PATH, SEKISHO_REV=REV. Needs root (ulimit -n). About 6 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SECONDS_PER=${SECONDS_PER:-30}; WARM=${WARM:-3}; LEGIT=${LEGIT:-100}; TIMEOUT=${TIMEOUT:-10s}; NOFILE=${NOFILE:-65536}
KEEP=${KEEP:-0}; OUT=${OUT:-}; SEKISHO=${SEKISHO:-}; SEKISHO_REV=${SEKISHO_REV:-}
attacks=("$@"); [ ${#attacks[@]} -gt 0 ] || attacks=(baseline connflood slowloris unread tlsstall endless rcptflood bigauth hugebdat)
case ${1:-} in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
command -v python3 >/dev/null || { echo "attack: python3 missing" >&2; exit 69; }
ulimit -n "$NOFILE" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"

work=$(mktemp -d /tmp/sekisho-attack-XXXXXX)
sk=$work/sekisho; sk_pid=""
log() { echo "$*" >&2; }
fail() { log "attack: FAILED: $*"; [ -s "$sk/serve.log" ] && tail -n 8 "$sk/serve.log" >&2; exit 1; }
stop_sekisho() {
  [ -n "$sk_pid" ] || return 0
  kill -TERM "$sk_pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$sk_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$sk_pid" 2>/dev/null || true; wait "$sk_pid" 2>/dev/null || true; sk_pid=""
}
cleanup() { local s=$?; trap - EXIT; stop_sekisho; [ "$KEEP" = 1 ] && log "attack: kept $work" || rm -rf "$work"; exit $s; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }   # user+system seconds (CLK_TCK 100)
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

. "$repo/bench/lib/build-sekisho.sh"
build_sekisho attack

sk_port=$(port)
start_sekisho() {
  rm -rf "$sk"; mkdir -p "$sk/data"
  cat > "$sk/sekisho.conf" <<CONF
myhostname = attack.example
mydestination = localhost
mynetworks = 127.0.0.1/32
data_directory = $sk/data
smtp_listen = 127.0.0.1:$sk_port
submission_listen =
pop3_listen =
alias_maps =
alias_database =
smtpd_timeout = $TIMEOUT
smtpd_starttls_timeout = $TIMEOUT
smtpd_tls_auth_only = no
default_process_limit = 5000
CONF
  echo 'a good password' | "$sekisho" user add alice --password-stdin --config "$sk/sekisho.conf" > /dev/null
  "$sekisho" serve --config "$sk/sekisho.conf" > "$sk/serve.log" 2>&1 & sk_pid=$!
  local deadline=$((SECONDS + 60))
  until (exec 3<>/dev/tcp/127.0.0.1/$sk_port) 2>/dev/null; do
    kill -0 "$sk_pid" 2>/dev/null || fail "sekisho exited before listening"
    [ $SECONDS -lt $deadline ] || fail "sekisho never listened"; sleep 0.05
  done
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
rows=$work/rows.tsv; : > "$rows"
for attack in "${attacks[@]}"; do
  start_sekisho
  log "attack: $attack ($SECONDS_PER s)"
  cpu0=$(cpu "$sk_pid")
  python3 "$repo/bench/attack/attackers.py" "$sk_port" "$attack" "$SECONDS_PER" > "$work/$attack.attack.json" 2> "$work/$attack.attack.err" & a_pid=$!
  sleep "$WARM"
  python3 "$repo/bench/attack/legit.py" "$sk_port" "$LEGIT" 127.0.0.3 > "$work/$attack.legit.json"
  rss=$(kb "$sk_pid" VmRSS); hwm=$(kb "$sk_pid" VmHWM)
  wait "$a_pid" || log "  (attackers exited $?: $(tail -n 2 "$work/$attack.attack.err"))"
  cpu1=$(cpu "$sk_pid")
  kill -0 "$sk_pid" 2>/dev/null || fail "sekisho died during $attack"
  python3 - "$attack" "$work/$attack.legit.json" "$work/$attack.attack.json" "$rss" "$hwm" "$cpu0" "$cpu1" >> "$rows" <<'PY'
import json, statistics, sys
attack, legit, attackers, rss, hwm, cpu0, cpu1 = sys.argv[1:]
l = json.load(open(legit))
try:
    a = json.load(open(attackers))
except Exception:
    a = {}
lat = sorted(l["latencies"])
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
top = max(a.get("final_replies", {}).items(), key=lambda kv: kv[1], default=("", 0))
print("\t".join([attack, str(len(lat)), str(len(l["errors"])), f"{pct(0.5):.1f}", f"{pct(0.95):.1f}", f"{(lat[-1] if lat else float('nan')):.1f}",
                 str(int(rss) // 1024), str(int(hwm) // 1024), f"{float(cpu1) - float(cpu0):.1f}",
                 str(a.get("connections", "?")), str(a.get("refused_421", "?")), str(a.get("bytes_sent", "?")),
                 str(a.get("cut_off", "?")), str(a.get("errors", "?")), f"{top[0]} (x{top[1]})" if top[1] else "",
                 (l["errors"][0] if l["errors"] else "")]))
PY
  stop_sekisho
done

{
  echo "# bench/attack.sh, $started; Sekisho $built; $(nproc) cores; ${SECONDS_PER}s per attack, legitimate client: $LEGIT messages after ${WARM}s"
  echo "# smtpd_timeout = smtpd_starttls_timeout = $TIMEOUT; other limits at their defaults"
  printf '%-10s %6s %5s %8s %8s %8s %7s %7s %6s %8s %7s %12s %7s %7s  %s\n' attack legit_ok fail p50_ms p95_ms max_ms rss_MB hwm_MB cpu_s \
    a_conns a_421 a_bytes a_cut a_err "most frequent last reply to the attacker"
  while IFS=$'\t' read -r at ok fl p50 p95 mx rss hwm c conns r421 bytes cut err top lerr; do
    printf '%-10s %6s %5s %8s %8s %8s %7s %7s %6s %8s %7s %12s %7s %7s  %s\n' "$at" "$ok" "$fl" "$p50" "$p95" "$mx" "$rss" "$hwm" "$c" "$conns" "$r421" "$bytes" "$cut" "$err" "$top"
    [ -n "$lerr" ] && echo "           first legitimate failure: $lerr"
  done < "$rows"
} | tee "${OUT:-$repo/bench/results/attack-$(date -u +%F).txt}"
