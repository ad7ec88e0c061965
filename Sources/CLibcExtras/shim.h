#include <stddef.h>

// glibc functions that Swift's Glibc module leaves out because they need _GNU_SOURCE. The
// prototypes are glibc's own; the library is libc, which every program links.

// First occurrence of a byte string in a buffer (two-way search, vectorised in glibc).
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
