# headline.gp - one row per scheme, four panels: fork+exit and update cost
# over percpu's (dot, bar = interval), the cheap read's worst-case error and
# the counter memory per mm at one CPU count (bars, formulas; dots measured).
# fork_axis and upd_axis set the ratio panels' range and tics; upd_none = 1
# says the run has no cells for the second panel.
# Data (from scripts/plot): $fork and $upd "y,ratio,lo,hi,colour,clipped,
# ratio" (clipped 1: beyond x16, 2: under 1/16: drawn at the edge, the
# ratio printed);
# $err "y,bound,measured,colour,label,label x"; $mem "y,bytes,colour,label,label x".
W = 1400
# head_lines: the title's lines (2 with a busy run's mark), 20 px each past 1.
htop = 75.0 + 20 * ((exists("head_lines") ? head_lines : 1) - 1)
# at least three rows' height: one scheme alone still leaves room for titles and labels
H = 75 + htop + 34 * (nsch < 3 ? 3 : nsch)
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	unset key
	set format x '% h'
	set xrange [*:*]
	set multiplot title head layout 1,4 margins 0.11,0.98,100.0 / H,1 - htop / H spacing 0.035,0
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%g'
	set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
	set xlabel 'cycles/op ÷ percpu'
	set title fork_title
	eval fork_axis
	plot $fork using ($2):($1):($3):($4) with xerrorbars pt -1 lc rgb '#444444', \
	     $fork using ($6 > 0 ? NaN : $2):($1):($5) with points pt 7 ps 1.6 lc rgb variable, \
	     $fork using ($6 > 0 ? $2 : NaN):($1):($5) with points pt 8 ps 1.6 lc rgb variable, \
	     $fork using ($6 == 1 ? $2 : 1):($6 == 1 ? $1 : -9):($6 == 1 ? sprintf('×%.4g', $7) : '') with labels right offset -1.2,0 font ',9', \
	     $fork using ($6 == 2 ? $2 : 1):($6 == 2 ? $1 : -9):($6 == 2 ? sprintf('÷%.3g', 1 / $7) : '') with labels left offset 1.2,0 font ',9'
	set ytics 1
	set format y ''
	set title upd_title
	eval upd_axis
	if (exists("upd_none") && upd_none) { set label 9 'no such cells in this run' at graph 0.5, graph 0.5 center tc rgb '#888888' }
	plot $upd using ($2):($1):($3):($4) with xerrorbars pt -1 lc rgb '#444444', \
	     $upd using ($6 > 0 ? NaN : $2):($1):($5) with points pt 7 ps 1.6 lc rgb variable, \
	     $upd using ($6 > 0 ? $2 : NaN):($1):($5) with points pt 8 ps 1.6 lc rgb variable, \
	     $upd using ($6 == 1 ? $2 : 1):($6 == 1 ? $1 : -9):($6 == 1 ? sprintf('×%.4g', $7) : '') with labels right offset -1.2,0 font ',9', \
	     $upd using ($6 == 2 ? $2 : 1):($6 == 2 ? $1 : -9):($6 == 2 ? sprintf('÷%.3g', 1 / $7) : '') with labels left offset 1.2,0 font ',9'
	unset label 9
	unset arrow 1
	set xtics autofreq
	set mxtics default
	set format x '%.0s%c'
	set xlabel err_xlabel
	set title err_title
	set xrange [0.4:err_max * 400]
	set xtics add ('0' 0.5)
	plot $err using (sqrt(0.5 * z($2))):($1):(0.5):(z($2)):($1 - 0.32):($1 + 0.32):($4) with boxxyerror fs solid 0.35 noborder lc rgb variable, \
	     $err using (z($6)):($1):(stringcolumn(5)) with labels left offset 0.6,0 font ',9', \
	     $err using (z($3)):($1) with points pt 7 ps 1.1 lc rgb 'black'
	set xlabel 'bytes (per-CPU parts included)'
	set title mem_title
	set xrange [8:mem_max * 400]
	plot $mem using (sqrt(8 * $2)):($1):(8):($2):($1 - 0.32):($1 + 0.32):($3) with boxxyerror fs solid 0.35 noborder lc rgb variable, \
	     $mem using ($5):($1):(stringcolumn(4)) with labels left offset 0.6,0 font ',9'
	unset multiplot
	set output
	set format y '% h'
	set xrange [*:*]
}
