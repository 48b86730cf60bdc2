# plot-report.sh - report.md of one results directory (sourced by plot; doc/plots.md).
# Every text field of meta.txt and the CSVs comes escaped for Markdown (code
# spans: the host, topology spec and last cell), names are checked: nothing
# here escapes again, and nothing pasted can open a tag, link or span.

write_report() {
	local r=$dir/report.md w p
	{
		echo "# rssbench results: $(meta name_md)"
		echo
		[ -z "$busy_mark" ] || { echo "**$(busy_line)**"; echo; }
		echo "Host \`$(meta host)\`, $(meta cpu_model | sed 's/ *$//'), Linux $(meta kernel_release);" \
		     "topology \`$(meta topology_spec)\` ($(meta topology_kind), $pus_w); started $(meta started);" \
		     "rssbench $(meta tool_version) revision $(meta git_revision)."
		echo
		[ "$(meta complete)" != false ] ||
			{ echo "**Partial run:** interrupted after cell \`$(meta last_cell)\`; the numbers below cover the cells it finished."; echo; }
		if [ "$kind" = virtual ]; then
			echo "**Virtual topology:** its $pus_w were threads oversubscribed on this machine's" \
			     "$(meta host_pus) PUs, so the cycle counts below do not describe a real machine" \
			     "(error and memory numbers do)."
			echo
		fi
		local unc
		unc=$(meta papi_uncounted)
		echo "**PMU:** $(meta papi_backend), $(meta papi_status)${unc:+; not counted: $unc}."
		echo
		[ -n "$gnuplot" ] || { echo "Images not drawn ($why): run \`cd plots && gnuplot *.gp\`."; echo; }
		# The kernels scenario's rows are per guest: its own section instead (plot-kernels.sh).
		if [ "$(meta scenario)" = kernels ]; then kernels_table; else
		echo "## Headline"
		echo
		echo "Cost: median cycles/op over percpu's in the same cell at $threads_w, migration" \
		     "\`$time_mig\`, with the 95 % interval where the repetitions allow one. Error and memory at" \
		     "$hcpus CPUs from the schemes' formulas (one task per CPU; footprint.csv)."
		echo
		headline_table
		for w in $workloads; do
			echo
			echo "### $w"
			echo
			workload_table "$w"
		done
		echo
		fi
		claims_table "$dir"
		echo "## Plots"
		echo
		echo "Each image has a gnuplot script beside it in plots/ holding its numbers:" \
		     "restyle it and redraw with \`cd plots && gnuplot NAME.gp\` (doc/plots.md)."
		for p in "${plots[@]}"; do
			echo
			echo "- [${p%%|*}](plots/${p%%|*}.png) ([SVG](plots/${p%%|*}.svg), [script](plots/${p%%|*}.gp)): ${p#*|}"
		done
		# The plots this run cannot have, and why (plot-figs.sh, cost).
		for p in "${unavailable[@]}"; do
			echo
			echo "- ${p%%|*}: ${p#*|}."
		done
		for p in "${plots[@]}"; do
			echo
			echo "![${p%%|*}](plots/${p%%|*}.png)"
		done
		if [ -n "$(meta compare_link)" ]; then
			echo
			echo "## Comparison"
			echo
			echo "Compared with other results directories: [$(meta compare_link_md)]($(meta compare_link))."
		fi
	} >"$r.tmp" && mv "$r.tmp" "$r"
}

# The line report.md opens with on a busy or noisy run: run's own (meta.json
# noise.line, escaped for Markdown), else one from its figures.
busy_line() {
	local l
	l=$(meta noise_line)
	if [ -n "$l" ]; then echo "$l."; return; fi
	echo "$busy_mark."
}

# The ratio column: "0.93 [0.90, 0.97]", or the reason there is none.
ratio_cell() {	# ratio_cell WORKLOAD THREADS SCHEME
	[ -n "$ratios" ] || { echo "unavailable (no ratios)"; return; }
	[ "$3" != percpu ] || { echo "1 (reference)"; return; }
	echo "$ratios" | awk -F, -v w="$1" -v t="$2" -v m="$time_mig" -v s="$3" "$AWKLIB"'
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	v("workload") == w && v("threads") == t && v("migration") == m && v("scheme") == s {
		if (na(v("ratio"))) { sub(/^ratio: /, "", $NF); print "unavailable (" $NF ")"; exit }
		if (na(v("lo"))) printf "%.3f (no interval: %d rep%s)\n", v("ratio"), v("reps"), v("reps") == 1 ? "" : "s"
		else printf "%.3f [%.3f, %.3f]\n", v("ratio"), v("lo"), v("hi")
		exit
	}'
}

headline_table() {
	local upd=update s fp
	echo "$workloads" | grep -qx update || upd=fault
	fp=$(footprint_at "$hcpus")
	echo "| scheme | fork+exit ÷ percpu | $upd ÷ percpu | bound at $hcpus CPUs (pages) | bytes per mm at $hcpus CPUs | $(echo "$fp" | awk -F, 'NR == 1 { print $5 }') mms |"
	echo "|---|--:|--:|--:|--:|--:|"
	for s in $schemes; do
		echo "| $s | $(ratio_cell fork "$max_threads" "$s") | $(ratio_cell "$upd" "$max_threads" "$s") | $(echo "$fp" | awk -F, -v s="$s" "$AWKLIB"'
			$1 == s { printf "%d | %d | %s", $3, $2, human($4); f = 1 }
			END { if (!f) printf "unavailable (no formula: the kernel'"'"'s own) | unavailable (the kernel'"'"'s own) | -" }') |"
	done
}

# Per workload: cycles at 1 and max threads with spread and noisy flag where
# summary.csv has them, the ratio to percpu, errors, bound, verify.
workload_table() {
	local w=$1 s
	csv "$dir/summary.csv" '
	BEGIN { vt = kind == "virtual" ? " (virtual)" : "" }
	function cell(x, name) {
		if (!na(x)) return name ~ /err|bound|bytes/ ? sprintf("%.0f", x) : sprintf("%.0f", x)
		if (x ~ /^unavailable/) return x
		r = notes
		if (match(r, name ": [^~]*")) return "unavailable (" substr(r, RSTART + length(name) + 2, RLENGTH - length(name) - 2) ")"
		return "unavailable"
	}
	function spread() {	# cycles_spread of summary.csv, else from min and max (older runs)
		if ("cycles_spread" in col) return na(v("cycles_spread")) ? "unavailable (one repetition)" : sprintf("%.0f %%", 100 * v("cycles_spread"))
		if (!na(v("cycles_per_op_min")) && v("cycles_per_op_median") > 0)
			return sprintf("%.0f %%", 100 * (v("cycles_per_op_max") - v("cycles_per_op_min")) / v("cycles_per_op_median"))
		return "-"
	}
	function noisy() { return !("noisy" in col) || na(v("noisy")) ? "-" : v("noisy") == 1 ? "**noisy**" : "no" }
	v("workload") == w && v("migration") == tm {
		notes = v("notes"); s = v("scheme")
		if (!(s in seen)) { seen[s] = 1; order[++n] = s }
		if (v("threads") == 1) c1[s] = cell(v("cycles_per_op_median"), "cycles_per_op_median")
		if (v("threads") == mt) { cn[s] = cell(v("cycles_per_op_median"), "cycles_per_op_median"); raw[s] = v("cycles_per_op_median")
			if (s == "empty" && !na(v("cycles_per_op_min")) && !na(v("cycles_per_op_max"))) hs = v("cycles_per_op_max") - v("cycles_per_op_min")
			sp[s] = spread(); nz[s] = noisy() }
	}
	v("workload") == w && v("migration") == em && v("threads") == mt {
		notes = v("notes"); s = v("scheme")
		settled[s] = cell(v("settled_err_max"), "settled_err_max"); inrun[s] = cell(v("err_max"), "err_max")
		bound[s] = cell(v("bound_under"), "bound_under"); ok[s] = v("verify")
		if (ok[s] != "ok" && ok[s] !~ /^FAILED/ && match(notes, "verify: [^~]*")) ok[s] = ok[s] " (" substr(notes, RSTART + 8, RLENGTH - 8) ")"
	}
	END {
		# The counter alone: a row minus the harness (the empty scheme) at the same threads.
		h = ("empty" in raw) && !na(raw["empty"]) ? raw["empty"] : ""
		ts = mt == 1 ? "" : "s"
		printf "| scheme | cycles/op, 1 thread%s | cycles/op, %d thread%s%s | counter cycles/op, %d thread%s (minus empty) | spread | noisy | settled error | in-run max | bound | verify |\n", vt, mt, ts, vt, mt, ts
		print "|---|--:|--:|--:|--:|---|--:|--:|--:|---|"
		for (i = 1; i <= n; i++) {
			s = order[i]
			# Below the harness'"'"'s own spread (max - min of empty), or negative:
			# not the counter'"'"'s cost but the harness'"'"'s noise, so said as such.
			net = h == "" || s == "empty" || na(raw[s]) ? "-" : raw[s] - h
			if (net != "-" && (net < 0 || (hs != "" && net < hs))) { net = sprintf("below the harness'"'"'s spread (±%.0f)", hs + 0); below = 1 }
			else if (net != "-") net = sprintf("%.1f", net)
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s, s in c1 ? c1[s] : "-", s in cn ? cn[s] : "-",
				net, sp[s], nz[s], settled[s], inrun[s], bound[s], ok[s]
		}
		if (h == "") print "\nHarness alone: not measured (the run had no `empty` scheme)."
		else printf "\nHarness alone (`empty`): %.0f cycles/op at %d thread%s%s; every row includes it, the \"minus empty\" column takes it out%s.\n", h, mt, ts,
			hs == "" ? "" : sprintf(", varying by %.0f (max − min over repetitions)", hs),
			below ? "; a difference smaller than that variation (or negative) is the harness'"'"'s noise, not the counter'"'"'s cost, and is shown as below its spread" : ""
	}' -v w="$w" -v tm="$time_mig" -v em="$err_mig" -v mt="$max_threads" -v kind="$kind"
	echo
	echo "Cycles: migration \`$time_mig\`; spread: (max − min) / median over $reps_w at $threads_w," \
	     "noisy: their IQR above 10 % of the median." \
	     "Errors in pages at $threads_w, migration \`$err_mig\`, max over repetitions; the bound is the settled one."
}

