#!/bin/sh
# timed_build.sh - the timed build of bench/ carries no coherence-model hook
# (issue 12, doc/coherence.md "The model build"): no object of
# bench/libbench.a defines or calls a model symbol, while the model build's
# library does call rss_model_access (so the names looked for are the right
# ones).  The cycles side of the claim is `make bench`'s update benchmark.
: "${top_builddir:=.}"
nm=${NM:-nm}
. "${top_srcdir:-.}/tests/lib.sh"
scratch timed-build

echo "1..3"
timed=$top_builddir/bench/libbench.a
model=$top_builddir/bench/libbench-model.a
if ! "$nm" "$timed" >"$tmp/timed" 2>"$tmp/err" || ! "$nm" "$model" >"$tmp/model" 2>>"$tmp/err"; then
	echo "Bail out! $nm cannot read the bench libraries: $(head -n 1 "$tmp/err")"
	exit 1
fi

if grep -E ' (rss_model_|rss_coh_)' "$tmp/timed" >"$tmp/hits"; then
	echo "not ok 1 - bench/libbench.a references model symbols:"
	sed 's/^/# /' "$tmp/hits"
else
	echo "ok 1 - bench/libbench.a (the timed build) neither defines nor calls a model symbol"
fi
if grep -qE ' U rss_model_access$' "$tmp/model"; then
	echo "ok 2 - bench/libbench-model.a calls rss_model_access (the check above looks for the right names)"
else
	echo "not ok 2 - bench/libbench-model.a does not call rss_model_access"
fi
if ${AR:-ar} t "$timed" | grep -q 'model'; then
	echo "not ok 3 - bench/libbench.a holds a model object: $(${AR:-ar} t "$timed" | grep model)"
else
	echo "ok 3 - bench/libbench.a holds no model object ($(${AR:-ar} t "$timed" | wc -l) objects)"
fi
