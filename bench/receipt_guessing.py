"""Receipt guessing under gunicorn on PostgreSQL with Redis, as in production.

Prints the two figures of docs/threat-model.md ("A receipt guesser"):

1. how many wrong-code follow-up requests one node answers a second (the guesser's ceiling),
   over the API (`GET /api/v1/followup`, X-Receipt) and the web form (`POST /followup/`, each
   guess from a new "browser" without the throttle cookie, as a botnet would send them);
2. that valid receipts keep working while that flood runs: success rate and p50/p99 of a
   reporter's follow-up (API and web), beside the same probe on the idle server;

and from (1) the expected time for a guesser to hit *any* receipt, with 100 million live
receipts among 10^20 codes (10^12 guesses per hit on average), at one node's rate and at
ten nodes'. Needs `wrk` (apt-get install wrk), a local PostgreSQL and Redis.

    .venv/bin/python bench/receipt_guessing.py [--seconds 10] [--workers 3]
"""

import argparse
import http.cookiejar
import json
import re
import shutil
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import get_json, gunicorn, post_json, prepared, wrk  # noqa: E402

LIVE_RECEIPTS = 10**8
CODE_SPACE = 10**20
GUESSES_PER_HIT = CODE_SPACE // LIVE_RECEIPTS
REDIS = "redis://127.0.0.1:6379/13"

# A random 20-digit code per request; a valid one turns up once in 10^12, i.e. never here.
GUESS_LUA = """
local function code()
  local parts = {}
  for i = 1, 4 do parts[i] = string.format("%05d", math.random(0, 99999)) end
  return table.concat(parts)
end
"""
# Counts the answers by kind in each wrk thread; the wrapped `done` adds a second BENCH line.
COUNT_LUA = """
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  if not wrapped then
    wrapped = true
    local inner = done
    done = function(summary, latency, requests)
      inner(summary, latency, requests)
      local n = {no_match = 0, throttled = 0, other = 0}
      for _, t in ipairs(threads) do
        for key, _ in pairs(n) do n[key] = n[key] + (t:get(key) or 0) end
      end
      io.write(string.format("BENCH no_match=%d throttled=%d other=%d\\n",
        n.no_match, n.throttled, n.other))
    end
  end
end
response = function(status, headers, body)
  if status == 404 or status == 200 then no_match = (no_match or 0) + 1
  elseif status == 429 then throttled = (throttled or 0) + 1
  else other = (other or 0) + 1 end
end
"""
API_FLOOD_LUA = (
    GUESS_LUA + COUNT_LUA + 'request = function()\n  return wrk.format("GET", "/api/v1/followup", '
    '{["X-Receipt"] = code()})\nend\n'
)


def web_flood_lua(csrf: str) -> str:
    """POST /followup/ with one CSRF pair (cookie + field) and no throttle cookie."""
    return (
        GUESS_LUA
        + COUNT_LUA
        + (
            "request = function()\n"
            '  return wrk.format("POST", "/followup/", {'
            '["Content-Type"] = "application/x-www-form-urlencoded", '
            f'["Cookie"] = "csrftoken={csrf}"}}, '
            f'"csrfmiddlewaretoken={csrf}&code=" .. code())\n'
            "end\n"
        )
    )


def answers_for(category: dict, region: str) -> dict:
    """Shortest valid answers: guessing cost does not depend on what the report says."""
    simple = {"long_text": "benchmark", "short_text": "benchmark", "date": "2026-01-15"}
    answers: dict = {}
    for field in category["fields"]:
        kind = field["type"]
        if kind in simple:
            answers[field["key"]] = simple[kind]
        elif kind == "single_choice":
            answers[field["key"]] = field["choices"][0]["value"]
        elif kind == "multiple_choice":
            answers[field["key"]] = [field["choices"][0]["value"]]
        elif kind == "region":
            answers[field["key"]] = region
        elif kind == "yes_no":
            answers[field["key"]] = True
    return answers


def make_receipts(base: str, n: int) -> list[str]:
    category = get_json(f"{base}/api/v1/categories")[0]
    region = get_json(f"{base}/api/v1/regions")[0]["code"]
    body = {
        "category": category["slug"],
        "region": region,
        "answers": answers_for(category, region),
        "language": "zh-hans",
        "contact": None,
    }
    return [post_json(f"{base}/api/v1/reports", body)[1]["receipt"] for _ in range(n)]


def csrf_pair(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/followup/", timeout=10).read()
    return next(c.value for c in jar if c.name == "csrftoken")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def api_probe(base: str, receipt: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 - our own bench server
        f"{base}/api/v1/followup", headers={"X-Receipt": receipt}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status == 200
    except urllib.error.URLError:
        return False


def web_probe(base: str, receipt: str) -> bool:
    """A reporter's browser: the form, then the code; accepted is a 303 to the report page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    try:
        page = opener.open(f"{base}/followup/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": receipt}).encode()
        opener.open(f"{base}/followup/", data=data, timeout=30)
    except urllib.error.HTTPError as exc:
        return exc.code == 303
    except (urllib.error.URLError, TypeError):
        return False
    return False


def probe_while(stop: threading.Event, probe, base: str, receipts: list[str]) -> list:
    """(ok, seconds) of one valid follow-up every 50 ms until `stop` is set."""
    results, i = [], 0
    while not stop.is_set():
        started = time.perf_counter()
        ok = probe(base, receipts[i % len(receipts)])
        results.append((ok, time.perf_counter() - started))
        i += 1
        stop.wait(0.05)
    return results


def summary(label: str, results: list) -> str:
    if not results:
        return f"{label:<34} no probes"
    ok = sum(1 for good, _ in results if good)
    times = sorted(t * 1000 for _, t in results)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return (
        f"{label:<34} {ok}/{len(results)} accepted ({100 * ok / len(results):.1f}%)  "
        f"p50 {statistics.median(times):7.1f}  p99 {p99:7.1f} ms"
    )


def probed(base: str, receipts: list[str], seconds: float, flood=None) -> tuple:
    """Valid API and web follow-ups for `seconds`, while `flood()` runs if given."""
    stop = threading.Event()
    found: dict = {}

    def run(probe):
        found[probe] = probe_while(stop, probe, base, receipts)

    threads = [threading.Thread(target=run, args=(p,)) for p in (api_probe, web_probe)]
    for thread in threads:
        thread.start()
    flood_result = flood() if flood else time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return flood_result, found[api_probe], found[web_probe]


def years(guesses_per_second: float) -> str:
    if guesses_per_second <= 0:
        return "n/a"
    seconds = GUESSES_PER_HIT / guesses_per_second
    return f"{seconds / (365.25 * 86400):,.0f} years ({seconds:.2e} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    # Plain http here, so cookies must not be marked Secure or the web probe would lose them.
    extra = {"TIPLINE_CACHE_URL": REDIS, "TIPLINE_SECURE_COOKIES": "0"}
    with (
        prepared("tipline_bench_receipts", **extra) as (env, _),
        gunicorn(env, args.workers) as base,
    ):
        receipts = make_receipts(base, 20)
        csrf = csrf_pair(base)
        print(
            f"{args.workers} gunicorn sync workers, Redis cache, flood of {args.connections} "
            f"connections for {args.seconds} s; {len(receipts)} valid receipts probed"
        )
        health = wrk(f"{base}/api/v1/health", connections=args.connections, seconds=args.seconds)
        print(f"baseline GET /health (HTTP + Django alone): {health['rps']:.0f}/s")
        _, api_idle, web_idle = probed(base, receipts, args.seconds)
        floods = {
            "API": API_FLOOD_LUA,
            "web form": web_flood_lua(csrf),
        }
        rates = {}
        for name, lua in floods.items():
            url = f"{base}/api/v1/followup" if name == "API" else f"{base}/followup/"
            result, api_busy, web_busy = probed(
                base,
                receipts,
                args.seconds,
                flood=lambda url=url, lua=lua: wrk(
                    url, connections=args.connections, seconds=args.seconds, lua=lua
                ),
            )
            rates[name] = result["rps"]
            print(f"--- flood of wrong codes over the {name}")
            print(
                f"wrong guesses answered            {result['rps']:9.0f}/s  "
                f"p50 {result.get('p50', 0):7.1f}  p99 {result.get('p99', 0):7.1f} ms  "
                f"answers: {result.get('no_match', 0)} 'no match', "
                f"{result.get('throttled', 0)} 429, {result.get('other', 0)} other; "
                f"{result['rps'] / health['rps']:.2f}× health"
            )
            print(summary("valid receipt, API, idle", api_idle))
            print(summary("valid receipt, API, under flood", api_busy))
            print(summary("valid receipt, web, idle", web_idle))
            print(summary("valid receipt, web, under flood", web_busy))
        best = max(rates.values())
        print(f"--- expected time to hit any of {LIVE_RECEIPTS:,} live receipts")
        print(f"one node at {best:,.0f} guesses/s:        {years(best)}")
        print(f"ten nodes at {10 * best:,.0f} guesses/s:      {years(10 * best)}")
        print(json.dumps({"guesses_per_second": rates}))


if __name__ == "__main__":
    main()
