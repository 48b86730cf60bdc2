/*
 * fuzz_resdir.c - libFuzzer target for the results reader (configure
 * --enable-fuzz; `make fuzz` runs it for FUZZ_SECONDS on a copy of
 * tests/corpus/resdir).  An input is a results directory in one file
 * (fuzz_one.h).  Crashes, leaks, hangs and sanitizer reports are findings;
 * a refused input is the reader working.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];

	rss_fuzz_one(data, size, err, sizeof(err));
	return 0;
}
