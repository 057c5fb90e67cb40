// Plain loops, compiled three times: for AVX-512, for AVX2+FMA and for baseline x86-64; the variant
// runs that tl_kernel_level() allows. Never compiled for the build machine's ISA alone.
#include <dnnl.h>
#include <string.h>

#include "twinlite_kernels.h"

#define TL_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
#define TL_INLINE static inline __attribute__((always_inline))

// Three copies of `body(args)`: name_avx512, name_avx2 and name_base, and the dispatch among them.
#define TL_VARIANTS(name, body, params, args)                                                                \
  TL_AVX512 static void name##_avx512 params { body args; }                                                  \
  TL_AVX2 static void name##_avx2 params { body args; }                                                      \
  static void name##_base params { body args; }
#define TL_DISPATCH(name, args)                                                                              \
  switch (tl_kernel_level()) {                                                                               \
  case 2:                                                                                                    \
    name##_avx512 args;                                                                                      \
    break;                                                                                                   \
  case 1:                                                                                                    \
    name##_avx2 args;                                                                                        \
    break;                                                                                                   \
  default:                                                                                                   \
    name##_base args;                                                                                        \
  }

static int tl_detect_level(void) {
  const unsigned isa = (unsigned)dnnl_get_effective_cpu_isa();
  const unsigned avx512 = (unsigned)dnnl_cpu_isa_avx512_core, avx2 = (unsigned)dnnl_cpu_isa_avx2;
  __builtin_cpu_init();
  if ((isa & avx512) == avx512 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
    return 2;
  if ((isa & avx2) == avx2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return 1;
  return 0;
}

int tl_kernel_level(void) {
  // Every thread computes the same value, so a racing first call is harmless.
  static volatile int level = -1;
  if (level < 0)
    level = tl_detect_level();
  return level;
}

/// PReLU as a select between two values computed unconditionally: loops over it vectorise instead
/// of branching on every sign (a conditional multiply would make the slope load conditional).
TL_INLINE float tl_prelu(float v, float slope) {
  const float m = v * slope;
  return v < 0 ? m : v;
}

/// A pixel position in a tl_dst, advanced pixel by pixel without a division per pixel.
typedef struct {
  long image, hw;
} tl_cursor;

TL_INLINE tl_cursor tl_cursor_at(tl_dst d, long p) {
  tl_cursor c = {0, 0};
  if (d.plane) {
    c.image = p / d.plane;
    c.hw = p % d.plane;
  }
  return c;
}

TL_INLINE void tl_cursor_next(tl_dst d, tl_cursor *c) {
  if (d.plane && ++c->hw == d.plane) {
    c->hw = 0;
    c->image++;
  }
}

/// Copies whole blocks of B floats, `stride` apart in dst: fixed-size copies the compiler turns into
/// vector moves, not a call to memcpy per block.
TL_INLINE void tl_store_blocks(float *restrict dst, long stride, const float *restrict row, int count,
                                int B) {
  for (int b = 0; b < count / B; b++)
    for (int k = 0; k < B; k++)
      dst[b * stride + k] = row[b * B + k];
}

/// Writes `count` consecutive channels of pixel p (at cursor `at`).
TL_INLINE void tl_store_row_impl(tl_dst d, long p, tl_cursor at, const float *row, int count) {
  if (d.plane == 0) {
    memcpy(d.base + p * d.stride + d.offset, row, sizeof(float) * (size_t)count);
    return;
  }
  if (d.offset % d.block == 0 && count % d.block == 0 && (d.block == 16 || d.block == 8)) {
    float *o = d.base + ((at.image * d.blocks + d.offset / d.block) * d.plane + at.hw) * d.block;
    if (d.block == 16)
      tl_store_blocks(o, d.plane * 16, row, count, 16);
    else
      tl_store_blocks(o, d.plane * 8, row, count, 8);
    return;
  }
  int k = 0;
  while (k < count) {
    const int ch = d.offset + k, lane = ch % d.block;
    int len = d.block - lane;
    if (len > count - k)
      len = count - k;
    memcpy(d.base + ((at.image * d.blocks + ch / d.block) * d.plane + at.hw) * d.block + lane, row + k,
           sizeof(float) * (size_t)len);
    k += len;
  }
}

// ---- ESP tail: y = cat[d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16] (+ x); out = prelu(scale*y + shift)
TL_INLINE void tl_esp_body(long p0, long p1, int n1, int n, const float *d1, const float *d2, const float *d4,
                           const float *d8, const float *d16, const float *x, long xStride,
                           const float *scale, const float *shift, const float *slope, float *out0,
                           long out0Stride, tl_dst out1) {
  const int total = n1 + 4 * n;
  float row[512], staged[512];
  tl_cursor at = tl_cursor_at(out1, p0);
  for (long p = p0; p < p1; p++, tl_cursor_next(out1, &at)) {
    const float *restrict xr = x ? x + p * xStride : 0;
    const float *restrict a = d1 + p * n1;
    for (int c = 0; c < n1; c++)
      row[c] = a[c];
    const float *restrict b2 = d2 + p * n, *restrict b4 = d4 + p * n, *restrict b8 = d8 + p * n,
                          *restrict b16 = d16 + p * n;
    // Vectors of 8: n is 12 or 25 in this network, below one vector of 16.
#pragma clang loop vectorize_width(8)
    for (int c = 0; c < n; c++) {
      float s = b2[c];
      row[n1 + c] = s;
      s += b4[c];
      row[n1 + n + c] = s;
      s += b8[c];
      row[n1 + 2 * n + c] = s;
      s += b16[c];
      row[n1 + 3 * n + c] = s;
    }
    if (xr)
      for (int c = 0; c < total; c++)
        row[c] += xr[c];
    float *restrict o0 = out0 ? out0 + p * out0Stride : staged;
    for (int c = 0; c < total; c++) {
      float v = row[c] * scale[c] + shift[c];
      o0[c] = tl_prelu(v, slope[c]);
    }
    if (out1.base)
      tl_store_row_impl(out1, p, at, o0, total);
  }
}

#define TL_ESP_PARAMS                                                                                        \
  (long p0, long p1, int n1, int n, const float *d1, const float *d2, const float *d4, const float *d8,      \
   const float *d16, const float *x, long xStride, const float *scale, const float *shift,                   \
   const float *slope, float *out0, long out0Stride, tl_dst out1)
#define TL_ESP_ARGS                                                                                         \
  (p0, p1, n1, n, d1, d2, d4, d8, d16, x, xStride, scale, shift, slope, out0, out0Stride, out1)
TL_VARIANTS(tl_esp, tl_esp_body, TL_ESP_PARAMS, TL_ESP_ARGS)

/// The fused ESP tail for pixels [p0, p1) of channels-last buffers (n1 + 4n ≤ 512 channels).
/// `x` (residual, row stride xStride), `out0` (dense channels-last) and `out1.base` may be NULL.
void tl_esp_combine TL_ESP_PARAMS { TL_DISPATCH(tl_esp, TL_ESP_ARGS) }

// ---- Copy c channels per pixel into a wider channels-last buffer, with optional PReLU.
TL_INLINE void tl_copy_body(long p0, long p1, int c, const float *src, tl_dst dst, const float *slope) {
  float row[512];
  tl_cursor at = tl_cursor_at(dst, p0);
  for (long p = p0; p < p1; p++, tl_cursor_next(dst, &at)) {
    const float *restrict s = src + p * c;
    if (dst.plane == 0) {
      // Channels-last: straight into the row, no staging and no call to memcpy per pixel.
      float *restrict o = dst.base + p * dst.stride + dst.offset;
      if (slope)
        for (int k = 0; k < c; k++)
          o[k] = tl_prelu(s[k], slope[k]);
      else
        for (int k = 0; k < c; k++)
          o[k] = s[k];
    } else if (slope) {
      for (int k = 0; k < c; k++)
        row[k] = tl_prelu(s[k], slope[k]);
      tl_store_row_impl(dst, p, at, row, c);
    } else {
      tl_store_row_impl(dst, p, at, s, c);
    }
  }
}

#define TL_COPY_PARAMS (long p0, long p1, int c, const float *src, tl_dst dst, const float *slope)
#define TL_COPY_ARGS (p0, p1, c, src, dst, slope)
TL_VARIANTS(tl_copy, tl_copy_body, TL_COPY_PARAMS, TL_COPY_ARGS)

/// Channel k of pixel p: dst ← prelu(src[p*c + k]) (plain copy when slope is NULL), p in [p0, p1),
/// c ≤ 512.
void tl_copy_channels TL_COPY_PARAMS { TL_DISPATCH(tl_copy, TL_COPY_ARGS) }

// ---- Last decoder layer: ConvTranspose2d(cin → 2, kernel 2, stride 2) + folded BN bias + PReLU on
// channels-last input rows [i0, i1) of one h×w image, written straight to its 2 output planes
// (2 × 2h × 2w, NCHW). k[((a*2 + b)*2 + o)*cin + c] = weight[c][o][a][b].
// scratch: cin*w + 2*w floats.
TL_INLINE void tl_head_body(long i0, long i1, int h, int w, int cin, const float *src, const float *k,
                            const float *bias, const float *slope, float *out, float *scratch) {
  const long ow = 2L * w, plane = 4L * h * w;
  float *restrict t = scratch;
  float *restrict u0 = scratch + (long)cin * w;
  float *restrict u1 = u0 + w;
  for (long i = i0; i < i1; i++) {
    const float *restrict s = src + i * (long)w * cin;
    for (int j = 0; j < w; j++)
      for (int c = 0; c < cin; c++)
        t[(long)c * w + j] = s[(long)j * cin + c];
    for (int a = 0; a < 2; a++) {
      for (int o = 0; o < 2; o++) {
        const float *k0 = k + ((a * 2 + 0) * 2 + o) * cin, *k1 = k + ((a * 2 + 1) * 2 + o) * cin;
        for (int j = 0; j < w; j++) {
          u0[j] = bias[o];
          u1[j] = bias[o];
        }
        for (int c = 0; c < cin; c++) {
          const float w0 = k0[c], w1 = k1[c];
          const float *restrict tc = t + (long)c * w;
          for (int j = 0; j < w; j++) {
            u0[j] += w0 * tc[j];
            u1[j] += w1 * tc[j];
          }
        }
        float *restrict r = out + o * plane + (2 * i + a) * ow;
        const float sl = slope[o];
        for (int j = 0; j < w; j++) {
          float v0 = u0[j], v1 = u1[j];
          r[2 * j] = tl_prelu(v0, sl);
          r[2 * j + 1] = tl_prelu(v1, sl);
        }
      }
    }
  }
}

#define TL_HEAD_PARAMS                                                                                       \
  (long i0, long i1, int h, int w, int cin, const float *src, const float *k, const float *bias,             \
   const float *slope, float *out, float *scratch)
#define TL_HEAD_ARGS (i0, i1, h, w, cin, src, k, bias, slope, out, scratch)
TL_VARIANTS(tl_head, tl_head_body, TL_HEAD_PARAMS, TL_HEAD_ARGS)

void tl_head_deconv TL_HEAD_PARAMS { TL_DISPATCH(tl_head, TL_HEAD_ARGS) }

// ---- The last two UPx2 of a head fused: u (cin channels, channels-last, h×w) → ConvTranspose 2×2/2
// to mid channels + bias + PReLU → ConvTranspose 2×2/2 to 2 channels + bias + PReLU → 2 planes of
// 4h × 4w. k1[((a*2 + b)*cin + c)*mid + m] = W1[c][m][a][b];
// k2[m*8 + (a2*2 + b2)*2 + o] = W2[m][o][a2][b2]. CIN/MID are compile-time in the fast variant.
#define TL_HEAD2_PIXEL(CIN, MID)                                                                             \
  const float *restrict x = src + (i * w + j) * (long)(CIN);                                                 \
  for (int a = 0; a < 2; a++) {                                                                              \
    for (int b = 0; b < 2; b++) {                                                                            \
      const float *restrict k = k1 + (a * 2 + b) * (CIN) * (MID);                                            \
      float y[64], z[8];                                                                                     \
      for (int m = 0; m < (MID); m++)                                                                        \
        y[m] = b1[m];                                                                                        \
      for (int c = 0; c < (CIN); c++)                                                                        \
        for (int m = 0; m < (MID); m++)                                                                      \
          y[m] += x[c] * k[c * (MID) + m];                                                                   \
      for (int m = 0; m < (MID); m++)                                                                        \
        y[m] = tl_prelu(y[m], s1[m]);                                                                        \
      for (int q = 0; q < 8; q++)                                                                            \
        z[q] = b2[q & 1];                                                                                    \
      for (int m = 0; m < (MID); m++)                                                                        \
        for (int q = 0; q < 8; q++)                                                                          \
          z[q] += y[m] * k2[m * 8 + q];                                                                      \
      for (int q = 0; q < 8; q++)                                                                            \
        z[q] = tl_prelu(z[q], s2[q & 1]);                                                                    \
      const long r0 = 4 * i + 2 * a, c0 = 4L * j + 2 * b;                                                    \
      for (int q = 0; q < 4; q++) {                                                                          \
        const long at = (r0 + (q >> 1)) * ow + c0 + (q & 1);                                                \
        out[at] = z[2 * q];                                                                                  \
        out[plane + at] = z[2 * q + 1];                                                                      \
      }                                                                                                      \
    }                                                                                                        \
  }

#define TL_HEAD2_PARAMS                                                                                      \
  (long i0, long i1, int h, int w, int cin, int mid, const float *src, const float *k1, const float *b1,     \
   const float *s1, const float *k2, const float *b2, const float *s2, float *out)
#define TL_HEAD2_ARGS (i0, i1, h, w, cin, mid, src, k1, b1, s1, k2, b2, s2, out)

// The network's shape (16 → 8 → 2), 16 pixels of a row at a time: every product is a vector across
// the pixels, and each output row segment is written whole. Same arithmetic, in the same order, as
// the per-pixel code, which does the rest of the row.
TL_INLINE void tl_head2_16x8_body TL_HEAD2_PARAMS {
  (void)cin, (void)mid;
  enum { T = 16, CIN = 16, MID = 8 };
  const long ow = 4L * w, plane = 16L * h * w;
  for (long i = i0; i < i1; i++) {
    int j = 0;
    for (; j + T <= w; j += T) {
      float xt[CIN][T];
      for (int t = 0; t < T; t++)
        for (int c = 0; c < CIN; c++)
          xt[c][t] = src[(i * w + j + t) * CIN + c];
      for (int a = 0; a < 2; a++) {
        float z[2][8][T];
        for (int b = 0; b < 2; b++) {
          const float *restrict k = k1 + (a * 2 + b) * CIN * MID;
          float y[MID][T];
          for (int m = 0; m < MID; m++) {
            for (int t = 0; t < T; t++)
              y[m][t] = b1[m];
            for (int c = 0; c < CIN; c++)
              for (int t = 0; t < T; t++)
                y[m][t] += xt[c][t] * k[c * MID + m];
            for (int t = 0; t < T; t++)
              y[m][t] = tl_prelu(y[m][t], s1[m]);
          }
          for (int q = 0; q < 8; q++) {
            for (int t = 0; t < T; t++)
              z[b][q][t] = b2[q & 1];
            for (int m = 0; m < MID; m++)
              for (int t = 0; t < T; t++)
                z[b][q][t] += y[m][t] * k2[m * 8 + q];
            for (int t = 0; t < T; t++)
              z[b][q][t] = tl_prelu(z[b][q][t], s2[q & 1]);
          }
        }
        // Row 4i + 2a + a2 of plane o, column 4(j + t) + 2b + b2: z[b][(a2*2 + b2)*2 + o][t].
        for (int a2 = 0; a2 < 2; a2++)
          for (int o = 0; o < 2; o++) {
            float *restrict r = out + o * plane + (4 * i + 2 * a + a2) * ow + 4L * j;
            for (int t = 0; t < T; t++)
              for (int b = 0; b < 2; b++)
                for (int b2 = 0; b2 < 2; b2++)
                  r[4 * t + 2 * b + b2] = z[b][(a2 * 2 + b2) * 2 + o][t];
          }
      }
    }
    for (; j < w; j++) {
      TL_HEAD2_PIXEL(CIN, MID)
    }
  }
}

// Any other shape, pixel by pixel.
TL_INLINE void tl_head2_any_body TL_HEAD2_PARAMS {
  const long ow = 4L * w, plane = 16L * h * w;
  for (long i = i0; i < i1; i++)
    for (int j = 0; j < w; j++) {
      TL_HEAD2_PIXEL(cin, mid)
    }
}
TL_VARIANTS(tl_head2_16x8, tl_head2_16x8_body, TL_HEAD2_PARAMS, TL_HEAD2_ARGS)
TL_VARIANTS(tl_head2_any, tl_head2_any_body, TL_HEAD2_PARAMS, TL_HEAD2_ARGS)

void tl_head_deconv2 TL_HEAD2_PARAMS {
  if (cin == 16 && mid == 8) {
    TL_DISPATCH(tl_head2_16x8, TL_HEAD2_ARGS)
  } else {
    TL_DISPATCH(tl_head2_any, TL_HEAD2_ARGS)
  }
}

// ---- nChw<block>c → channels-last with per-channel PReLU (a reorder and a PReLU in one pass),
// pixels [p0, p1).
TL_INLINE void tl_unblock_body(long p0, long p1, int c, int block, long plane, const float *src, float *dst,
                               const float *slope) {
  // Tiles of 8 pixels, block by block: whole blocks (the buffer is padded to a multiple of `block`)
  // with fixed trip counts, so the PReLU vectorises; runs along each block's plane, because the
  // planes are often a multiple of 4 KiB apart, and one pixel's blocks would all map to the same
  // L1 set. Then each pixel's c channels go to dst.
  enum { tile = 8 };
  const int blocks = (c + block - 1) / block;
  float rows[tile][528];
  for (long t0 = p0; t0 < p1; t0 += tile) {
    const int count = p1 - t0 < tile ? (int)(p1 - t0) : tile;
    const long image = t0 / plane, hw0 = t0 % plane;
    for (int blk = 0; blk < blocks; blk++) {
      const float *restrict sl = slope + blk * block;
      long im = image, hw = hw0;
      for (int j = 0; j < count; j++) {
        const float *restrict s = src + ((im * blocks + blk) * plane + hw) * block;
        float *restrict o = rows[j] + blk * block;
        for (int k = 0; k < block; k++)
          o[k] = tl_prelu(s[k], sl[k]);
        if (++hw == plane) {
          hw = 0;
          im++;
        }
      }
    }
    for (int j = 0; j < count; j++)
      memcpy(dst + (t0 + j) * c, rows[j], sizeof(float) * (size_t)c);
  }
}

// Constant block sizes let the compiler unroll the inner loop into whole vectors.
TL_INLINE void tl_unblock_16(long p0, long p1, int c, int block, long plane, const float *src, float *dst,
                             const float *slope) {
  (void)block;
  tl_unblock_body(p0, p1, c, 16, plane, src, dst, slope);
}
TL_INLINE void tl_unblock_8(long p0, long p1, int c, int block, long plane, const float *src, float *dst,
                            const float *slope) {
  (void)block;
  tl_unblock_body(p0, p1, c, 8, plane, src, dst, slope);
}
#define TL_UNBLOCK_PARAMS                                                                                    \
  (long p0, long p1, int c, int block, long plane, const float *src, float *dst, const float *slope)
#define TL_UNBLOCK_ARGS (p0, p1, c, block, plane, src, dst, slope)
TL_VARIANTS(tl_unblock16, tl_unblock_16, TL_UNBLOCK_PARAMS, TL_UNBLOCK_ARGS)
TL_VARIANTS(tl_unblock8, tl_unblock_8, TL_UNBLOCK_PARAMS, TL_UNBLOCK_ARGS)
TL_VARIANTS(tl_unblock_any, tl_unblock_body, TL_UNBLOCK_PARAMS, TL_UNBLOCK_ARGS)

void tl_unblock_prelu TL_UNBLOCK_PARAMS {
  if (block == 16) {
    TL_DISPATCH(tl_unblock16, TL_UNBLOCK_ARGS)
  } else if (block == 8) {
    TL_DISPATCH(tl_unblock8, TL_UNBLOCK_ARGS)
  } else {
    TL_DISPATCH(tl_unblock_any, TL_UNBLOCK_ARGS)
  }
}

// ---- Row softmax without the division: e[r, :] ← exp(e[r, :] − max_r), sums[r] = Σ e[r, :].
// exp: range reduction by ln 2 and a degree-6 polynomial (≈ 1 ulp on the reduced range), vectorisable.
TL_INLINE float tl_exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float n = __builtin_rintf(x * 1.44269504088896341f);
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  union {
    int i;
    float f;
  } scale;
  scale.i = ((int)n + 127) << 23;
  return p * scale.f;
}

// Max and sum use 16 independent partial results so that they vectorise without reassociation.
TL_INLINE void tl_softmax_body(long r0, long r1, long n, float *e, float *sums) {
  for (long r = r0; r < r1; r++) {
    float *restrict row = e + r * n;
    const long body = n & ~15L;
    float lanes[16];
    for (int l = 0; l < 16; l++)
      lanes[l] = row[0];
    for (long j = 0; j < body; j += 16)
      for (int l = 0; l < 16; l++)
        lanes[l] = row[j + l] > lanes[l] ? row[j + l] : lanes[l];
    float m = lanes[0];
    for (int l = 1; l < 16; l++)
      m = lanes[l] > m ? lanes[l] : m;
    for (long j = body; j < n; j++)
      m = row[j] > m ? row[j] : m;
    for (long j = 0; j < n; j++)
      row[j] = tl_exp_nonpositive(row[j] - m);
    for (int l = 0; l < 16; l++)
      lanes[l] = 0;
    for (long j = 0; j < body; j += 16)
      for (int l = 0; l < 16; l++)
        lanes[l] += row[j + l];
    float s = 0;
    for (int l = 0; l < 16; l++)
      s += lanes[l];
    for (long j = body; j < n; j++)
      s += row[j];
    sums[r] = s;
  }
}


#define TL_SOFTMAX_PARAMS (long r0, long r1, long n, float *e, float *sums)
#define TL_SOFTMAX_ARGS (r0, r1, n, e, sums)
TL_VARIANTS(tl_softmax, tl_softmax_body, TL_SOFTMAX_PARAMS, TL_SOFTMAX_ARGS)

void tl_softmax_rows_unnormalised TL_SOFTMAX_PARAMS { TL_DISPATCH(tl_softmax, TL_SOFTMAX_ARGS) }
