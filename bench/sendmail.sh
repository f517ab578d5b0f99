#!/usr/bin/env bash
# Local submission: Sekisho's sendmail command against Postfix's, side by side, in one run (issue 9).
#
# What a cron job or a PHP page waits for: one `sendmail -oi RECIPIENT < message` from process start to exit 0, the
# message durably in the maildrop folder. Neither server runs (the files only pile up in each maildrop folder), so
# both measure the command alone: Postfix's sendmail + postdrop (a private instance: its own main.cf and queue under
# a temp folder, `sendmail -C DIR`) and Sekisho's `sekisho sendmail -C sekisho.conf` (a Release build, or SEKISHO=).
# Each command runs MESSAGES times in turn (alternating) as root; Sekisho's also as nobody (setpriv: the sticky
# folder, and syncfs in place of the folder fsync), which a private Postfix cannot do (its sendmail takes -C only
# from root or from alternate_config_directories). Prints and writes bench/results/sendmail-YYYY-MM-DD.txt: median
# and p90 milliseconds per submission and Sekisho/Postfix.
#
# Usage: bench/sendmail.sh [--messages N]    Environment: MESSAGES (200), SEKISHO=PATH (no build), OUT=FILE, KEEP=1.
# Needs root (Postfix set-permissions). About a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PATH=$PATH:/usr/sbin

MESSAGES=${MESSAGES:-200}; SEKISHO=${SEKISHO:-}; OUT=${OUT:-}; KEEP=${KEEP:-0}; SEKISHO_REV=${SEKISHO_REV:-}
while [ $# -gt 0 ]; do
  case $1 in
    --messages) MESSAGES=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "sendmail.sh: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "sendmail.sh: run as root (a private Postfix instance needs set-permissions)" >&2; exit 77; }
if [ ! -x /usr/sbin/postfix ] || [ ! -x /usr/sbin/postdrop ]; then
  echo "sendmail.sh: installing postfix" >&2
  apt-get update -qq
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi

work=$(mktemp -d /tmp/sekisho-sendmail-XXXXXX)
chmod 0755 "$work"
log() { echo "$*" >&2; }
fail() { log "sendmail.sh: FAILED: $*"; exit 1; }
cleanup() { [ "$KEEP" = 1 ] && log "sendmail.sh: kept $work" || rm -rf "$work"; }
trap cleanup EXIT
# shellcheck source=bench/lib/build-sekisho.sh
. "$repo/bench/lib/build-sekisho.sh"
# shellcheck source=bench/lib/postfix-instance.sh
. "$repo/bench/lib/postfix-instance.sh"
build_sekisho "sendmail.sh"

# --- Postfix: a private instance that is never started ------------------------------------------------------------
pf=$work/postfix
mkdir -p "$pf/etc" "$pf/spool" "$pf/data"
chown postfix "$pf/data"
cp /etc/postfix/master.cf "$pf/etc/master.cf"
{ private_postfix_conf "$pf"; cat <<CF
myhostname = bench.example
myorigin = bench.example
mydestination = localhost
alias_maps =
alias_database =
CF
} > "$pf/etc/main.cf"
postfix -c "$pf/etc" set-permissions > "$work/set-permissions.log" 2>&1 || { cat "$work/set-permissions.log" >&2; fail "postfix set-permissions"; }

# --- Sekisho: its maildrop folder made as the server makes it (by a first submission as root) ----------------------
sk=$work/sekisho
mkdir -p "$sk"
cat > "$sk/sekisho.conf" <<CONF
myhostname = bench.example
myorigin = bench.example
mydestination = localhost
data_directory = $sk/data
CONF
chmod 0644 "$sk/sekisho.conf"
printf 'Subject: sendmail benchmark\nFrom: bench@bench.example\n\n%s\n' "$(head -c 700 /dev/zero | tr '\0' 'x')" > "$work/message"
"$sekisho" sendmail -C "$sk/sekisho.conf" -oi bench@localhost < "$work/message" || fail "the first Sekisho submission"
/usr/sbin/sendmail -C "$pf/etc" -oi bench@localhost < "$work/message" || fail "the first Postfix submission"

# --- the runs -------------------------------------------------------------------------------------------------------
python3 - "$MESSAGES" "$sekisho" "$sk/sekisho.conf" "$pf/etc" "$work/message" "$built" "$OUT" "$repo" <<'PY'
import datetime, os, statistics, subprocess, sys, time
messages, sekisho, conf, pf, message, built, out, repo = sys.argv[1:]
messages = int(messages)
body = open(message, "rb").read()
commands = {
    "sekisho": [sekisho, "sendmail", "-C", conf, "-oi", "bench@localhost"],
    "postfix": ["/usr/sbin/sendmail", "-C", pf, "-oi", "bench@localhost"],
}
users = [("root", [])]
if os.path.exists("/usr/bin/setpriv"):
    users.append(("nobody", ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]))
runs = [(server, user, prefix) for user, prefix in users for server in commands if user == "root" or server == "sekisho"]
times = {(server, user): [] for server, user, _ in runs}
for _ in range(messages):
    for server, user, prefix in runs:
        start = time.perf_counter()
        done = subprocess.run(prefix + commands[server], input=body, capture_output=True, cwd="/tmp")
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{server} as {user}: exit {done.returncode}: {done.stderr.decode(errors='replace')}")
        times[(server, user)].append(elapsed * 1000)
def p90(values):
    return statistics.quantiles(values, n=10)[-1]
lines = [
    f"sendmail: Sekisho ({built}) vs Postfix {subprocess.run(['postconf', '-d', '-h', 'mail_version'], capture_output=True, text=True).stdout.strip()}, "
    f"{datetime.datetime.now().isoformat(timespec='seconds')}; {os.cpu_count()} cores; {messages} submissions each of a {len(body)}-byte message",
    "",
    f"{'user':8} {'Sekisho ms (median / p90)':>27} {'Postfix ms (median / p90)':>27} {'Sekisho/Postfix':>16}",
]
for user, _ in users:
    s, p = times[("sekisho", user)], times.get(("postfix", user))
    postfix = f"{statistics.median(p):>16.1f} / {p90(p):>8.1f} {statistics.median(s) / statistics.median(p):>15.1f}x" if p else f"{'-':>27} {'-':>16}"
    lines.append(f"{user:8} {statistics.median(s):>14.1f} / {p90(s):>8.1f} {postfix}")
text = "\n".join(lines) + "\n"
print(text, end="")
out = out or os.path.join(repo, "bench", "results", f"sendmail-{datetime.date.today().isoformat()}.txt")
with open(out, "w") as f:
    f.write(text)
print(f"written to {out}", file=sys.stderr)
PY
