#!/bin/sh
# install.sh - the package as users install it: make install into a DESTDIR
# puts rssbench, rssbench-run-all, the plot script and its gnuplot templates,
# the man page and the docs in place; then, with the build and source trees
# hidden (a private mount namespace, as if moved away), the installed copy
# answers --version with its build's git revision, runs a small benchmark and
# plots it with its own installed script.  The hidden-tree part is skipped
# where mount namespaces are not allowed.
: "${abs_top_builddir:?run from make check}" "${abs_top_srcdir:?run from make check}"
dest=$(mktemp -d "${TMPDIR:-/tmp}/rssbench-install.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT
. "$abs_top_srcdir/tests/lib.sh"
echo "1..7"

# The install targets alone: `install` first runs `all` in a sub-make that
# -o does not reach, which rewrote gitrev.c and relinked the rssbench the
# other tests were running whenever the tree had changed since the build.
make -s -C "$abs_top_builddir" -o harness/gitrev.c install-exec-am install-data-am \
	DESTDIR="$dest" >"$dest/install.log" 2>&1
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$dest/install.log"
bindir=$(sed -n 's/^bindir = //p' "$abs_top_builddir/Makefile")
prefix=$(sed -n 's/^prefix = //p' "$abs_top_builddir/Makefile")
exec_prefix=$prefix
datarootdir=$(sed -n 's/^datarootdir = //p' "$abs_top_builddir/Makefile")
bindir=$(eval echo "$bindir")
datadir=$(eval echo "$(eval echo "$datarootdir")")
bin=$dest$bindir
pkgdata=$dest$datadir/rssbench
ok=1
for f in "$bin/rssbench" "$bin/rssbench-run-all" "$pkgdata/plot"; do
	[ -x "$f" ] || { ok=0; echo "# not installed or not executable: $f"; }
done
for f in "$pkgdata/plot-dir.sh" "$pkgdata/plot-figs.sh" "$pkgdata/gnuplot/common.gp" "$pkgdata/gnuplot/headline.gp" \
	 "$pkgdata/gnuplot/scaling.gp" "$pkgdata/gnuplot/tradeoff.gp" \
	 "$dest$datadir/man/man1/rssbench.1" "$dest$datadir/doc/rssbench/results-format.md" \
	 "$dest$datadir/doc/rssbench/schemes/percpu.md"; do
	[ -s "$f" ] || { ok=0; echo "# not installed: $f"; }
done
check_run "make install DESTDIR: binaries, plot script, templates, man page, docs (exit $rc)" test $rc -eq 0 -a $ok = 1

# What the installed copy does, as a script run with the trees hidden or not.
cat >"$dest/use.sh" <<'EOS'
bin=$1 tmp=$2
unset RSS_PLOT RSSBENCH
"$bin/rssbench" --version >"$tmp/version" 2>&1
"$bin/rssbench" plot --help >"$tmp/plothelp" 2>&1
"$bin/rssbench" run -s atomic,percpu -w fault -t 1 -d 0.02 -r 2 -q -o "$tmp/res" >"$tmp/run" 2>&1
dir=$(sed -n 's/^results: //p' "$tmp/run")
"$bin/rssbench" plot -q "$dir" >"$tmp/plot" 2>&1
echo $? >"$tmp/plotrc"
ls "$dir/plots" >"$tmp/plots" 2>&1
"$bin/rssbench-run-all" --help >"$tmp/runall" 2>&1
EOS
hidden=no
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
   unshare -m sh -c "mount -t tmpfs none '$abs_top_builddir' && mount -t tmpfs none '$abs_top_srcdir' &&
		      sh '$dest/use.sh' '$bin' '$dest'" 2>"$dest/unshare.err"; then
	hidden=yes
else
	sed 's/^/# unshare: /' "$dest/unshare.err" 2>/dev/null
	sh "$dest/use.sh" "$bin" "$dest"
fi
rev=$(sed -n 's/^const char rss_git_revision\[\] = "\(.*\)";$/\1/p' "$abs_top_builddir/harness/gitrev.c")
check_run "installed rssbench --version: $(cat "$dest/version") (build revision $rev)" \
	grep -qxF "$(sed -n 's/^PACKAGE_STRING = //p' "$abs_top_builddir/Makefile") (git $rev)" "$dest/version"
check_run "installed rssbench plot runs the installed script ($(head -1 "$dest/plothelp"))" \
	grep -qF "runs $pkgdata/plot" "$dest/plothelp"
check_run "the installed copy runs a cell and plots it (exit $(cat "$dest/plotrc"))" \
	test "$(cat "$dest/plotrc")" = 0 -a -n "$(grep -x headline.gp "$dest/plots")"
check_run "rssbench-run-all --help from the installed copy names itself, not ./run-all" \
	sh -c '! grep -q "\./run-all" "$1" && grep -q "rssbench-run-all \[--quick" "$1"' sh "$dest/runall"
n=$((n + 1))
if [ $hidden = yes ]; then
	echo "ok 6 - the above ran with the build and source trees hidden (mount namespace)"
else
	echo "ok 6 - # SKIP no mount namespace here (not root or no unshare): ran with the trees in place"
fi

# Every document the README links and every page under doc/ is installed, and
# every link between the installed pages resolves there (the installed
# README.md's doc/ links are the first list: doc/ is the documentation
# directory itself).
docdir=$dest$datadir/doc/rssbench
missing=
for f in $(cd "$abs_top_srcdir" && { sed -n 's/.*](doc\/\([^)#]*\)).*/\1/p' README.md
	   find doc -name '*.md' | sed 's|^doc/||'; } | sort -u); do
	[ -e "$docdir/$f" ] || missing="$missing $f"
done
for page in $(cd "$docdir" && find . -name '*.md' ! -path ./README.md); do
	for l in $(sed -n 's/.*](\([^)#:]*\)[)#].*/\1/p' "$docdir/$page" | grep -v '^$'); do
		[ -e "$docdir/$(dirname "$page")/$l" ] || missing="$missing $page->$l"
	done
done
check_run "every page under doc/ and every doc the README links is installed, and the installed pages' links resolve${missing:+ (missing:$missing)}" \
	test -z "$missing"
