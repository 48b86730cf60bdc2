# error.gp - the cheap read's error at the largest thread count, one panel
# per workload, one row per scheme: the proven settled bound (bar in the
# scheme's colour, its value beside it) and, per migration policy (one
# shape each, as in error-vs-cpus), the settled error (filled) and the
# largest error seen during the run (open), max over repetitions.  A dashed
# line marks the RSS the cell held where the workload bounds it: no error
# can be larger, so a bound beyond it cannot be reached here.  Data (from
# scripts/plot): $b, one index per workload, "y,bound,colour,label,label x";
# $m, one index per workload, "y,settled,in-run,filled shape,open shape";
# arrays wname, wcap (0: none), xmax per panel; pname, ppt: the policies'
# key entries.
npanels = |wname|
cols = npanels < 3 ? npanels : 3
rows = (npanels + cols - 1) / cols
W = 150 + 480 * cols
W = W < 900 ? 900 : W
htop = 70.0
# the shared key below: the bar, a shape per policy, the open shape, the cap
kc = strlen('RSS held: error cannot exceed it')
do for [k = 1:|pname|] { kc = strlen(pname[k]) + 9 > kc ? strlen(pname[k]) + 9 : kc }
hkey = 14.0 + 17 * keyrows(|pname| + 3, kc)
ph = 110 + 24 * nsch
H = ph * rows + htop + hkey
caps = 0
do for [w = 1:npanels] { if (wcap[w] > 0) { caps = 1 } }
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols margins 140.0 / W,1 - 20.0 / W,(hkey + 45) / H,1 - htop / H spacing 150.0 / W,95.0 / H
	unset key
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%.0s%c'
	set xlabel 'pages (4 KiB)'
	do for [w = 1:npanels] {
		set title wname[w]
		set xrange [0.4:xmax[w] * 30]
		set xtics autofreq
		set xtics add ('0' 0.5)
		unset arrow 1
		if (wcap[w] > 0) { set arrow 1 from wcap[w], graph 0 to wcap[w], graph 1 nohead dt 2 lw 1.5 lc rgb '#555555' }
		plot $b index (w - 1) using (sqrt(0.5 * z($2))):($1):(0.5):(z($2)):($1 - 0.32):($1 + 0.32):($3) with boxxyerror fs solid 0.3 noborder lc rgb variable notitle, \
		     $b index (w - 1) using (z($5)):($1):(stringcolumn(4)) with labels left offset 1.0,0 font ',9' notitle, \
		     $m index (w - 1) using (z($3)):($1):($5) with points pt variable ps 1.3 lc rgb 'black' notitle, \
		     $m index (w - 1) using (z($2)):($1):($4) with points pt variable ps 1.0 lc rgb 'black' notitle
	}
	eval keystrip(hkey / H)
	plot NaN notitle, \
	     keyentry with boxes fs solid 0.3 lc rgb '#888888' title 'bound (scheme colour)', \
	     for [k = 1:|pname|] keyentry with points pt ppt[k] lc rgb 'black' title 'settled, '.pname[k], \
	     keyentry with points pt 6 lc rgb 'black' title 'open: largest in-run error', \
	     keyentry with lines dt 2 lw 1.5 lc rgb '#555555' title (caps ? 'RSS held: error cannot exceed it' : '')
	eval keystrip_end
	unset multiplot
	set output
}
