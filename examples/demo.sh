#!/usr/bin/env bash
# The demo: builds the Release preset, simulates a month of customer-service requests
# (seed 42, 20,000 requests, March 2026) and prints the report of the seed contract,
# then the same by team with its worst breaches, and writes it as an HTML report;
# then simulates a helpdesk month as request timelines (one event a line) and prints
# the helpdesk contract's report of them, installing any missing Debian packages
# first. Runs from any directory; arguments are passed on to the printed sla_report runs
# (e.g. --format json, --period week).
#
#   examples/demo.sh
#   examples/demo.sh --period week
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=cmake/install-deps.sh
source cmake/install-deps.sh

banner() {
    printf '\n==== %s ====\n' "$*"
}

banner "dependencies"
slakit_install_deps

banner "release: configure"
cmake --preset release
banner "release: build"
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target sla_simulate sla_report

programs=build/release/examples
data=build/release/demo
contract=examples/contracts/response_time_agreement.toml
mkdir -p "$data"

banner "sla_simulate --seed 42 --requests 20000 --month 2026-03"
"$programs/sla_simulate" --seed 42 --requests 20000 --month 2026-03 > "$data/requests-2026-03.csv"
echo "wrote $data/requests-2026-03.csv"

banner "sla_report --contract $contract"
"$programs/sla_report" --contract "$contract" --requests "$data/requests-2026-03.csv" "$@"

# The same month by team (sla_simulate's team column), with the five worst breaches.
banner "sla_report --contract $contract --by team --breaches 5"
"$programs/sla_report" --contract "$contract" --requests "$data/requests-2026-03.csv" --by team --breaches 5 "$@"

# One self-contained HTML file to open or forward: charts in inline SVG, prints on A4.
banner "sla_report --contract $contract --by team --breaches 20 --format html"
"$programs/sla_report" --contract "$contract" --requests "$data/requests-2026-03.csv" --by team --breaches 20 \
    --format html --output "$data/report-2026-03.html"
echo "wrote $(cd "$data" && pwd)/report-2026-03.html (open it in a browser)"

helpdesk=examples/contracts/helpdesk.toml
banner "sla_simulate --events --contract $helpdesk --seed 42 --requests 20000 --month 2026-03"
"$programs/sla_simulate" --events --contract "$helpdesk" --seed 42 --requests 20000 --month 2026-03 \
    > "$data/events-2026-03.csv"
echo "wrote $data/events-2026-03.csv"

# The helpdesk closes a solved request 4 days later and customers reopen it before:
# the report holds a resolved request for 5 days before it takes it as settled.
banner "sla_report --contract $helpdesk --events --settle 5d"
"$programs/sla_report" --contract "$helpdesk" --events "$data/events-2026-03.csv" --settle 5d \
    --sla-events "$data/sla-events-2026-03.csv" "$@"
echo "wrote $data/sla-events-2026-03.csv (one SLA event per metric and cycle)"
