# plot-claims.sh - the mail thread's claims and their verdicts (sourced by plot;
# doc/plots.md, "Claims").  The facts come from rssbench's export of each
# results directory (meta.txt: scenario, quick, topology; summary.csv,
# cells.csv, ratios*.csv), keyed by the export's number; claims.awk judges them.

# claims_facts DIR...: the tagged lines claims.awk reads.
claims_facts() {
	local d id ref f t
	for d in "$@"; do
		id=${d##*/}
		echo "M|$id|$(dmeta "$d" scenario)|$(dmeta "$d" quick)|$(dmeta "$d" topology_kind)|$(f=$(dmeta "$d" possible); echo "${f:-0}")|$(f=$(dmeta "$d" online); echo "${f:-0}")|$(f=$(dmeta "$d" numa_nodes_with_cpus); echo "${f:-1}")|$(f=$(dmeta "$d" host_pus); echo "${f:-0}")|$(f=$(dmeta "$d" scan_mms); echo "${f:-0}")"
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
