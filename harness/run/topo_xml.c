/*
 * topo_xml.c - checks an hwloc XML topology with libxml2 before hwloc sees
 * it.  hwloc 2.9 trusts its XML where it does not check it: in a v2 file
 * (<topology version="2.0">) an object without complete_cpuset or
 * complete_nodeset (Machine, Package, a cache, a NUMANode) makes
 * hwloc_topology_load() segfault, as lstopo does; a v1 file (no version) is
 * checked by hwloc itself for cpusets without complete ones, except a
 * NUMANode's complete_cpuset, which it compares first, and a root without
 * nodesets when the file has NUMA nodes (hwloc's topology-xml.c,
 * hwloc__xml_import_object() and hwloc_look_xml()).  A v1 file of a machine
 * without NUMA nodes has no nodesets at all, and hwloc adds them
 * (8em64t-2p2ca2co-nonodesets.v1.xml of hwloc's tests): valid, loaded.  A
 * synthetic-sized XML builds for as long as it likes.  Every file given as a
 * topology, and every results topology.xml, passes here first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "infile.h"
#include "topo.h"

/* Objects outside the CPU tree carry no cpusets (hwloc's I/O and Misc objects). */
static int has_sets(const char *type)
{
	static const char *const no_sets[] = { "Bridge", "PCIDev", "OSDev", "Misc" };

	for (size_t i = 0; i < sizeof(no_sets) / sizeof(no_sets[0]); i++)
		if (!strcmp(type, no_sets[i]))
			return 0;
	return 1;
}

/*
 * hwloc's bitmap syntax: "0x" groups of at most 8 hex digits separated by
 * commas, a zero group between two others left empty ("0x00000001,,0x0":
 * hwloc_bitmap_snprintf writes CPU 64 so), "0xf...f," first for an infinite
 * set; at most RSS_MAX_CPUS / 32 + 1 groups, so no set reaches past the
 * CPUs rssbench models.
 */
static int is_bitmap(const char *s)
{
	int groups = 0;

	if (!strncmp(s, "0xf...f", 7)) {
		s += 7;
		if (!*s)
			return 1;
		if (*s++ != ',')
			return 0;
	}
	for (;;) {
		const char *start;

		/* An empty (zero) group, never the first or the last. */
		if (groups && *s == ',') {
			if (++groups > RSS_MAX_CPUS / 32 + 1)
				return 0;
			s++;
			continue;
		}
		if (strncmp(s, "0x", 2))
			return 0;
		start = s += 2;
		while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		       (*s >= 'A' && *s <= 'F'))
			s++;
		if (s == start || s - start > 8 || ++groups > RSS_MAX_CPUS / 32 + 1)
			return 0;
		if (!*s)
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

struct walk {
	const char *name;	/* escaped path */
	int pus;
	int v1;			/* no version attribute: hwloc 1.x's format */
	int has_numa;		/* some NUMANode object */
	char *err;
	size_t errlen;
};

static int is_type(xmlNode *n, const char *type)
{
	xmlChar *t = xmlGetProp(n, (const xmlChar *)"type");
	int ret = t && !strcmp((const char *)t, type);

	xmlFree(t);
	return ret;
}

/* Whether an <object> at or below @n is a NUMANode. */
static int has_numanode(xmlNode *n)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "object") &&
		    (is_type(n, "NUMANode") || has_numanode(n->children)))
			return 1;
	return 0;
}

/*
 * Whether @type's object must carry set @i (0 cpuset, 1 complete_cpuset,
 * 2 nodeset, 3 complete_nodeset): cpusets always (hwloc refuses or crashes
 * without them); nodesets in v2, and in v1 on the root and the NUMA nodes
 * of a file that has NUMA nodes.
 */
static int set_required(const struct walk *w, const char *type, int top, int i)
{
	if (i < 2 || !w->v1)
		return 1;
	return w->has_numa && (top || !strcmp(type, "NUMANode"));
}

static int check_object(xmlNode *n, struct walk *w, int top)
{
	static const char *const sets[] = {
		"cpuset", "complete_cpuset", "nodeset", "complete_nodeset",
	};
	xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
	char esc[64];
	int ret = 0;

	if (!type) {
		snprintf(w->err, w->errlen, "%s:%ld: an <object> without a type; give a topology exported by hwloc",
			 w->name, xmlGetLineNo(n));
		return -EINVAL;
	}
	w->pus += !strcmp((const char *)type, "PU");
	/*
	 * A PU's and a NUMA node's os_index is a bit in every cpuset or nodeset
	 * above it: without one hwloc takes (unsigned)-1 and builds 512 MB
	 * bitmaps.  Kernel CPU ids are below NR_CPUS, node ids below
	 * MAX_NUMNODES (1 << NODES_SHIFT, at most 1024).
	 */
	if (!strcmp((const char *)type, "PU") || !strcmp((const char *)type, "NUMANode")) {
		long max = strcmp((const char *)type, "PU") ? 1024 : RSS_MAX_CPUS;
		xmlChar *v = xmlGetProp(n, (const xmlChar *)"os_index");
		char *end = NULL;
		long idx = v ? strtol((const char *)v, &end, 10) : -1;

		if (!v || end == (char *)v || *end || idx < 0 || idx >= max) {
			snprintf(w->err, w->errlen, "%s:%ld: %s object without an os_index from 0 to %ld; give a topology exported by hwloc (lstopo FILE.xml)",
				 w->name, xmlGetLineNo(n), (const char *)type, max - 1);
			ret = -EINVAL;
		}
		xmlFree(v);
	}
	for (int i = 0; i < 4 && !ret && has_sets((const char *)type); i++) {
		xmlChar *v = xmlGetProp(n, (const xmlChar *)sets[i]);

		if (!v && !set_required(w, (const char *)type, top, i))
			continue;
		if (!v || !is_bitmap((const char *)v)) {
			snprintf(w->err, w->errlen, "%s:%ld: %s object %s %s; hwloc would refuse or crash on it, give a topology exported by hwloc (lstopo FILE.xml)",
				 w->name, xmlGetLineNo(n),
				 rss_escape_str(esc, sizeof(esc), (const char *)type),
				 v ? "has a malformed" : "lacks", sets[i]);
			ret = -EINVAL;
		}
		xmlFree(v);
	}
	xmlFree(type);
	if (!ret && w->pus > RSS_MAX_CPUS) {
		snprintf(w->err, w->errlen, "%s:%ld: more than %d PUs, the most rssbench models (see doc/design.md); give a smaller topology",
			 w->name, xmlGetLineNo(n), RSS_MAX_CPUS);
		ret = -EINVAL;
	}
	return ret;
}

/* Depth is bounded by libxml2's own nesting limit (256 without XML_PARSE_HUGE). */
static int walk_objects(xmlNode *n, struct walk *w, int top)
{
	for (; n; n = n->next) {
		int ret;

		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "object"))
			continue;
		ret = check_object(n, w, top);
		if (!ret)
			ret = walk_objects(n->children, w, 0);
		if (ret)
			return ret;
	}
	return 0;
}

int rss_topo_xml_check(const char *path, char *err, size_t errlen)
{
	char name[512], *buf;
	struct walk w = { .name = name, .err = err, .errlen = errlen };
	xmlDoc *doc;
	xmlNode *root;
	size_t len;
	int ret;

	ret = rss_infile_read(path, &buf, &len, err, errlen);
	if (ret)
		return ret == -ENOMEM ? ret : -EINVAL;
	rss_escape_str(name, sizeof(name), path);
	/* No network, no entity expansion, no DTD loading, nothing printed. */
	doc = xmlReadMemory(buf, len > 0x7fffffff ? 0x7fffffff : (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	if (!doc) {
		const xmlError *e = xmlGetLastError();

		snprintf(err, errlen, "%s:%d: not well-formed XML; give a topology exported by hwloc (lstopo FILE.xml)",
			 name, e ? e->line : 0);
		return -EINVAL;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "topology")) {
		snprintf(err, errlen, "%s:%ld: the root element is not <topology>; give a topology exported by hwloc (lstopo FILE.xml)",
			 name, root ? xmlGetLineNo(root) : 1L);
		ret = -EINVAL;
	} else {
		xmlChar *version = xmlGetProp(root, (const xmlChar *)"version");

		/* hwloc_look_xml(): no version attribute is 1.x. */
		w.v1 = !version || atoi((const char *)version) < 2;
		xmlFree(version);
		w.has_numa = has_numanode(root->children);
		ret = walk_objects(root->children, &w, 1);
		if (!ret && !w.pus) {
			snprintf(err, errlen, "%s: no PU object; give a topology with at least one CPU",
				 name);
			ret = -EINVAL;
		}
	}
	xmlFreeDoc(doc);
	return ret;
}
