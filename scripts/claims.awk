# claims.awk - the mail thread's claims judged on measured numbers (doc/plots.md,
# "Claims").  Reads the facts scripts/plot-claims.sh gathers from results
# directories, one tagged line each, fields separated by "|":
#   M|dir|scenario|quick|topology kind|possible CPUs|online CPUs|nodes with CPUs|host PUs|scan_mms|busy
#   T|dir|threads|possible CPUs|nodes with CPUs   (a scenario's runs, one topology per thread count)
#   S|dir|workload|scheme|threads|migration|settled_err_max|err_max|bound_under|reps
#   C|dir|workload|scheme|threads|migration|rep|tasks_per_mm|bytes_per_mm|pcpu_bytes_per_mm|ns_per_op|cpus|pages
#   R|dir|reference|workload|scheme|threads|migration|ratio|lo|hi|reps|notes   (rssbench ratios -r reference)
#   K|dir|kernel|vcpus|scheme|threads|migration|settled_err_max|err_max|bound_under|verify   (kernels: summary.csv)
#   KT|dir|kernel|scheme|threads|tasks|kernel_era   (kernels: cells.csv)
#   G|dir|series|vcpus|result|why   (kernels: meta.json kernels[], result ok, failed or not-run)
# and prints one line per claim:
#   id|claim|source|quoted|scenario|measured|verdict|rule|dirs
# verdict: "reproduced", "not reproduced", "not measurable here (why)", or
# "not run (rssbench run --scenario NAME)" when no directory ran the scenario;
# a verdict judged on --quick runs ends "(quick run: N reps, M CPUs)" (or
# "...; quick run: ...)").  dirs: the directories (their M line's dir) the
# verdict was judged on, space-separated ("" for not run), for the links.
# A quick run never outranks a full one: where any full run of a claim's
# scenario is given, its quick runs are left out (counts()).
# Every verdict comes from the facts; the claim table below holds only what
# the thread said (the quoted figure, its sign or threshold, the scheme).
BEGIN { FS = "|"; MiB = 256 }	# pages of 4 KiB per MiB

$1 == "M" { dirs[++nd] = $2; scen[$2] = $3; quick[$2] = $4; kind[$2] = $5; poss[$2] = $6
	    online[$2] = $7; nodes[$2] = $8; hpus[$2] = $9; scan[$2] = $10; busy[$2] = $11; next }
$1 == "T" { tcpu[$2, $3] = $4; tnode[$2, $3] = $5; tcpus[$2] = tcpus[$2] " " $4; next }
$1 == "S" { ns++; for (i = 2; i <= NF; i++) S[ns, i] = $i; has[$2, $4] = 1
	    if ($10 + 0 > mreps[$2]) mreps[$2] = $10 + 0; next }
$1 == "C" { nc++; for (i = 2; i <= NF; i++) C[nc, i] = $i; next }
$1 == "R" { R[$2, $3, $4, $5, $6, $7] = $8 "|" $9 "|" $10 "|" $11 "|" $12; next }
$1 == "K" { nk++; for (i = 2; i <= NF; i++) K[nk, i] = $i; next }
$1 == "KT" { if (KT[$2, $3, $4, $5] == "" || KT[$2, $3, $4, $5] != $6) KT[$2, $3, $4, $5] = KT[$2, $3, $4, $5] == "" ? $6 : "mixed"; KE[$2, $3] = $7; next }
$1 == "G" { ng++; for (i = 2; i <= NF; i++) G[ng, i] = $i; next }

function na(x) { return x == "" || x == "NA" || x ~ /^unavailable/ }
function mib(p) { return p >= 256 * 1024 ? sprintf("%.2f GiB", p / MiB / 1024) : sprintf("%.1f MiB", p / MiB) }
# Prints a claim's row.  The directories judged on are USED (use(d)), else
# the one pick(sc) gives; a verdict from --quick runs says so (quick_note).
function out(id, claim, src, quoted, sc, meas, verdict, rule,   d, q) {
	gsub(/\|/, "/", meas)
	if (verdict ~ /^not run/) USED = ""
	else if (USED == "" && (d = pick(sc)) != "") use(d)
	if ((q = quick_note(USED)) != "")
		verdict = verdict ~ /\)$/ ? substr(verdict, 1, length(verdict) - 1) "; " q ")" : verdict " (" q ")"
	sub(/^ /, "", USED)
	print id "|" claim "|" src "|" quoted "|" sc "|" meas "|" verdict "|" rule "|" USED
	USED = ""
}
function use(d) { if (index(USED " ", " " d " ") == 0) USED = USED " " d }
# "quick run: N reps, M CPUs" when a directory of the list is a --quick run:
# the most repetitions of its rows, its CPU counts; "" for full runs only.
function quick_note(list,   a, n, k, d, r, c, nc, cpus, seen, t, m, j, x) {
	n = split(list, a, " "); r = 0; nc = 0; cpus = ""
	for (k = 1; k <= n; k++) {
		d = a[k]
		if (quick[d] != "true") continue
		if (mreps[d] > r) r = mreps[d]
		m = split(tcpus[d] != "" ? tcpus[d] : poss[d], t, " ")
		for (j = 1; j <= m; j++) if (!((t[j] + 0) in seen)) { seen[t[j] + 0] = 1; c[++nc] = t[j] + 0 }
	}
	if (!nc) return ""
	for (k = 2; k <= nc; k++) for (j = k; j > 1 && c[j - 1] > c[j]; j--) { x = c[j]; c[j] = c[j - 1]; c[j - 1] = x }
	for (k = 1; k <= nc; k++) cpus = cpus (k > 1 ? ", " : "") c[k]
	if ((j = match(cpus, /, [0-9]+$/))) cpus = substr(cpus, 1, j - 1) " and " substr(cpus, j + 2)
	return sprintf("quick run: %d rep%s, %s CPU%s", r, r == 1 ? "" : "s", cpus, cpus == "1" ? "" : "s")
}
# The directory that answers scenario list SC ("a,b"): a full run before a
# quick one, else the first; "" when none ran it.
function pick(sc,   k, d, best, want) {
	split(sc, want, ","); best = ""
	for (k = 1; k <= nd; k++) {
		d = dirs[k]
		if (!inlist(scen[d], sc)) continue
		if (best == "" || (quick[best] == "true" && quick[d] != "true")) best = d
	}
	return best
}
function inlist(x, list,   a, n, k) { n = split(list, a, ","); for (k = 1; k <= n; k++) if (a[k] == x) return 1; return 0 }
# Directory d counts for scenario list sc: it ran one of them, and is a full
# run or no full run of them was given (a quick run never outranks a full one).
function counts(d, sc,   k) {
	if (!inlist(scen[d], sc)) return 0
	if (quick[d] != "true") return 1
	for (k = 1; k <= nd; k++) if (quick[dirs[k]] != "true" && inlist(scen[dirs[k]], sc)) return 0
	return 1
}
function notrun(sc,   a) { split(sc, a, ","); return "not run (`rssbench run --scenario " a[1] "`)" }
# The first scheme of "a b c" that directory d ran.
function resolve(d, names,   a, n, k) { n = split(names, a, " "); for (k = 1; k <= n; k++) if ((d, a[k]) in has) return a[k]; return "" }
function alts(names,   a, n, k, r) { n = split(names, a, " "); r = a[1]; for (k = 2; k <= n; k++) r = r (k == 2 ? " (else " : ", ") a[k]; return r (n > 1 ? ")" : "") }
# The CPUs and nodes of directory d's rows with this many threads: a
# scenario joins one run per topology (meta.json's topologies[]).
function cpus_of(d, t) { return ((d, t) in tcpu) ? tcpu[d, t] + 0 : poss[d] + 0 }
function nodes_of(d, t) { return ((d, t) in tnode) ? tnode[d, t] + 0 : nodes[d] + 0 }
function where_t(d, t) { return sprintf("%d CPUs, %d node%s%s", cpus_of(d, t), nodes_of(d, t), nodes_of(d, t) == 1 ? "" : "s", kind[d] == "virtual" ? ", virtual" : kind[d] == "guest" ? ", guest" : "") }
function where(d) { return sprintf("%d CPUs, %d node%s%s", poss[d], nodes[d], nodes[d] == 1 ? "" : "s", kind[d] == "virtual" ? ", virtual" : kind[d] == "guest" ? ", guest" : "") }

# A cost ratio: scheme over ref in workload w, claimed sign (-1 cheaper, +1 dearer).
# claimed: the quoted ratio (0.9109 for -8.91 %), for telling a narrow interval
# around 1 (not reproduced) from one too wide to tell (not measurable here).
function ratio_claim(id, claim, src, quoted, sc, schemes, refs, w, sign, min_nodes, claimed,   d, s, r, t, m, k, key, f, rule, meas, lo, hi, v) {
	rule = sprintf("the 95 %% interval of %s ÷ %s (median cycles/op, Hodges-Lehmann/Moses as in compare) at 1 thread without migration lies %s 1", \
		alts(schemes), alts(refs), sign < 0 ? "below" : "above")
	rule = rule "; an interval holding 1 is not reproduced, or not measurable here when it also holds the claimed ratio"
	if (min_nodes > 1) rule = rule sprintf("; needs %d or more NUMA nodes with CPUs and host timings", min_nodes)
	else rule = rule "; needs host timings"
	d = pick(sc)
	if (d == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	if (kind[d] == "virtual")
		return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (virtual topology: its %d CPUs were threads on %d PUs, so its cycles describe no machine)", poss[d], hpus[d]), rule)
	if (kind[d] == "guest")
		return out(id, claim, src, quoted, sc, "-", "not measurable here (a qemu guest: its cycles describe no machine)", rule)
	if (busy[d] == "true")
		return out(id, claim, src, quoted, sc, "-", "not measurable here (a busy run: the load average was above the online CPUs, so its timings are unreliable; rerun on an idle machine)", rule)
	if (nodes[d] < min_nodes)
		return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (%d online CPUs and %d NUMA node with CPUs: the claim is about updates spread over nodes on a 224-core machine; here every CPU shares one node slot)", online[d], nodes[d]), rule)
	s = resolve(d, schemes); r = resolve(d, refs)
	if (s == "" || r == "")
		return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (the run has no %s cells)", s == "" ? schemes : refs), rule)
	key = ""
	for (k in R) { split(k, f, SUBSEP); if (f[1] == d && f[2] == r && f[3] == w && f[4] == s && f[5] == 1 && f[6] == "none") key = k }
	if (key == "") return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (no %s cell at 1 thread without migration for %s and %s)", w, s, r), rule)
	split(R[key], v, "|")
	if (na(v[1])) return out(id, claim, src, quoted, sc, "-", "not measurable here (" v[5] ")", rule)
	meas = sprintf("%s ÷ %s %s: %+.1f %%", s, r, w, 100 * (v[1] - 1))
	if (na(v[2]) || na(v[3]))
		return out(id, claim, src, quoted, sc, meas " (" where(d) ")", sprintf("not measurable here (%d repetitions give no 95 %% interval: run 5 or more)", v[4]), rule)
	lo = v[2]; hi = v[3]
	meas = sprintf("%s [%+.1f, %+.1f] (%s, %d reps)", meas, 100 * (lo - 1), 100 * (hi - 1), where(d), v[4])
	if ((sign < 0 && hi < 1) || (sign > 0 && lo > 1)) return out(id, claim, src, quoted, sc, meas, "reproduced", rule)
	if (lo > 1 || hi < 1) return out(id, claim, src, quoted, sc, meas, "not reproduced (the opposite sign)", rule)
	if (lo <= claimed && claimed <= hi)
		return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (the interval holds both 1 and the claimed %+.1f %%: this machine's spread is too wide to tell)", 100 * (claimed - 1)), rule)
	return out(id, claim, src, quoted, sc, meas, sprintf("not reproduced (the interval holds 1 and not the claimed %+.1f %%)", 100 * (claimed - 1)), rule)
}

# The largest error (settled or in-run, any migration) of scheme at no more
# than maxc CPUs (0: any) reaches at least thr pages: reachable only where the
# bound and the mm's RSS allow it.  The CPU limit is the claim's machine: a
# gigabyte reached only at 1 024 CPUs is not the claim's gigabyte at 384.
function error_claim(id, claim, src, quoted, sc, scheme, thr, maxc,   k, d, e, c, best, bd, bmax, bcpu, cap, capmax, at, rule) {
	rule = sprintf("%s's largest cheap-read error measured (settled or in-run, any migration policy, max over repetitions%s) is %s or more; not measurable where the bound or the RSS the mm held (pages × tasks) stays below that", \
		scheme, maxc ? sprintf(", at %d CPUs or fewer", maxc) : "", mib(thr))
	if (pick(sc) == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	best = -1; bmax = 0; capmax = 0
	for (k = 1; k <= ns; k++) {
		d = S[k, 2]
		if (!counts(d, sc) || S[k, 4] != scheme) continue
		c = cpus_of(d, S[k, 5])
		if (maxc && c > maxc) continue
		use(d)
		bd = S[k, 9]; if (!na(bd) && bd + 0 > bmax) { bmax = bd + 0; bcpu = c }
		e = na(S[k, 7]) ? -1 : S[k, 7] + 0; if (!na(S[k, 8]) && S[k, 8] + 0 > e) e = S[k, 8] + 0
		if (e > best) { best = e; at = sprintf("%s, %d thread%s, %s, migration %s", S[k, 3], S[k, 5], S[k, 5] == 1 ? "" : "s", where_t(d, S[k, 5]), S[k, 6]) }
	}
	for (k = 1; k <= nc; k++)
		if (counts(C[k, 2], sc) && C[k, 4] == scheme && C[k, 13] != "" && (C[k, 3] == "fault" || C[k, 3] == "update"))
			if ((!maxc || cpus_of(C[k, 2], C[k, 5]) <= maxc) && (cap = C[k, 13] * C[k, 8]) > capmax) capmax = cap
	if (bmax < thr) return out(id, claim, src, quoted, sc, best < 0 ? "-" : sprintf("%d pages = %s (%s)", best, mib(best), at), \
		bmax ? sprintf("not measurable here (%s's bound is %s at %d CPUs: no error can reach %s)", scheme, mib(bmax), bcpu, mib(thr)) : \
		sprintf("not measurable here (no %s row%s)", scheme, maxc ? sprintf(" at %d CPUs or fewer", maxc) : ""), rule)
	if (best < 0) return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (no %s error measured in the run: capped by its RSS or not run)", scheme), rule)
	if (capmax && capmax < thr) return out(id, claim, src, quoted, sc, sprintf("%d pages = %s (%s)", best, mib(best), at), sprintf("not measurable here (the mm held at most %s, so no error could reach %s)", mib(capmax), mib(thr)), rule)
	return out(id, claim, src, quoted, sc, sprintf("%d pages = %s (%s)", best, mib(best), at), best >= thr ? "reproduced" : "not reproduced", rule)
}

# split-rss's error stays within 64 events per task.  A limit no run could
# have broken proves nothing (any small error passes): percpu, unbounded by
# the tasks, must show an error above 64 × the tasks in the same directory
# and workload.
function split_claim(id, claim, src, quoted, sc,   k, d, e, best, tpm, rule, at, pe, pbest, meas, f) {
	rule = "split-rss's largest error measured (in-run or settled, any migration) is at most 64 × the tasks of its mm; not measurable unless percpu's, in the same run and workload, is above that (else the run could not have broken the limit)"
	if (pick(sc) == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	best = -1; pbest = -1
	for (k = 1; k <= ns; k++) {
		d = S[k, 2]
		if (!counts(d, sc) || (S[k, 4] != "split-rss" && S[k, 4] != "percpu")) continue
		use(d)
		e = na(S[k, 7]) ? -1 : S[k, 7] + 0; if (!na(S[k, 8]) && S[k, 8] + 0 > e) e = S[k, 8] + 0
		if (S[k, 4] == "percpu") { if (!((d, S[k, 3]) in pe) || e > pe[d, S[k, 3]]) pe[d, S[k, 3]] = e; continue }
		if (e > best) { best = e; at = S[k, 2] SUBSEP S[k, 3] SUBSEP S[k, 5] SUBSEP S[k, 6] }
	}
	if (best < 0) return out(id, claim, src, quoted, sc, "-", "not measurable here (the run has no split-rss error)", rule)
	for (k = 1; k <= nc; k++) if (C[k, 2] SUBSEP C[k, 3] SUBSEP C[k, 5] SUBSEP C[k, 6] == at && C[k, 4] == "split-rss") tpm = C[k, 8]
	if (tpm == "") return out(id, claim, src, quoted, sc, best " pages", "not measurable here (cells.csv has no tasks per mm for it)", rule)
	split(at, f, SUBSEP); pbest = ((f[1], f[2]) in pe) ? pe[f[1], f[2]] : -1
	meas = sprintf("%d pages = %s with %d tasks per mm (limit %d); percpu %s", best, mib(best), tpm, 64 * tpm, pbest < 0 ? "not run" : pbest " pages")
	if (best > 64 * tpm) return out(id, claim, src, quoted, sc, meas, "not reproduced", rule)
	if (pbest <= 64 * tpm) return out(id, claim, src, quoted, sc, meas, \
		sprintf("not measurable here (percpu's error in the same runs is %s, not above %d either: these runs could not have broken the limit)", pbest < 0 ? "not measured" : pbest " pages", 64 * tpm), rule)
	return out(id, claim, src, quoted, sc, meas, "reproduced", rule)
}

# Counter bytes per mm of scheme at the CPU count nearest ~cpus (lo..hi), times fleet;
# below: under thr bytes at every CPU count run, and not growing with CPUs
# (two or more counts: a per-mm cost that grows with CPUs is not "a single
# shared stash", however small at the counts run).
function memory_claim(id, claim, src, quoted, sc, scheme, cpus, lo, hi, fleet, thr, below,   k, d, c, b, bb, pc, got, gc, rule, f, cmin, cmax, bmin, bmax, meas) {
	rule = below ? sprintf("%s's bytes per mm (cells.csv) stay below %d at every CPU count run (two or more), the same at the largest as at the smallest", scheme, thr) : \
		sprintf("%s's bytes per mm (cells.csv) at the CPU count run nearest %d (%d to %d) × %d processes is %d MB or more", scheme, cpus, lo, hi, fleet, thr / 1e6)
	if (pick(sc) == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	gc = -1; cmin = -1; cmax = -1
	for (k = 1; k <= nc; k++) {
		d = C[k, 2]
		if (!counts(d, sc) || C[k, 4] != scheme || na(C[k, 9])) continue
		use(d)
		c = C[k, 12] != "" && !na(C[k, 12]) ? C[k, 12] + 0 : cpus_of(d, C[k, 5])
		b = C[k, 9] + 0
		if (below) {
			if (b > bb) { bb = b; gc = c }
			if (cmin < 0 || c < cmin) { cmin = c; bmin = b } else if (c == cmin && b > bmin) bmin = b
			if (c > cmax) { cmax = c; bmax = b } else if (c == cmax && b > bmax) bmax = b
			continue
		}
		if (c < lo || c > hi) continue
		if (gc < 0 || (c - cpus) ^ 2 < (gc - cpus) ^ 2) { gc = c; bb = b; pc = C[k, 10] }
	}
	if (gc < 0) return out(id, claim, src, quoted, sc, "-", below ? sprintf("not measurable here (the run has no %s cells)", scheme) : \
		sprintf("not measurable here (no %s cell with %d to %d possible CPUs)", scheme, lo, hi), rule)
	if (below) {
		meas = sprintf("at most %d B per mm (at %d CPUs); %d B at %d CPUs, %d B at %d", bb, gc, bmin, cmin, bmax, cmax)
		if (cmin == cmax) return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (one CPU count, %d: a cost growing with CPUs would pass too)", cmin), rule)
		if (bmax > bmin) return out(id, claim, src, quoted, sc, meas, "not reproduced (grows with CPUs)", rule)
		return out(id, claim, src, quoted, sc, meas, bb < thr ? "reproduced" : "not reproduced", rule)
	}
	f = bb * fleet
	return out(id, claim, src, quoted, sc, sprintf("%d B per mm at %d CPUs (per-CPU part through the allocator: %s B) × %d = %.0f MB", bb, gc, na(pc) ? "unmeasured" : pc, fleet, f / 1e6), \
		f >= thr ? "reproduced" : "not reproduced", rule)
}

# The precise pass is dearer than the cheap one by the claim's order: every
# repetition of one above every repetition of the other (a permutation test,
# p = 1/C(n+m, n)), and the ratio of medians at least a third of the claimed
# one (a precise pass a little dearer, the rival, passes the rank test too).
function oom_claim(id, claim, src, quoted, sc, scheme, claimed,   d, k, w, x, n, mn, mx, sm, md, p, rule, meas) {
	rule = sprintf("every repetition of %s's oom-scan-sum pass is slower than every repetition of its oom-scan pass (rank test: p = 1/C(n+m, n) ≤ 0.05, 3 or more a side), by a ratio of medians of at least ×%.1f (a third of the claimed ×%.1f)", scheme, claimed / 3, claimed)
	d = pick(sc)
	if (d == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	if (busy[d] == "true")
		return out(id, claim, src, quoted, sc, "-", "not measurable here (a busy run: the load average was above the online CPUs, so its timings are unreliable; rerun on an idle machine)", rule)
	for (k = 1; k <= nc; k++) {
		if (C[k, 2] != d || C[k, 4] != scheme || na(C[k, 11])) continue
		w = C[k, 3]; x = C[k, 11] + 0
		if (w != "oom-scan" && w != "oom-scan-sum") continue
		n[w]++; sm[w] = sm[w] " " x
		if (!(w in mn) || x < mn[w]) mn[w] = x
		if (!(w in mx) || x > mx[w]) mx[w] = x
	}
	if (n["oom-scan"] < 1 || n["oom-scan-sum"] < 1) return out(id, claim, src, quoted, sc, "-", "not measurable here (the run has no oom-scan and oom-scan-sum cells of " scheme ")", rule)
	md["c"] = median(sm["oom-scan"]); md["p"] = median(sm["oom-scan-sum"])
	p = 1 / choose(n["oom-scan"] + n["oom-scan-sum"], n["oom-scan"])
	meas = sprintf("precise %.2f ms, cheap %.2f ms per pass (×%.1f) over %d mms (%s)", md["p"] / 1e6, md["c"] / 1e6, md["p"] / md["c"], scan[d], where(d))
	if (kind[d] == "virtual") meas = meas "; one reader's time, the other CPUs are data"
	if (p > 0.05) return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (%d and %d repetitions: a rank test cannot reach p ≤ 0.05)", n["oom-scan-sum"], n["oom-scan"]), rule)
	if (mn["oom-scan-sum"] <= mx["oom-scan"]) return out(id, claim, src, quoted, sc, meas, "not reproduced (the repetitions overlap)", rule)
	if (md["p"] < md["c"] * claimed / 3) return out(id, claim, src, quoted, sc, meas, sprintf("not reproduced (dearer, p = %.3f, but ×%.1f, under a third of the claimed ×%.1f)", p, md["p"] / md["c"], claimed), rule)
	return out(id, claim, src, quoted, sc, meas, sprintf("reproduced (p = %.3f)", p), rule)
}
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function choose(n, k,   r, i) { r = 1; for (i = 1; i <= k; i++) r = r * (n - k + i) / i; return r }

function pts2(cs, err, nn, np,   i, r) { for (i = 1; i <= np; i++) r = r (i > 1 ? ", " : "") cs[i] ": " err[cs[i]] " (" nn[cs[i]] ")"; return r }
# log f(c) of the orders the growth claims name, their rivals among them.
function lf(o, c) { return o == "n" ? log(c) : o == "nlogn" ? log(c) + log(log(c)) : 2 * log(c) }
function oname(o) { return o == "n" ? "N" : o == "nlogn" ? "N log N" : "N²" }
# The least-squares slope of log f_o(c) (o "": the measured log error) on log c over cs[1..np].
function lsq(o, cs, err, np,   i, x, y, sx, sy, sxx, sxy) {
	for (i = 1; i <= np; i++) { x = log(cs[i]); y = o == "" ? log(err[cs[i]]) : lf(o, cs[i]); sx += x; sy += y; sxx += x * x; sxy += x * y }
	return (np * sxy - sx * sy) / (np * sxx - sx * sx)
}
# The smallest CPU count from c1 at which orders a and b grow apart by a factor of 2.
function apart(a, b, c1, c) { return (lf(a, c) - lf(a, c1) - lf(b, c) + lf(b, c1)) ^ 2 >= log(2) ^ 2 }
function reach(a, b, c1,   lo, hi, m, i, r) {
	for (hi = c1 * 2; hi < 1e12 && !apart(a, b, c1, hi); hi *= 2) ;
	lo = c1
	for (i = 0; i < 80; i++) { m = (lo + hi) / 2; if (apart(a, b, c1, m)) hi = m; else lo = m }
	r = int(hi); return hi - r > 1e-6 ? r + 1 : r
}
# Growth of the settled error with CPU count, judged against the claimed
# order and its rivals (N, N log N, N²): over the CPU range run, each order's
# growth is its least-squares fit (slope of log f on log CPUs × the range);
# the claim can be told from a rival only where their growths differ by a
# factor of 2 or more, and is reproduced where the measured growth is within
# a factor of √2 of the claim's (so nearer the claim than any rival).
function growth_claim(id, claim, src, quoted, sc, scheme, order,   k, d, c, e, err, nn, np, cs, i, x, L, g, gr, rule, meas, pts, r, o, ro, near, nsep, pk, perr) {
	rule = order == "nodes" ? sprintf("%s's largest settled error under migration is at most 32 × its NUMA nodes at every CPU count run (two or more), where percpu's in the same runs is above that (else no scheme's error could have broken the bound)", scheme) : \
		sprintf("%s's largest settled error under migration at each CPU count run, fitted on log-log axes: its growth over the CPU range (slope × range) within a factor of √2 of the growth %s predicts over that range; the rivals (N, N log N, N² but the claim) must predict growths a factor of 2 or more from the claim's there, else not measurable (the range too small to tell them)", \
		scheme, oname(order))
	if (pick(sc) == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	for (k = 1; k <= ns; k++) {
		d = S[k, 2]
		if (!counts(d, sc) || (S[k, 4] != scheme && !(order == "nodes" && S[k, 4] == "percpu")) || S[k, 6] == "none" || na(S[k, 7])) continue
		use(d)
		c = cpus_of(d, S[k, 5]); e = S[k, 7] + 0
		if (S[k, 4] == "percpu" && scheme != "percpu") { if (e > perr[c]) perr[c] = e; continue }
		if (!(c in err) || e > err[c]) { err[c] = e; nn[c] = nodes_of(d, S[k, 5]) }
	}
	np = 0; pts = ""
	for (c in err) if (err[c] > 0 || order == "nodes") cs[++np] = c + 0
	for (i = 2; i <= np; i++) for (k = i; k > 1 && cs[k - 1] > cs[k]; k--) { x = cs[k]; cs[k] = cs[k - 1]; cs[k - 1] = x }
	for (i = 1; i <= np; i++) pts = pts (i > 1 ? ", " : "") cs[i] ": " err[cs[i]]
	if (order == "nodes") {	# the claim is the bound itself: 32 pages per node at any CPU count
		if (np < 2) return out(id, claim, src, quoted, sc, np ? pts " pages" : "-", sprintf("not measurable here (%d CPU count%s run: the claim is about growth)", np, np == 1 ? "" : "s"), rule)
		x = 0; pk = 0
		for (i = 1; i <= np; i++) { if (err[cs[i]] > 32 * nn[cs[i]]) x = 1; if (perr[cs[i]] > 32 * nn[cs[i]]) pk = 1 }
		meas = "CPUs: pages (nodes) " pts2(cs, err, nn, np)
		if (!x && !pk) return out(id, claim, src, quoted, sc, meas, "not measurable here (percpu's settled error in the same runs stays within 32 × the nodes too: these runs could not have broken the bound)", rule)
		return out(id, claim, src, quoted, sc, meas, x ? "not reproduced" : "reproduced", rule)
	}
	if (np < 2) return out(id, claim, src, quoted, sc, np ? pts " pages" : "-", sprintf("not measurable here (a settled error above 0 at %d CPU count%s: a growth needs two or more)", np, np == 1 ? "" : "s"), rule)
	L = log(cs[np]) - log(cs[1])
	g = lsq("", cs, err, np) * L
	split("n nlogn n2", ro, " ")
	for (r = 1; r <= 3; r++) gr[ro[r]] = lsq(ro[r], cs, err, np) * L
	meas = sprintf("×%.1f from %d to %d CPUs (slope %.2f); over that range %s predicts ×%.1f", exp(g), cs[1], cs[np], g / L, oname(order), exp(gr[order]))
	nsep = ""; near = order
	for (r = 1; r <= 3; r++) {
		o = ro[r]
		if ((g - gr[o]) ^ 2 < (g - gr[near]) ^ 2) near = o
		if (o == order) continue
		meas = meas sprintf(", %s ×%.1f", oname(o), exp(gr[o]))
		if ((gr[o] - gr[order]) ^ 2 < log(2) ^ 2 && (nsep == "" || (gr[o] - gr[order]) ^ 2 < (gr[nsep] - gr[order]) ^ 2)) nsep = o
	}
	meas = meas "; CPUs: pages " pts
	if (nsep != "")
		return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (range too small to tell %s from %s: from %d to %d CPUs they grow ×%.1f and ×%.1f, less than a factor of 2 apart; that needs %d to %d CPUs or more)", \
			oname(order), oname(nsep), cs[1], cs[np], exp(gr[order]), exp(gr[nsep]), cs[1], reach(order, nsep, cs[1])), rule)
	if ((g - gr[order]) ^ 2 <= log(sqrt(2)) ^ 2) return out(id, claim, src, quoted, sc, meas, "reproduced", rule)
	if ((g - gr[near]) ^ 2 <= log(sqrt(2)) ^ 2) return out(id, claim, src, quoted, sc, meas, sprintf("not reproduced (grows as %s)", oname(near)), rule)
	return out(id, claim, src, quoted, sc, meas, sprintf("not reproduced (grows ×%.1f: none of N, N log N, N² within a factor of √2)", exp(g)), rule)
}

# A cost ratio the claim measured on a machine of min_cpus or more possible
# CPUs, where the per-CPU allocation's memset and chunk walk grow with them:
# on a smaller host not measurable, else ratio_claim's rule.
function cpus_ratio_claim(id, claim, src, quoted, sc, schemes, refs, w, sign, claimed, min_cpus,   d, rule) {
	d = pick(sc)
	if (d != "" && kind[d] == "host" && poss[d] < min_cpus) {
		rule = sprintf("on a host of %d or more possible CPUs: the 95 %% interval of %s ÷ %s (median cycles/op at 1 thread, as compare) lies %s 1, else not reproduced; fewer CPUs: not measurable", \
			min_cpus, alts(schemes), alts(refs), sign < 0 ? "below" : "above")
		return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (%d possible CPUs: the claim's cost is pcpu_alloc's memset and chunk walk over %d; here it is over %d)", poss[d], min_cpus, poss[d]), rule)
	}
	return ratio_claim(id, claim, src, quoted, sc, schemes, refs, w, sign, 1, claimed)
}

# The counters' share of a fork+exit: 1 - 1/(scheme ÷ empty), its interval
# from the ratio's; judged against the profile's share thr on min_cpus or more.
function share_claim(id, claim, src, quoted, sc, scheme, w, thr, min_cpus,   d, k, key, f, v, s, lo, hi, rule, meas) {
	rule = sprintf("%s's share of a %s op spent in its counters, 1 − empty ÷ %s (median cycles/op, a real fork+exit+wait in both, `rssbench ratios -r empty`), with the ratio's 95 %% interval: on a host of %d or more possible CPUs the whole interval at or above %.2f %% (the profile's counter init alone; the port's share adds check_mm and destroy) is reproduced, below it not reproduced; fewer CPUs, a virtual topology or no interval: not measurable. pcpu_alloc's own part (5.70 %% of cycles) is not timed apart", \
		scheme, w, scheme, min_cpus, 100 * thr)
	d = pick(sc)
	if (d == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	key = ""
	for (k in R) { split(k, f, SUBSEP); if (f[1] == d && f[2] == "empty" && f[3] == w && f[4] == scheme && f[5] == 1 && f[6] == "none") key = k }
	if (key == "") return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (no %s cell of %s and empty at 1 thread)", w, scheme), rule)
	split(R[key], v, "|")
	if (na(v[1]) || v[1] + 0 <= 0) return out(id, claim, src, quoted, sc, "-", "not measurable here (" v[5] ")", rule)
	s = 1 - 1 / v[1]
	meas = sprintf("%.1f %% of %s's %s op (%s)", 100 * s, scheme, w, where(d))
	if (na(v[2]) || na(v[3]) || v[2] + 0 <= 0)
		return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (%d repetitions give no 95 %% interval: run 5 or more)", v[4]), rule)
	lo = 1 - 1 / v[2]; hi = 1 - 1 / v[3]
	meas = sprintf("%.1f %% [%.1f, %.1f] of %s's %s op (%s, %d reps)", 100 * s, 100 * lo, 100 * hi, scheme, w, where(d), v[4])
	if (kind[d] != "host") return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (a %s topology: its cycles describe no machine)", kind[d]), rule)
	if (busy[d] == "true")
		return out(id, claim, src, quoted, sc, meas, "not measurable here (a busy run: the load average was above the online CPUs, so its timings are unreliable; rerun on an idle machine)", rule)
	if (poss[d] < min_cpus) return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (%d possible CPUs: the profile's share is of pcpu_alloc's work over %d)", poss[d], min_cpus), rule)
	if (lo >= thr) return out(id, claim, src, quoted, sc, meas, "reproduced", rule)
	if (hi < thr) return out(id, claim, src, quoted, sc, meas, "not reproduced", rule)
	return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (the interval holds %.2f %%: too wide to tell)", 100 * thr), rule)
}

# hpcc v16 at cpus CPUs: percpu's error reaches drift pages while hpcc's
# bound is bound pages (±2 %) and its every error within that bound.
function drift_claim(id, claim, src, quoted, sc, cpus, drift, bound,   k, d, e, pe, he, hb, t, rule, meas) {
	rule = sprintf("at %d possible CPUs (exact on a virtual topology): percpu's largest error (settled or in-run, any migration) reaches %s, hpcc's bound (cells.csv bound_under) is %s within 2 %% and no hpcc error exceeds it. hpcc's 80 MB is one test program's drift, not a bound: any hpcc error within the bound agrees with it", \
		cpus, mib(drift), mib(bound))
	if (pick(sc) == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	pe = he = hb = -1
	for (k = 1; k <= ns; k++) {
		d = S[k, 2]; t = S[k, 5]
		if (!counts(d, sc) || cpus_of(d, t) != cpus) continue
		e = na(S[k, 7]) ? -1 : S[k, 7] + 0; if (!na(S[k, 8]) && S[k, 8] + 0 > e) e = S[k, 8] + 0
		if (S[k, 4] == "percpu" && e > pe) pe = e
		if (S[k, 4] == "hpcc") { if (e > he) he = e; if (!na(S[k, 9])) hb = S[k, 9] + 0 }
	}
	if (hb < 0 || pe < 0) return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (no percpu and hpcc cells at %d CPUs: the full error-vs-cpus runs them)", cpus), rule)
	meas = sprintf("percpu %s, hpcc %s of its bound %d pages = %s (%d CPUs, virtual)", mib(pe), he < 0 ? "unmeasured" : mib(he), hb, mib(hb), cpus)
	return out(id, claim, src, quoted, sc, meas, pe >= drift && (hb - bound) ^ 2 <= (0.02 * bound) ^ 2 && he <= hb ? "reproduced" : "not reproduced", rule)
}

# The OOM scan at 256 vCPUs: precise sums against hpcc's two-pass selection.
# Times of virtual CPUs are one reader's on this host: shown, never judged.
function oom_hpcc_claim(id, claim, src, quoted, sc,   d, k, w, x, n, sm, p, c, rule, meas) {
	rule = "what can be checked here: the reader's own time per scan of the scenario's mms (10 000 in its full form) for percpu's precise sums (oom-scan-sum) and hpcc's first, approximate pass (oom-scan); not measurable: 256 virtual CPUs are threads on this host's PUs (the walk is real, the 256 CPUs' caches are not), and the port has no two-pass selection (hpcc's precise second pass over the tasks within the accuracy range is not ported), so its cheap pass is a lower bound of hpcc's 7.9 ms. Cache lines per scan come from `rssbench run --model-only coherence` (doc/scenarios.md, Claims)"
	d = pick(sc)
	if (d == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	for (k = 1; k <= nc; k++) {
		if (C[k, 2] != d || na(C[k, 11])) continue
		w = C[k, 4] "/" C[k, 3]
		if (w != "percpu/oom-scan-sum" && w != "hpcc/oom-scan") continue
		n[w]++; sm[w] = sm[w] " " C[k, 11]
	}
	if (!n["percpu/oom-scan-sum"] || !n["hpcc/oom-scan"]) return out(id, claim, src, quoted, sc, "-", "not measurable here (the run has no percpu oom-scan-sum and hpcc oom-scan cells)", rule)
	p = median(sm["percpu/oom-scan-sum"]); c = median(sm["hpcc/oom-scan"])
	meas = sprintf("percpu precise %.2f ms, hpcc approximate pass %.2f ms per scan (×%.1f) over %d mms (%s)", p / 1e6, c / 1e6, c > 0 ? p / c : 0, scan[d], where(d))
	return out(id, claim, src, quoted, sc, meas, sprintf("not measurable here (%s; no two-pass selection in the port)", kind[d] == "virtual" ? sprintf("%d virtual CPUs on %d PUs", poss[d], hpus[d]) : "the port has no hpcc second pass"), rule)
}

# The port matches the kernel it ports: in one guest of kernel series ser at
# vc vCPUs, native (the kernel's own counter) against port, same cells.  The
# kernel's residue belongs to its real threads (split-rss: each thread's
# cache, folded on its 66th fault and on a zap of its own mm) or real CPUs
# (percpu_counter: each CPU's slot, folded at the batch; a zap is one
# add_mm_rss_vec() per page table): so only one task per worker without
# migration puts the port's tasks where the kernel's threads are.
function kernel_claim(id, claim, src, quoted, sc, ser, vc, port, era,   d, k, g, nat, prt, n, p, bn, bp, lo, hi, meas, rule, why) {
	rule = sprintf("in one %s guest at %d vCPUs (fault, one task per worker, no migration), native's settled error (the kernel's own cheap read, verified ok by the page-table walk) and the %s port's are within a factor of 2 (the larger at most twice the smaller; both 0 match) and on the same side of each one's bound (both at or below it, or both above); not measurable where native found another era than %s, native is not verified, a figure is NA, or the cells migrate or run other than one task per worker; the scenario boots qemu guests of the kernels scripts/install-deps --guest installs", ser, vc, port, era)
	d = pick(sc)
	if (d == "") return out(id, claim, src, quoted, sc, "-", notrun(sc), rule)
	for (g = 1; g <= ng; g++) if (G[g, 2] == d && G[g, 3] == ser && G[g, 4] == vc) break
	if (g > ng) return out(id, claim, src, quoted, sc, "-", quick[d] == "true" && vc > 8 ? "not measurable here (the --quick form boots 8 vCPUs only: run `rssbench run --scenario kernels`)" : sprintf("not measurable here (the run booted no %s guest at %d vCPUs)", ser, vc), rule)
	why = G[g, 6]; gsub(/\|/, "/", why)
	if (G[g, 5] == "not-run") return out(id, claim, src, quoted, sc, "-", "not measurable here (no guest: " why ")", rule)
	if (G[g, 5] != "ok") return out(id, claim, src, quoted, sc, "-", "not measurable here (the guest failed: " why ")", rule)
	for (k = 1; k <= nk; k++) {
		if (K[k, 2] != d || index(K[k, 3], ser ".") != 1 || K[k, 4] != vc) continue
		if (K[k, 5] == "native") nat = k
		else if (K[k, 5] == port) prt = k
	}
	if (!nat || !prt) return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (the guest has no %s row)", nat ? port : "native"), rule)
	if (KE[d, K[nat, 3]] != era) return out(id, claim, src, quoted, sc, "-", sprintf("not measurable here (native found %s in kernel %s, not %s's %s: the port is not this kernel's scheme)", KE[d, K[nat, 3]] == "" ? "no era" : KE[d, K[nat, 3]], K[nat, 3], ser, era), rule)
	if (K[nat, 7] != "none" || K[prt, 7] != "none" || KT[d, K[nat, 3], "native", K[nat, 6]] != K[nat, 6] || KT[d, K[prt, 3], port, K[prt, 6]] != K[prt, 6])
		return out(id, claim, src, quoted, sc, "-", "not measurable here (the cells migrate tasks or run other than one task per worker: the kernel's residue stays with its real threads and CPUs, so native and the port do not see the same adversary)", rule)
	if (K[nat, 11] != "ok") return out(id, claim, src, quoted, sc, "-", "not measurable here (native is not verified: " K[nat, 11] ")", rule)
	if (na(K[nat, 8]) || na(K[prt, 8])) return out(id, claim, src, quoted, sc, "-", "not measurable here (a settled error is NA: capped by the RSS or unavailable; the cells' notes say why)", rule)
	n = K[nat, 8] + 0; p = K[prt, 8] + 0; bn = K[nat, 10]; bp = K[prt, 10]
	meas = sprintf("%s, %d vCPUs: settled native %d, %s %d pages (bounds %s, %s); in-run max native %s, %s %s", K[nat, 3], vc, n, port, p, bn, bp, K[nat, 9], port, K[prt, 9])
	if (na(bn) || na(bp)) return out(id, claim, src, quoted, sc, meas, "not measurable here (a bound is unavailable: native's era was not known)", rule)
	lo = n < p ? n : p; hi = n < p ? p : n
	if (hi > 2 * lo) return out(id, claim, src, quoted, sc, meas, n ? sprintf("not reproduced (%s ÷ native %.2f)", port, p / n) : "not reproduced (native 0, the port not)", rule)
	if ((n <= bn + 0) != (p <= bp + 0)) return out(id, claim, src, quoted, sc, meas, "not reproduced (one is within its bound, the other above)", rule)
	return out(id, claim, src, quoted, sc, meas, sprintf("reproduced (%s ÷ native %.2f)", port, n ? p / n : 1), rule)
}

END {
	STD = "<20250331223516.7810-2-sweettea-kernel@dorminy.me>"
	PENG = "<20240418142008.2775308-1-zhangpeng362@huawei.com>"
	JAN = "<20230608111408.s2minsenlcjow7q3@quack3> (quoted in " STD ")"
	KAIRUI = "<CAMgjq7C_W3dfYQ6DJT4QCza1DCtCE7yUdiManQSxCKOENxTm_g@mail.gmail.com>"
	MATH = "<67e2a6a1-8c9b-43d0-b960-10cd47c08873@efficios.com>"
	HPCC = "<20260217161006.1105611-1-mathieu.desnoyers@efficios.com>"
	SHAKEEL = "<20221024052841.3291983-1-shakeelb@google.com>"
	LKP = "<202301301057.e55dad5b-oliver.sang@intel.com>"
	PROF = "<20230131052352.5qnqegzwmt7akk7t@google.com>"
	GROUP = "<20230823050609.2228718-3-mjguzik@gmail.com> (14ef95be6f55)"
	# No message-id of hpcc v16's cover letter was found: its archived page instead.
	HPCC16 = "<https://lkml.iu.edu/hypermail/linux/kernel/2601.1/11412.html> (hpcc v16 0/3, 2026-01-14)"
	PCPU = "percpu"
	ratio_claim("pernode-fault", "per-node atomics make page faults cheaper than percpu_counter (224 cores, lmbench)", STD, "−8.91 %", "fault", "pernode", PCPU, "fault", -1, 2, 0.9109)
	ratio_claim("pernode-fork", "per-node atomics make fork cheaper than percpu_counter (224 cores, lmbench fork; rssbench's fork workload is fork+exit, as lmbench's)", STD, "−6.27 %", "fork-exit", "pernode", PCPU, "fork", -1, 1, 0.9373)
	ratio_claim("pernode-fork-exit", "per-node atomics make fork+exit cheaper than percpu_counter (224 cores, lmbench)", STD, "−6.58 %", "fork-exit", "pernode", PCPU, "fork", -1, 1, 0.9342)
	ratio_claim("lazy-fork", "atomic mode until the first thread makes fork cheaper than percpu_counter (96 cores, lmbench fork_proc, v6.9 base)", PENG, "−4.2 %", "fork-exit", "lazy-atomic", "percpu-init-many percpu-6.6 percpu", "fork", -1, 1, 0.958)
	ratio_claim("lazy-fault", "atomic mode until the first thread makes page faults cheaper (96 cores, lmbench page_fault, v6.9 base)", PENG, "−6.7 %", "fault", "lazy-atomic", "percpu-init-many percpu-6.6 percpu", "fault", -1, 1, 0.933)
	ratio_claim("percpu-short-lived", "percpu_counter made short-lived processes slower than pre-6.2 split RSS (192 CPUs, 20000 × /bin/true, v6.4)", JAN, "up to +12 %", "fork-exit", "percpu-irqsave percpu-6.3 percpu", "split-rss", "fork", 1, 1, 1.12)
	error_claim("seed-tens-of-mb", "a 5-thread process of ~100 MB on a 250-CPU machine reads tens of MB off with percpu_counter as the scheduler moves it", STD, "tens of MB", "seed-error,seed-error-thp", "percpu", 10 * MiB, 250)
	split_claim("seed-pre-6.2", "before 6.2 the error was bounded by 64 × nr_threads pages, \"a very livable megabyte\"", STD, "64 × threads pages", "seed-error,seed-error-thp")
	error_claim("percpu-gigabyte", "percpu_counter's cheap read can be off by a gigabyte on big machines (1 GB delta at 384 CPUs)", STD " " MATH, "≈ 1 GiB", "error-vs-cpus,seed-error", "percpu", 1024 * MiB, 384)
	memory_claim("fleet-memory", "~100K processes on ~200 CPUs spend hundreds of MB on percpu_counter RSS counters", KAIRUI, "hundreds of MB", "memory", "percpu", 200, 128, 384, 100000, 1e8, 0)
	memory_claim("stash-memory", "a single shared per-CPU stash costs each mm only dozens of bytes", KAIRUI, "dozens of bytes", "memory", "cpu-stash", 0, 0, 0, 0, 100, 1)
	oom_claim("oom-precise", "an OOM scan of 10 000 processes with precise sums takes 80 ms at 256 vCPUs (3.0 ms with the cheap read)", MATH, "80.0 ms vs 3.0 ms", "oom-scan", "percpu", 80 / 3)
	growth_claim("growth-percpu", "percpu_counter's error grows as N² (\"approximately nr_cpus^2\")", SHAKEEL, "O(N²)", "error-vs-cpus", "percpu", "n2")
	growth_claim("growth-hpcc", "the hierarchical tree's error grows as N log N", HPCC, "O(N log N)", "error-vs-cpus", "hpcc", "nlogn")
	growth_claim("growth-pernode", "per-node atomics bound the error by 32 × the number of nodes", STD, "O(nodes)", "error-vs-cpus", "pernode", "nodes")
	cpus_ratio_claim("robot-spawn", "f1a7941243c1 (6.2 percpu_counter) made unixbench spawn slower than 6.1's split RSS (kernel test robot, 128-thread Ice Lake, nr_task 30 %)", LKP, "−19.2 % spawn score (×1.238 time)", "spawn", "percpu-preempt", "split-rss", "fork", 1, 1 / 0.808, 128)
	share_claim("robot-profile", "in 6.2's spawn profile `__percpu_counter_init` takes 8.92 % of cycles, `pcpu_alloc` 5.70 %", PROF, "8.92 % (init), 5.70 % (pcpu_alloc)", "spawn", "percpu-preempt", "fork", 0.0892, 128)
	ratio_claim("group-alloc", "one per-CPU allocation for the four counters (v6.6) makes launching programs faster than four (osbench LaunchPrograms)", GROUP, "+8.2 % (×0.924 time)", "spawn", "percpu-init-many", "percpu-irqsave", "fork", -1, 1, 1 / 1.082)
	drift_claim("hpcc-drift", "at 384 CPUs (2 × EPYC 9654) percpu_counter drifts 1 GB from the precise value, hpcc 80 MB, its bound 192 MB", HPCC16, "1 GB vs 80 MB (bound 192 MB)", "error-vs-cpus", 384, 1024 * MiB, 192 * MiB)
	oom_hpcc_claim("oom-hpcc", "select_bad_process() over 10 000 processes at 256 vCPUs: 80.0 ms with precise sums, 7.9 ms with hpcc's two passes", HPCC16, "80.0 ms vs 7.9 ms", "oom-scan")
	# rssbench's own claim: each port is its kernel's scheme (doc/schemes/split-rss.md, percpu.md).
	for (k = 1; k <= 3; k++) {
		kv = k == 1 ? 8 : k == 2 ? 64 : 128
		kernel_claim("kernel-6.1-" kv, sprintf("the split-rss port matches the 6.1 kernel's own counter (%d vCPUs)", kv), SHAKEEL " (its diff removes 34e55232e59f's split RSS: the port's code)", "the port is 6.1's scheme", "kernels", "6.1", kv, "split-rss", "split-rss")
		kernel_claim("kernel-6.12-" kv, sprintf("the percpu port matches the 6.12 kernel's own counter (%d vCPUs)", kv), SHAKEEL " (f1a7941243c1; the precise status read 82241a83cd15, in 6.12.39)", "the port is 6.12's scheme", "kernels", "6.12", kv, "percpu", "percpu_counter+precise_status")
	}
}
