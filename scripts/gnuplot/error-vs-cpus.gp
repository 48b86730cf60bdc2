# error-vs-cpus.gp - the cheap read's settled error bound (lines, one colour
# per scheme; schemes whose bounds are identical share a line and a name)
# against possible CPUs, log-log, with the settled errors measured in runs
# (points in the scheme's colour, on or under its line).  At most four
# schemes per panel.  Data (from scripts/plot): $bound, one index per group,
# "cpus,pages"; $meas "cpus,pages,point type,colour,group"; arrays gname,
# gcol, gpanel; npanels.
npanels = |gfirst|
# The point types of the measured errors, named once (in the first panel's key).
array mpt[4] = [7, 9, 5, 4]
array mname[4] = ['measured, random migration', 'measured, adversary (next CPU)', 'measured, no migration', 'measured, other policy']
W = npanels > 1 ? 560 * npanels : 900
H = 640
do for [fmt in formats] {
	eval term(fmt)
	set output out.'.'.fmt
	set multiplot title head layout 1,npanels margins (npanels > 1 ? 0.07 : 0.10),(npanels > 1 ? 0.91 : 0.88),0.30,0.86 spacing 0.11,0
	set logscale xy
	set format x '% h'
	set format y '%.0s%c'
	set xlabel 'possible CPUs'
	set ylabel 'pages (4 KiB)'
	set xrange [xmin * 0.8:xmax * 1.25]
	set yrange [0.4:ymax * 3]
	set ytics add ('0' 0.5)
	# The right axis: the same error in MiB (4 KiB pages), linked to the left one.
	# (not when every bound is below 8 pages: no MiB to show)
	if (ymax >= 8) {
		set logscale y2
		set y2range [0.4 * 4096 / 1048576:ymax * 3 * 4096 / 1048576]
		set y2tics
		set format y2 '% h'
		set y2label 'MiB'
	} else {
		unset y2tics
		unset y2label
	}
	set key below left Left reverse vertical maxrows 8 width -8
	do for [p = 1:npanels] {
		set title sprintf('bounds ranked %d to %d at %d CPUs', gfirst[p], glast[p], xmax)
		if (p > 1) { unset ylabel }
		plot for [g = gfirst[p]:glast[p]] $bound index (g - 1) using 1:(z($2)) with lines lw 2 lc rgb gcol[g] title gname[g], \
		     $meas using ($5 >= gfirst[p] && $5 <= glast[p] ? $1 : NaN):(z($2)):3:4 with points pt variable ps 1.4 lc rgb variable notitle, \
		     for [k = 1:4] keyentry with points pt mpt[k] lc rgb 'black' title (p == 1 ? mname[k] : '')
	}
	unset multiplot
	set output
}
