# cost.gp - each scheme's cycles per operation over percpu's in the same
# cell (median over repetitions; bar: the interval where there are enough
# repetitions), one panel per workload, one colour per thread count.  1 =
# percpu's cost; left of it is cheaper.  Data (from scripts/plot): $cost,
# one index per workload, "y,thread series,ratio,lo,hi,clipped,ratio"
# (clipped 1: beyond x16, 2: under 1/16, drawn at the edge as an open
# triangle, the ratio printed beside it); arrays wname (panel titles), tname (thread series names), tcol; rlo, rhi and rtics
# (the log axis' range and a command setting its tics) per panel; head_lines
# (optional) the title's lines; nclip (optional) the clipped rows.
npanels = |wname|
cols = npanels < 4 ? npanels : 4
rows = (npanels + cols - 1) / cols
W = 380 * cols + 220
W = W < 760 ? 760 : W
# head_lines: the title's lines (3 with a busy run's mark), 20 px each past 2.
htop = 85.0 + 20 * ((exists("head_lines") ? head_lines : 2) - 2)
kc = 12
do for [t = 1:|tname|] { kc = strlen(tname[t]) > kc ? strlen(tname[t]) : kc }
hkey = 14.0 + 17 * keyrows(|tname| + (exists("nclip") && nclip > 0 ? 1 : 0), kc < 30 ? 30 : kc)
H = (70 + 26 * nsch) * rows + hkey + 50 + htop
# the row of thread series t of scheme row y
yt(y, t) = y + 0.16 * (t - (|tname| + 1) / 2.0)
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols margins 150.0 / W,0.98,(hkey + 50) / H,1 - htop / H spacing 150.0 / W,100.0 / H
	unset key
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%g'
	set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
	set xlabel 'cycles/op ÷ percpu'
	do for [w = 1:npanels] {
		set title wname[w]
		set xrange [rlo[w]:rhi[w]]
		eval rtics[w]
		plot for [t = 1:|tname|] $cost index (w - 1) using ($2 == t ? $3 : NaN):(yt($1, t)):($4):($5) with xerrorbars pt -1 lc rgb tcol[t] notitle, \
		     for [t = 1:|tname|] $cost index (w - 1) using ($2 == t && $6 == 0 ? $3 : NaN):(yt($1, t)) with points pt 7 ps 1.3 lc rgb tcol[t] notitle, \
		     for [t = 1:|tname|] $cost index (w - 1) using ($2 == t && $6 > 0 ? $3 : NaN):(yt($1, t)) with points pt 8 ps 1.5 lc rgb tcol[t] notitle, \
		     for [t = 1:|tname|] $cost index (w - 1) using ($2 == t && $6 == 1 ? $3 : 1):($2 == t && $6 == 1 ? yt($1, t) : -9):($2 == t && $6 == 1 ? sprintf('×%.4g', $7) : '') with labels right offset -1.2,0 font ',9' tc rgb tcol[t] notitle, \
		     for [t = 1:|tname|] $cost index (w - 1) using ($2 == t && $6 == 2 ? $3 : 1):($2 == t && $6 == 2 ? yt($1, t) : -9):($2 == t && $6 == 2 ? sprintf('÷%.3g', 1 / $7) : '') with labels left offset 1.2,0 font ',9' tc rgb tcol[t] notitle
	}
	eval keystrip(hkey / H)
	plot NaN notitle, \
	     for [t = 1:|tname|] keyentry with points pt 7 ps 1.3 lc rgb tcol[t] title tname[t], \
	     keyentry with points pt 8 ps 1.5 lc rgb '#444444' title (exists("nclip") && nclip > 0 ? 'beyond ×16 or ÷16: at the edge, ratio printed' : '')
	eval keystrip_end
	unset multiplot
	set output
}
