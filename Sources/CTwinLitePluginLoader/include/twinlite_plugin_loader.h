/* Loader helpers for TwinLitePlugin that Swift cannot reach: dladdr1 is a GNU extension of
 * <dlfcn.h>, hidden from Swift's Glibc module (it needs _GNU_SOURCE). */
#ifndef TWINLITE_PLUGIN_LOADER_H
#define TWINLITE_PLUGIN_LOADER_H

/* ELF type (STT_FUNC = 2, STT_OBJECT = 1, STT_GNU_IFUNC = 10, ...) of the dynamic symbol that starts
 * exactly at `address`, as the dynamic linker resolved it; -1 when no symbol starts there. */
int twinlite_symbol_type(const void *address);

#endif
