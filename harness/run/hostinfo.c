/*
 * hostinfo.c - the machine's noise sources (hostinfo.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "hostinfo.h"

/* First line of @root@path into @buf, without the newline; 0 or -1. */
static int read_line(const char *root, const char *path, char *buf, size_t len)
{
	char full[512];
	FILE *f;
	int ok;

	snprintf(full, sizeof(full), "%s%s", root, path);
	if (!(f = fopen(full, "r")))
		return -1;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* "always [madvise] never" -> "madvise". */
static void bracketed(char *buf, size_t len)
{
	char *l = strchr(buf, '['), *r = l ? strchr(l, ']') : NULL;

	if (l && r) {
		*r = '\0';
		memmove(buf, l + 1, (size_t)(r - l));
	}
	(void)len;
}

static void governor(struct rss_host_state *s, const char *root)
{
	if (read_line(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		      s->governor, sizeof(s->governor)))
		snprintf(s->governor, sizeof(s->governor),
			 "unavailable (no cpufreq for cpu0: no frequency driver, or a VM)");
}

static void boost(struct rss_host_state *s, const char *root)
{
	char v[32];

	if (!read_line(root, "/sys/devices/system/cpu/cpufreq/boost", v, sizeof(v)))
		snprintf(s->boost, sizeof(s->boost), "%s", v[0] == '1' ? "on" : "off");
	else if (!read_line(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", v, sizeof(v)))
		snprintf(s->boost, sizeof(s->boost), "%s", v[0] == '1' ? "off" : "on");
	else
		snprintf(s->boost, sizeof(s->boost),
			 "unavailable (neither cpufreq/boost nor intel_pstate/no_turbo)");
}

static int count_list(const char *list)
{
	int n = 0, a, b, used;

	while (*list && sscanf(list, "%d%n", &a, &used) == 1) {
		list += used;
		b = a;
		if (*list == '-' && sscanf(list + 1, "%d%n", &b, &used) == 1)
			list += 1 + used;
		n += b - a + 1;
		if (*list == ',')
			list++;
	}
	return n;
}

static void cpuid_vendor(char *buf, size_t len)
{
	buf[0] = '\0';
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;

	/* CPUID.1:ECX bit 31: a hypervisor is present; 0x40000000: its name. */
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1U << 31)))
		return;
	__cpuid(0x40000000, a, b, c, d);
	char id[13];

	memcpy(id, &b, 4);
	memcpy(id + 4, &c, 4);
	memcpy(id + 8, &d, 4);
	id[12] = '\0';
	snprintf(buf, len, "%s", id);
#else
	(void)len;
#endif
}

/* systemd-detect-virt's names for the CPUID signatures. */
static const char *vendor_name(const char *id)
{
	static const char *const map[][2] = {
		{ "KVMKVMKVM", "kvm" }, { "bhyve bhyve", "bhyve" }, { "Microsoft Hv", "microsoft" },
		{ "VMwareVMware", "vmware" }, { "XenVMMXenVMM", "xen" }, { "TCGTCGTCGTCG", "qemu" },
		{ "ACRNACRNACRN", "acrn" }, { " lrpepyh  vr", "parallels" }, { "VBoxVBoxVBox", "oracle" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(id, map[i][0], strlen(map[i][0])))
			return map[i][1];
	return id;
}

static void hypervisor(char *buf, size_t len, const char *root)
{
	char v[64], line[4096], path[512];
	FILE *f;

	if (!read_line(root, "/sys/hypervisor/type", v, sizeof(v)) && v[0]) {
		snprintf(buf, len, "%s", v);
		return;
	}
	if (!root[0]) {
		cpuid_vendor(v, sizeof(v));
		if (v[0]) {
			snprintf(buf, len, "%s", vendor_name(v));
			return;
		}
	}
	snprintf(buf, len, "none");
	snprintf(path, sizeof(path), "%s/proc/cpuinfo", root);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5) && strstr(line, " hypervisor")) {
			snprintf(buf, len, "unknown hypervisor (cpuinfo flag)");
			break;
		}
	fclose(f);
}

const char *rss_host_hypervisor(void)
{
	static char hv[RSS_HOST_STR];
	static int done;

	if (!done) {
		hypervisor(hv, sizeof(hv), "");
		if (!strcmp(hv, "none"))
			hv[0] = '\0';
		done = 1;
	}
	return hv;
}

void rss_host_loadavg(const char *root, double load[3])
{
	char v[128];

	load[0] = load[1] = load[2] = -1;
	if (!read_line(root, "/proc/loadavg", v, sizeof(v)) &&
	    sscanf(v, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
		load[0] = load[1] = load[2] = -1;
}

void rss_host_state_read(struct rss_host_state *s, const char *root)
{
	char v[256];

	memset(s, 0, sizeof(*s));
	s->setup_s = s->warm_up_s = -1;
	governor(s, root);
	boost(s, root);
	if (read_line(root, "/sys/devices/system/cpu/smt/control", s->smt, sizeof(s->smt)))
		snprintf(s->smt, sizeof(s->smt), "unavailable (no smt/control)");
	if (read_line(root, "/sys/kernel/mm/transparent_hugepage/enabled", s->thp, sizeof(s->thp)))
		snprintf(s->thp, sizeof(s->thp), "unavailable (no transparent_hugepage)");
	else
		bracketed(s->thp, sizeof(s->thp));
	if (read_line(root, "/proc/sys/kernel/randomize_va_space", s->aslr, sizeof(s->aslr)))
		snprintf(s->aslr, sizeof(s->aslr), "unavailable (no randomize_va_space)");
	if (read_line(root, "/proc/sys/kernel/perf_event_paranoid", s->paranoid,
		      sizeof(s->paranoid)))
		snprintf(s->paranoid, sizeof(s->paranoid), "unavailable (no perf_event_paranoid)");
	hypervisor(s->hypervisor, sizeof(s->hypervisor), root);
	if (!read_line(root, "/sys/devices/system/cpu/online", v, sizeof(v)))
		s->online_cpus = count_list(v);
	rss_host_loadavg(root, s->load_before);
	s->load_after[0] = s->load_after[1] = s->load_after[2] = -1;
}
