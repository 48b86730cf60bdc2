/* gitrev.c - made by make: the git revision of this build. */
#include "harness.h"
const char rss_git_revision[] = "b36e179-dirty";
