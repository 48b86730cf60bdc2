#!/bin/sh
# site_browser.sh - the dashboard of `rssbench db site` in a real browser:
# headless Chromium loads the index and a workload page from file://, the
# test checks its console stays silent (a control page with a script shows
# that it would not be), that the plots and tables are in the DOM and every
# image they name is there, that stored markup arrived as text, that the
# claims table of the store's scenario run is there with its verdicts and
# links to the run, and takes a screenshot (RSS_SITE_SHOTS=DIR keeps it).  Skipped where Chromium is not
# installed (scripts/install-deps --browser installs it; .ci/run does).
. "${top_srcdir:-.}/tests/lib.sh"

browser=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
[ -n "$browser" ] || { echo "1..0 # SKIP no chromium (scripts/install-deps --browser installs it)"; exit 0; }
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
scratch site
echo "1..10"

# load PAGE OUT: the DOM of PAGE in $tmp/OUT.dom, the browser's log in $tmp/OUT.log
load() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$abs/profile" --enable-logging=stderr --v=0 \
		--virtual-time-budget=3000 --dump-dom "file://$1" >"$tmp/$2.dom" 2>"$tmp/$2.log"
}
# console OUT: the page's console lines (a page of ours has none)
console() { grep -c 'CONSOLE' "$tmp/$1.log"; }

abs=$(cd "$tmp" && pwd)
"$RSSBENCH" run -q -r 3 -e 20 --events none -s atomic,percpu -w fault -t 1 -o "$tmp/r" >"$tmp/out" 2>"$tmp/err" ||
	{ sed 's/^/# /' "$tmp/err"; exit 1; }
base=$(sed -n 's/^results: //p' "$tmp/out")
for i in 1 2 3 4; do
	cp -a "$base" "$tmp/t$i"
	jq ".started = \"2026-04-0${i}T00:00:00Z\" | .run_id = \"$(printf '%032x' "$i")\"" \
		"$base/meta.json" >"$tmp/t$i/meta.json"
done
# t4: a quick fault scenario run of a machine named with markup (its claims table too)
jq '. + {scenario: "fault", quick: true} | .cpu_model = "<img src=\"x\" onerror=\"alert(1)\"><script>console.log(2)</script>"' \
	"$tmp/t4/meta.json" >"$tmp/m" && mv "$tmp/m" "$tmp/t4/meta.json"
"$RSSBENCH" db import --db "$tmp/s.db" "$tmp"/t[1-4] >/dev/null 2>"$tmp/err" &&
	"$RSSBENCH" db site --db "$tmp/s.db" "$tmp/site" >/dev/null 2>>"$tmp/err" ||
	{ sed 's/^/# /' "$tmp/err"; exit 1; }
site=$abs/site

printf '<!DOCTYPE html><html><body><script>console.error("control")</script></body></html>\n' >"$tmp/control.html"
load "$abs/control.html" control
if [ "$(console control)" -ge 1 ]; then
	ok "the browser's log shows a control page's console error"
else
	not_ok "the browser's log shows no console line even for a control page"
	sed 's/^/# /' "$tmp/control.log" | tail -5
fi

load "$site/index.html" index
check_eq "index.html: no console line (no error, no blocked content)" "$(console index)" 0
check_eq "index.html: the machines, regressions, kernel matrix and runs tables" \
	"$(grep -o '<table>' "$tmp/index.dom" | wc -l | tr -d ' '):$(grep -c '<h2>Runs</h2>' "$tmp/index.dom")" "4:1"
check_eq "index.html: stored markup is text, not elements" \
	"$(grep -c '<img src="x"\|<script>console' "$tmp/index.dom"):$(grep -c '&lt;script&gt;' "$tmp/index.dom")" "0:2"
check_eq "index.html: the claims table of the scenario run's machine, a verdict per claim" \
	"$(grep -c '<table class="claims">' "$tmp/index.dom"):$([ "$(grep -o '<td class="\(v2\|v4\|na\)">' "$tmp/index.dom" | wc -l)" -ge 15 ] && echo rows)" "1:rows"
targets=$(grep -o 'href="#run-[0-9]*"' "$tmp/index.dom" | sort -u | sed 's/href="#//; s/"$//')
missing=0
for t in $targets; do grep -q "id=\"$t\"" "$tmp/index.dom" || missing=$((missing + 1)); done
check_eq "index.html: the claims link runs, each link's run row there" \
	"$([ -n "$targets" ] && echo linked):$missing" "linked:0"

page=$(ls "$site" | grep '^w-fault\.html$')
load "$site/$page" page
check_eq "$page: no console line" "$(console page)" 0
imgs=$(grep -o '<img class="plot" src="[^"]*"' "$tmp/page.dom" | sed 's/.*src="//; s/"$//')
if [ -z "$GNUPLOT" ] || [ "$GNUPLOT" = no ]; then
	skip "no gnuplot: the page says the plots are unavailable"
	skip "no gnuplot: no images to check"
else
	check_eq "$page: a trend plot and its table" \
		"$(echo "$imgs" | grep -c svg):$(grep -c '<table class="series">' "$tmp/page.dom")" "1:1"
	missing=0
	for i in $imgs; do
		head -c 400 "$site/$i" 2>/dev/null | grep -q '<svg' || missing=$((missing + 1))
	done
	check_eq "$page: every image it names is an SVG in the site" "$missing" 0
fi

timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$abs/profile" --window-size=1100,900 --virtual-time-budget=3000 \
	--screenshot="$abs/page.png" "file://$site/$page" >/dev/null 2>&1
check_eq "a screenshot of $page (a PNG)" "$(head -c 4 "$tmp/page.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" 89504e47
if [ -n "$RSS_SITE_SHOTS" ]; then
	cp "$tmp/page.png" "$RSS_SITE_SHOTS/site-workload.png"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$abs/profile" --window-size=1100,1400 --virtual-time-budget=3000 \
		--screenshot="$RSS_SITE_SHOTS/site-index.png" "file://$site/index.html" >/dev/null 2>&1
fi
