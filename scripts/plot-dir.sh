# plot-dir.sh - the plots of one results directory (sourced by plot; doc/plots.md).
# Each function writes one gnuplot script (variables, data, template) through emit.
# $dir is the export rssbench wrote (names checked, numbers reprinted): the
# names pasted into gnuplot below are [a-z0-9][a-z0-9_.:+-]*, text is the
# name_gp field, escaped for a gnuplot string.

# Groups of schemes whose series are identical, from CSV lines
# "scheme,x,y" on stdin (in scheme order): one line per group,
# "name1 = name2 ...|first scheme", identical series named together.
group_series() {
	awk -F, '
	!($1 in sig) { order[++n] = $1 }
	{ sig[$1] = sig[$1] " " $2 ":" $3 }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			if (sig[s] in first) { name[first[sig[s]]] = name[first[sig[s]]] " = " s; continue }
			first[sig[s]] = s; name[s] = s; g[++ng] = s
		}
		for (i = 1; i <= ng; i++) print name[g[i]] "|" g[i]
	}'
}

# error_vs_cpus GP_DIR DIR...: the bound per CPU count (the first directory's
# footprint.csv) as lines, every directory's settled errors as points.
error_vs_cpus() {
	local od=$1 d
	shift
	local fp=$1/footprint.csv
	[ -f "$fp" ] && [ -z "$(has_columns "$fp" scheme cpus bound_under)" ] || return 0
	local groups
	# Largest bound first: each panel then holds schemes of one order of growth.
	groups=$(csv "$fp" '{ print v("scheme") "," v("cpus") "," v("bound_under") }' | group_series |
		while IFS='|' read -r name first; do
			echo "$(csv "$fp" 'v("scheme") == s && v("cpus") + 0 >= m { m = v("cpus") + 0; b = v("bound_under") } END { print b + 0 }' -v s="$first")|$name|$first"
		done | sort -t'|' -k1,1nr -s)
	local ng np=0 i=0 names= cols= gf= gl= bound= meas=
	ng=$(echo "$groups" | grep -c .)
	if [ "$ng" = 0 ]; then
		unavailable+=("error-vs-cpus|unavailable (no scheme of the run has an error formula in footprint.csv)")
		return 0
	fi
	while IFS='|' read -r top name first; do
		i=$((i + 1))
		if [ $(((i - 1) % 4)) = 0 ]; then np=$((np + 1)); gf="$gf, $i"; fi
		[ $((i % 4)) = 0 ] || [ $i = "$ng" ] && gl="$gl, $i"
		names="$names, '$name'"
		cols="$cols, '$(awk -v s="$first" "$AWKLIB"'BEGIN { print colour(s) }')'"
		bound="$bound$(csv "$fp" 'v("scheme") == s && !na(v("bound_under")) { print v("cpus") "," v("bound_under") }' -v s="$first")"$'\n\n\n'
		for d in "$@"; do
			local pus tmap
			pus=$(dmeta "$d" pus)
			[ -n "$pus" ] || continue
			# A scenario's runs, one topology per thread count: "threads:pus ..."
			tmap=$(dmeta "$d" tmap_pus)
			# The settled error at the largest thread count (at every
			# thread count of a scenario's topologies), max over repetitions.
			meas="$meas$(csv "$d/summary.csv" '
			BEGIN { n = split(members, m, " = "); for (k = 1; k <= n; k++) want[m[k]] = 1
				nt = split(tmap, tm, " "); for (k = 1; k <= nt; k++) { split(tm[k], f, ":"); cpus[f[1]] = f[2] } }
			(v("scheme") in want) && !na(v("settled_err_max")) { t = v("threads") + 0; if (t > mt) mt = t; row[NR] = v("scheme") SUBSEP t SUBSEP v("migration") SUBSEP v("settled_err_max") }
			END {
				for (r in row) {
					split(row[r], f, SUBSEP)
					if (nt) { if (!(f[2] in cpus)) continue; pus = cpus[f[2]] }
					else if (f[2] != mt) continue
					pt = f[3] ~ /:random$/ || f[3] ~ /^every:[0-9]+$/ ? 7 : f[3] ~ /:next$/ ? 9 : f[3] == "none" ? 5 : 4
					printf "%s,%s,%d,%s,%d\n", pus, f[4], pt, rgbnum(f[1]), g
				}
			}' -v members="$name" -v pus="$pus" -v g=$i -v tmap="$tmap")"$'\n'
		done
	done <<<"$groups"
	local ymax xmax
	ymax=$(csv "$fp" 'v("bound_under") + 0 > m { m = v("bound_under") + 0 } END { print m < 1 ? 1 : m }')
	xmax=$(csv "$fp" 'v("cpus") + 0 > m { m = v("cpus") + 0 } END { print m }')
	{
		echo "head = 'settled error of the cheap read against CPUs: the bound (lines, one task per CPU) and the errors measured (points)'"
		echo "xmin = 1"
		echo "xmax = $xmax"
		echo "ymax = $ymax"
		echo "array gname[$ng] = [${names#, }]"
		echo "array gcol[$ng] = [${cols#, }]"
		echo "array gfirst[$np] = [${gf#, }]"
		echo "array glast[$np] = [${gl#, }]"
		echo '$bound << EOD'
		printf '%s' "$bound" | sed '$d'
		echo 'EOD'
		echo '$meas << EOD'
		printf '%s' "$meas" | grep . || echo 'NA,NA,7,0,0'
		echo 'EOD'
	} | emit "$od" error-vs-cpus error-vs-cpus "the settled error bound against CPU count, measured errors as points"
}

plot_dir() {
	local pd=$dir/plots w name
	mkdir -p "$pd" || { echo "$me: cannot create $pd" >&2; exit 2; }
	plots=()
	workloads=$(csv "$dir/summary.csv" '!seen[v("workload")]++ { print v("workload") }')
	schemes=$(csv "$dir/summary.csv" '!seen[v("scheme")]++ { print v("scheme") }')
	migrations=$(csv "$dir/summary.csv" '!seen[v("migration")]++ { print v("migration") }' | tr '\n' ' ' | sed 's/ $//')
	max_threads=$(csv "$dir/summary.csv" 'v("threads") + 0 > m { m = v("threads") + 0 } END { print m }')
	kind=$(csv "$dir/cells.csv" 'FNR == 2 { print v("topology_kind"); exit }')
	reps=$(csv "$dir/summary.csv" 'NR == 2 { print v("reps"); exit }')
	pus=$(meta pus)
	# The counts as the captions say them: "1 thread", "2 threads".
	threads_w="$max_threads thread$([ "$max_threads" = 1 ] || echo s)"
	reps_w="$reps repetition$([ "$reps" = 1 ] || echo s)"
	pus_w="$pus CPU$([ "$pus" = 1 ] || echo s)"
	pick_migrations "$migrations"
	nsch=$(echo "$schemes" | wc -l)
	ytics="set ytics ($(echo "$schemes" | awk '{ printf "%s\"%s\" %d", (NR > 1 ? ", " : ""), $0, NR }'))"
	# A busy or noisy run (meta.json "noise", numbers and a flag only): the
	# headline's title and report.md's first line say so.
	busy_mark=
	if [ "$(meta noise_busy)" = true ]; then busy_mark="BUSY RUN: timings unreliable"
	elif [ "$(meta noise_noisy_cells)" -gt 0 ] 2>/dev/null; then busy_mark="NOISY RUN ($(meta noise_noisy_cells) of $(meta noise_cells) cells): timings unreliable"
	fi
	vnote=
	[ "$kind" = virtual ] && vnote=" [VIRTUAL topology: timings from threads oversubscribed on $(meta host_pus) PUs]"
	[ "$kind" = guest ] && vnote=" [GUEST: timed inside a VM]"
	# The CPU count of the headline's error and memory panels.
	hcpus=$cpus_opt
	[ -n "$hcpus" ] || { hcpus=${pus:-256}; [ "$hcpus" -ge 64 ] || hcpus=256; }
	ratios=$(cat "$dir/ratios.csv")
	unavailable=()
	headline "$pd"
	tradeoff "$pd"
	scaling "$pd"
	cost "$pd"
	error_facets "$pd"
	errtrace_facets "$pd"
	error_vs_cpus "$pd" "$dir"
	[ ! -f "$pd/error-vs-cpus.gp" ] ||
		plots+=("error-vs-cpus|Error against CPU count: each scheme's proven settled bound as a line in its colour (identical bounds share a line), with the settled errors this run measured as points on or under it.")
	footprint "$pd"
	local cplots=() p
	memory_measured "$pd" "$dir"
	for p in "${cplots[@]}"; do plots+=("$p"); done
	if [ -f "$dir/model.csv" ]; then
		for w in $(csv "$dir/model.csv" '!seen[v("workload")]++ { print v("workload") }'); do
			transfers "$pd" "transfers-$w" "$w" "$dir"
		done
	fi
	write_report
}

# ratio_rows WORKLOAD THREADS MIGRATION: "y,ratio,lo,hi,colour,clipped,
# ratio" per scheme from `rssbench ratios` (percpu itself at 1).  A ratio
# beyond 16 (or under 1/16), such as native's system calls, would flatten
# the shared log axis: it is drawn at the clip (clipped 1 above, 2 below;
# its interval left out) and its value printed beside it (the last column).
ratio_rows() {
	[ -n "$ratios" ] || return 0
	echo "$ratios" | awk -F, -v w="$1" -v t="$2" -v m="$3" -v all="$schemes" "$AWKLIB"'
	BEGIN { n = split(all, s, "\n"); for (k = 1; k <= n; k++) y[s[k]] = k; CLIP = 16 }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	v("workload") == w && v("threads") == t && v("migration") == m && (v("scheme") in y) {
		r = v("ratio"); lo = v("lo"); hi = v("hi"); c = 0
		if (!na(r) && (r + 0 > CLIP || r + 0 < 1 / CLIP)) { c = r + 0 > CLIP ? 1 : 2; r = c == 1 ? CLIP : 1 / CLIP; lo = hi = "NA" }
		printf "%d,%s,%s,%s,%s,%d,%s\n", y[v("scheme")], r, lo, hi, rgbnum(v("scheme")), c, v("ratio"); seen = 1
	}
	END { if (seen && ("percpu" in y)) printf "%d,1,NA,NA,%s,0,1\n", y["percpu"], rgbnum("percpu") }'
}

# ratio_axis COLUMN: rows with a ratio, its lo and hi from COLUMN on, on
# stdin: "LO HI (TICS)", a log axis around 1 that holds them all (tics
# close together, at powers of 2, or at powers of 10 for wide spans).
ratio_axis() {
	awk -F, -v c="$1" '{
		for (k = c; k <= c + 2; k++)
			if ($k != "NA" && $k != "" && $k + 0 > 0) {
				if (!n || $k + 0 < mn) mn = $k + 0
				if (!n || $k + 0 > mx) mx = $k + 0
				n = 1
			}
	}
	END {
		if (!n) { mn = 1; mx = 1 }
		if (mn > 0.8) mn = 0.8
		if (mx < 1.25) mx = 1.25
		lo = mn / 1.2; hi = mx * 1.2
		n = split(hi / lo < 4 ? "0.5 0.67 0.8 0.9 1 1.1 1.25 1.5 2" : hi / lo < 100 ? \
			  "0.0625 0.125 0.25 0.5 1 2 4 8 16 32 64" : "0.0001 0.001 0.01 0.1 1 10 100 1000 10000", t, " ")
		for (k = 1; k <= n; k++) if (t[k] >= lo && t[k] <= hi) tics = tics (tics == "" ? "" : ",") t[k]
		printf "%g %g (%s)\n", lo, hi, tics
	}'
}

# footprint_at CPUS: "scheme,bytes_per_mm,bound_under,fleet_bytes,fleet_processes"
footprint_at() {
	[ -f "$dir/footprint.csv" ] || return 0
	csv "$dir/footprint.csv" 'v("cpus") == c { print v("scheme") "," v("bytes_per_mm") "," v("bound_under") "," v("fleet_bytes") "," v("fleet_processes") }' -v c="$1"
}

headline() {
	local pd=$1 upd=update fp
	echo "$workloads" | grep -qx update || upd=fault
	fp=$(footprint_at "$hcpus")
	local fork_rows upd_rows a
	fork_rows=$(ratio_rows fork "$max_threads" "$time_mig")
	upd_rows=$(ratio_rows "$upd" "$max_threads" "$time_mig")
	{
		read -r -a a <<<"$(echo "$fork_rows" | ratio_axis 2)"
		echo "fork_axis = 'set xrange [${a[0]}:${a[1]}]; set xtics ${a[2]}'"
		read -r -a a <<<"$(echo "$upd_rows" | ratio_axis 2)"
		echo "upd_axis = 'set xrange [${a[0]}:${a[1]}]; set xtics ${a[2]}'"
		echo "upd_none = $([ -n "$upd_rows" ] && echo 0 || echo 1)"
		echo "head = '${busy_mark:+$busy_mark'.\"\\n\".'}which scheme wins at what: $(meta name_gp), $threads_w$vnote'"
		echo "head_lines = $([ -n "$busy_mark" ] && echo 2 || echo 1)"
		echo "nsch = $nsch"
		echo "ytics_cmd = '$ytics'"
		echo "fork_title = 'fork+exit cost ÷ percpu ($threads_w)'"
		echo "upd_title = '$upd cost ÷ percpu ($threads_w)'"
		echo "err_title = 'worst-case settled error, $hcpus CPUs'"
		echo "mem_title = 'bytes per mm; for $(echo "$fp" | awk -F, 'NR == 1 { print $5 }') mms ($hcpus CPUs)'"
		echo "err_xlabel = 'pages (bar: bound$([ "$pus" != "$hcpus" ] || echo '; dot: measured'))'"
		echo '$fork << EOD'
		echo "$fork_rows" | grep . || echo 'NA,NA,NA,NA,0,0,NA'
		echo 'EOD'
		echo '$upd << EOD'
		echo "$upd_rows" | grep . || echo 'NA,NA,NA,NA,0,0,NA'
		echo 'EOD'
		# Bound from the formulas at hcpus; measured where the run had that many CPUs.
		csv "$dir/summary.csv" '
		BEGIN { n = split(all, s, "\n"); for (k = 1; k <= n; k++) y[s[k]] = k
			nf = split(fp, lines, "\n")
			for (k = 1; k <= nf; k++) { split(lines[k], f, ","); b[f[1]] = f[3]; mem[f[1]] = f[2]; fl[f[1]] = f[4]; fn = f[5] } }
		v("threads") == mt && v("migration") != "none" && !na(v("settled_err_max")) && pus == hc {
			if (v("settled_err_max") + 0 >= meas[v("scheme")]) meas[v("scheme")] = v("settled_err_max") + 0; got[v("scheme")] = 1
		}
		END {
			print "$err << EOD"
			for (k = 1; k <= n; k++) {
				x = s[k]; bb = x in b ? b[x] : "NA"
				lab = !(x in b) ? "n/a (no formula)" : bb + 0 == 0 ? "exact" : human(bb * 4096)
				printf "%d,%s,%s,%s,%s,%s\n", k, bb, x in got ? meas[x] : "NA", rgbnum(x), lab, x in b ? bb : 0.5
			}
			print "EOD"
			print "$mem << EOD"
			for (k = 1; k <= n; k++) {
				x = s[k]
				lab = x in mem ? sprintf("%s; %s", human(mem[x]), human(fl[x])) : "n/a (the kernel'"'"'s own)"
				printf "%d,%s,%s,%s,%s\n", k, x in mem ? mem[x] : "NA", rgbnum(x), lab, x in mem ? mem[x] : 10
				if (x in b && b[x] + 0 > em) em = b[x] + 0
				if (x in mem && mem[x] + 0 > mm) mm = mem[x] + 0
			}
			print "EOD"
			printf "err_max = %g\nmem_max = %g\n", em < 1 ? 1 : em, mm < 10 ? 10 : mm
		}' -v all="$schemes" -v mt="$max_threads" -v pus="$pus" -v hc="$hcpus" -v fp="$fp"
	} | emit "$1" headline headline "which scheme wins at what: cost over percpu, error and memory at $hcpus CPUs"
	plots+=("headline|The headline: per scheme, fork+exit and $upd cost relative to percpu (dots; bars are 95 % intervals where the repetitions allow one), the worst-case settled error and the counter memory per mm at $hcpus CPUs (bars from the formulas, dots measured).")
}

cost() {
	local pd=$1 w ws= tl tn= tc= i=0 nw colours=("#1b9e77" "#d95f02" "#7570b3" "#e7298a")
	[ -n "$ratios" ] || return 0
	nw=$(echo "$workloads" | wc -l)
	tl=$(echo "$ratios" | awk -F, -v m="$time_mig" 'NR > 1 && $4 == m && !s[$2]++ { print $2 }' | sort -n | tail -4)
	if [ -z "$tl" ]; then
		unavailable+=("cost|unavailable (no scheme but percpu, the reference, was run)")
		return 0
	fi
	if ! echo "$ratios" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["ratio"] != "NA" && $c["ratio"] != "" { f = 1; exit } END { exit !f }'; then
		unavailable+=("cost|unavailable (no ratio: $(untimed_reason))")
		return 0
	fi
	# Interval bars only where the ratios have one (5 or more repetitions a side).
	local bars
	bars=$(echo "$ratios" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["lo"] != "NA" && $c["lo"] != "" { f = 1; exit } END { print f ? 1 : 0 }')
	for t in $tl; do tn="$tn, '$t thread$([ "$t" = 1 ] || echo s)'"; tc="$tc, '${colours[i]}'"; i=$((i + 1)); done
	{
		echo "head = '${busy_mark:+$busy_mark'.\"\\n\".'}cost relative to percpu: median cycles/op ÷ percpu''s in the same cell, migration $time_mig'.\"\\n\".'$([ "$bars" = 1 ] && echo 'bars: 95 % interval' || echo "no interval bars: $reps_w give$([ "$reps" != 1 ] || echo s) none (5 or more do)")${vnote:+'.\"\\n\".'${vnote# }}'"
		echo "head_lines = $((2 + ${busy_mark:+1}0 / 10 + ${vnote:+1}0 / 10))"
		echo "nsch = $nsch"
		echo "ytics_cmd = '$ytics'"
		for w in $workloads; do ws="$ws, '$w'"; done
		echo "array wname[$nw] = [${ws#, }]"
		echo "array tname[$i] = [${tn#, }]"
		echo "array tcol[$i] = [${tc#, }]"
		local rows= lo= hi= step= a
		for w in $workloads; do
			i=0
			local wr
			wr=$(for t in $tl; do
				i=$((i + 1))
				ratio_rows "$w" "$t" "$time_mig" | awk -F, -v i=$i '{ print $1 "," i "," $2 "," $3 "," $4 "," $6 "," $7 }'
			done | grep .) || wr="NA,NA,NA,NA,NA,0,NA"
			rows="$rows$wr"$'\n\n\n'
			read -r -a a <<<"$(echo "$wr" | ratio_axis 3)"
			lo="$lo, ${a[0]}" hi="$hi, ${a[1]}" step="$step, 'set xtics ${a[2]}'"
		done
		echo "array rlo[$nw] = [${lo#, }]"
		echo "array rhi[$nw] = [${hi#, }]"
		echo "array rtics[$nw] = [${step#, }]"
		echo "nclip = $(printf '%s' "$rows" | awk -F, '$6 > 0 { n++ } END { print n + 0 }')"
		echo '$cost << EOD'
		printf '%s' "$rows" | sed '$d'
		echo 'EOD'
	} | emit "$pd" cost cost "each scheme's cycles per operation over percpu's, per workload"
	plots+=("cost|Cost per workload: each scheme's median cycles per operation over percpu's in the same cell (1 = percpu; left is cheaper), one colour per thread count, $([ "$bars" = 1 ] && echo 'bars the 95 % interval where there are enough repetitions' || echo "no interval bars ($reps_w give$([ "$reps" != 1 ] || echo s) none: run 5 or more)"); a ratio beyond ×16 is drawn at the edge as an open triangle with its value printed.")
}

footprint() {
	local pd=$1 fp=$dir/footprint.csv groups ng=0 i=0 names= cols= data= zero=
	[ -f "$fp" ] && [ -z "$(has_columns "$fp" scheme cpus bytes_per_mm fleet_processes)" ] || return 0
	groups=$(csv "$fp" '{ print v("scheme") "," v("cpus") "," v("bytes_per_mm") }' | group_series)
	while IFS='|' read -r name first; do
		# A scheme with no counter memory (empty) has no place on a log scale:
		# the title names it instead.
		if [ -z "$(csv "$fp" 'v("scheme") == s && v("bytes_per_mm") + 0 > 0 { print; exit }' -v s="$first")" ]; then
			zero="$zero${zero:+, }$name"
			continue
		fi
		i=$((i + 1))
		ng=$i
		names="$names, '$name'"
		cols="$cols, '$(awk -v s="$first" "$AWKLIB"'BEGIN { print colour(s) }')'"
		data="$data$(csv "$fp" 'v("scheme") == s { print v("cpus") "," v("bytes_per_mm") }' -v s="$first")"$'\n\n\n'
	done <<<"$groups"
	if [ "$ng" = 0 ]; then
		unavailable+=("footprint|unavailable (no scheme of the run has counter memory in footprint.csv${zero:+; 0 bytes: $zero})")
		return 0
	fi
	{
		echo "head = 'counter bytes per mm (per-CPU parts included) against possible CPUs, from the schemes'' formulas'"
		[ -z "$zero" ] || echo "head = head . \"\\n0 bytes (not drawn on the log scale): $zero\""
		csv "$fp" '{ c = v("cpus") + 0; b = v("bytes_per_mm") + 0; if (c > xm) xm = c; if (b > ym) ym = b; if (b > 0 && (!mn || b < mn)) mn = b; f = v("fleet_processes") }
			END { printf "xmin = 1\nxmax = %d\nymin = %g\nymax = %g\nfleet = %d\n", xm, mn < 1 ? 1 : mn, ym, f }'
		echo "here = ${pus:-0}"
		echo "array gname[$ng] = [${names#, }]"
		echo "array gcol[$ng] = [${cols#, }]"
		echo '$fp << EOD'
		printf '%s' "$data" | sed '$d'
		echo 'EOD'
	} | emit "$pd" footprint footprint "counter bytes per mm against CPU count"
	plots+=("footprint|Memory: counter bytes per mm against possible CPUs from the schemes' formulas (identical formulas share a line), the right axis the same for a fleet of processes.")
}

# transfers GP_DIR NAME WORKLOAD DIR...: model.csv's transfers per op beside
# cells.csv's cycles per op against the CPUs running the workload (threads),
# per scheme; at each thread count the cells without migration where
# model.csv has them, else its first policy there.
transfers() {
	local od=$1 name=$2 w=$3 d
	shift 3
	local data vn= ncpus xlab='CPUs running the workload'
	for d in "$@"; do
		[ ! -f "$d/model.csv" ] || [ "$(dmeta "$d" topology_kind)" != virtual ] || vn=1
	done
	# Directories on different topologies: x is each one's possible CPUs
	# (at its largest thread count); a scenario's topologies[] map threads
	# to CPUs; else x is the thread count.
	ncpus=$(for d in "$@"; do [ ! -f "$d/model.csv" ] || dmeta "$d" possible; done | sort -u | wc -l)
	[ "$ncpus" -le 1 ] || xlab='possible CPUs (each run at its largest thread count)'
	data=$(for d in "$@"; do
		[ -f "$d/model.csv" ] || continue
		awk -F, -v w="$w" -v many="$((ncpus > 1))" -v pc="$(dmeta "$d" possible)" \
			-v tmap="$(dmeta "$d" tmap_possible)" '
		BEGIN { nt = split(tmap, tm, " "); for (j = 1; j <= nt; j++) { split(tm[j], tf, ":"); cpus[tf[1]] = tf[2] } }
		FNR == 1 { delete col; for (i = 1; i <= NF; i++) col[$i] = i; f++; next }
		function key() { return $col["scheme"] SUBSEP $col["threads"] SUBSEP $col["placement"] SUBSEP $col["migration"] SUBSEP $col["rep"] }
		$col["workload"] != w { next }
		f == 1 { cyc[key()] = $col["cycles_per_op"]; next }
		{ t = $col["threads"]	# per thread count: each topology of a scenario has its own K
		  if (!(t in mig) || $col["migration"] == "none") mig[t] = mig[t] == "none" ? mig[t] : $col["migration"]
		  if (t + 0 > mt) mt = t + 0
		  row[++n] = key() SUBSEP $col["transfers_per_op"] }
		END {
			for (i = 1; i <= n; i++) {
				split(row[i], k, SUBSEP)
				if (k[4] != mig[k[2]]) continue
				if (nt) x = k[2] in cpus ? cpus[k[2]] : k[2]
				else if (many) { if (k[2] + 0 != mt) continue; x = pc }
				else x = k[2]
				c = cyc[k[1] SUBSEP k[2] SUBSEP k[3] SUBSEP k[4] SUBSEP k[5]]
				print k[1] "," x "," k[6] "," (c == "" ? "NA" : c)
			}
		}' "$d/cells.csv" "$d/model.csv"
	done)
	[ -n "$data" ] || return 0
	# medians over repetitions per scheme and CPU count, schemes in order of appearance
	data=$(echo "$data" | awk -F, '
	function med(s,   a, n, i, j, t, m) {
		n = split(s, a, " "); m = 0
		for (i = 1; i <= n; i++) if (a[i] != "NA") b[++m] = a[i] + 0
		if (!m) return "NA"
		for (i = 2; i <= m; i++) for (j = i; j > 1 && b[j - 1] > b[j]; j--) { t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
		return m % 2 ? b[(m + 1) / 2] : (b[m / 2] + b[m / 2 + 1]) / 2
	}
	!($1 in seen) { seen[$1] = ++ns; order[ns] = $1 }
	!(($1, $2) in tv) { nt[$1]++; th[$1, nt[$1]] = $2 }
	{ tv[$1, $2] = tv[$1, $2] " " $3; cv[$1, $2] = cv[$1, $2] " " $4 }
	END {
		for (s = 1; s <= ns; s++) {
			x = order[s]
			for (i = 1; i <= nt[x]; i++) for (j = i; j > 1 && th[x, j - 1] + 0 > th[x, j] + 0; j--) { t = th[x, j]; th[x, j] = th[x, j - 1]; th[x, j - 1] = t }
			for (i = 1; i <= nt[x]; i++) printf "%s,%s,%s,%s\n", x, th[x, i], med(tv[x, th[x, i]]), med(cv[x, th[x, i]])
		}
	}')
	local schemes ns
	schemes=$(echo "$data" | cut -d, -f1 | awk '!s[$0]++')
	ns=$(echo "$schemes" | wc -l)
	{
		echo "head = '$w: modelled cache-line transfers per operation beside measured cycles, against CPUs'"
		echo "vnote = '$([ -z "$vn" ] || echo '; VIRTUAL topology: threads oversubscribed')'"
		echo "xlab = '$xlab'"
		# Every cycle count NA (a --model-only run): the right panel says why.
		local d1 why=
		for d1 in "$@"; do
			[ ! -f "$d1/model.csv" ] || ! csv "$d1/cells.csv" 'index(v("notes"), "--model-only") { f = 1; exit } END { exit !f }' || why="not timed: --model-only"
		done
		echo "cwhy = 'unavailable (${why:-no cycles measured})'"
		echo "array sname[$ns] = [$(echo "$schemes" | awk '{ printf "%s'"'"'%s'"'"'", (NR > 1 ? ", " : ""), $0 }')]"
		echo "array scol[$ns] = [$(echo "$schemes" | awk "$AWKLIB"'{ printf "%s'"'"'%s'"'"'", (NR > 1 ? ", " : ""), colour($0) }')]"
		echo "array srow[$(((ns + 7) / 8))] = [$(seq 1 8 "$ns" | paste -sd, | sed 's/,/, /g')]"
		echo "$data" | awk -F, '{ c = $2 + 0; xs[c] = 1; if (!xm || c > xm) xm = c; if (!xn || c < xn) xn = c
			if ($3 != "NA" && $3 + 0 > 0) { t = $3 + 0; if (t > tm) tm = t; if (!tn || t < tn) tn = t }
			if ($4 != "NA" && $4 + 0 > cm) cm = $4 + 0 }
			END {	# a 0 is drawn at tzero, half a decade below the smallest transfer count
				tz = tn > 0 ? 10 ^ (int(log(tn) / log(10) + 10) - 10) / 2 : 0.0005
				printf "xmin = %g\nxmax = %g\ntmax = %g\ntzero = %g\ncmax = %g\n", xn, xm, (tm > 0 ? tm * 2 : 1), tz, cm
				printf "xtics_cmd = \"set xtics ("
				for (c in xs) printf "%s%s", (k++ ? ", " : ""), c
				print ")\""
			}'
		echo '$t << EOD'
		echo "$data" | awk -F, 'NR > 1 && $1 != p { printf "\n\n" } { print $2 "," $3 "," $4; p = $1 }'
		echo 'EOD'
	} | emit "$od" "$name" transfers "$w: modelled transfers per op beside cycles per op"
	plots+=("$name|The $w workload: cache-line transfers per operation from the coherence model (modelled, not measured; 0 drawn at the bottom) beside the cycles per operation measured in the same cells, against the CPUs running it, one line per scheme.")
}

# memory_measured GP_DIR DIR...: bytes per mm that each directory's cells
# report (cells.csv) against its possible CPUs, one line per scheme, the
# right axis for the fleet of footprint.csv; drawn when the directories
# cover two or more CPU counts (the memory scenario's runs).
memory_measured() {
	local od=$1 d data
	shift
	data=$(for d in "$@"; do
		csv "$d/cells.csv" '
		BEGIN { nt = split(tmap, tm, " "); for (k = 1; k <= nt; k++) { split(tm[k], f, ":"); cpus[f[1]] = f[2] } }
		!na(v("bytes_per_mm")) { x = v("threads") in cpus ? cpus[v("threads")] : c; if (!s[v("scheme"), x]++) print v("scheme") "," x "," v("bytes_per_mm") }' \
			-v c="$(dmeta "$d" possible)" -v tmap="$(dmeta "$d" tmap_possible)"
	done | sort -t, -k2,2n -s | awk -F, '!s[$1 "," $2]++')
	[ "$(echo "$data" | cut -d, -f2 | sort -u | grep -c .)" -ge 2 ] || return 0
	local groups ng i=0 names= cols= series= fleet
	groups=$(echo "$data" | group_series)
	ng=$(echo "$groups" | grep -c .)
	fleet=$(csv "$1/footprint.csv" 'NR == 2 { print v("fleet_processes") }' 2>/dev/null)
	while IFS='|' read -r name first; do
		i=$((i + 1))
		names="$names, '$name'"
		cols="$cols, '$(awk -v s="$first" "$AWKLIB"'BEGIN { print colour(s) }')'"
		series="$series$(echo "$data" | awk -F, -v s="$first" '$1 == s { print $2 "," $3 }')"$'\n\n\n'
	done <<<"$groups"
	{
		echo "head = 'counter bytes per mm that the runs reported (cells.csv), against their possible CPUs'"
		echo "$data" | awk -F, '{ c = $2 + 0; b = $3 + 0; if (c > xm) xm = c; if (!xn || c < xn) xn = c; if (b > ym) ym = b; if (b > 0 && (!mn || b < mn)) mn = b }
			END { printf "xmin = %g\nxmax = %d\nymin = %g\nymax = %g\n", xn, xm, (mn < 1 ? 1 : mn), (ym < 1 ? 1 : ym) }'
		echo "xtics_cmd = 'set xtics ($(echo "$data" | cut -d, -f2 | sort -nu | paste -sd, | sed 's/,/, /g'))'"
		echo "fleet = ${fleet:-100000}"
		echo "here = 0"
		echo "array gname[$ng] = [${names#, }]"
		echo "array gcol[$ng] = [${cols#, }]"
		echo '$fp << EOD'
		printf '%s' "$series" | sed '$d'
		echo 'EOD'
	} | emit "$od" memory footprint "counter bytes per mm the runs reported against CPU count"
	cplots+=("memory|Memory measured: the bytes per mm each run reported against its possible CPUs (identical series share a line), the right axis the same for a fleet of processes.")
}
