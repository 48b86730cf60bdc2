# plot-claims.sh - the mail thread's claims and their verdicts (sourced by plot;
# doc/plots.md, "Claims").  The facts come from rssbench's export of each
# results directory (meta.txt: scenario, quick, topology; summary.csv,
# cells.csv, ratios*.csv), keyed by the export's number; claims.awk judges them.

# claims_facts DIR...: the tagged lines claims.awk reads.
claims_facts() {
	local d id ref f t
	for d in "$@"; do
		id=${d##*/}
		echo "M|$id|$(dmeta "$d" scenario)|$(dmeta "$d" quick)|$(dmeta "$d" topology_kind)|$(f=$(dmeta "$d" possible); echo "${f:-0}")|$(f=$(dmeta "$d" online); echo "${f:-0}")|$(f=$(dmeta "$d" numa_nodes_with_cpus); echo "${f:-1}")|$(f=$(dmeta "$d" host_pus); echo "${f:-0}")|$(f=$(dmeta "$d" scan_mms); echo "${f:-0}")|$(dmeta "$d" noise_busy)"
		[ -n "$(dmeta "$d" scenario)" ] || continue
		for t in $(dmeta "$d" topologies); do
			echo "T|$id|${t//:/|}"
		done
		csv "$d/summary.csv" '{ print "S|" d "|" v("workload") "|" v("scheme") "|" v("threads") "|" v("migration") "|" v("settled_err_max") "|" v("err_max") "|" v("bound_under") "|" v("reps") }' -v d="$id"
		csv "$d/cells.csv" '{ print "C|" d "|" v("workload") "|" v("scheme") "|" v("threads") "|" v("migration") "|" v("rep") "|" v("tasks_per_mm") "|" v("bytes_per_mm") "|" v("pcpu_bytes_per_mm") "|" v("ns_per_op") "|" v("cpus") "|" pages }' \
			-v d="$id" -v pages="$(dmeta "$d" pages)"
		case $(dmeta "$d" scenario) in
		fault|fork-exit|mmap|update|spawn) ;;
		*) continue ;;
		esac
		for ref in percpu split-rss percpu-init-many percpu-6.6 percpu-irqsave empty; do
			f=$d/ratios-$ref.csv
			[ "$ref" != percpu ] || f=$d/ratios.csv
			csv "$d/summary.csv" 'v("scheme") == r { f = 1; exit } END { exit !f }' -v r="$ref" || continue
			[ -f "$f" ] || continue
			awk -F, -v d="$id" -v r="$ref" '
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			{ print "R|" d "|" r "|" $col["workload"] "|" $col["scheme"] "|" $col["threads"] "|" $col["migration"] "|" \
				$col["ratio"] "|" $col["lo"] "|" $col["hi"] "|" $col["reps"] "|" $col["notes"] }' "$f"
		done
	done
}

# claims_rows DIR...: claims.awk's rows for the directories given.
claims_rows() {
	claims_facts "$@" | awk -f "$here/claims.awk"
}

# claims_table DIR...: the Claims section of a report.md, judged on every
# directory given (one per scenario; error-vs-cpus may be several).  Each
# verdict links the directories it was judged on (their report.md from the
# comparison's; the name alone in a directory's own report).
claims_table() {
	local rows d map=
	rows=$(claims_rows "$@") && [ -n "$rows" ] || return 0
	for d in "$@"; do
		map="$map${d##*/}	$(dmeta "$d" name_md)	$(dmeta "$d" report_link)"$'\n'
	done
	echo "## Claims"
	echo
	echo "The mail thread's claims, judged on the measured numbers of the scenario runs given" \
	     "(\`rssbench run --scenario NAME\`; meta.json \`scenario\`): **reproduced**, **not reproduced**" \
	     "or **not measurable here** (why), each by the rule in its row. The quoted figure is the" \
	     "thread's, from the source message (lore message-id); nothing in a verdict comes from it" \
	     "but the sign or threshold the rule names. A verdict judged on \`--quick\` runs says so" \
	     "(\"quick run: N reps, M CPUs\"); where a full run of a scenario is given, its quick runs" \
	     "are not used."
	echo
	echo "| claim | source | quoted | scenario | measured | verdict | rule | judged on |"
	echo "|---|---|---|---|---|---|---|---|"
	echo "$rows" | awk -F'|' -v map="$map" '
	BEGIN { n = split(map, l, "\n"); for (k = 1; k <= n; k++) if (split(l[k], f, "\t") >= 2) { nm[f[1]] = f[2]; ln[f[1]] = f[3] } }
	{ src = $3; gsub(/</, "`<", src); gsub(/>/, ">`", src)
		j = ""; m = split($9, ids, " ")
		for (k = 1; k <= m; k++) j = j (k > 1 ? ", " : "") (ln[ids[k]] != "" ? "[" nm[ids[k]] "](" ln[ids[k]] ")" : nm[ids[k]])
		printf "| %s | %s | %s | %s | %s | **%s** | %s | %s |\n", $2, src, $4, $5, $6, $7, $8, j == "" ? "-" : j }'
	echo
}

# scenarios_section NAMES DIR...: the combined report's Scenarios section (a
# scenarios run's one plot call, doc/scenarios.md): every scenario of NAMES
# (the registry's, comma-separated) with the directories that ran it (their
# report, full or quick, whole or partial, CPUs, cells, the verdicts judged
# on them), or "not run"; 1 when no directory given is a scenario's.
scenarios_section() {
	local names=$1 d name any=0 rows line
	shift
	for d in "$@"; do [ -z "$(dmeta "$d" scenario)" ] || any=1; done
	[ $any = 1 ] || return 1
	rows=$(claims_rows "$@")
	echo "## Scenarios"
	echo
	echo "One line per scenario (\`rssbench run --scenario list\`): the directory that ran it, with its" \
	     "report; a scenario that did not run or did not finish says so. Verdicts: the claims below" \
	     "judged on that directory."
	echo
	for name in ${names//,/ } $(for d in "$@"; do dmeta "$d" scenario; done | awk -v n="$names" 'BEGIN { k = split(n, a, ","); for (i = 1; i <= k; i++) s[a[i]] = 1 } $0 != "" && !($0 in s) && !seen[$0]++'); do
		line=
		for d in "$@"; do
			[ "$(dmeta "$d" scenario)" = "$name" ] || continue
			line="$line${line:+; }$(scenario_line "$d" "$rows")"
		done
		echo "- **$name**: ${line:-not run (\`rssbench run --scenario $name\`)}"
	done
	echo
}

# scenario_line DIR ROWS: a scenario directory in one line: its report link,
# full or quick, whole or where it stopped, its CPUs, cells and reps, and
# the count of each verdict judged on it.
scenario_line() {
	local d=$1 link cpus t verdicts reps
	link=$(dmeta "$d" report_link)
	cpus=
	for t in $(dmeta "$d" topologies); do cpus="$cpus${cpus:+, }$(echo "$t" | cut -d: -f2)"; done
	[ -n "$cpus" ] || cpus=$(dmeta "$d" possible)
	verdicts=$(echo "$2" | awk -F'|' -v id="${d##*/}" '
		{ m = split($9, ids, " "); for (k = 1; k <= m; k++) if (ids[k] == id) { v = $7; sub(/ \(.*/, "", v); if (!(v in c)) o[++n] = v; c[v]++ } }
		END { for (k = 1; k <= n; k++) printf "%s%d %s", (k > 1 ? ", " : ""), c[o[k]], o[k] }')
	reps=$(csv "$d/summary.csv" 'v("reps") + 0 > r { r = v("reps") + 0 } END { print r + 0 }')
	printf '%s (%s%s; %s CPUs%s; %s cells rows, up to %s rep%s)%s' \
		"$( [ -n "$link" ] && echo "[$(dmeta "$d" name_md)]($link)" || dmeta "$d" name_md)" \
		"$( [ "$(dmeta "$d" quick)" = true ] && echo quick || echo full)" \
		"$( [ "$(dmeta "$d" complete)" = false ] && echo ", **partial**: stopped after cell \`$(dmeta "$d" last_cell)\`")" \
		"$cpus" "$( [ "$(dmeta "$d" topology_kind)" = host ] || echo ", $(dmeta "$d" topology_kind)")" \
		"$(($(wc -l <"$d/cells.csv") - 1))" \
		"$reps" "$( [ "$reps" = 1 ] || echo s)" "${verdicts:+: claims $verdicts}"
}
