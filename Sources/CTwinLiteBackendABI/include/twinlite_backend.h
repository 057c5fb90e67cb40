/*
 * twinlite backend plugin ABI, version 2 (hosts also load version-1 plugins).
 *
 * A plugin is a shared library that exports ONE C symbol, `twinlite_backend_entry`, returning a
 * pointer to a static, immutable function table. The host (`TwinLitePlugin.PluginLibrary`) opens
 * the library, resolves the symbol, and checks `abi_version` before it touches anything else.
 *
 * Rules for implementers (nothing may unwind or terminate across this boundary):
 *   - no C++ exceptions, no assert(), no exit()/abort() on any path reachable from these calls;
 *   - every failure is returned as a status / NULL plus a message:
 *       create  -> NULL and `error->message` filled in,
 *       infer   -> non-zero status and `last_error(handle)` describes it;
 *   - strings returned by `name`, `describe` and `last_error` stay valid until the next call
 *     on the same handle (or forever for `name`), and are owned by the plugin.
 *
 * Tensors: input is N×3×H×W float32, RGB in [0, 1], contiguous NCHW. Each head (`da`, `ll`) is
 * N×2×H×W float32, contiguous NCHW, written into caller-allocated memory.
 * A handle is used by one thread at a time.
 *
 * Version 2 appends `last_timing` to the table: a GPU plugin reports how long the forward pass took
 * on device-resident buffers, so that a host can show it beside the end-to-end time of `infer`
 * (which includes the host<->device copies). Version-1 tables end before it; a host reads it only
 * when `abi_version >= 2`.
 */
#ifndef TWINLITE_BACKEND_H
#define TWINLITE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any change of the table's layout or of a function's meaning. */
#define TWINLITE_BACKEND_ABI_VERSION 2u
/* The oldest version a current host still loads (its table is a prefix of this one). */
#define TWINLITE_BACKEND_ABI_MIN_VERSION 1u

/* The only symbol the host resolves. */
#define TWINLITE_BACKEND_ENTRY_SYMBOL "twinlite_backend_entry"

#define TWINLITE_ERROR_MESSAGE_CAPACITY 512

/* Status codes returned by `infer` and stored in `twinlite_error.code`. */
enum {
  TWINLITE_OK = 0,
  TWINLITE_ERROR_INVALID_ARGUMENT = 1, /* bad options string, shape or NULL pointer */
  TWINLITE_ERROR_IO = 2,               /* model file missing or unreadable */
  TWINLITE_ERROR_MODEL = 3,            /* model file readable but not usable (keys, shapes, engine build) */
  TWINLITE_ERROR_RUNTIME = 4,          /* execution failed (device, library call) */
  TWINLITE_ERROR_OUT_OF_MEMORY = 5
};

typedef struct twinlite_error {
  int32_t code;                                   /* TWINLITE_* status, 0 when no error */
  char message[TWINLITE_ERROR_MESSAGE_CAPACITY];  /* NUL-terminated, truncated if longer */
} twinlite_error;

/* Timings of the most recent successful `infer` on a handle, measured by the plugin (version 2).
 * A field the plugin did not measure is negative. */
typedef struct twinlite_timing {
  /* The forward pass alone: input already in the device's memory, outputs left there (for a GPU:
   * CUDA events around the kernels or the graph launch, no host<->device copies). */
  double device_ms;
  /* Copy of the input from the caller's memory to the device, and of both heads back. */
  double upload_ms;
  double download_ms;
} twinlite_timing;

typedef struct twinlite_backend_api {
  /* Must be TWINLITE_BACKEND_ABI_VERSION; first field, it never moves. */
  uint32_t abi_version;
  /* sizeof(twinlite_backend_api) as the plugin was compiled; the host rejects smaller tables. */
  uint32_t struct_size;

  /* Short backend name, e.g. "cpu" or "tensorrt". Static storage. */
  const char *(*name)(void);

  /* Loads `model_path` (a checkpoint or an .onnx file, as the plugin documents) with `options`,
   * a ';'-separated list of key=value pairs (may be NULL or empty). Returns NULL on failure and
   * fills `error` (which is never NULL). */
  void *(*create)(const char *model_path, const char *options, twinlite_error *error);

  /* Runs a forward pass. Returns TWINLITE_OK or an error code; see `last_error`. */
  int32_t (*infer)(void *handle, const float *input, int64_t batch, int64_t height, int64_t width,
                   float *da, float *ll);

  /* Message of the most recent failed call on `handle` ("" when none). */
  const char *(*last_error)(void *handle);

  /* One line for report metadata: engine, precision, device, threads. */
  const char *(*describe)(void *handle);

  /* Frees everything `create` allocated. NULL is accepted. */
  void (*destroy)(void *handle);

  /* ---- version 2 ---- */

  /* Fills `timing` for the most recent successful `infer` on `handle`. Returns TWINLITE_OK, or
   * TWINLITE_ERROR_INVALID_ARGUMENT when nothing was run yet. May be NULL: the plugin measures
   * nothing beyond what the host can time itself. */
  int32_t (*last_timing)(void *handle, twinlite_timing *timing);
} twinlite_backend_api;

/* Size of a version-1 table: everything before `last_timing`. */
#define TWINLITE_BACKEND_API_V1_SIZE offsetof(twinlite_backend_api, last_timing)

/* Type of the exported entry point `twinlite_backend_entry`. */
typedef const twinlite_backend_api *(*twinlite_backend_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* TWINLITE_BACKEND_H */
