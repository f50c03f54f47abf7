#!/usr/bin/env bash
# tests/bench/run-benchmarks.sh — Flowdeck against the FlowFuse web UI of the
# same local FlowFuse (tests/peers), seeded with 50 and then 5,000 instances
# through the FlowFuse API; prints a Markdown table (the README's "Latest
# benchmark"). Runs itself inside tests/harness.sh (throwaway keyring, XDG
# dirs, Xvfb, the FlowFuse peer). Nothing leaves 127.0.0.1.
#
# Usage: tests/bench/run-benchmarks.sh [--build DIR] [--runs N] [--counts "50 5000"]
#                                      [--output FILE]
# Needs: ninja -C _build (or --build _build-release, as the numbers in the
# README are); Debian packages chromium, python3, curl, jq;
# tests/peers/install.sh; tests/bench/node_modules (npm ci here; done for you).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/_build
runs=5
counts="50 5000"
output=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --counts) counts=$2; shift 2 ;;
    --output) output=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--runs N] [--counts \"50 5000\"] [--output FILE]" >&2; exit 2 ;;
  esac
done

log() { echo "bench: $*" >&2; }

if [ -z "${DECK_BENCH_INNER:-}" ]; then
  for f in "$build/src/flowdeck" "$build/tests/bench/deck-bench-probe.so" "$build/tests/bench/bench-request" \
           "$build/tests/bench/bench-frames"; do
    [ -x "$f" ] || [ -f "$f" ] || { log "missing $f: run ninja -C $build"; exit 1; }
  done
  # What the benchmarks need beyond the test suite, installed like the rest.
  bash "$top/.ci/deps.sh" --test >&2
  missing=()
  for p in chromium curl jq; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
  [ -f "$top/tests/peers/node_modules/.flowdeck-install-stamp" ] || bash "$top/tests/peers/install.sh" >&2
  if [ ! -d "$here/node_modules/playwright-core" ]; then
    log "installing playwright-core (pinned) into tests/bench/node_modules"
    (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts >&2)
  fi
  [ -n "$output" ] && output=$(realpath -m "$output")
  export DECK_BENCH_INNER=1
  exec "$top/tests/harness.sh" --peers flowfuse -- \
    bash "$0" --build "$build" --runs "$runs" --counts "$counts" ${output:+--output "$output"}
fi

# ---- inside the harness --------------------------------------------------
[ -n "${DECK_PEERS_FILE:-}" ] || { log "no peers: ${DECK_PEERS_UNAVAILABLE:-?}"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/flowdeck-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
app=$build/src/flowdeck
probe=$build/tests/bench/deck-bench-probe.so
runner="python3 $here/flowdeck-run.py"

pj() { jq -r "$1" "$DECK_PEERS_FILE"; }
url=$(pj .flowfuse.url)
team=$(pj .flowfuse.team.id)
export BENCH_URL=$url BENCH_PAT=$(pj .flowfuse.pat) BENCH_APP=$(pj .flowfuse.applicationId) \
  BENCH_PT=$(pj .flowfuse.projectTypeId) BENCH_ST=$(pj .flowfuse.stackId) BENCH_TP=$(pj .flowfuse.templateId)

count_instances() {
  curl -sf -H "Authorization: Bearer $BENCH_PAT" "$url/api/v1/teams/$team/projects" | jq .count
}

# Seed the team up to $1 instances through POST /api/v1/projects (3 at a
# time: the server is one Node.js process; more does not go faster).
seed_to() {
  local want=$1 have start end
  have=$(count_instances)
  [ "$have" -ge "$want" ] && return 0
  start=$(date +%s.%N)
  seq "$have" $((want - 1)) | xargs -P 3 -I{} sh -c '
    code=$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $BENCH_PAT" \
      -H "Content-Type: application/json" \
      -d "{\"name\":\"bench-$(printf %05d {})\",\"applicationId\":\"$BENCH_APP\",\"projectType\":\"$BENCH_PT\",\"stack\":\"$BENCH_ST\",\"template\":\"$BENCH_TP\"}" \
      "$BENCH_URL/api/v1/projects/")
    [ "$code" = 200 ] || echo "seed {}: HTTP $code" >&2'
  end=$(date +%s.%N)
  have=$(count_instances)
  log "seeded $((have)) instances ($((want - ${2:-0})) asked) in $(echo "$end - $start" | bc) s"
  echo "{\"count\": $have, \"seconds\": $(echo "$end - $start" | bc), \"created\": $(( have - ${2:-0} ))}" \
    >"$work/seed-$want.json"
}

first=1
for n in $counts; do
  before=$(count_instances)
  log "seeding $n instances (have $before)"
  seed_to "$n" "$before"
  [ -f "$work/seed-$n.json" ] || echo "{\"count\": $(count_instances), \"seconds\": 0, \"created\": 0}" >"$work/seed-$n.json"

  if [ $first -eq 1 ]; then
    log "flowdeck: adding the demo account (--demo)"
    $runner setup "$app" "$probe" "$DECK_PEERS_FILE" >"$work/setup.json"
    first=0
  fi

  # Flowdeck's starts and the web UI's loads take turns, so that both
  # sides see the same moments of this machine (its speed drifts by 10–20%
  # over the minutes a side's runs would take one after the other).
  log "flowdeck and the web UI: $runs turns of a cold start and a page load, $n instances"
  for i in $(seq "$runs"); do
    $runner start "$app" "$probe" 1 >"$work/start-$n.$i.json"
    node "$here/web-ui.mjs" "$DECK_PEERS_FILE" 1 "$n" >"$work/web-$n.$i.json"
    sleep 2   # FlowFuse answers what the page asked for last
  done
  python3 - "$work" "$n" "$runs" <<'MERGE'
import json, sys
work, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for side in ('start', 'web'):
    parts = [json.load(open(f'{work}/{side}-{n}.{i}.json')) for i in range(1, runs + 1)]
    merged = dict(parts[0], runs=[r for p in parts for r in p['runs']])
    json.dump(merged, open(f'{work}/{side}-{n}.json', 'w'))
MERGE
  log "flowdeck: OAuth dialog open and closed"
  $runner oauth "$app" "$probe" "$url" >"$work/oauth-$n.json" || echo '{}' >"$work/oauth-$n.json"

  log "requests: client and curl"
  # GET /user 1,000 times (a millisecond each: fewer leave a median that
  # moves by 10% from run to run), the list 100 times (15 at thousands of
  # instances, a second each); curl and bare libsoup take turns with the
  # client in blocks (the server's own time drifts): 25 blocks of the user
  # calls, 5 of the lists.
  "$build/tests/bench/bench-request" $(( n > 1000 ? 15 : 100 )) 1000 >"$work/request-$n.txt"

  log "frames: scrolling and typing a search in the instances page"
  "$build/tests/bench/bench-frames" >"$work/frames-$n.txt"

done

python3 - "$work" "$counts" "$runs" >"$work/table.md" <<'EOF'
import json, statistics, sys
work, counts, runs = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
med = statistics.median

def load(name):
    try:
        with open(f'{work}/{name}') as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}

def request(n):
    out = {}
    for line in open(f'{work}/request-{n}.txt'):
        k, *v = line.split()
        out[k] = [float(x) for x in v]
    return out

def frames(n):
    out = {}
    try:
        for line in open(f'{work}/frames-{n}.txt'):
            k, v = line.split()
            out[k] = float(v)
    except OSError:
        pass
    return out

def curl_ms(path):
    return med([float(x) * 1000 for x in open(path) if x.strip()])

def mib(kb):
    return f'{kb / 1024:.0f} MiB'

def verdict(ok):
    return '**yes**' if ok else '**no**'

rows = []
notes = []
for n in counts:
    seed = load(f'seed-{n}.json')
    start = load(f'start-{n}.json').get('runs', [])
    oauth = load(f'oauth-{n}.json')
    web = load(f'web-{n}.json').get('runs', [])
    req = request(n)
    if 'curl-user' in req:   # curl measured by bench-request, in turns with the client
        cu, cl = req['curl-user'][0], req['curl-list'][0]
        clts, clas = req['curl-list+team-status'][0], req['curl-list+app-status'][0]
        user_runs = int(req['user-runs'][0])
    else:                    # raw output of an older run: curl measured after the client
        cu, cl = curl_ms(f'{work}/curl-user-{n}.txt'), curl_ms(f'{work}/curl-list-{n}.txt')
        clts, clas = None, cl + curl_ms(f'{work}/curl-status-{n}.txt')
        user_runs = len(open(f'{work}/curl-user-{n}.txt').read().split())
    N = f'{int(seed.get("count", n)):,}'

    fd_start = med([r['rows_ms'] for r in start]) / 1000
    fd_first = med([r['first_frame_ms'] for r in start]) / 1000
    fd_rss = med([r['idle_rss_kb'] for r in start])
    fd_pss = med([r['idle_pss_kb'] for r in start])
    web_ok = [r for r in web if r['state'] == 'rows']
    web_t = med([r['page_ms'] for r in web]) / 1000 if web else float('nan')
    web_rss = med([r['rss_kb'] for r in web]) if web else float('nan')
    web_pss = med([r['pss_kb'] for r in web]) if web else float('nan')
    web_note = '' if len(web_ok) == len(web) else \
        f' ({len(web) - len(web_ok)}/{len(web)} ended on FlowFuse\'s "Oh Dear" error page, ' \
        f'median {med([r["failed_requests"] for r in web]):.0f} requests refused by chromium)'
    spread = f'{min(r["rows_ms"] for r in start)/1000:.2f}–{max(r["rows_ms"] for r in start)/1000:.2f}'
    wspread = f'{min(r["page_ms"] for r in web)/1000:.2f}–{max(r["page_ms"] for r in web)/1000:.2f}' if web else ''
    ratio = f'{fd_start / web_t:.2f}' if web_ok else f'— (no list; {fd_start / web_t:.2f} of its error page)'
    from_snapshot = sum(1 for r in start if r.get('rows_from') == 'snapshot')
    source = f'; the start-up snapshot\'s rows in {from_snapshot} of {len(start)}' if from_snapshot else ''
    if web_ok:
        met = verdict(fd_start <= 0.3 and fd_start / web_t <= 0.2)
    else:
        met = f'{verdict(fd_start <= 0.3)} (≤ 0.3 s; the web UI shows no list to compare)'
    rows.append(f'| {N} | start → instances shown (median of {len(start)}; range{source}) | '
                f'{fd_start:.2f} s ({spread}) | {web_t:.2f} s ({wspread}){web_note} | '
                f'{ratio} | ≤ 0.3 s and ≤ 0.2 | {met} |')
    if from_snapshot:
        fresh = med([r['fresh_rows_ms'] for r in start]) / 1000
        fspread = f'{min(r["fresh_rows_ms"] for r in start)/1000:.2f}–{max(r["fresh_rows_ms"] for r in start)/1000:.2f}'
        rows.append(f'| {N} | start → the server\'s list shown (median; range) | {fresh:.2f} s ({fspread}) | '
                    f'{web_t:.2f} s | {f"{fresh / web_t:.2f}" if web_ok else "— (no list)"} | | |')
    rows.append(f'| {N} | first frame of the window (any content) | {fd_first:.2f} s | | | | |')
    found = [r['found_ms'] for r in web if 'found_ms' in r]
    if found:   # the reading of runs before: the frame that found the rows, not yet painted
        rows.append(f'| {N} | the web UI\'s rows (or error page) found, in the frame before it was painted (median) | | '
                    f'{med(found) / 1000:.2f} s | {fd_start / (med(found) / 1000):.2f} | | |')
    trimmed = med([r['trimmed_rss_kb'] for r in start])
    rows.append(f'| {N} | idle RSS, all processes (PSS) | {mib(fd_rss)} ({mib(fd_pss)}) | '
                f'{mib(web_rss)} ({mib(web_pss)}){" (error page)" if not web_ok else ""} | '
                f'{fd_rss / web_rss:.2f} '
                f'(PSS {fd_pss / web_pss:.2f}) | ≤ 0.25 | '
                f'{verdict(fd_rss / web_rss <= 0.25)} |')
    rows.append(f'| {N} | idle RSS after malloc_trim(0) in the app (freed heap glibc kept) | '
                f'{mib(trimmed)} | | | | |')
    if oauth:
        left = len(oauth.get('webkit_left', []))
        gone = oauth.get('webkit_gone_after_s')
        rows.append(f'| {N} | RSS with the OAuth dialog open (PSS) | {mib(oauth["open_rss_kb"])} '
                    f'({mib(oauth["open_pss_kb"])}) | | | | |')
        rows.append(f'| {N} | RSS after closing it (PSS); WebKit processes left | '
                    f'{mib(oauth["closed_rss_kb"])} ({mib(oauth["closed_pss_kb"])}); {left} '
                    f'(gone {gone:.1f} s after close) | | | none left | {verdict(left == 0)} |'
                    if gone is not None else
                    f'| {N} | RSS after closing it; WebKit processes left | {mib(oauth["closed_rss_kb"])}; '
                    f'{left} | | | none left | **no** |')
    else:
        notes.append(f'{N}: the OAuth dialog could not be driven (see the log)')
    u, bu = req['client-user'][0], req['bare-user'][0]
    l, bl = req['client-list'][0], req['bare-list'][0]
    rows.append(f'| {N} | GET /api/v1/user: client vs curl (median of {user_runs}) | {u:.2f} ms | '
                f'curl {cu:.2f} ms | {u / cu:.2f}× | ≤ 1.2× | {verdict(u / cu <= 1.2)} |')
    rows.append(f'| {N} | GET /api/v1/user: client vs bare libsoup, same loop (Flowdeck\'s own share) | '
                f'{u:.2f} ms | libsoup {bu:.2f} ms | {u / bu:.2f}× | | |')
    if clts is not None:
        rows.append(f'| {N} | instance list: client (list + the team\'s live states + models) vs curl of '
                    f'the same 2 URLs, one after the other (median of {int(req["runs"][0])}) | '
                    f'{l:.1f} ms | curl {clts:.1f} ms | {l / clts:.2f}× | ≤ 1.2× | '
                    f'{verdict(l / clts <= 1.2)} |')
        rows.append(f'| {N} | the same client call vs curl of the list and the application\'s status '
                    f'(the smaller status URL) | {l:.1f} ms | curl {clas:.1f} ms | '
                    f'{l / clas:.2f}× | | |')
    else:
        rows.append(f'| {N} | instance list: client (list + live state + models) vs curl of the same 2 URLs | '
                    f'{l:.1f} ms | curl {clas:.1f} ms | {l / clas:.2f}× | ≤ 1.2× | '
                    f'{verdict(l / clas <= 1.2)} |')
    rows.append(f'| {N} | list URL alone: bare libsoup vs curl | {bl:.1f} ms | curl {cl:.1f} ms | '
                f'{bl / cl:.2f}× | | |')
    fr = frames(n)
    if fr:
        for what, label in (('scroll', 'scrolling the list'), ('filter', 'typing a search')):
            rows.append(f'| {N} | {label}: longest frame (p95, median) of {fr[what + "-frames"]:.0f}, '
                        f'GTK frame clock | {fr[what + "-longest"]:.1f} ms ({fr[what + "-p95"]:.1f}, '
                        f'{fr[what + "-median"]:.1f}) | | | ≤ 16 ms | '
                        f'{verdict(fr[what + "-longest"] <= 16)} |')
        rows.append(f'| {N} | typing a search: keystroke → frame painted (median; longest) | '
                    f'{fr["keystroke-median"]:.1f} ms; {fr["keystroke-longest"]:.1f} ms | | | | |')
        if 'search-call-median' in fr:
            rows.append(f'| {N} | typing a search: the search itself, before the frame (median; longest) | '
                        f'{fr["search-call-median"]:.1f} ms; {fr["search-call-longest"]:.1f} ms | | | | |')
    if seed.get('created'):
        notes.append(f'seeding {seed["created"]:,} instances through the API took {seed["seconds"]:.0f} s '
                     f'({seed["created"] / max(seed["seconds"], 0.001):.0f}/s)')

print('| instances | measure | Flowdeck | FlowFuse web UI (chromium) | ratio | target | met |')
print('|---|---|---|---|---|---|---|')
print('\n'.join(rows))
for note in notes:
    print(f'\n- {note}')
EOF

cat "$work/table.md"
if [ -n "$output" ]; then
  mkdir -p "$output"
  cp "$work"/*.json "$work"/*.txt "$work/table.md" "$output/"
  log "raw results in $output"
fi
