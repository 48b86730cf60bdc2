# common.gp - what every rssbench plot shares (scripts/plot copies it into
# each plot's script after the data): CSV data with NA for "not measured",
# colours the driver gave each scheme, both terminals, log axes with a 0.
set datafile separator comma
set datafile missing "NA"
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
