#!/bin/sh
# cpusets.sh - the machine as the kernel sees it, from the command line:
# under taskset no worker leaves the allowed CPU, and the three real-machine
# fixtures give their README's facts from topo, footprint and a short run.
: "${abs_top_srcdir:=.}"
. "${top_srcdir:-.}/tests/lib.sh"
fix=$abs_top_srcdir/tests/topologies
scratch cpusets

has() {	# has FILE TEXT: FILE holds TEXT (fixed string)
	grep -qF -- "$2" "$1" || { echo "no \"$2\" in $1:"; cat "$1"; return 1; }
}
# run OUT ARGS...: a short run into $tmp/OUT; its directory in $tmp/OUT.dir.
run() {
	out=$1
	shift
	"$RSSBENCH" run -d 0.05 -r 1 -q -o "$tmp/$out" "$@" >/dev/null 2>"$tmp/$out.err" &&
	ls -d "$tmp/$out"/*/ >"$tmp/$out.dir"
}
le_bound() {	# settled_err <= bound_under and precise_err == 0 in every row
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		 $k["settled_err"] > $k["bound_under"] || $k["precise_err"] != 0 { bad = 1; print }
		 END { exit bad }' "$1"
}

echo "1..24"

# --- taskset: workers only on the allowed CPU -------------------------------
if command -v taskset >/dev/null && taskset -c 1 true 2>/dev/null; then
	taskset -c 1 "$RSSBENCH" topo >"$tmp/topo1" 2>&1
	check_quiet "taskset -c 1 topo: allowed 1 (1), one thread on CPU 1" \
		sh -c "grep -q 'allowed 1 (1)' '$tmp/topo1' && grep -q ' 1 thread: cpus 1\$' '$tmp/topo1'"
	taskset -c 1 "$RSSBENCH" run -d 0.05 -r 1 -q -o "$tmp/host1" -s atomic,percpu -w fault \
		-t max >/dev/null 2>&1
	d=$(ls -d "$tmp/host1"/*/ 2>/dev/null)
	check_quiet "taskset -c 1 run: every worker is CPU 1, bound to PU 1" \
		sh -c "[ -f '$d/workers.csv' ] &&
			[ \"\$(awk -F, 'NR > 1 { print \$8 \",\" \$9 }' '$d/workers.csv' | sort -u)\" = 1,1 ]"
	check_quiet "taskset -c 1 run: meta.json records allowed 1 ('1')" \
		sh -c "grep -q '\"allowed\": 1,' '$d/meta.json' && grep -q '\"allowed_list\": \"1\"' '$d/meta.json'"
	taskset -c 1 "$RSSBENCH" run -d 0.05 -r 1 -q -o "$tmp/virt1" -T "pack:1 core:4 pu:1" \
		-s percpu -w fault -t max >/dev/null 2>&1
	d=$(ls -d "$tmp/virt1"/*/ 2>/dev/null)
	check_quiet "taskset -c 1, 4 virtual CPUs: all 4 workers bound to PU 1" \
		sh -c "[ \"\$(awk -F, 'NR > 1 { print \$9 }' '$d/workers.csv' | sort | uniq -c | tr -s ' ')\" = ' 4 1' ]"
else
	for i in 1 2 3 4; do skip "no taskset or no CPU 1 here"; done
fi

# --- the cgroup fixture: 64 online, 16 allowed ------------------------------
f=$fix/64intel64-cgroup-allowed16.xml
"$RSSBENCH" topo -T "$f" >"$tmp/cg.topo" 2>&1
check_quiet "cgroup16 topo: possible 64, online 64, allowed 16" \
	has "$tmp/cg.topo" "CPUs: possible 64 (0-63), online 64 (0-63), allowed 16 (0-15)"
"$RSSBENCH" footprint -T "$f" -s percpu >"$tmp/cg.fp" 2>&1
check_quiet "cgroup16 footprint: percpu 160 + 16 B x 64 CPUs, bound 2032" \
	has "$tmp/cg.fp" "percpu,64,8,16,1184,2032,2032,"
run cg -T "$f" -s percpu,pernode -w fault -t max -m every:8:random
d=$(cat "$tmp/cg.dir" 2>/dev/null)
check_quiet "cgroup16 run: 16 workers on CPUs 0-15" \
	sh -c "[ \"\$(awk -F, 'NR > 1 && (\$8 > 15 || \$8 < 0)' '$d/workers.csv' | wc -l)\" = 0 ] &&
	       [ \"\$(awk -F, 'NR > 1' '$d/workers.csv' | wc -l)\" = 32 ]"
check_quiet "cgroup16 run: percpu bound 2032, per-CPU bytes for 64 CPUs; settled within bounds" \
	sh -c "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[\$i] = i; next }
		\$k[\"scheme\"] == \"percpu\" && \$k[\"bound_under\"] == 2032 &&
		\$k[\"pcpu_bytes_per_mm\"] == 1024 { found = 1 } END { exit !found }' '$d/cells.csv'"
check_quiet "cgroup16 run: settled error within the bound, precise exact" le_bound "$d/cells.csv"

# --- CPU hotplug: 16 possible, 7 online -------------------------------------
f=$fix/16em64t-4s2c2t-offlines.xml
"$RSSBENCH" topo -T "$f" >"$tmp/off.topo" 2>&1
check_quiet "offlines topo: possible 16, online 7" \
	has "$tmp/off.topo" "CPUs: possible 16 (0-15), online 7 (0-1,3-4,6,12,15)"
"$RSSBENCH" footprint -T "$f" -s percpu,hpcc >"$tmp/off.fp" 2>&1
check_quiet "offlines footprint: percpu 160 + 16 B x 16, bound 7 x 31; hpcc over 16 CPUs" \
	sh -c "grep -q '^percpu,16,1,7,416,217,217,' '$tmp/off.fp' &&
	       grep -q '^hpcc,16,1,7,5632,1536,0,' '$tmp/off.fp'"
run off -T "$f" -s percpu,hpcc -w fault -t max -m every:8:random
d=$(cat "$tmp/off.dir" 2>/dev/null)
check_quiet "offlines run: workers on the 7 online CPUs only" \
	sh -c "[ \"\$(awk -F, 'NR > 1 { print \$8 }' '$d/workers.csv' | sort -n | uniq | tr '\n' ' ')\" = '0 1 3 4 6 12 15 ' ]"
check_quiet "offlines run: per-CPU bytes over 16 possible CPUs (percpu 256, hpcc 3584: 4 x 56 B per CPU)" \
	sh -c "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[\$i] = i; next }
		{ b[\$k[\"scheme\"]] = \$k[\"pcpu_bytes_per_mm\"] }
		END { exit !(b[\"percpu\"] == 256 && b[\"hpcc\"] == 3584) }' '$d/cells.csv'"
check_quiet "offlines run: settled error within the bound, precise exact" le_bound "$d/cells.csv"

# --- Knights Landing: memory-only MCDRAM nodes ------------------------------
f=$fix/64intel64-fakeKNL-SNC4-hybrid.xml
"$RSSBENCH" topo -T "$f" >"$tmp/knl.topo" 2>&1
check_quiet "KNL topo: 8 nodes, 4 with CPUs, every CPU on DDR node 0-3" \
	sh -c "grep -q 'NUMA nodes 8 (4 with CPUs' '$tmp/knl.topo' &&
	       [ \"\$(awk '/^cpu / { t = 1; next } t && /^[0-9]/ { print \$4 }' '$tmp/knl.topo' | sort -u | tr '\n' ' ')\" = '0 1 2 3 ' ]"
"$RSSBENCH" topo -T "$f" -p numa:1 >"$tmp/knl.out" 2>"$tmp/knl.err"
rc=$?
check_quiet "KNL topo -p numa:1 (MCDRAM): exit 2, the node has no CPUs" \
	sh -c "[ $rc -eq 2 ] && grep -q 'has no CPUs' '$tmp/knl.err' && [ \$(wc -l <'$tmp/knl.err') -eq 1 ]"
"$RSSBENCH" footprint -T "$f" -s pernode >"$tmp/knl.fp" 2>&1
check_quiet "KNL footprint: pernode's residue on the 4 CPU nodes, 31 x 4" \
	has "$tmp/knl.fp" "pernode,64,8,64,1056,124,124,"
run knl -T "$f" -s pernode -w fault -t 8 -p numa:2 -m every:8:random
d=$(cat "$tmp/knl.dir" 2>/dev/null)
check_quiet "KNL run on numa:2 (DDR P#1): settled error within the bound, precise exact" \
	le_bound "$d/cells.csv"

# --- sparse node numbers and hwloc 3 ----------------------------------------
"$RSSBENCH" topo -T "$fix/sparse-nodes-0-8.xml" >"$tmp/sp.topo" 2>&1
check_quiet "nodes P#0 and P#8: CPU 4 on node 8, nr_node_ids 9" \
	sh -c "grep -q 'nr_node_ids 9' '$tmp/sp.topo' &&
	       awk '/^cpu / { t = 1; next } t && \$1 == 4 && \$4 == 8 { f = 1 } END { exit !f }' '$tmp/sp.topo'"
sed 's/<topology version="2.0">/<topology version="3.0">/' "$fix/sparse-nodes-0-8.xml" >"$tmp/v3.xml"
"$RSSBENCH" topo -T "$tmp/v3.xml" >"$tmp/v3.out" 2>"$tmp/v3.err"
rc=$?
check_quiet "an hwloc 3 XML: exit 2, hwloc's reason and the fix" \
	sh -c "[ $rc -eq 2 ] && grep -q 'cannot import XML version 3' '$tmp/v3.err' &&
	       grep -q 're-export it with hwloc 2' '$tmp/v3.err'"

# --- whose timings the table shows --------------------------------------------
"$RSSBENCH" run -e 100 -r 1 --events none -o "$tmp/vt" -T "pack:1 core:4 pu:1" -s percpu \
	-w update -t max >/dev/null 2>"$tmp/vt.err"
check_quiet "virtual topology: the table says its timings are not of a machine" \
	has "$tmp/vt.err" "timings: not of a machine: 4 virtual CPUs shared"
"$RSSBENCH" run -e 100 -r 1 --events none -o "$tmp/ht" -s percpu -w update -t 1 \
	>/dev/null 2>"$tmp/ht.err"
check_quiet "host topology: no such line" sh -c "! grep -q 'timings: not of a machine' '$tmp/ht.err'"
# The table of a serialized run (figures as the run computes them: 16 tasks of
# 100 updates), and the capped case (one task's 100 pages < percpu's bound 496).
"$RSSBENCH" run --serialize -T "pu:16" -s percpu,atomic -w update -t max -e 100 --pages 100 \
	-m every:31:next -r 1 --events none -o "$tmp/st" >/dev/null 2>"$tmp/st.err"
check_quiet "serialized run: the table is settled error / bound (percpu 64 / 496, atomic 0 / 0)" \
	sh -c "grep -Eq '^  percpu +64 / 496\$' '$tmp/st.err' && grep -Eq '^  atomic +0 / 0\$' '$tmp/st.err'"
"$RSSBENCH" run --serialize -T "pu:16" -s percpu -w update -t max -e 100 --pages 100 \
	--tasks-per-mm 1 -m every:31:next -r 1 --events none -o "$tmp/st1" >/dev/null 2>"$tmp/st1.err"
check_quiet "serialized run, one task per mm: percpu's error says capped by RSS" \
	sh -c "grep -Eq '^  percpu +capped by RSS\$' '$tmp/st1.err'"
