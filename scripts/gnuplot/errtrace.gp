# errtrace.gp - the largest error of the cheap read over time in one cell
# (steps) and the scheme's settled bound (dashed, same colour), at most four
# schemes per panel; schemes whose error stayed 0 are named in the title.
# Data (from scripts/plot): $tr, one index per scheme, "ms,pages"; arrays
# sname, scol ("#rrggbb"), sbound (pages; -1: none), sfirst and slast per
# panel; window (ms).
npanels = |sfirst|
cols = npanels < 3 ? npanels : 3
rows = (npanels + cols - 1) / cols
W = 600 * cols + 60
H = 400 * rows + 110
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols
	set xlabel 'ms since the window opened'
	set ylabel 'pages'
	set xrange [0:window]
	set logscale y
	set format y '%.0s%c'
	set yrange [0.4:*]
	set ytics add ('0' 0.5)
	set key outside right top vertical Left reverse
	do for [p = 1:npanels] {
		unset title
		plot for [s = sfirst[p]:slast[p]] $tr index (s - 1) using 1:(z($2)) with steps lw 1.5 lc rgb scol[s] title sname[s], \
		     for [s = sfirst[p]:slast[p]] (sbound[s] >= 0 ? z(sbound[s]) : 1/0) with lines dt 2 lw 1.5 lc rgb scol[s] notitle
	}
	unset multiplot
	set output
}
