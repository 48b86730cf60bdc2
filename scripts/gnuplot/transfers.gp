# transfers.gp - modelled cache-line transfers per operation (model.csv,
# --model coherence) beside the measured cycles per operation (cells.csv,
# joined on the cell and repetition), against the CPUs (xlab says which),
# one line per scheme in its colour, at most eight schemes a row of panels.
# Transfers are modelled, not measured; cycles on a virtual topology come
# from threads oversubscribed on fewer PUs (vnote says so).  Data (from
# scripts/plot): $t, one index per scheme, "cpus,transfers,cycles" (medians
# over repetitions); arrays sname, scol; srow (first scheme of each row).
# Transfers on a log axis (0 drawn at tzero, labelled 0), cycles linear from
# 0; xtics_cmd puts the x tics at the CPU counts run; cmax 0 (no cycles
# measured, as in a --model-only run): the right panel says cwhy.
nrows = |srow|
W = 1250
H = 150 + 380 * nrows
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout nrows,2 margins 0.08,0.80,0.10,0.88 spacing 0.10,0.10
	set logscale x 2
	set format x '%g'
	set xlabel xlab
	set xrange [xmin / 1.3:xmax * 1.3]
	eval xtics_cmd
	do for [r = 1:nrows] {
		first = srow[r]
		last = r < nrows ? srow[r + 1] - 1 : |sname|
		set title 'cache-line transfers per op (MODELLED, directory MESI)'
		set logscale y
		set ylabel 'transfers / op'
		set format y '%g'
		set yrange [tzero / 1.6:tmax]
		set ytics add ('0' tzero)
		unset key
		plot for [s = first:last] $t index (s - 1) using 1:($2 <= 0 ? tzero : $2) with linespoints lw 2 pt 7 ps 1 lc rgb scol[s] notitle
		set ytics autofreq
		set title 'cycles per op (MEASURED'.vnote.')'
		set ylabel 'cycles / op'
		unset logscale y
		set format y (cmax >= 10000 ? '%.1s%c' : '%g')
		set key outside right top Left reverse vertical
		if (cmax > 0) {
			set yrange [0:*]
			plot for [s = first:last] $t index (s - 1) using 1:3 with linespoints lw 2 pt 7 ps 1 lc rgb scol[s] title sname[s]
		} else {
			set yrange [0:1]
			set label 4 cwhy at graph 0.5, graph 0.5 center tc rgb '#555555'
			plot NaN notitle, for [s = first:last] keyentry with linespoints lw 2 pt 7 ps 1 lc rgb scol[s] title sname[s]
			unset label 4
		}
	}
	unset multiplot
	set output
}
