/* A tiny plugin for the loader tests, compiled by the tests with `cc -shared` into a temp folder.
 * Macros pick the defect under test:
 *   FAKE_NO_ENTRY        export a differently named symbol instead of twinlite_backend_entry
 *   FAKE_NULL_TABLE      entry point returns NULL
 *   FAKE_ABI_VERSION=N   report ABI version N
 *   FAKE_NO_INFER        leave the infer pointer NULL
 *   FAKE_CREATE_FAILS    create always fails with a message naming the model path
 *   FAKE_DATA_ENTRY      export twinlite_backend_entry as a data object (a pointer), not a function
 *   FAKE_NAN_OUTPUT      infer succeeds but writes NaN into the first da logit of each image
 *   FAKE_V1              a version-1 plugin: abi_version 1 and a table that ends before last_timing
 *   FAKE_NO_TIMING       a version-2 table whose last_timing is NULL
 * Without a defect it "infers" da = input channel 0 and 1, ll = 2 * channel 2 and -channel 0,
 * and fails infer for batches larger than 2, so the tests can check data flow and error text.
 * Its last_timing reports device 0.25 ms and upload 0.125 ms per image of the last batch, download
 * not measured, and fails before the first infer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "twinlite_backend.h"

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION TWINLITE_BACKEND_ABI_VERSION
#endif

typedef struct fake_ctx { char last_error[128]; char description[160]; int64_t last_batch; } fake_ctx;

static const char *fake_name(void) { return "fake"; }

static void *fake_create(const char *model_path, const char *options, twinlite_error *error) {
#ifdef FAKE_CREATE_FAILS
  error->code = TWINLITE_ERROR_MODEL;
  snprintf(error->message, sizeof error->message, "cannot build an engine from %s", model_path);
  return NULL;
#else
  fake_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx) {
    error->code = TWINLITE_ERROR_OUT_OF_MEMORY;
    snprintf(error->message, sizeof error->message, "out of memory");
    return NULL;
  }
  snprintf(ctx->description, sizeof ctx->description, "fake model=%s options=%s", model_path,
           options ? options : "");
  return ctx;
#endif
}

static int32_t fake_infer(void *handle, const float *input, int64_t n, int64_t h, int64_t w, float *da,
                          float *ll) {
  fake_ctx *ctx = handle;
  if (n > 2) {
    snprintf(ctx->last_error, sizeof ctx->last_error, "batch %lld exceeds the fake's limit 2", (long long)n);
    return TWINLITE_ERROR_INVALID_ARGUMENT;
  }
  int64_t plane = h * w;
  for (int64_t b = 0; b < n; b++) {
    const float *x = input + b * 3 * plane;
    for (int64_t i = 0; i < plane; i++) {
      da[(2 * b) * plane + i] = x[i];
      da[(2 * b + 1) * plane + i] = x[plane + i];
      ll[(2 * b) * plane + i] = 2.0f * x[2 * plane + i];
      ll[(2 * b + 1) * plane + i] = -x[i];
    }
  }
#ifdef FAKE_NAN_OUTPUT
  for (int64_t b = 0; b < n; b++) da[2 * b * plane] = NAN;
#endif
  ctx->last_error[0] = 0;
  ctx->last_batch = n;
  return TWINLITE_OK;
}

static int32_t fake_last_timing(void *handle, twinlite_timing *timing) {
  fake_ctx *ctx = handle;
  if (ctx->last_batch == 0) {
    snprintf(ctx->last_error, sizeof ctx->last_error, "no infer has run yet");
    return TWINLITE_ERROR_INVALID_ARGUMENT;
  }
  timing->device_ms = 0.25 * (double)ctx->last_batch;
  timing->upload_ms = 0.125 * (double)ctx->last_batch;
  timing->download_ms = -1;
  return TWINLITE_OK;
}

static const char *fake_last_error(void *handle) { return handle ? ((fake_ctx *)handle)->last_error : ""; }
static const char *fake_describe(void *handle) { return handle ? ((fake_ctx *)handle)->description : ""; }
static void fake_destroy(void *handle) { free(handle); }

#ifdef FAKE_V1
/* What a plugin compiled against the version-1 header exports: the table stops after destroy. */
typedef struct fake_table_v1 {
  uint32_t abi_version, struct_size;
  const char *(*name)(void);
  void *(*create)(const char *, const char *, twinlite_error *);
  int32_t (*infer)(void *, const float *, int64_t, int64_t, int64_t, float *, float *);
  const char *(*last_error)(void *);
  const char *(*describe)(void *);
  void (*destroy)(void *);
} fake_table_v1;
static const fake_table_v1 table_v1 = {
  1, sizeof(fake_table_v1), fake_name, fake_create, fake_infer, fake_last_error, fake_describe, fake_destroy,
};
#define TABLE ((const twinlite_backend_api *)&table_v1)
#else
static const twinlite_backend_api table = {
  FAKE_ABI_VERSION, sizeof(twinlite_backend_api), fake_name, fake_create,
#ifdef FAKE_NO_INFER
  NULL,
#else
  fake_infer,
#endif
  fake_last_error, fake_describe, fake_destroy,
#ifdef FAKE_NO_TIMING
  NULL,
#else
  fake_last_timing,
#endif
};
#define TABLE (&table)
#endif

#if defined(FAKE_NO_ENTRY)
const twinlite_backend_api *twinlite_backend_entry_misspelt(void) { return TABLE; }
#elif defined(FAKE_DATA_ENTRY)
const twinlite_backend_api *const twinlite_backend_entry = TABLE;
#else
const twinlite_backend_api *twinlite_backend_entry(void) {
#ifdef FAKE_NULL_TABLE
  return NULL;
#else
  return TABLE;
#endif
}
#endif
