# plot-figs.sh - the figures that choose a scheme (sourced by plot; doc/plots.md):
# the scaling curve, the trade-off, and the per-workload error panels faceted
# into one figure each.  As in plot-dir.sh, $dir is the export rssbench wrote
# (names checked, numbers reprinted); nothing else is read.

# scheme_arrays NAME...: gnuplot arrays sname and scol for the schemes given.
scheme_arrays() {
	local s names= cols=
	for s in "$@"; do
		names="$names, '$s'"
		cols="$cols, '$(awk -v s="$s" "$AWKLIB"'BEGIN { print colour(s) }')'"
	done
	echo "array sname[$#] = [${names#, }]"
	echo "array scol[$#] = [${cols#, }]"
}

# timing_note: the words every timed axis carries on a virtual or guest topology.
timing_note() {
	case $kind in
	virtual) echo " (VIRTUAL topology: threads oversubscribed on $(meta host_pus) PUs)" ;;
	guest) echo " (GUEST: timed inside a VM)" ;;
	esac
}

# rss_caps: "workload,pages" where summary.csv's notes say the cells at the
# largest thread count were capped by RSS (results-format.md: an mm held
# fewer pages than the bound, so its errors are NA); the pages are the
# note's number, reprinted.
rss_caps() {
	csv "$dir/summary.csv" 'v("threads") == mt && match(v("notes"), /capped by RSS \([0-9]+ pages/) {
		x = substr(v("notes"), RSTART + 15, RLENGTH - 21) + 0; if (x > c[v("workload")]) c[v("workload")] = x }
	END { for (w in c) printf "%s,%d\n", w, c[w] }' -v mt="$max_threads"
}

# cap_array: gnuplot's wcap, per workload the pages that cap every error
# of its cells at the largest thread count (0: none): a capped cell's RSS
# (rss_caps), else for fault the pages x tasks an mm holds.
cap_array() {
	local w cap caps= tpm rc pages
	rc=$(rss_caps)
	pages=$(meta pages)
	for w in $workloads; do
		cap=$(echo "$rc" | awk -F, -v w="$w" '$1 == w { print $2 }')
		if [ -z "$cap" ]; then
			cap=0
			tpm=$(csv "$dir/cells.csv" 'v("workload") == w && v("threads") == mt { print v("tasks_per_mm"); exit }' -v w="$w" -v mt="$max_threads")
			[ "$w" = fault ] && [ -n "$pages" ] && [ -n "$tpm" ] && [ "$tpm" != NA ] &&
				cap=$(awk -v p="$pages" -v t="$tpm" 'BEGIN { printf "%.0f", p * t }')
		fi
		caps="$caps, $cap"
	done
	echo "array wcap[$(echo "$workloads" | wc -l)] = [${caps#, }]"
}

# scaling GP_DIR: cycles per operation against threads, one panel per
# workload, one line per scheme (the median over repetitions) with every
# repetition as a dot; cells without migration (time_mig), the first
# placement of each thread count.
scaling() {
	local pd=$1 data nw
	data=$(csv "$dir/cells.csv" '
	BEGIN { nw = split(wls, wl, "\n"); for (k = 1; k <= nw; k++) wi[wl[k]] = k
		n = split(all, s, "\n"); for (k = 1; k <= n; k++) y[s[k]] = k }
	v("migration") == tm && !na(v("cycles_per_op")) && (v("workload") in wi) && (v("scheme") in y) {
		k = v("workload") SUBSEP v("threads")
		if (!(k in pl)) pl[k] = v("placement")
		if (pl[k] == v("placement")) print wi[v("workload")] "," y[v("scheme")] "," v("threads") "," v("cycles_per_op")
	}' -v tm="$time_mig" -v wls="$workloads" -v all="$schemes" | sort -t, -k1,1n -k2,2n -k3,3n)
	if [ -z "$data" ]; then
		unavailable+=("scaling|unavailable (no cycles/op measured: $(untimed_reason))")
		return 0
	fi
	nw=$(echo "$workloads" | wc -l)
	{
		echo "head = 'cycles per operation against threads (migration $time_mig)$(timing_note)'.\"\\n\".'line: the median over $reps_w; dots: each repetition'"
		echo "ylab = 'cycles/op$([ -z "$(timing_note)" ] || echo " ($(echo "$kind" | tr a-z A-Z))")'"
		local w ws=
		for w in $workloads; do ws="$ws, '$w'"; done
		echo "array wname[$nw] = [${ws#, }]"
		# shellcheck disable=SC2086
		scheme_arrays $schemes
		echo "$data" | awk -F, -v nw="$nw" '
		function med(s,   a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{ k = $1 SUBSEP $2 SUBSEP $3; if (!(k in vals)) key[++nk] = k; vals[k] = vals[k] " " $4
		  rep[$1] = rep[$1] $2 "," $3 "," $4 "\n"
		  x = $3 + 0; c = $4 + 0; if (!(($1, x) in xs)) { xs[$1, x] = 1; tics[$1] = tics[$1] (tics[$1] == "" ? "" : ", ") x }
		  if (!($1 in xn) || x < xn[$1]) xn[$1] = x; if (x > xm[$1]) xm[$1] = x
		  if (c > 0 && (!($1 in yn) || c < yn[$1])) yn[$1] = c; if (c > ym[$1]) ym[$1] = c }
		END {
			# per panel: the axes, log where the range needs it
			for (w = 1; w <= nw; w++) {
				if (!(w in xn)) { xn[w] = 1; xm[w] = 2; yn[w] = 1; ym[w] = 10 }
				lx = lx sprintf("%s%d", w > 1 ? ", " : "", xm[w] / xn[w] >= 4)
				ly = ly sprintf("%s%d", w > 1 ? ", " : "", yn[w] > 0 && ym[w] / yn[w] >= 20)
				x0 = x0 sprintf("%s%g", w > 1 ? ", " : "", xn[w]); x1 = x1 sprintf("%s%g", w > 1 ? ", " : "", xm[w])
				y0 = y0 sprintf("%s%g", w > 1 ? ", " : "", yn[w] > 0 ? yn[w] : 1); y1 = y1 sprintf("%s%g", w > 1 ? ", " : "", ym[w] > 0 ? ym[w] : 1)
			}
			printf "array xlog[%d] = [%s]\narray ylog[%d] = [%s]\n", nw, lx, nw, ly
			# x tics at the thread counts run (the dots beside them are shifted apart)
			printf "array xtic[%d] = [", nw
			for (w = 1; w <= nw; w++) printf "%s\x27set xtics (%s)\x27", (w > 1 ? ", " : ""), (w in tics ? tics[w] : "1")
			print "]"
			printf "array xlo[%d] = [%s]\narray xhi[%d] = [%s]\n", nw, x0, nw, x1
			printf "array ylo[%d] = [%s]\narray yhi[%d] = [%s]\n", nw, y0, nw, y1
			print "$med << EOD"
			for (w = 1; w <= nw; w++) {
				if (w > 1) printf "\n\n"
				m = 0
				for (i = 1; i <= nk; i++) {
					split(key[i], f, SUBSEP)
					if (f[1] != w) continue
					n = split(vals[key[i]], a, " "); lo = hi = a[1] + 0
					for (j = 2; j <= n; j++) { if (a[j] + 0 < lo) lo = a[j] + 0; if (a[j] + 0 > hi) hi = a[j] + 0 }
					# a blank line between schemes: each line joins one scheme only
					if (m && f[2] != ps) print ""
					printf "%s,%s,%s,%s,%s\n", f[2], f[3], med(vals[key[i]]), lo, hi; m = 1; ps = f[2]
				}
				if (!m) print "NA,NA,NA,NA,NA"
			}
			print "EOD"
			print "$reps << EOD"
			for (w = 1; w <= nw; w++) {
				if (w > 1) printf "\n\n"
				printf "%s", ((w in rep) ? rep[w] : "NA,NA,NA\n")
			}
			print "EOD"
		}'
	} | emit "$pd" scaling scaling "cycles per operation against threads per scheme, per workload"
	plots+=("scaling|The scaling curve: each scheme's cycles per operation against the threads running the workload (one panel per workload; log axes where the range needs them), the line through the medians over repetitions and a dot for every repetition, so the spread shows.")
}

# untimed_reason: why a run has no cycles to draw.
untimed_reason() {
	if csv "$dir/cells.csv" 'index(v("notes"), "--model-only") { f = 1; exit } END { exit !f }'; then
		echo "not timed: a --model-only run"
	else
		echo "no cell was timed"
	fi
}

# tradeoff GP_DIR: per scheme, the cost (median cycles/op of the update
# workload, else fault, at the largest thread count, bar: min to max over
# repetitions) against the error bound and against the bytes per mm at
# hcpus CPUs (the formulas of footprint.csv), one labelled point per scheme.
tradeoff() {
	local pd=$1 upd=update fp rows
	echo "$workloads" | grep -qx update || upd=fault
	fp=$(footprint_at "$hcpus")
	rows=$(csv "$dir/summary.csv" '
	BEGIN { nf = split(fp, lines, "\n")
		for (k = 1; k <= nf; k++) { split(lines[k], f, ","); b[f[1]] = f[3]; mem[f[1]] = f[2] } }
	v("workload") == w && v("threads") == mt && v("migration") == tm && !na(v("cycles_per_op_median")) && !seen[v("scheme")]++ {
		s = v("scheme")
		printf "%s,%s,%s,%s,%s,%s,%s\n", s, v("cycles_per_op_median"), v("cycles_per_op_min"), v("cycles_per_op_max"),
			((s in b) && !na(b[s]) ? b[s] : "NA"), ((s in mem) && !na(mem[s]) ? mem[s] : "NA"), rgbnum(s)
	}' -v w="$upd" -v mt="$max_threads" -v tm="$time_mig" -v fp="$fp")
	if [ -z "$rows" ]; then
		unavailable+=("tradeoff|unavailable (no $upd cycles/op at $threads_w: $(untimed_reason))")
		return 0
	fi
	if [ -z "$(echo "$rows" | awk -F, '$1 != "empty" && !($5 == "NA" && $6 == "NA")')" ]; then
		unavailable+=("tradeoff|unavailable (no scheme with an error or memory formula besides empty, the harness alone)")
		return 0
	fi
	{
		echo "head = 'the trade-off: $upd cost at $threads_w on this machine$(timing_note)'.\"\\n\".'against the worst-case error and the memory per mm at $hcpus CPUs (from the formulas)'"
		echo "xlab = '$upd cycles/op, $threads_w (median; bar: min to max over $reps_w)'"
		echo "err_title = 'worst-case settled error at $hcpus CPUs (one task per CPU)'"
		echo "mem_title = 'counter bytes per mm at $hcpus CPUs'"
		# One awk pass: the axes (from the schemes drawn: a formula, not
		# empty), then each point's label where no label already placed lies
		# within 14 % of the width and 5 % of the height (in the plotted,
		# log or linear, coordinates): crowded points are named by the key.
		# empty (the harness alone) is the cost floor, a line, not a point.
		echo "$rows" | awk -F, '
		{ r[++n] = $0 }
		$1 == "empty" { harness = $2 + 0; next }
		$5 == "NA" && $6 == "NA" { nf = nf (nf == "" ? "" : ", ") sprintf("%s (%.4g cycles/op)", $1, $2); next }
		{ c = $2 + 0; if (!nd++ || c < xn) xn = c; if (c > xm) xm = c
		  if ($3 != "NA" && $3 + 0 > 0 && $3 + 0 < xn) xn = $3 + 0; if ($4 != "NA" && $4 + 0 > xm) xm = $4 + 0
		  if ($5 != "NA" && $5 + 0 > em) em = $5 + 0; if ($6 != "NA" && $6 + 0 > mm) mm = $6 + 0 }
		function px(x) { return xlog ? log(x / (xn / 1.5)) / log(xm * 1.5 / (xn / 1.5)) : x / (xm * 1.15) }
		function py(y, lo, hi) { return log((y < lo ? lo : y) / lo) / log(hi / lo) }
		function place(q, x, y,   k) {	# 1: a label at (x, y) of panel q is clear of the others
			for (k = 1; k <= nl[q]; k++) if (x - lx[q, k] < 0.14 && lx[q, k] - x < 0.14 && (y - ly[q, k]) ^ 2 < 0.0025) return 0
			nl[q]++; lx[q, nl[q]] = x; ly[q, nl[q]] = y; return 1
		}
		END {
			if (xn <= 0) xn = 1
			if (!nd) { xn = 1; xm = 10 }
			xlog = xm / xn >= 20; em = em < 1 ? 1 : em; mm = mm < 10 ? 10 : mm
			printf "xlo = %g\nxhi = %g\nxlog = %d\nerr_max = %g\nmem_max = %g\nharness = %g\n", xn, xm, xlog, em, mm, (harness > 0 ? harness : -1)
			printf "noformula = \x27%s\x27\n", (nf == "" ? "" : "no formula, not drawn: " nf)
			print "$t << EOD"
			for (i = 1; i <= n; i++) {
				split(r[i], f, ",")
				if (f[1] == "empty" || (f[5] == "NA" && f[6] == "NA")) continue
				x = px(f[2] + 0)
				# ("-": no label; gnuplot misreads an empty last field)
				le = f[5] != "NA" && place(1, x, py(f[5] < 1 ? 0.5 : f[5] + 0, 0.4, em * 4)) ? f[1] : "-"
				lm = f[6] != "NA" && place(2, x, py(f[6] + 0, 8, mm * 4)) ? f[1] : "-"
				print f[2] "," f[3] "," f[4] "," f[5] "," f[6] "," f[7] "," f[1] "," le "," lm
			}
			print "EOD"
		}'
		local drawn
		drawn=$(echo "$rows" | awk -F, '$1 != "empty" && !($5 == "NA" && $6 == "NA") { print $1 }')
		# shellcheck disable=SC2086
		scheme_arrays $drawn
	} | emit "$pd" tradeoff tradeoff "cost against error and memory per scheme at $hcpus CPUs"
	plots+=("tradeoff|The trade-off: each scheme's $upd cost at $threads_w (median cycles/op, bar min to max over repetitions) against its worst-case settled error (left) and its counter bytes per mm (right) at $hcpus CPUs, from the formulas; down and left is better on both.")
}

# error_facets GP_DIR: one panel per workload at the largest thread count:
# each scheme's settled bound (bar), and per migration policy (shape) the
# settled error (filled) and the largest in-run error (open), max over
# repetitions; for fault the RSS the mm held, which caps every error.
error_facets() {
	local pd=$1 pages w nw
	pages=$(meta pages)
	nw=$(echo "$workloads" | wc -l)
	{
		echo "head = 'error of the cheap read at $threads_w against the proven settled bound (max over $reps_w)'"
		echo "nsch = $nsch"
		echo "ytics_cmd = '$ytics'"
		local ws=
		for w in $workloads; do ws="$ws, '$w'"; done
		echo "array wname[$nw] = [${ws#, }]"
		cap_array
		csv "$dir/summary.csv" '
		BEGIN { n = split(all, s, "\n"); for (k = 1; k <= n; k++) y[s[k]] = k; np = split(migs, pm, " ")
			for (p = 1; p <= np; p++) pi[pm[p]] = p
			nw = split(wls, wl, "\n"); for (k = 1; k <= nw; k++) wi[wl[k]] = k }
		v("threads") == mt && (v("workload") in wi) && (v("scheme") in y) {
			w = wi[v("workload")]; k = w SUBSEP y[v("scheme")]; p = pi[v("migration")]
			if (!na(v("bound_under")) && (!(k in b) || b[k] == "NA" || v("bound_under") + 0 > b[k])) b[k] = v("bound_under") + 0
			else if (!(k in b)) b[k] = "NA"
			st = na(v("settled_err_max")) ? "NA" : v("settled_err_max"); ir = na(v("err_max")) ? "NA" : v("err_max")
			if (st != "NA" || ir != "NA") meas[w] = meas[w] sprintf("%.3f,%s,%s,%d,%d\n", y[v("scheme")] + 0.5 * (p - (np + 1) / 2) / np, st, ir, pts(v("migration"), 1), pts(v("migration"), 0))
			for (q = 1; q <= 3; q++) { x = q == 1 ? b[k] : q == 2 ? st : ir; if (x != "NA" && x + 0 > xm[w]) xm[w] = x + 0 }
			col[k] = rgbnum(v("scheme"))
			# errors NA because the mm held fewer pages than the bound: said on the row
			if (match(v("notes"), /capped by RSS \([0-9]+ pages/)) capn[k] = substr(v("notes"), RSTART + 15, RLENGTH - 21) + 0
			got[v("migration")] = 1
		}
		# the shape of a migration policy, as in error-vs-cpus: filled settled, open in-run
		function pts(m, filled) { return (m ~ /:random$/ || m ~ /^every:[0-9]+$/ ? 7 : m ~ /:next$/ ? 9 : m == "none" ? 5 : 13) - !filled }
		END {
			printf "array xmax[%d] = [", nw; for (w = 1; w <= nw; w++) printf "%s%g", (w > 1 ? ", " : ""), (xm[w] < 1 ? 1 : xm[w]); print "]"
			# the policies of the key, in the order run
			for (p = 1; p <= np; p++) if (pm[p] in got) { kn = kn sprintf("%s\x27migration %s\x27", kn == "" ? "" : ", ", pm[p]); kp = kp sprintf("%s%d", kp == "" ? "" : ", ", pts(pm[p], 1)); nk++ }
			printf "array pname[%d] = [%s]\narray ppt[%d] = [%s]\n", nk, kn, nk, kp
			print "$b << EOD"
			for (w = 1; w <= nw; w++) {
				if (w > 1) printf "\n\n"
				m = 0
				for (i = 1; i <= n; i++) {
					k = w SUBSEP i
					if (!(k in b)) continue
					printf "%d,%s,%s,%s,%s\n", i, b[k], col[k], (b[k] == "NA" ? "no bound" : "bound " b[k]) ((k in capn) ? " (capped)" : ""), (b[k] == "NA" ? 0.5 : b[k]); m = 1
				}
				if (!m) print "-9,NA,0,-,0.5"
			}
			print "EOD"
			print "$m << EOD"
			for (w = 1; w <= nw; w++) { if (w > 1) printf "\n\n"; printf "%s", ((w in meas) ? meas[w] : "NA,NA,NA,NA,NA\n") }
			print "EOD"
		}' -v mt="$max_threads" -v all="$schemes" -v migs="$migrations" -v wls="$workloads"
	} | emit "$pd" error error "the error at $threads_w against the bound, one panel per workload"
	local s="The error at $threads_w, one panel per workload: each scheme's settled bound (bar, its value beside it) and, per migration policy (shape), the settled error (filled) and the largest in-run error (open), max over repetitions"
	s="$s; a dashed line is the RSS an mm held where that caps every error (fault: $pages pages × its tasks; a cell whose RSS stayed below the bound is marked capped and its errors are NA, results-format.md), so a bound beyond it is not tested here"
	plots+=("error|$s.")
}

# errtrace_facets GP_DIR: one panel per workload: the largest error over
# time in one cell (largest thread count, err_mig, repetition 1; each point
# the largest of its millisecond), every scheme whose error was not 0 in
# its colour, its settled bound dashed; the x axis the drawn series' time.
errtrace_facets() {
	local pd=$1 body
	body=$(csv "$dir/errtrace.csv" '
	BEGIN { nw = split(wls, wl, "\n"); for (k = 1; k <= nw; k++) wi[wl[k]] = k
		n = split(all, s, "\n"); for (k = 1; k <= n; k++) y[s[k]] = k }
	v("threads") == mt && v("migration") == m && v("rep") == 1 && (v("workload") in wi) && (v("scheme") in y) {
		k = wi[v("workload")] SUBSEP y[v("scheme")]
		if (!(k in pts)) ran[k] = 1
		pts[k] = pts[k] sprintf("%.3f,%s\n", v("t_s") * 1000, v("max_err"))
		if (!na(v("max_err")) && v("max_err") + 0 > 0) nz[k] = 1
		# the time axis: from the first point to the last with an error (a
		# series that stays 0 after its peak does not stretch it)
		t = v("t_s") * 1000; if (!(k in t0) || t < t0[k]) t0[k] = t
		if (!na(v("max_err")) && v("max_err") + 0 > 0 && t > t1[k]) t1[k] = t
	}
	function wrap(l,   a, n, i, o) {
		n = split(l, a, ", ")
		for (i = 1; i <= n; i++) o = o (i == 1 ? "" : (i - 1) % 5 ? ", " : ",\\n") a[i]
		return o
	}
	END {
		# the bounds of the cells, from cells.csv
		while ((getline line < cells) > 0) {
			nf = split(line, f, ",")
			if (!hdr) { for (i = 1; i <= nf; i++) c[f[i]] = i; hdr = 1; continue }
			if (f[c["threads"]] != mt || f[c["migration"]] != m || f[c["rep"]] != 1 || !(f[c["workload"]] in wi) || !(f[c["scheme"]] in y)) continue
			bd[wi[f[c["workload"]]] SUBSEP y[f[c["scheme"]]]] = na(f[c["bound_under"]]) ? -1 : f[c["bound_under"]]
		}
		for (w = 1; w <= nw; w++) {
			zero = ""; lo = hi = ""; dw = 0
			for (i = 1; i <= n; i++) {
				k = w SUBSEP i
				if (!(k in ran)) continue
				if (!(k in nz)) { zero = zero (zero == "" ? "" : ", ") s[i]; continue }
				used[i] = 1; dw = 1
				if (lo == "" || t0[k] < lo) lo = t0[k]; if (hi == "" || t1[k] > hi) hi = t1[k]
			}
			# the time of the drawn series, a little room either side; none drawn: 0 to 1 ms
			if (!dw) { lo = 0; hi = 1 }
			if (hi - lo < 0.01) { lo -= 0.5; hi += 0.5 } else hi += 0.03 * (hi - lo)
			x0 = x0 sprintf("%s%.3f", w > 1 ? ", " : "", lo < 0 ? 0 : lo); x1 = x1 sprintf("%s%.3f", w > 1 ? ", " : "", hi)
			# (in double quotes, a line break every five names; names hold no \ or ")
			zl = zl sprintf("%s\"%s\"", w > 1 ? ", " : "", zero == "" ? "" : "0 throughout (not drawn): " wrap(zero))
		}
		printf "array tlo[%d] = [%s]\narray thi[%d] = [%s]\narray wzero[%d] = [%s]\n", nw, x0, nw, x1, nw, zl
		# one index per series drawn, j: panel w holds wfirst[w] to wlast[w]
		# (none: wfirst > wlast), of scheme tsch[j] with bound tbound[j] (-1: none)
		for (w = 1; w <= nw; w++) {
			wf = wf sprintf("%s%d", w > 1 ? ", " : "", nj + 1)
			for (i = 1; i <= n; i++) {
				k = w SUBSEP i
				if (!(k in nz)) continue
				nj++; sj = sj sprintf("%s%d", nj > 1 ? ", " : "", i)
				bj = bj sprintf("%s%s", nj > 1 ? ", " : "", (k in bd) ? bd[k] : -1)
				series = series (nj > 1 ? "\n\n" : "") pts[k]
			}
			wl_ = wl_ sprintf("%s%d", w > 1 ? ", " : "", nj)
		}
		printf "array wfirst[%d] = [%s]\narray wlast[%d] = [%s]\n", nw, wf, nw, wl_
		if (nj) printf "array tsch[%d] = [%s]\narray tbound[%d] = [%s]\n", nj, sj, nj, bj
		printf "array used[%d] = [", n; for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? ", " : ""), (i in used); print "]"
		print "$tr << EOD"
		printf "%s", nj ? series : "NA,NA\n"
		print "EOD"
		if (!anyran) for (k in ran) anyran = 1
		exit !anyran
	}' -v wls="$workloads" -v all="$schemes" -v mt="$max_threads" -v m="$err_mig" -v cells="$dir/cells.csv") || {
		unavailable+=("errtrace|unavailable (no error samples at $threads_w, migration $err_mig: errtrace.csv has none)")
		return 0
	}
	local nw ws= w
	nw=$(echo "$workloads" | wc -l)
	for w in $workloads; do ws="$ws, '$w'"; done
	{
		echo "head = 'largest error of the cheap read over time in one cell: $threads_w, migration $err_mig, repetition 1'.\"\\n\".'each point the largest error of its millisecond; dashed: the settled bound'"
		echo "array wname[$nw] = [${ws#, }]"
		cap_array
		# shellcheck disable=SC2086
		scheme_arrays $schemes
		echo "$body"
	} | emit "$pd" errtrace errtrace "the error over time in one cell per workload"
	plots+=("errtrace|The largest error over time in one cell per workload ($threads_w, $err_mig, repetition 1; each point the largest error of its millisecond), every scheme that was not exact in its colour with its settled bound dashed; the schemes that stayed exact are named in each panel.")
}
