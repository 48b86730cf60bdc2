#!/bin/sh
# guest.sh - rssbench guest on real kernels: boots each era's Debian cloud
# kernel (scripts/install-deps --guest puts them in ~/.cache/rssbench/kernels,
# or RSSBENCH_KERNELS) on 2 vCPUs with fixed events and checks what comes
# back over the second serial port: a results directory whose meta.json says
# guest, with native's era, bound and error columns for that kernel (6.1:
# split-rss, no precise read, verified by the page-table walk; 6.12:
# percpu_counter, precise status) beside the port of its scheme.  Bad input
# (an image that is not a bzImage, too many vCPUs) exits 2 before any boot.
# Bad run options are refused by the host's plan parser, before any boot.
# meta.json says where the time went (guest.host_phases, phases).
# Skipped, with the reason, where qemu, busybox or a kernel is missing.
. "${top_srcdir:-.}/tests/lib.sh"
scratch guest
echo "1..14"

# Bad input first: no qemu is needed to refuse it.
printf 'not a kernel' > "$tmp/bogus"
"$RSSBENCH" guest --kernel "$tmp/bogus" -o "$tmp/out" -- -e 10 2>"$tmp/err"
check_eq "an image without the bzImage header: exit 2" "$?" 2
"$RSSBENCH" guest --kernel "$tmp/bogus" --cpus 5000 -o "$tmp/out" -- -e 10 2>"$tmp/err"
check_eq "--cpus 5000: exit 2" "$?" 2
[ "$(wc -l <"$tmp/err")" -eq 1 ]
check_eq "one line on stderr" "$?" 0
# The run options are parsed into a plan on the host: a bad one costs no boot.
"$RSSBENCH" guest --kernel "$tmp/bogus" -o "$tmp/out" -- -s no-such-scheme 2>"$tmp/err"
check_eq "a bad run option: exit 2 before any boot" "$?" 2

kdir=${RSSBENCH_KERNELS:-${XDG_CACHE_HOME:-$HOME/.cache}/rssbench/kernels}
newest() { ls -1 $kdir/linux-image-$1*/boot/vmlinuz-* 2>/dev/null | sort -V | tail -1; }
why=
command -v qemu-system-x86_64 >/dev/null 2>&1 || why="no qemu-system-x86_64 (scripts/install-deps --guest)"
command -v busybox >/dev/null 2>&1 || why="no busybox (scripts/install-deps --guest)"
k61=$(newest 6.1.0-) k612=$(newest 6.12.)
if [ -z "$why" ] && { [ -z "$k61" ] || [ -z "$k612" ]; }; then
	why="no 6.1 and 6.12 kernels in $kdir (scripts/install-deps --guest)"
fi
if [ -n "$why" ]; then
	for i in 5 6 7 8 9 10 11 12 13 14; do skip "$why"; done
	exit 0
fi

# field DIR SCHEME COLUMN: COLUMN of SCHEME's first row in DIR/cells.csv.
field() {
	awk -F, -v s="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$h["scheme"] == s { print $h[c]; exit }' "$1/cells.csv"
}
notes() { field "$1" "$2" notes; }

# boot KERNEL PORT EVENTS: one guest run, the results directory in $dir.
boot() {
	rm -rf "$tmp/out"
	"$RSSBENCH" guest --kernel "$1" --cpus 2 -o "$tmp/out" -- -s "native,$2" -w fault -t max \
		-e "$3" --reps 1 --events none >"$tmp/guest.log" 2>&1
	rc=$?
	dir=$(sed -n 's/^results: //p' "$tmp/guest.log")
	[ $rc -eq 0 ] && [ -d "$dir" ] || { sed 's/^/# /' "$tmp/guest.log"; dir=$tmp/none; mkdir -p "$dir"; : >"$dir/cells.csv"; }
}

# 2000 faults a task: the 512-page region is zapped inside the window, which
# folds whatever a worker's own cache held from before it (thread_sync).
boot "$k61" split-rss 2000
check_eq "6.1 guest: exit 0, the results back through ttyS1 with their SHA-256" "$rc" 0
good=0
jq -r '.topology.kind + " " + (.guest.vcpus | tostring) + " " + (.guest.accelerator | tostring)' \
	"$dir/meta.json" 2>/dev/null | grep -qxE 'guest 2 (tcg|kvm)' &&
	[ "$(field "$dir" native topology_kind)" = guest ] && good=1
report "$good" "meta.json: topology kind guest, 2 vCPUs, the accelerator; cells.csv: guest"
# Where the minutes went: the host's clock at each step, the run's own phases; no warm-up in a guest.
jq -e '(.guest.host_phases | (.init_s | type) == "number" and (.run_end_s | type) == "number" and .exit_s >= .run_end_s and .run_end_s >= .run_start_s and .run_start_s >= .init_s) and .phases.warm_up_s == null and (.phases.cell_s | length) == 2 and .phases.setup_s > 0' \
	"$dir/meta.json" >/dev/null 2>&1
rc=$?
check_eq "meta.json: the host's times to /init, the run and its end; the run's phases, no warm-up" "$rc" 0
[ $rc -eq 0 ] || jq -c '.guest.host_phases, .phases' "$dir/meta.json" 2>&1 | sed 's/^/# /'
good=0
notes "$dir" native | grep -q 'split-rss task caches' && [ "$(field "$dir" native precise_err)" = NA ] &&
	notes "$dir" native | grep -q 'precise_err: kernel 6.1 has no precise read' &&
	notes "$dir" native | grep -q 'page-table walk: off by 0 pages' && good=1
report "$good" "6.1: native knows split-rss, its precise column is NA with the reason, the walk verifies it"
# 2 workers + main + watchdog = 4 real threads x 66.
check_eq "6.1: native's bound is the real threads' caches" "$(field "$dir" native bound_over)" 264
check_eq "6.1: native verified ok" "$(field "$dir" native verify)" ok
# One task per worker, no migration: the kernel's threads are the port's tasks,
# to the page (without each worker's own sync before the window: 4 against 6).
check_eq "6.1: the split-rss port's settled error is the kernel's" \
	"$(field "$dir" split-rss settled_err)" "$(field "$dir" native settled_err)"

boot "$k612" percpu 300
good=0
[ $rc -eq 0 ] && notes "$dir" native | grep -q 'percpu_counter' && [ "$(field "$dir" native precise_err)" = 0 ] &&
	[ "$(field "$dir" native verify)" = ok ] && good=1
report "$good" "6.12: exit 0, native knows percpu_counter, its precise read is exact, verified ok"
check_eq "6.12: native's bound is 2 CPUs x (32 - 1)" "$(field "$dir" native bound_over)" 62
se=$(field "$dir" native settled_err)
[ -n "$se" ] && [ "$se" -le 62 ] 2>/dev/null
check_eq "6.12: native's settled error ($se) within its bound" "$?" 0
