# cost.gp - each scheme's cycles per operation over percpu's in the same
# cell (median over repetitions; bar: the interval where there are enough
# repetitions), one panel per workload, one colour per thread count.  1 =
# percpu's cost; left of it is cheaper.  Data (from scripts/plot): $cost,
# one index per workload, "y,thread series,ratio,lo,hi"; arrays wname
# (panel titles), tname (thread series names), tcol; rlo, rhi and rtics
# (the log axis' range and a command setting its tics) per panel; head_lines
# (optional) the title's lines.
npanels = |wname|
cols = npanels < 4 ? npanels : 4
rows = (npanels + cols - 1) / cols
W = 380 * cols + 220
W = W < 760 ? 760 : W
# head_lines: the title's lines (3 with a busy run's mark), 20 px each past 2.
htop = 85.0 + 20 * ((exists("head_lines") ? head_lines : 2) - 2)
H = (70 + 26 * nsch) * rows + 65 + htop
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout rows,cols margins 150.0 / W,0.98,90.0 / H,1 - htop / H spacing 150.0 / W,0.12
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%g'
	set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
	set xlabel 'cycles/op ÷ percpu'
	do for [w = 1:npanels] {
		set title wname[w]
		if (w == 1) { set key at screen 0.5, screen 0.01 center bottom horizontal } else { unset key }
		set xrange [rlo[w]:rhi[w]]
		eval rtics[w]
		plot for [t = 1:|tname|] $cost index (w - 1) using ($2 == t ? $4 : NaN):($1 + 0.16 * (t - (|tname| + 1) / 2.0)):5:6 with xerrorbars pt -1 lc rgb tcol[t] notitle, \
		     for [t = 1:|tname|] $cost index (w - 1) using ($2 == t ? $3 : NaN):($1 + 0.16 * (t - (|tname| + 1) / 2.0)) with points pt 7 ps 1.3 lc rgb tcol[t] title (w == 1 ? tname[t] : '')
	}
	unset multiplot
	set output
}
