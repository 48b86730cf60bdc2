/*
 * fuzz_one.h - one input of the results reader's fuzz target, shared by the
 * libFuzzer target (tests/fuzz_resdir.c, --enable-fuzz) and the corpus
 * replay that make check runs (tests/replay_resdir.c, any compiler).
 *
 * An input is a results directory in one file: sections that each start
 * with a line "--8<-- NAME" (meta.json, cells.csv, topology.xml or model.csv) and hold
 * that file's bytes up to the next such line.  A file without a section is
 * absent; text before the first section is ignored.
 */
#ifndef RSS_FUZZ_ONE_H
#define RSS_FUZZ_ONE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes the input's files into a fresh directory under $TMPDIR (or /tmp),
 * loads it with rss_resdir_load() (then with --allow-partial's flag), and
 * when it loads compares it with itself and asks every value why it is
 * missing.  0 when it loaded, else the load's error with its message in
 * @err.  Everything written is removed again.
 */
int rss_fuzz_one(const uint8_t *data, size_t size, char *err, size_t errlen);

#endif /* RSS_FUZZ_ONE_H */
