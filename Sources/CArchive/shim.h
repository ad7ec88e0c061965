#include <stddef.h>
#include <sys/types.h>
#include <archive.h>
#include <archive_entry.h>

// AE_IFREG / AE_IFDIR are cast macros ((__LA_MODE_T)0100000), which Swift cannot import.
static inline int carchive_entry_is_regular(struct archive_entry *e) { return archive_entry_filetype(e) == AE_IFREG; }
static inline int carchive_entry_is_directory(struct archive_entry *e) { return archive_entry_filetype(e) == AE_IFDIR; }
