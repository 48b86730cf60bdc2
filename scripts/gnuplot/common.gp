# common.gp - what every rssbench plot shares (scripts/plot copies it into
# each plot's script after the data): CSV data with NA for "not measured",
# colours the driver gave each scheme, both terminals, log axes with a 0.
# NA is not a number, so gnuplot skips that point, as it would a missing
# one, without a warning for a clause that has none to draw (a run whose
# repetitions give no interval bars; a panel with no clipped ratio).
# A plot iteration over an empty range still runs once in gnuplot 5.4
# (for [k = 1:0] plots k = 1): conditional clauses use an empty title or
# an if, not an empty range.  And a labels clause whose data is one row
# with no valid point crashes it (SIGSEGV): such clauses put the rows they
# leave out at y = -9, outside every range, with an empty text.
set datafile separator comma
set encoding utf8
set grid
set border 3
set tics nomirror
set key noautotitle
# W x H pixels; a template may change them before drawing.
if (!exists("W")) W = 1100
if (!exists("H")) H = 650
term(f) = f eq 'png' ? \
	sprintf('set terminal pngcairo noenhanced size %d,%d font "sans,10"', W, H) : \
	sprintf('set terminal svg noenhanced size %d,%d dynamic font "sans,10" background rgb "white"', W, H)
# On a log axis a value below 1 (an exact scheme's 0) is drawn at 0.5, labelled 0.
z(v) = v < 1 ? 0.5 : v
# Scheme colours come as numbers (0xRRGGBB) in a data column: lc rgb variable.
# The shared key of a faceted figure: after its panels, one more plot of
# the multiplot that draws only the key, across the whole width in the
# bottom h of the canvas (a fraction), so it never lies over an axis
# whatever a panel's width; keystrip_end restores what the panels use.
keystrip(h) = sprintf('set lmargin at screen 0.01; set rmargin at screen 0.99; set bmargin at screen 0.002; set tmargin at screen %g; unset border; unset tics; unset xlabel; unset ylabel; unset title; unset grid; unset logscale; unset arrow; unset label; set xrange [0:1]; set yrange [0:1]; set key center center horizontal Left reverse width 2 samplen 3', h)
keystrip_end = 'set lmargin -1; set rmargin -1; set bmargin -1; set tmargin -1; set border 3; set xtics; set ytics; set tics nomirror; set grid; unset key'
# Rows of the key strip for n entries whose longest title has c characters
# on a W-pixel canvas (about 8 px a character, the sample and gaps 7 more).
keycols(c) = int((W - 40) / (8 * (c + 7))) < 1 ? 1 : int((W - 40) / (8 * (c + 7)))
keyrows(n, c) = (n + keycols(c) - 1) / keycols(c)
