#!/usr/bin/env bash
# Relay decisions on a CIDR table of 100,000 entries: builds the benchmark in Release and runs it on one thread
# (about 20 s). Prints load times and a table of decisions per second; exits non-zero when the build fails or a
# sampled decision differs from a linear scan of the same entries.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Sekisho.Bench.Cidr/Sekisho.Bench.Cidr.csproj -c Release -nologo -v q -clp:NoSummary
dotnet run --project bench/Sekisho.Bench.Cidr/Sekisho.Bench.Cidr.csproj -c Release --no-build
