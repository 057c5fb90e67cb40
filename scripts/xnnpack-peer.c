// XNNPACK as a peer for b1/b2/b3 (3x3 convolution, stride 1, padding 1, then PReLU), the layers
// where the `cpu` backend's plan picks between oneDNN and its own kernels. Built and run by
// scripts/xnnpack-peer: THREADS RUNS WARMUP [ISA]. Prints a Markdown table of median times (conv alone,
// conv then PReLU) and the largest relative error of sampled outputs against a direct sum in double,
// which exits 1 above 1e-4 (a wrong operator would otherwise be timed as a fast one).
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <cpuinfo.h>
#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xnnpack.h>

typedef struct {
  const char *name;
  int cin, cout, h, w;
} layer;

static const layer layers[] = {
    {"encoder.b1", 19, 19, 180, 320}, {"encoder.b2", 131, 131, 90, 160}, {"encoder.b3", 256, 32, 45, 80}};

static unsigned long long state = 88172645463325252ull;
static float uniform(void) { // xorshift64: fixed-seed data, the same every run
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return (float)((state >> 40) * (1.0 / 16777216.0));
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void check(enum xnn_status s, const char *what, const char *name) {
  if (s != xnn_status_success) {
    fprintf(stderr, "xnnpack-peer: %s failed for %s: status %d\n", what, name, (int)s);
    exit(2);
  }
}

// Median of `runs` timed calls of the operators after `warmup` untimed ones.
static double median_ms(xnn_operator_t *ops, int count, pthreadpool_t pool, int runs, int warmup) {
  double *t = malloc(sizeof(double) * (size_t)runs);
  for (int r = -warmup; r < runs; r++) {
    double start = now_ms();
    for (int i = 0; i < count; i++)
      check(xnn_run_operator(ops[i], pool), "xnn_run_operator", "timing");
    if (r >= 0)
      t[r] = now_ms() - start;
  }
  qsort(t, (size_t)runs, sizeof(double), by_value);
  double m = t[runs / 2];
  free(t);
  return m;
}

// XNNPACK picks its kernels once, in xnn_initialize, from cpuinfo's flags: clearing the flags above
// `isa` first caps it the way ONEDNN_MAX_CPU_ISA caps oneDNN. Returns the level XNNPACK will see.
static const char *cap_isa(const char *isa) {
  if (!cpuinfo_initialize()) {
    fprintf(stderr, "xnnpack-peer: cpuinfo_initialize failed\n");
    exit(2);
  }
  struct cpuinfo_x86_isa *f = &cpuinfo_isa;
  if (isa && strcmp(isa, "AVX512_CORE") && strcmp(isa, "AVX2") && strcmp(isa, "SSE41")) {
    fprintf(stderr, "xnnpack-peer: ISA must be AVX512_CORE, AVX2 or SSE41, not %s\n", isa);
    exit(2);
  }
  if (isa && strcmp(isa, "AVX512_CORE"))
    f->avx512f = f->avx512pf = f->avx512er = f->avx512cd = f->avx512dq = f->avx512bw = f->avx512vl =
        f->avx512ifma = f->avx512vbmi = f->avx512vbmi2 = f->avx512bitalg = f->avx512vpopcntdq =
            f->avx512vnni = f->avx512bf16 = f->avx512vp2intersect = f->avx512_4vnniw = f->avx512_4fmaps = false;
  if (isa && !strcmp(isa, "SSE41"))
    f->avx = f->fma3 = f->fma4 = f->xop = f->f16c = f->avx2 = f->sse4_2 = false;
  return f->avx512f ? "AVX-512" : f->avx2 && f->fma3 ? "AVX2+FMA" : f->avx ? "AVX" : "SSE";
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: xnnpack-peer THREADS RUNS WARMUP [AVX512_CORE|AVX2|SSE41]\n");
    return 2;
  }
  int threads = atoi(argv[1]), runs = atoi(argv[2]), warmup = atoi(argv[3]);
  if (threads < 1 || runs < 1 || warmup < 0) {
    fprintf(stderr, "xnnpack-peer: THREADS and RUNS must be ≥ 1, WARMUP ≥ 0\n");
    return 2;
  }
  const char *level = cap_isa(argc == 5 ? argv[4] : NULL);
  check(xnn_initialize(NULL), "xnn_initialize", "XNNPACK");
  printf("XNNPACK kernels for %s (cpuinfo flags%s)\n\n", level, argc == 5 ? " capped" : "");
  pthreadpool_t pool = pthreadpool_create((size_t)threads);
  printf("| layer | shape | XNNPACK conv ms | XNNPACK conv + PReLU ms | max rel. error (sampled) |\n");
  printf("|---|---|---|---|---|\n");
  int failed = 0;
  for (size_t l = 0; l < sizeof layers / sizeof *layers; l++) {
    const layer L = layers[l];
    size_t in = (size_t)L.h * L.w * L.cin, out = (size_t)L.h * L.w * L.cout, wn = (size_t)L.cout * 9 * L.cin;
    float *x = malloc(sizeof(float) * in), *y = malloc(sizeof(float) * out), *z = malloc(sizeof(float) * out);
    float *k = malloc(sizeof(float) * wn), *bias = malloc(sizeof(float) * L.cout),
          *slope = malloc(sizeof(float) * L.cout);
    for (size_t i = 0; i < in; i++)
      x[i] = uniform();
    float scale = 2.0f / sqrtf(9.0f * L.cin);
    for (size_t i = 0; i < wn; i++) // OHWI, XNNPACK's kernel layout
      k[i] = (uniform() - 0.5f) * scale;
    for (int c = 0; c < L.cout; c++)
      bias[c] = uniform() - 0.5f, slope[c] = 0.25f * uniform();
    xnn_operator_t ops[2];
    check(xnn_create_convolution2d_nhwc_f32(1, 1, 1, 1, 3, 3, 1, 1, 1, 1, 1, (size_t)L.cin, (size_t)L.cout,
                                            (size_t)L.cin, (size_t)L.cout, k, bias, -INFINITY, INFINITY, 0,
                                            &ops[0]),
          "xnn_create_convolution2d_nhwc_f32", L.name);
    check(xnn_setup_convolution2d_nhwc_f32(ops[0], 1, (size_t)L.h, (size_t)L.w, x, y, pool),
          "xnn_setup_convolution2d_nhwc_f32", L.name);
    check(xnn_create_prelu_nc_f32((size_t)L.cout, (size_t)L.cout, (size_t)L.cout, slope, 0, &ops[1]),
          "xnn_create_prelu_nc_f32", L.name);
    check(xnn_setup_prelu_nc_f32(ops[1], (size_t)L.h * L.w, y, z, pool), "xnn_setup_prelu_nc_f32", L.name);
    double conv = median_ms(ops, 1, pool, runs, warmup);
    double both = median_ms(ops, 2, pool, runs, warmup);
    // 2000 sampled outputs of PReLU(conv) against the definition in double.
    double worst = 0;
    for (int s = 0; s < 2000; s++) {
      int oy = (int)(uniform() * L.h), ox = (int)(uniform() * L.w), oc = (int)(uniform() * L.cout);
      double sum = bias[oc], mag = fabs(bias[oc]);
      for (int ky = 0; ky < 3; ky++)
        for (int kx = 0; kx < 3; kx++) {
          int iy = oy + ky - 1, ix = ox + kx - 1;
          if (iy < 0 || iy >= L.h || ix < 0 || ix >= L.w)
            continue;
          for (int c = 0; c < L.cin; c++) {
            double p = (double)k[((size_t)oc * 9 + ky * 3 + kx) * L.cin + c] * x[((size_t)iy * L.w + ix) * L.cin + c];
            sum += p, mag += fabs(p);
          }
        }
      double want = sum < 0 ? sum * slope[oc] : sum;
      double err = fabs(z[((size_t)oy * L.w + ox) * L.cout + oc] - want) / (mag > 0 ? mag : 1);
      worst = err > worst ? err : worst;
    }
    failed |= worst > 1e-4;
    printf("| %s | %d→%d, %d×%d | %.3f | %.3f | %.1e |\n", L.name, L.cin, L.cout, L.h, L.w, conv, both, worst);
    xnn_delete_operator(ops[0]);
    xnn_delete_operator(ops[1]);
    free(x), free(y), free(z), free(k), free(bias), free(slope);
  }
  pthreadpool_destroy(pool);
  if (failed)
    fprintf(stderr, "xnnpack-peer: an output differs from the definition by more than 1e-4 of its magnitude\n");
  return failed;
}
