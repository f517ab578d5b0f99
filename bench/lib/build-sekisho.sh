# Sourced by the benchmark scripts: build_sekisho NAME sets $sekisho (the binary) and $built (what it was built from).
# Uses the caller's $repo, $work, $SEKISHO (a given binary: no build), $SEKISHO_REV (build `git archive REV` instead of
# the working tree) and its log/fail functions. NAME prefixes the messages ("compare", "scale").
build_sekisho() {
  local name=$1 src
  if [ -n "$SEKISHO" ]; then
    [ -x "$SEKISHO" ] || fail "SEKISHO=$SEKISHO is not an executable"
    sekisho=$SEKISHO; built="given binary $SEKISHO"
    return
  fi
  src=$repo
  built="working tree (git $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" status --porcelain -- src 2>/dev/null | grep -q . && echo ', src/ modified' || true))"
  if [ -n "$SEKISHO_REV" ]; then
    src=$work/src-$SEKISHO_REV; mkdir -p "$src"
    git -C "$repo" archive "$SEKISHO_REV" | tar -x -C "$src" || fail "git archive $SEKISHO_REV"
    built="git $(git -C "$repo" rev-parse --short "$SEKISHO_REV") (committed, via git archive)"
  fi
  log "$name: building Sekisho (Release) from $built"
  dotnet build "$src/src/Sekisho.Cli/Sekisho.Cli.csproj" -c Release -nologo -v q -clp:NoSummary > "$work/build.log" 2>&1 \
    || { grep -m 10 -E 'error' "$work/build.log" >&2; fail "the Release build failed (another change in progress? SEKISHO_REV=HEAD builds the last commit)"; }
  sekisho=$src/src/Sekisho.Cli/bin/Release/net10.0/sekisho
}
