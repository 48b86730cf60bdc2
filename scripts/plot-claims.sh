# plot-claims.sh - the mail thread's claims and their verdicts (sourced by plot;
# doc/plots.md, "Claims").  The facts come from the results directories'
# meta.json (scenario, quick, topology), summary.csv, cells.csv and `rssbench
# ratios`; claims.awk judges them.

# claims_facts DIR...: the tagged lines claims.awk reads.
claims_facts() {
	local d ref
	for d in "$@"; do
		jq -r --arg d "$d" '["M", $d, (.scenario // ""), ((.quick // "") | tostring), (.topology.kind // ""),
			((.topology.cpus.possible // .topology.pus // 0) | tostring), ((.topology.cpus.online // .topology.pus // 0) | tostring),
			((.topology.numa_nodes_with_cpus // 1) | tostring), ((.topology.host_pus // 0) | tostring),
			((.matrix.scan_mms // 0) | tostring)] | join("|")' "$d/meta.json" || return 1
		jq -e '.scenario // empty' "$d/meta.json" >/dev/null 2>&1 || continue
		jq -r --arg d "$d" '.topologies[]? | ["T", $d, (.threads | tostring),
			((.topology.cpus.possible // .topology.pus // 0) | tostring),
			((.topology.numa_nodes_with_cpus // 1) | tostring)] | join("|")' "$d/meta.json"
		csv "$d/summary.csv" '{ print "S|" d "|" v("workload") "|" v("scheme") "|" v("threads") "|" v("migration") "|" v("settled_err_max") "|" v("err_max") "|" v("bound_under") "|" v("reps") }' -v d="$d"
		csv "$d/cells.csv" '{ print "C|" d "|" v("workload") "|" v("scheme") "|" v("threads") "|" v("migration") "|" v("rep") "|" v("tasks_per_mm") "|" v("bytes_per_mm") "|" v("pcpu_bytes_per_mm") "|" v("ns_per_op") "|" v("cpus") "|" pages }' \
			-v d="$d" -v pages="$(jq -r '.matrix.pages // empty' "$d/meta.json")"
		[ -n "$rssbench" ] || continue
		case $(jq -r '.scenario' "$d/meta.json") in
		fault|fork-exit|mmap|update) ;;
		*) continue ;;
		esac
		for ref in percpu split-rss percpu-init-many percpu-6.6; do
			csv "$d/summary.csv" 'v("scheme") == r { f = 1; exit } END { exit !f }' -v r="$ref" || continue
			"$rssbench" ratios -r "$ref" "$d" 2>/dev/null | awk -F, -v d="$d" -v r="$ref" '
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			{ print "R|" d "|" r "|" $col["workload"] "|" $col["scheme"] "|" $col["threads"] "|" $col["migration"] "|" \
				$col["ratio"] "|" $col["lo"] "|" $col["hi"] "|" $col["reps"] "|" $col["notes"] }'
		done
	done
}

# claims_table DIR...: the Claims section of a report.md, judged on every
# directory given (one per scenario; error-vs-cpus may be several).
claims_table() {
	local rows
	rows=$(claims_facts "$@" | awk -f "$here/claims.awk") || return 0
	echo "## Claims"
	echo
	echo "The mail thread's claims, judged on the measured numbers of the scenario runs given" \
	     "(\`rssbench run --scenario NAME\`; meta.json \`scenario\`): **reproduced**, **not reproduced**" \
	     "or **not measurable here** (why), each by the rule in its row. The quoted figure is the" \
	     "thread's, from the source message (lore message-id); nothing in a verdict comes from it" \
	     "but the sign or threshold the rule names."
	echo
	echo "| claim | source | quoted | scenario | measured | verdict | rule |"
	echo "|---|---|---|---|---|---|---|"
	echo "$rows" | awk -F'|' '{ src = $3; gsub(/</, "`<", src); gsub(/>/, ">`", src)
		printf "| %s | %s | %s | %s | %s | **%s** | %s |\n", $2, src, $4, $5, $6, $7, $8 }'
	echo
}
