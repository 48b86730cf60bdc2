/*
 * site_html.c - writing HTML from stored strings: escape.h's one function
 * for HTML text (and quotes, for attribute values), and a printf whose
 * every string argument goes through it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "escape.h"
#include "rss.h"
#include "site.h"

void rss_html_put(FILE *f, const char *s)
{
	/* escape.h's text target (HTML text too); quotes as well, for attributes. */
	char *e = rss_esc(RSS_ESC_MARKDOWN, s);

	for (const char *p = e ? e : "?"; *p; p++) {
		if (*p == '"')
			fputs("&quot;", f);
		else if (*p == '\'')
			fputs("&#39;", f);
		else
			fputc(*p, f);
	}
	free(e);
}

/*
 * @spec is one conversion cut from the caller's literal format, which the
 * compiler checked against the arguments (the format attribute).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void rss_html_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	while (*fmt) {
		char spec[16];
		size_t n;

		if (*fmt != '%') {
			n = strcspn(fmt, "%");
			fwrite(fmt, 1, n, f);
			fmt += n;
			continue;
		}
		/* One conversion: flags, width, precision, length, then the letter. */
		n = 1 + strspn(fmt + 1, "-+ #0123456789.l");
		if (n + 1 >= sizeof(spec) || !fmt[n])
			break;
		memcpy(spec, fmt, n + 1);
		spec[n + 1] = '\0';
		switch (fmt[n]) {
		case 's':
			rss_html_put(f, va_arg(ap, const char *));
			break;
		case 'd':
			if (n >= 3 && fmt[n - 1] == 'l' && fmt[n - 2] == 'l')
				fprintf(f, spec, va_arg(ap, long long));
			else if (fmt[n - 1] == 'l')
				fprintf(f, spec, va_arg(ap, long));
			else
				fprintf(f, spec, va_arg(ap, int));
			break;
		case 'g':
		case 'f':
			fprintf(f, spec, va_arg(ap, double));
			break;
		case '%':
			fputc('%', f);
			break;
		default:
			break;
		}
		fmt += n + 1;
	}
	va_end(ap);
}
#pragma GCC diagnostic pop

const char *rss_site_registry_name(const char *name, int workload)
{
	if (workload) {
		for (int i = 0; rss_workloads[i]; i++)
			if (!strcmp(rss_workloads[i]->name, name))
				return rss_workloads[i]->name;
		return NULL;
	}
	for (int i = 0; rss_schemes[i]; i++)
		if (!strcmp(rss_schemes[i]->name, name))
			return rss_schemes[i]->name;
	return NULL;
}
