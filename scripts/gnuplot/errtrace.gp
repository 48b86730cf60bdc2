# errtrace.gp - the largest error of the cheap read over time in one cell,
# one panel per workload: steps in the scheme's colour (each point the
# largest error of its millisecond) and the scheme's settled bound dashed
# in the same colour; schemes whose error stayed 0 are named in the panel.
# Data (from scripts/plot): $tr, one index per series drawn, "ms,pages";
# arrays wname, wzero (the exact schemes' line), tlo, thi (the drawn
# series' time, ms), wcap (the RSS an mm held where it caps every error,
# pages; 0: none) per panel; wfirst, wlast (the panel's series; none:
# wfirst > wlast); tsch, tbound (pages; -1: none) per series; sname, scol,
# used (1: drawn in some panel).
npanels = |wname|
ns = |sname|
cols = npanels < 3 ? npanels : 3
rows = (npanels + cols - 1) / cols
W = 520 * cols + 100
W = W < 900 ? 900 : W
kc = strlen('settled bound (scheme colour)')
nk = 1
do for [s = 1:ns] { if (used[s]) { nk = nk + 1; kc = strlen(sname[s]) > kc ? strlen(sname[s]) : kc } }
htop = 95.0
hkey = 14.0 + 17 * keyrows(nk, kc)
H = 320 * rows + htop + hkey
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols margins 80.0 / W,1 - 20.0 / W,(hkey + 50) / H,1 - htop / H spacing 90.0 / W,100.0 / H
	set xlabel 'ms since the window opened'
	set ylabel 'pages'
	set grid xtics ytics
	unset key
	do for [w = 1:npanels] {
		set title wname[w]
		set logscale y
		set format y '%.0s%c'
		set ytics autofreq
		set ytics add ('0' 0.5)
		set xrange [tlo[w]:thi[w]]
		set label 2 wzero[w] at graph 0.02, graph 0.96 left font ',8' front
		unset label 5
		if (wcap[w] > 0) {
			set label 5 sprintf('RSS held: %d pages, which caps the error', wcap[w]) at graph 0.98, first wcap[w] right offset 0,0.6 font ',8' tc rgb '#555555' front
		}
		if (wfirst[w] > wlast[w]) {
			set yrange [0.4:10]
			set label 3 'no scheme with a non-zero error here' at graph 0.5, graph 0.5 center tc rgb '#888888'
			plot NaN notitle
		} else {
			set yrange [0.4:*]
			plot for [j = wfirst[w]:wlast[w]] $tr index (j - 1) using ($1):(z($2)) with steps lw 1.5 lc rgb scol[tsch[j]] notitle, \
			     for [j = wfirst[w]:wlast[w]] (tbound[j] >= 0 ? z(tbound[j]) : 1/0) with lines dt 2 lw 1.5 lc rgb scol[tsch[j]] notitle, \
			     (wcap[w] > 0 ? wcap[w] : 1/0) with lines dt 3 lw 1.5 lc rgb '#555555' notitle
		}
		unset label 3
	}
	eval keystrip(hkey / H)
	plot NaN notitle, \
	     for [s = 1:ns] keyentry with lines lw 1.5 lc rgb scol[s] title (used[s] ? sname[s] : ''), \
	     keyentry with lines dt 2 lw 1.5 lc rgb '#444444' title 'settled bound (scheme colour)'
	eval keystrip_end
	unset multiplot
	set output
}
