/* tap.c - TAP output (see tap.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"

static unsigned int planned, run, failed;

static void line_buffer(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

void plan_tests(unsigned int n)
{
	line_buffer();
	planned = n;
	printf("1..%u\n", n);
}

void plan_skip_all(const char *fmt, ...)
{
	va_list ap;

	line_buffer();
	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(0);
}

int ok(int pass, const char *fmt, ...)
{
	va_list ap;

	run++;
	if (!pass)
		failed++;
	printf("%sok %u - ", pass ? "" : "not ", run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return pass;
}

void skip(unsigned int n, const char *fmt, ...)
{
	va_list ap;

	while (n--) {
		run++;
		printf("ok %u # SKIP ", run);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void bail_out(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

int exit_status(void)
{
	if (run != planned)
		diag("planned %u tests but ran %u", planned, run);
	return failed || run != planned;
}
