# tradeoff.gp - the trade-off at one CPU count: per scheme, its cost
# (cycles/op at the run's largest thread count; bar: min to max over
# repetitions) against its worst-case settled error (left) and its counter
# bytes per mm (right) from the formulas, one point per scheme in its
# colour, named beside it where the names do not crowd (the key below names
# every colour); down and left is better.  Data (from scripts/plot): $t
# "median,min,max,bound pages,bytes,colour,scheme,error label,memory label"
# ('-' where crowded); xlo, xhi, xlog (1: a log cost axis), err_max,
# mem_max; noformula (schemes left out, or ''); harness (empty's cycles/op,
# the harness alone: a dotted line; -1: none); sname, scol.
W = 1300
ns = |sname|
kc = 12
do for [s = 1:ns] { kc = strlen(sname[s]) > kc ? strlen(sname[s]) : kc }
hkey = 14.0 + 17 * keyrows(ns, kc) + (strlen(noformula) > 0 ? 20 : 0)
H = 560 + hkey
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout 1,2 margins 90.0 / W,1 - 30.0 / W,(hkey + 60) / H,1 - 100.0 / H spacing 110.0 / W,0
	unset key
	set grid xtics ytics
	if (xlog) { set logscale x; set xrange [xlo / 1.5:xhi * 1.5]; set format x '%.0s%c' } else { set xrange [0:xhi * 1.15]; set format x (xhi >= 10000 ? '%.0s%c' : '%g') }
	set xlabel xlab
	set logscale y
	if (harness > 0) {
		set arrow 1 from harness, graph 0 to harness, graph 1 nohead dt 3 lw 1.5 lc rgb '#b8a000'
		set label 8 'harness alone (empty)' at harness, graph 0.97 right offset -0.5,0 font ',8' tc rgb '#8a7800'
	}
	set title err_title
	set ylabel 'pages (4 KiB)'
	set yrange [0.4:err_max * 4]
	set ytics add ('0' 0.5)
	set format y '%.0s%c'
	plot $t using ($1):(z($4)):($2):($3):($6) with xerrorbars pt 7 ps 1.4 lc rgb variable, \
	     $t using ($1):(valid(4) ? z($4) : 1e-30):(valid(4) && stringcolumn(8) ne '-' ? stringcolumn(8) : '') with labels left offset 0.8,0.6 font ',9'
	set title mem_title
	set ylabel 'bytes per mm (per-CPU parts included)'
	set yrange [8:mem_max * 4]
	set ytics autofreq
	set format y '%.0s%cB'
	plot $t using ($1):($5):($2):($3):($6) with xerrorbars pt 7 ps 1.4 lc rgb variable, \
	     $t using ($1):(valid(5) ? $5 : 1e-30):(valid(5) && stringcolumn(9) ne '-' ? stringcolumn(9) : '') with labels left offset 0.8,0.6 font ',9'
	unset arrow 1
	unset label 8
	eval keystrip((hkey - (strlen(noformula) > 0 ? 20 : 0)) / H)
	if (strlen(noformula) > 0) { set label 9 noformula at screen 0.5, screen (hkey - 8) / H center font ',9' }
	plot NaN notitle, for [s = 1:ns] keyentry with points pt 7 ps 1.4 lc rgb scol[s] title sname[s]
	unset label 9
	eval keystrip_end
	unset multiplot
	set output
}
