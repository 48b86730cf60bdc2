/*
 * store_impl.h - what the store's files share: the open connection and the
 * one-line messages from SQLite's errors.
 */
#ifndef RSS_STORE_IMPL_H
#define RSS_STORE_IMPL_H

#include <sqlite3.h>

#include "resdir.h"
#include "store.h"

struct rss_store {
	sqlite3 *db;
	char name[RSS_RESDIR_NAMELEN];	/* the path, escaped, for messages */
	int version;			/* user_version */
	int readonly;
};

/*
 * One line in @err: "@name: @what: SQLite's message", the message escaped;
 * "no space left on device" named as such.  Returns -ENOMEM for
 * SQLITE_NOMEM, -EIO for I/O and full-disk errors, else -EINVAL.
 */
int rss_store_fail(sqlite3 *db, const char *name, const char *what, char *err, size_t errlen);
/* Runs constant @sql (no parameters, no rows); 0 or rss_store_fail's code. */
int rss_store_exec(sqlite3 *db, const char *name, const char *sql, char *err, size_t errlen);
/*
 * Opens @path with the hardening every store connection gets (defensive,
 * no trusted schema, no views or triggers run, busy timeout) and checks
 * application_id, user_version and the schema (store_schema.c).  With
 * @readonly the store must exist.  *@version gets user_version (0: empty).
 */
int rss_store_connect(sqlite3 **db, const char *path, const char *name, int readonly,
		      int *version, char *err, size_t errlen);

#endif /* RSS_STORE_IMPL_H */
