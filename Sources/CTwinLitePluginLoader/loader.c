#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stddef.h>

#include "twinlite_plugin_loader.h"

int twinlite_symbol_type(const void *address) {
  Dl_info info;
  const ElfW(Sym) *symbol = NULL;
  if (!dladdr1(address, &info, (void **)&symbol, RTLD_DL_SYMENT) || symbol == NULL) return -1;
  /* dladdr1 reports the nearest symbol at or below the address: only an exact start counts. */
  if (info.dli_saddr != address) return -1;
  return ELF64_ST_TYPE(symbol->st_info);
}
