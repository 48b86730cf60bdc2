# scaling.gp - the scaling curve: cycles per operation against the threads
# running the workload, one panel per workload, one line per scheme through
# the medians over repetitions and a dot for every repetition (the spread).
# Data (from scripts/plot): $med, one index per workload, "scheme,threads,
# median,min,max" (a blank line between schemes); $reps, one index per
# workload, "scheme,threads,cycles"; arrays wname, sname, scol; per panel
# xlog, ylog (1: a log axis), xlo, xhi, ylo, yhi, xtic (a command: tics at
# the thread counts run); ylab.
npanels = |wname|
ns = |sname|
cols = npanels < 3 ? npanels : 3
rows = (npanels + cols - 1) / cols
W = 440 * cols + 100
W = W < 900 ? 900 : W
# the shared key below: one entry per scheme and one for the dots
kc = strlen('one repetition')
do for [s = 1:ns] { kc = strlen(sname[s]) > kc ? strlen(sname[s]) : kc }
htop = 95.0
hkey = 14.0 + 17 * keyrows(ns + 1, kc)
H = 330 * rows + htop + hkey
# schemes side by side at one thread count: a small multiplicative shift
jit(s) = 1 + 0.012 * (s - (ns + 1) / 2.0)
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols margins 80.0 / W,1 - 20.0 / W,(hkey + 50) / H,1 - htop / H spacing 90.0 / W,100.0 / H
	set grid xtics ytics
	set xlabel 'threads (CPUs running the workload)'
	set ylabel ylab
	unset key
	do for [w = 1:npanels] {
		set title wname[w]
		unset logscale xy
		if (xlog[w]) { set logscale x 2; set xrange [xlo[w] / 1.25:xhi[w] * 1.25] } else { pad = 0.08 * xhi[w] > 0.5 ? 0.08 * xhi[w] : 0.5; set xrange [xlo[w] - pad:xhi[w] + pad] }
		eval xtic[w]
		set format x '%g'
		if (ylog[w]) { set logscale y; set yrange [ylo[w] / 1.6:yhi[w] * 1.6]; set format y '%.0s%c' } else { set yrange [0:yhi[w] * 1.12]; set format y (yhi[w] >= 10000 ? '%.0s%c' : '%g') }
		plot for [s = 1:ns] $reps index (w - 1) using ($1 == s ? $2 * jit(s) : NaN):($3) with points pt 6 ps 0.7 lc rgb scol[s] notitle, \
		     for [s = 1:ns] $med index (w - 1) using ($1 == s ? $2 * jit(s) : NaN):($3) with linespoints lw 2 pt 7 ps 0.8 lc rgb scol[s] notitle
	}
	eval keystrip(hkey / H)
	plot NaN notitle, \
	     for [s = 1:ns] keyentry with linespoints lw 2 pt 7 lc rgb scol[s] title sname[s], \
	     keyentry with points pt 6 lc rgb '#444444' title 'one repetition'
	eval keystrip_end
	unset multiplot
	set output
}
