#!/usr/bin/env bash
# The real programs the tests run next to the service, from Debian's packages,
# installed only when missing. Used by `make test` and `.ci/run`, so a fresh
# machine runs the same tests in both. Without root or apt it says which tests
# will skip and carries on; with AIOPS_TEST_REQUIRE_DEPS=1 (CI) a dependency
# still missing at the end is an error, because those tests would skip.
set -uo pipefail

# package | is it there | the tests that skip without it
deps=(
  "prometheus|command -v prometheus && command -v promtool|test/integrations/real-prometheus, test/graph/discovery/real-prometheus, test/e2e/discovery-binary"
  "prometheus-alertmanager|command -v prometheus-alertmanager || command -v alertmanager|test/integrations/real-alertmanager"
  "postgresql|ls /usr/lib/postgresql/*/bin/initdb|test/store/postgres-*, test/e2e/store-replicas"
  "redis-server|command -v redis-server|test/llm/redis-cache"
  "chromium|command -v chromium || command -v chromium-browser|test/ui/*.browser"
  # A font, so the browser tests' screenshots show text.
  "fonts-dejavu-core|test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|test/ui/*.browser (screenshots)"
)

missing() {
  local d out=()
  for d in "${deps[@]}"; do
    IFS='|' read -r pkg check _ <<<"$d"
    bash -c "$check" >/dev/null 2>&1 || out+=("$pkg")
  done
  echo "${out[*]:-}"
}

pkgs=$(missing)
[ -z "$pkgs" ] && exit 0

why=""
if [ "$(id -u)" -ne 0 ]; then
  why="not root"
elif ! command -v apt-get >/dev/null 2>&1; then
  why="no apt-get"
else
  echo "installing test dependencies: $pkgs"
  log=$(mktemp)
  # shellcheck disable=SC2086 # one word per package
  if ! { apt-get -o DPkg::Lock::Timeout=300 update \
    && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $pkgs; } >"$log" 2>&1; then
    tail -n 20 "$log"
    why="apt-get failed"
  fi
  rm -f "$log"
  pkgs=$(missing)
  [ -z "$pkgs" ] && exit 0
fi

echo "cannot install test dependencies ($why): $pkgs" >&2
for d in "${deps[@]}"; do
  IFS='|' read -r pkg _ tests <<<"$d"
  case " $pkgs " in *" $pkg "*) echo "  without $pkg these tests skip: $tests" >&2 ;; esac
done
[ "${AIOPS_TEST_REQUIRE_DEPS:-}" = 1 ] && exit 1
exit 0
