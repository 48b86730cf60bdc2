# footprint.gp - counter bytes per mm (per-CPU parts included) against
# possible CPUs, log-log, from the schemes' memory formulas; the right axis
# is the same for a fleet of `fleet` processes.  Schemes whose formulas give
# identical numbers share a line and a name.  Data (from scripts/plot):
# $fp, one index per group, "cpus,bytes"; arrays gname, gcol ("#rrggbb");
# xtics_cmd, where given, sets the x tics (the CPU counts measured).
W = 1100
# the key below, one or two columns (by the longest name), under the x
# label: the bottom margin grows with its rows so it never covers the axis
kc = 10
do for [g = 1:|gname|] { kc = strlen(gname[g]) > kc ? strlen(gname[g]) : kc }
kcols = keycols(kc) < 2 ? keycols(kc) : 2
krows = (|gname| + kcols - 1) / kcols
H = 570 + 17 * krows
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set title head
	set logscale xy
	set format x '% h'
	set format y '%.0s%cB'
	set xlabel 'possible CPUs'
	set ylabel 'bytes per mm'
	set xrange [xmin * 0.8:xmax * 1.25]
	if (exists("xtics_cmd")) { eval xtics_cmd }
	set yrange [ymin / 2:ymax * 2]
	set logscale y2
	set y2range [ymin / 2 * fleet / 1048576:ymax * 2 * fleet / 1048576]
	set y2tics
	set format y2 '% h'
	set y2label sprintf('MiB for %d processes', fleet)
	if (here > 0) {
		set arrow 1 from here, graph 0 to here, graph 1 nohead dt 3
		set label 1 sprintf(' this run: %d CPUs', here) at here, graph 0.03 left
	}
	set bmargin 5 + krows * 1.2
	set key at screen 0.02, screen 0.02 left bottom Left reverse horizontal maxcols kcols samplen 3
	plot for [g = 1:|gname|] $fp index (g - 1) using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb gcol[g] title gname[g]
	set output
}
