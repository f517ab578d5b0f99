#!/usr/bin/env bash
# Micro-benchmarks (BenchmarkDotNet, bench/Sekisho.Bench.Micro): SMTP command and path parsing, RCPT decisions on
# 100,000-entry cidr: and hash: tables, DATA reading, SASL; plus the RCPT p99 latency loop. Builds in Release, runs,
# and writes a dated summary to bench/results/ (the markdown tables BenchmarkDotNet prints, then the p99 tables).
#   bench/micro.sh             everything: each benchmark with a short job, then p99 (about 10 minutes on 2 cores)
#                              -> bench/results/micro-DATE.txt
#   bench/micro.sh p99 [N]     the p99 loop alone, N timed decisions per loop (default 1,000,000), under a minute
#                              -> bench/results/micro-DATE-p99.txt
#   bench/micro.sh ARGS...     BenchmarkDotNet alone: words are --filter patterns ('*Sasl*' '*DataReader*'); when an
#                              argument starts with '-', all are passed as they are (--filter X --job medium ...;
#                              a --job runs in addition to the built-in short job)
#                              -> bench/results/micro-DATE-filtered.txt
# MICRO_NOTE="..." adds a line to the summary (e.g. what else ran on the machine). BenchmarkDotNet's artifacts go to a
# temporary folder that is removed at the end. Exits non-zero when the build or a benchmark fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=bench/Sekisho.Bench.Micro/Sekisho.Bench.Micro.csproj
program=bench/Sekisho.Bench.Micro/bin/Release/net10.0/Sekisho.Bench.Micro.dll

mode=bdn
if [ $# -eq 0 ]; then
  mode=full
elif [ "$1" = p99 ]; then
  mode=p99
fi
bdn_args=(--filter '*')
if [ "$mode" = bdn ]; then
  bdn_args=(--filter "$@")
  for arg in "$@"; do
    if [[ "$arg" == -* ]]; then bdn_args=("$@"); break; fi
  done
fi
case "$mode" in
  full) out="bench/results/micro-$(date +%F).txt" ;;
  p99) out="bench/results/micro-$(date +%F)-p99.txt" ;;
  *) out="bench/results/micro-$(date +%F)-filtered.txt" ;;
esac

dotnet build "$project" -c Release -nologo -v q -clp:NoSummary
work=$(mktemp -d "${TMPDIR:-/tmp}/sekisho-bench-micro.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p bench/results

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain 2>/dev/null)" ] || commit="$commit + uncommitted changes"
{
  echo "Sekisho micro-benchmarks ($mode), $(date '+%F %H:%M %Z'), commit $commit"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; above the core count means other work competed for the CPU)"
  [ -z "${MICRO_NOTE:-}" ] || echo "note: $MICRO_NOTE"
  echo
} > "$work/summary"

status=0
if [ "$mode" != p99 ]; then
  dotnet "$program" "${bdn_args[@]}" --artifacts "$work/bdn" 2>&1 | tee "$work/bdn.log" || status=$?
  for class in CommandLineBenchmarks PathParsingBenchmarks RcptDecisionBenchmarks DataReaderBenchmarks SaslBenchmarks; do
    report="$work/bdn/results/Sekisho.Bench.Micro.$class-report-console.md"
    if [ -f "$report" ]; then
      echo "## $class"
      echo
      cat "$report"
      echo
    fi
  done >> "$work/summary"
  cat >> "$work/summary" <<'LEGEND'
Legend: Mean = arithmetic mean per operation; Error = half of the 99.9 % confidence interval; Gen0 = gen-0 collections
per 1,000 operations; Allocated = managed bytes allocated per operation; MB/s = Size (bytes as sent, dot-stuffed,
with the final .CRLF) over Mean, in 10^6 bytes/s. Code and the data behind each case: bench/Sekisho.Bench.Micro/.

LEGEND
fi
if [ "$mode" != bdn ]; then
  echo "## RCPT p99 (bench/micro.sh p99)" >> "$work/summary"
  echo >> "$work/summary"
  p99_status=0
  dotnet "$program" p99 "${@:2}" 2>&1 | tee "$work/p99.log" || p99_status=$?
  cat "$work/p99.log" >> "$work/summary"
  [ "$p99_status" -eq 0 ] || status=$p99_status
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/summary"
cp "$work/summary" "$out"
echo
echo "micro.sh: summary written to $out"
exit "$status"
