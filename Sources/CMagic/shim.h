#include <stddef.h>
#include <magic.h>

// MAGIC_* flags are plain integer macros and import as Int32; this one combines two.
static inline int cmagic_mime_type_flags(void) { return MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR | MAGIC_NO_CHECK_JSON | MAGIC_NO_CHECK_CSV | MAGIC_NO_CHECK_TOKENS; }
