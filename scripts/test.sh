#!/usr/bin/env bash
# Runs Sekisho's whole test suite on a fresh machine: installs the real peers the tests use
# (swaks, Dovecot's POP3 server, the mpop POP3 client, Postfix, Redis, PostgreSQL, systemd-analyze; python3 is expected from the base image), builds once, runs every test project,
# then a short AFL++ run of every fuzz target (fuzz/run.sh, which installs AFL++ and SharpFuzz itself).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-pop3d)
command -v mpop >/dev/null 2>&1 || need+=(mpop)
[ -x /usr/sbin/postfix ] || need+=(postfix)
# PostgreSQL: the account-store tests start a private server from /usr/lib/postgresql/<version>/bin.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# systemd-analyze checks contrib/sekisho.service (verify, and its hardening with security --offline).
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # Postfix runs only as private per-test instances: keep its installer from configuring a system mail server.
  if [[ " ${need[*]} " == *" postfix "* ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Sekisho.slnx -c Debug -nologo -v q -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test Sekisho.slnx -c Debug --no-build -nologo 2>&1 | tee "$log" || status=$?

# Fuzz smoke: every fuzz target under AFL++ for a few seconds (fuzz/run.sh installs AFL++ and SharpFuzz, instruments
# the Debug build just made); each target counts as one test, failed when AFL found a crash or a hang.
fuzz_log=$(mktemp)
FUZZ_CONFIGURATION=Debug FUZZ_SKIP_BUILD=1 FUZZ_FINDINGS="$PWD/fuzz/findings/smoke" fuzz/run.sh all "${FUZZ_SMOKE_SECONDS:-2}" 2>&1 | tee "$fuzz_log" || status=1
fuzz_counts=$(sed -n 's/^run.sh: [0-9]* targets: \([0-9]*\) clean, \([0-9]*\) with crashes or hangs$/\1 \2/p' "$fuzz_log")
read -r fuzz_passed fuzz_failed <<< "${fuzz_counts:-0 1}"
rm -f "$fuzz_log"

# One closing line that counts across all test assemblies and the fuzz smoke.
awk -v fp="$fuzz_passed" -v ff="$fuzz_failed" '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
    found = 1
  }
  END { if (found) printf "%d passed, %d failed, %d skipped\n", p + fp, f + ff, s; else printf "%d passed, %d failed\n", fp, ff + 1 }
' "$log"
rm -f "$log"
exit $status
