# error.gp - one workload's cheap-read error at the largest thread count,
# one row per scheme and one panel per migration policy: the proven settled
# bound (bar in the scheme's colour, its value beside it), the settled error
# (filled dot) and the largest error seen during the run (open circle), max
# over repetitions.  A dashed line marks the RSS the cell held where the
# workload bounds it: no error can be larger, so a bound beyond it cannot be
# reached here.  Data (from scripts/plot): $e, one index per policy,
# "y,bound,settled,in-run,colour,label,label x"; arrays pname, pcap (0: none).
npanels = |pname|
W = 260 + 440 * npanels
H = 150 + 30 * nsch
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout 1,npanels margins 0.13,0.97,0.17,0.86 spacing 0.04,0
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%.0s%c'
	set xrange [0.4:xmax * 30]
	set xtics add ('0' 0.5)
	set xlabel 'pages (4 KiB)'
	do for [p = 1:npanels] {
		set title pname[p]
		if (p > 1) { set ytics 1; set format y '' }
		if (p < npanels) { unset key } else { set key at screen 0.5, screen 0.035 center horizontal maxrows 1 }
		unset arrow 1
		if (pcap[p] > 0) { set arrow 1 from pcap[p], graph 0 to pcap[p], graph 1 nohead dt 2 lw 1.5 lc rgb '#555555' }
		plot $e index (p - 1) using (sqrt(0.5 * z($2))):1:(0.5):(z($2)):($1 - 0.32):($1 + 0.32):5 with boxxyerror fs solid 0.3 noborder lc rgb variable notitle, \
		     $e index (p - 1) using (z($7)):1:6 with labels left offset 1.0,0 font ',9' notitle, \
		     $e index (p - 1) using (z($4)):1 with points pt 6 ps 1.4 lc rgb 'black' title 'in-run max', \
		     $e index (p - 1) using (z($3)):1 with points pt 7 ps 1.0 lc rgb 'black' title 'settled', \
		     keyentry with boxes fs solid 0.3 lc rgb '#888888' title 'bound (scheme colour)', \
		     keyentry with lines dt 2 lw 1.5 lc rgb '#555555' title (pcap[p] > 0 ? 'RSS held: error cannot exceed it' : '')
	}
	unset multiplot
	set output
}
