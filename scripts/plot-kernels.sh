# plot-kernels.sh - report.md's Kernels section for the kernels scenario
# (sourced by plot; doc/scenarios.md, "kernels"): native against the port of
# its kernel's scheme in each guest, per kernel and vCPU count, from the
# export (summary.csv's and cells.csv's kernel columns, meta.txt's guests).

# kernels_table: the section, from $dir's export.
kernels_table() {
	local i=0 g why
	echo "## Kernels"
	echo
	echo "Each port against the kernel it ports, one qemu guest per kernel and vCPU count" \
	     "(\`rssbench guest\`, doc/guest.md): \`native\` is the guest kernel's own counter, read" \
	     "through /proc and verified by the page-table walk; the port ran in the same guest on the" \
	     "same cells (fault, one task per worker, no migration). Errors in pages, max over" \
	     "repetitions; the bound is each one's own (native's: the kernel's, for its real threads" \
	     "and CPUs). Timings in a guest describe no machine. The verdicts are in Claims below."
	echo
	echo "| kernel | vCPUs | era native found | scheme | settled error | in-run max | bound | verify |"
	echo "|---|--:|---|---|--:|--:|--:|---|"
	{
		csv "$dir/cells.csv" '{ print "E," v("kernel") "," v("kernel_era") }'
		csv "$dir/summary.csv" '{ print "S," v("kernel") "," v("vcpus") "," v("scheme") "," v("settled_err_max") "," v("err_max") "," v("bound_under") "," v("verify") }'
	} | awk -F, '
		$1 == "E" { era[$2] = $3; next }
		{ print $2 "," $3 "," ($4 == "native" ? 0 : 1) "," $4 "," $5 "," $6 "," $7 "," $8 "," era[$2] }' |
	sort -t, -k1,1V -k2,2n -k3,3n | awk -F, '
		{ printf "| %s | %d | %s | %s | %s | %s | %s | %s |\n", $1, $2, $9 == "" ? "-" : $9, $4,
			$5 == "NA" ? "NA" : $5, $6 == "NA" ? "NA" : $6, $7 == "NA" ? "unavailable" : $7, $8 }'
	while g=$(meta "kernel_guest_$i") && [ -n "$g" ]; do
		why=$(meta "kernel_guest_why_$i")
		case $g in
		*:ok) ;;
		*) echo "| ${g%%:*} | $(echo "$g" | cut -d: -f2) | - | - | not measurable here (${g##*:}: ${why:-no reason recorded}) | - | - | - |" ;;
		esac
		i=$((i + 1))
	done
	echo
}
