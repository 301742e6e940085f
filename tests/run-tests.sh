#!/usr/bin/env bash
# The whole test suite, as the README gives it and as CI runs it:
#   bash tests/run-tests.sh
# Starts a throwaway PostgreSQL (installing it if missing) for the durability tests, runs every test project of the
# solution, and ends with one line "N passed, N failed" summed over all test assemblies.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -z "${REGISTRY_TEST_POSTGRES:-}" ]]; then
  if connection="$(bash tests/postgres.sh start | tail -n 1)"; then
    export REGISTRY_TEST_POSTGRES="$connection"
    echo "run-tests: PostgreSQL for the tests at $REGISTRY_TEST_POSTGRES"
  else
    # The PostgreSQL tests then fail on their own with a clear message: nothing is skipped.
    echo "run-tests: could not start PostgreSQL; the tests that need it will fail" >&2
  fi
fi

# The web application's end-to-end tests drive Debian's Chromium (never a browser download); install it when missing.
if ! command -v chromium >/dev/null 2>&1; then
  echo "run-tests: installing chromium for the web tests"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
    || echo "run-tests: could not install chromium; the web end-to-end tests will fail" >&2
fi

log="$(mktemp)"
# The API tests generate a client with Kiota (a local .NET tool) and build it (tests/ClientWorkflow): fetch both
# here, so no test downloads anything while it runs.
dotnet tool restore
dotnet restore tests/ClientWorkflow/ClientWorkflow.csproj
# Build everything first, then run one test assembly at a time (-m:1). Otherwise MSBuild compiles projects and runs
# other assemblies while the cluster tests run, and their silo processes (real failure detection, real timeouts)
# would share the two cores with compilers and other tests.
dotnet build CalcinosisRegistry.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ $status -eq 0 ]]; then
  dotnet test CalcinosisRegistry.sln --configuration Release --no-build -m:1 "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi

# Every test assembly prints one summary: "Passed!  - Failed: 0, Passed: 48, Skipped: 0, Total: 48, ...".
read -r passed failed skipped < <(grep -E '^\s*(Passed|Failed)!\s+-\s+Failed:' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  # The build or a test host failed before any test could report: count that as a failure, never as a pass.
  failed=1
fi
if [[ $skipped -gt 0 ]]; then
  echo "run-tests: $skipped test(s) were skipped; the registry's suite has no skips, so they count as failures" >&2
  failed=$((failed + skipped))
fi
if [[ $failed -gt 0 ]]; then
  # Repeated at the end, where a truncated CI log still shows it: each failed test and the start of its message.
  echo "run-tests: failed tests"
  awk '/^[[:space:]]+Failed [^ ]+ \[/ { keep = 1; lines = 0 }
       /^[[:space:]]+Stack Trace:/ { keep = 0 }
       keep && lines++ < 25 { print }' "$log"
fi
rm -f "$log"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
