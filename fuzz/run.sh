#!/usr/bin/env bash
# Fuzzes Sekisho's parsers with AFL++ and SharpFuzz.
#   fuzz/run.sh TARGET SECONDS     one target (fuzz/run.sh --list shows them)
#   fuzz/run.sh all SECONDS        every target in turn, SECONDS each
# Installs what it needs when missing (afl++ from Debian, the SharpFuzz.CommandLine dotnet tool into fuzz/.tools),
# builds the harness (Release; FUZZ_CONFIGURATION=Debug for the Debug build, FUZZ_SKIP_BUILD=1 to use the build
# that is there), instruments the Sekisho assemblies of a copy of it under fuzz/out/, replays each target's seed
# corpus and regressions in-process, then runs afl-fuzz under nice for SECONDS. Findings go to fuzz/findings/TARGET/
# (git-ignored; FUZZ_FINDINGS=DIR for another folder); one line per target is appended to runs.tsv there. Exits 1 when
# any target crashed or hung, after printing the inputs that did it and what they threw.
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$(pwd)

config=${FUZZ_CONFIGURATION:-Release}
timeout_ms=${FUZZ_TIMEOUT_MS:-10000}
sharpfuzz_version=2.3.0
instrumented=(Sekisho.Protocol Sekisho.Config Sekisho.Policy Sekisho.Accounts Sekisho.Queue Sekisho.Server)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ $# -eq 1 ] && [ "$1" = "--list" ]; then
  set -- --list 0
fi
if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh TARGET|all|--list SECONDS" >&2
  exit 2
fi
what=$1 seconds=$2

# --- tools -----------------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "run.sh: installing afl++"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq afl++ >/dev/null
fi
sharpfuzz="$fuzz/.tools/sharpfuzz"
if [ ! -x "$sharpfuzz" ]; then
  echo "run.sh: installing SharpFuzz.CommandLine $sharpfuzz_version into fuzz/.tools"
  dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$fuzz/.tools" >/dev/null
fi

# --- build and instrument --------------------------------------------------------------------------------------------
build="$fuzz/Sekisho.Fuzz/bin/$config/net10.0"
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$build/Sekisho.Fuzz.dll" ]; then
  echo "run.sh: building the harness ($config)"
  dotnet build "$fuzz/Sekisho.Fuzz/Sekisho.Fuzz.csproj" -c "$config" -nologo -v q -clp:ErrorsOnly >/dev/null
fi
out="$fuzz/out/$config"
rm -rf "$out"
mkdir -p "$out"
cp -r "$build/." "$out/"
for assembly in "${instrumented[@]}"; do
  "$sharpfuzz" "$out/$assembly.dll" >/dev/null
done
harness=(dotnet "$out/Sekisho.Fuzz.dll")
# Instrumented code writes to AFL's shared memory, which only exists under afl-fuzz: replays use the plain build.
replay=(dotnet "$build/Sekisho.Fuzz.dll")

if [ "$what" = "--list" ]; then
  "${replay[@]}" --list
  exit 0
fi
if [ "$what" = all ]; then
  mapfile -t targets < <("${replay[@]}" --list)
else
  targets=("$what")
fi

# --- fuzz ------------------------------------------------------------------------------------------------------------
results=${FUZZ_FINDINGS:-$fuzz/findings}
mkdir -p "$results"
summary="$results/runs.tsv"
[ -f "$summary" ] || printf 'date\trev\ttarget\tseconds\texecs\tcorpus\tcrashes\thangs\n' > "$summary"
rev=$(git -C "$fuzz" rev-parse --short HEAD 2>/dev/null || echo unknown)
failed=()

stat_of() { sed -n "s/^$1 *: *//p" "$2" 2>/dev/null | head -n 1; }

for target in "${targets[@]}"; do
  seeds="$fuzz/corpus/$target"
  if [ ! -d "$seeds" ]; then
    echo "run.sh: no seed corpus fuzz/corpus/$target" >&2
    exit 2
  fi
  findings="$results/$target"
  rm -rf "$findings"
  mkdir -p "$findings/input"
  cp "$seeds"/* "$findings/input/"
  if [ -d "$fuzz/regressions/$target" ]; then
    for file in "$fuzz/regressions/$target"/*; do
      [ -f "$file" ] && cp "$file" "$findings/input/regression-$(basename "$file")"
    done
  fi

  # The checked-in inputs first, in-process: a regression shows its stack trace here, and AFL refuses crashing seeds.
  if ! "${replay[@]}" "$target" "$findings"/input/* > "$findings/replay.log" 2>&1; then
    echo "run.sh: $target: a checked-in input crashes:"
    grep -v '^ok ' "$findings/replay.log"
    failed+=("$target")
    printf '%s\t%s\t%s\t0\t0\t0\t1\t0\n' "$(date -u +%F)" "$rev" "$target" >> "$summary"
    continue
  fi

  start=$(date +%s)
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  AFL_FAST_CAL=1 AFL_QUIET=1 \
    nice -n 10 afl-fuzz -V "$seconds" -t "$timeout_ms" -m none -i "$findings/input" -o "$findings" \
      -- "${harness[@]}" "$target" > "$findings/afl.log" 2>&1 || {
        echo "run.sh: $target: afl-fuzz failed:"
        tail -n 30 "$findings/afl.log"
        failed+=("$target")
        continue
      }
  elapsed=$(( $(date +%s) - start ))
  stats="$findings/default/fuzzer_stats"
  execs=$(stat_of execs_done "$stats")
  corpus=$(stat_of corpus_count "$stats")
  crashes=$(stat_of saved_crashes "$stats")
  hangs=$(stat_of saved_hangs "$stats")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$rev" "$target" "$elapsed" "${execs:-0}" "${corpus:-0}" "${crashes:-0}" "${hangs:-0}" >> "$summary"
  echo "run.sh: $target: ${elapsed}s, ${execs:-0} execs, corpus ${corpus:-0}, ${crashes:-0} crashes, ${hangs:-0} hangs"

  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    failed+=("$target")
    for file in "$findings"/default/crashes/id:* "$findings"/default/hangs/id:*; do
      [ -f "$file" ] || continue
      echo "--- $file"
      od -c "$file" | head -n 20
      if timeout 30 "${replay[@]}" "$target" "$file" > "$findings/last-replay.log" 2>&1; then
        echo "(no crash when replayed in-process: a hang, or a timeout under load)"
      else
        grep -v '^ok ' "$findings/last-replay.log" | head -n 30
      fi
    done
  fi
done

echo "run.sh: ${#targets[@]} targets: $(( ${#targets[@]} - ${#failed[@]} )) clean, ${#failed[@]} with crashes or hangs"
if [ ${#failed[@]} -gt 0 ]; then
  echo "run.sh: crashes or hangs in: ${failed[*]} (inputs under $results/TARGET/default/)"
  exit 1
fi
