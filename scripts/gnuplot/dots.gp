# dots.gp - one value per scheme (rows) and series (colours, at most eight),
# log scale: the comparison of several results directories.  Data (from
# scripts/plot): $d "y,series,value"; arrays sname, scol ("#rrggbb").
W = 1000
H = 140 + 30 * nsch
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set title head
	eval ytics_cmd
	set yrange [nsch + 0.6:0.4]
	set grid xtics ytics
	set logscale x
	set format x '%.0s%c'
	set xlabel xlab
	set key outside right top Left reverse vertical
	plot for [s = 1:|sname|] $d using ($2 == s ? $3 : NaN):($1 + 0.5 * (s - (|sname| + 1) / 2.0) / |sname|) with points pt 7 ps 1.3 lc rgb scol[s] title sname[s]
	set output
}
