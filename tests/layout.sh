#!/bin/sh
# layout.sh - bench/schemes/ holds what doc/design.md says and nothing else:
# one file per scheme and the helpers schemes build on.  Every scheme of the
# registry ('rssbench list') has its page in doc/schemes/ (a variant, such as
# cpu-stash-cpumask, the page of the scheme it varies); every .c there that
# defines no scheme is a helper: it has its header and doc/design.md names
# it; every page in doc/schemes/ is a scheme's or a helper's; every file of
# bench/schemes/ is built (Makefile.am).
. "${top_srcdir:-.}/tests/lib.sh"
src=${top_srcdir:-.}
echo "1..4"

bad=
for s in $("$RSSBENCH" list | awk '/^schemes:/ { on = 1; next } /^[a-z]/ { on = 0 } on && $1 != "origin:" { print $1 }'); do
	page=$s
	while [ ! -f "$src/doc/schemes/$page.md" ] && [ "${page%-*}" != "$page" ]; do
		page=${page%-*}
	done
	[ -f "$src/doc/schemes/$page.md" ] || bad="$bad $s"
done
check_eq "every scheme of the registry has its page in doc/schemes/" "${bad:-none}" none

bad=
for f in "$src"/bench/schemes/*.c; do
	name=$(basename "$f" .c)
	grep -q 'const struct scheme_ops rss_scheme_\|^RSS_PERCPU_ERA_SCHEME(' "$f" && continue
	{ [ -f "$src/bench/schemes/$name.h" ] && grep -q "bench/schemes/$name\.c" "$src/doc/design.md"; } ||
		bad="$bad $name.c"
done
check_eq "every other .c in bench/schemes/ is a helper with its header, named in doc/design.md" "${bad:-none}" none

bad=
for p in "$src"/doc/schemes/*.md; do
	name=$(basename "$p" .md)
	"$RSSBENCH" list | grep -q "^  $name " && continue
	[ -f "$src/bench/schemes/$(echo "$name" | tr - _).c" ] || bad="$bad $name.md"
done
check_eq "every page in doc/schemes/ is a scheme's or a helper's" "${bad:-none}" none

bad=
for f in "$src"/bench/schemes/*.[ch]; do
	grep -q "bench/schemes/$(basename "$f")" "$src/Makefile.am" || bad="$bad $(basename "$f")"
done
check_eq "every file of bench/schemes/ is in Makefile.am" "${bad:-none}" none
