// Winograd F(m×m, 3×3) convolution (stride 1, padding 1) on channels-last tensors, for b1/b2/b3,
// with m = 4 (36 multiplies per 4×4 output tile and channel pair instead of 144) or m = 3 (25 per
// 3×3 tile instead of 81); oneDNN 2.6 has Winograd only for AVX-512. Which m is faster depends on
// the shape (tiles that overhang the image edge, transform against GEMM cost), so the plan measures
// both. Per block of tiles: input transform V = Bᵀ d B (vectorised over 8 input channels), one
// small GEMM M = V·U per tile point (6 tiles × 16 or 8 output channels per register block), output
// transform Y = Aᵀ M A + bias, then PReLU when given slopes. Compiled for baseline x86-64, AVX2+FMA
// and AVX-512 (tl_kernel_level).
#include <string.h>

#include "twinlite_kernels.h"

#define TL_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
#define TL_INLINE static inline __attribute__((always_inline))

typedef float tl_v8 __attribute__((vector_size(32), aligned(4)));
typedef int tl_i8 __attribute__((vector_size(32), aligned(4)));
typedef float tl_v16 __attribute__((vector_size(64), aligned(4)));

// Toom–Cook matrices from interpolation points plus ∞ (y = Aᵀ[(G g) ⊙ (Bᵀ d)] for the correlation
// y_i = Σ_k g_k d_{i+k}). F(3,3): points 0, 1, −1, 2. F(4,3): 0, 1, −1, 1/2, −2 rather than the
// usual 0, ±1, ±2: its coefficients are smaller, and on b2's shape (131 channels, unit-scale data)
// its largest error is 1.6e-5 against 3.5e-5 (and 2.3e-5 for F(3,3)): b2's error reaches the logits.
static const float tl_bt3[5][5] = {
    {2, -1, -2, 1, 0}, {0, -2, -1, 1, 0}, {0, 2, -3, 1, 0}, {0, -1, 0, 1, 0}, {0, 2, -1, -2, 1}};
static const float tl_at3[3][5] = {{1, 1, 1, 1, 0}, {0, 1, -1, 2, 0}, {0, 1, 1, 4, 1}};
static const double tl_g3[5][3] = {{1.0 / 2, 0, 0},
                                   {-1.0 / 2, -1.0 / 2, -1.0 / 2},
                                   {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                   {1.0 / 6, 1.0 / 3, 2.0 / 3},
                                   {0, 0, 1}};
static const float tl_bt4[6][6] = {{1, -1.5f, -2, 1.5f, 1, 0},   {0, -1, 0.5f, 2.5f, 1, 0},
                                   {0, 1, -2.5f, 0.5f, 1, 0},    {0, -2, -1, 2, 1, 0},
                                   {0, 0.5f, -1, -0.5f, 1, 0},   {0, 1, -1.5f, -2, 1.5f, 1}};
static const float tl_at4[4][6] = {
    {1, 1, 1, 1, 1, 0}, {0, 1, -1, 0.5f, -2, 0}, {0, 1, 1, 0.25f, 4, 0}, {0, 1, -1, 0.125f, -8, 1}};
static const double tl_g4[6][3] = {{1, 0, 0},
                                   {1.0 / 3, 1.0 / 3, 1.0 / 3},
                                   {-1.0 / 3, 1.0 / 3, -1.0 / 3},
                                   {-16.0 / 15, -8.0 / 15, -4.0 / 15},
                                   {1.0 / 15, -2.0 / 15, 4.0 / 15},
                                   {0, 0, 1}};

enum { TL_WT_MAX = 6 };

/// Tiles per block: 18 when U is small (b1), 6 when U is large (b2, b3) and is read once per block
/// anyway, so that V and M stay in L2 beside it.
static long tl_wino_block(int m, int cin, int cout) {
  const long coutp = (cout + 7) / 8 * 8;
  return (long)(m + 2) * (m + 2) * cin * coutp * 4 > 256 * 1024 ? 6 : 18;
}

long tl_wino_scratch_floats(int m, int cin, int cout) {
  const long cinp = (cin + 7) / 8 * 8, coutp = (cout + 7) / 8 * 8;
  return (long)(m + 2) * (m + 2) * tl_wino_block(m, cin, cout) * (cinp + coutp);
}

long tl_wino_weight_floats(int m, int cin, int cout) {
  return (long)(m + 2) * (m + 2) * cin * ((cout + 7) / 8 * 8);
}

/// Output channels per panel of U: as many as one row of a GEMM register block holds (2 vectors).
static long tl_wino_panel(void) { return tl_kernel_level() == 2 ? 32 : 16; }

void tl_wino_weights(int m, int cout, int cin, const float *g, float *u) {
  // U = G g Gᵀ per (output, input) channel pair, in panels of tl_wino_panel() output channels (the
  // last one narrower: cout rounds up to 8) so that a GEMM reads its panel in order:
  // u[xi·cin·coutp + co0·cin + ci·width + co − co0].
  const int wt = m + 2;
  const long panel = tl_wino_panel();
  const double(*G)[3] = m == 3 ? tl_g3 : tl_g4;
  const long coutp = (cout + 7) / 8 * 8;
  memset(u, 0, sizeof(float) * (size_t)tl_wino_weight_floats(m, cin, cout));
  for (int co = 0; co < cout; co++)
    for (int ci = 0; ci < cin; ci++) {
      const float *k = g + ((long)co * cin + ci) * 9;
      const long co0 = co / panel * panel, width = coutp - co0 < panel ? coutp - co0 : panel;
      double t[TL_WT_MAX][3];
      for (int i = 0; i < wt; i++)
        for (int j = 0; j < 3; j++)
          t[i][j] = G[i][0] * k[j] + G[i][1] * k[3 + j] + G[i][2] * k[6 + j];
      for (int i = 0; i < wt; i++)
        for (int j = 0; j < wt; j++)
          u[(i * wt + j) * (long)cin * coutp + co0 * cin + ci * width + co - co0] =
              (float)(t[i][0] * G[j][0] + t[i][1] * G[j][1] + t[i][2] * G[j][2]);
    }
}

/// r[i] = Σ_k row_i[k]·x[k] for the `rows` rows of an `n`-column table, zero coefficients skipped:
/// with m constant after inlining, the loops unroll and the table folds into the code.
TL_INLINE void tl_apply(const float *table, int rows, int n, const tl_v8 *x, tl_v8 *r) {
#pragma clang loop unroll(full)
  for (int i = 0; i < rows; i++) {
    int first = 1;
#pragma clang loop unroll(full)
    for (int k = 0; k < n; k++) {
      const float c = table[i * n + k];
      if (c == 0)
        continue;
      // One expression per term, so that a multiply and its add contract into an FMA.
      if (first)
        r[i] = c == 1 ? x[k] : c == -1 ? -x[k] : c * x[k];
      else
        r[i] = c == 1 ? r[i] + x[k] : c == -1 ? r[i] - x[k] : r[i] + c * x[k];
      first = 0;
    }
  }
}

/// m[j][0..8·NV) = Σ_k v[j·vs + k] · u[k·us + 0..8·NV) for the 6 rows j: one register block of the
/// small GEMMs, with named accumulators so they stay in registers.
#define TL_ROW(J) const float *restrict v##J = v + J * vs;
#define TL_FMA(J, V) a##J##V += v##J[k] * w##V;
#define TL_STORE(T, J, V) *(T *)(m + J * ms + sizeof(T) / 4 * V) = a##J##V;
#define TL_GEMM_6X2(NAME, T)                                                                                \
  TL_INLINE void NAME(const float *restrict v, long vs, const float *restrict u, long us, int kk,             \
                      float *restrict m, long ms) {                                                          \
    TL_ROW(0) TL_ROW(1) TL_ROW(2) TL_ROW(3) TL_ROW(4) TL_ROW(5)                                              \
    T a00 = {0}, a01 = {0}, a10 = {0}, a11 = {0}, a20 = {0}, a21 = {0};                                      \
    T a30 = {0}, a31 = {0}, a40 = {0}, a41 = {0}, a50 = {0}, a51 = {0};                                      \
    for (int k = 0; k < kk; k++, u += us) {                                                                  \
      const T w0 = *(const T *)u, w1 = *(const T *)(u + sizeof(T) / 4);                                      \
      TL_FMA(0, 0) TL_FMA(0, 1) TL_FMA(1, 0) TL_FMA(1, 1) TL_FMA(2, 0) TL_FMA(2, 1)                          \
      TL_FMA(3, 0) TL_FMA(3, 1) TL_FMA(4, 0) TL_FMA(4, 1) TL_FMA(5, 0) TL_FMA(5, 1)                          \
    }                                                                                                        \
    TL_STORE(T, 0, 0) TL_STORE(T, 0, 1) TL_STORE(T, 1, 0) TL_STORE(T, 1, 1) TL_STORE(T, 2, 0)                \
    TL_STORE(T, 2, 1) TL_STORE(T, 3, 0) TL_STORE(T, 3, 1) TL_STORE(T, 4, 0) TL_STORE(T, 4, 1)                \
    TL_STORE(T, 5, 0) TL_STORE(T, 5, 1)                                                                      \
  }
// 6×32 (zmm, AVX-512 only: 12 accumulators of 16 lanes) and 6×16 (ymm).
TL_GEMM_6X2(tl_gemm_6x32, tl_v16)
TL_GEMM_6X2(tl_gemm_6x16, tl_v8)

TL_INLINE void tl_gemm_6x8(const float *restrict v, long vs, const float *restrict u, long us, int kk,
                           float *restrict m, long ms) {
  TL_ROW(0) TL_ROW(1) TL_ROW(2) TL_ROW(3) TL_ROW(4) TL_ROW(5)
  tl_v8 a00 = {0}, a10 = {0}, a20 = {0}, a30 = {0}, a40 = {0}, a50 = {0};
  for (int k = 0; k < kk; k++, u += us) {
    const tl_v8 w0 = *(const tl_v8 *)u;
    TL_FMA(0, 0) TL_FMA(1, 0) TL_FMA(2, 0) TL_FMA(3, 0) TL_FMA(4, 0) TL_FMA(5, 0)
  }
  TL_STORE(tl_v8, 0, 0) TL_STORE(tl_v8, 1, 0) TL_STORE(tl_v8, 2, 0) TL_STORE(tl_v8, 3, 0)
  TL_STORE(tl_v8, 4, 0) TL_STORE(tl_v8, 5, 0)
}

/// Input transform of 8 channels of one tile: v[xi·cinp] = (Bᵀ d B)[xi].
TL_INLINE void tl_wino_in(const int m, const tl_v8 d[TL_WT_MAX][TL_WT_MAX], float *v, long cinp) {
  const int wt = m + 2;
  const float *bt = m == 3 ? &tl_bt3[0][0] : &tl_bt4[0][0];
  tl_v8 r[TL_WT_MAX][TL_WT_MAX], col[TL_WT_MAX], out[TL_WT_MAX];
#pragma clang loop unroll(full)
  for (int j = 0; j < wt; j++) {
#pragma clang loop unroll(full)
    for (int i = 0; i < wt; i++)
      col[i] = d[i][j];
    tl_apply(bt, wt, wt, col, out);
#pragma clang loop unroll(full)
    for (int i = 0; i < wt; i++)
      r[i][j] = out[i];
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < wt; i++) {
    tl_apply(bt, wt, wt, r[i], out);
#pragma clang loop unroll(full)
    for (int j = 0; j < wt; j++)
      *(tl_v8 *)(v + (i * wt + j) * cinp) = out[j];
  }
}

TL_INLINE void tl_wino_body(const int m, long t0, long t1, int n, int h, int w, int cin, int cout,
                            const float *src, const float *u, const float *bias, const float *slope,
                            float *dst, float *scratch) {
  const int wt = m + 2, wx = wt * wt;
  const float *at = m == 3 ? &tl_at3[0][0] : &tl_at4[0][0];
  const long cinp = (cin + 7) / 8 * 8, coutp = (cout + 7) / 8 * 8, block = tl_wino_block(m, cin, cout);
  const long panel = tl_wino_panel();
  const int th = (h + m - 1) / m, tw = (w + m - 1) / m;
  // Tile-major scratch: v[(t·wx + xi)·cinp + ci], m[(t·wx + xi)·coutp + co].
  float *vbuf = scratch, *mbuf = scratch + wx * block * cinp;
  const long vs = wx * cinp, ms = wx * coutp;
  // An 8-channel load at channel c0 of a pixel may run past cin (the GEMM never reads those lanes:
  // U has cin rows) but not past the tensor's end.
  const long end = (long)n * h * w * cin;
  for (long b0 = t0; b0 < t1; b0 += block) {
    const long count = t1 - b0 < block ? t1 - b0 : block;
    for (long t = 0; t < block; t++) {
      const long tile = b0 + t;
      const long image = tile / ((long)th * tw), ty = tile / tw % th, tx = tile % tw;
      const long y0 = ty * m - 1, x0 = tx * m - 1;
      const long corner = ((image * h + y0) * w + x0) * cin;
      const int inside = t < count && y0 >= 0 && y0 + wt <= h && x0 >= 0 && x0 + wt <= w;
      for (long c0 = 0; c0 < cinp; c0 += 8) {
        tl_v8 d[TL_WT_MAX][TL_WT_MAX];
        if (inside && corner + ((wt - 1) * (long)w + wt - 1) * cin + c0 + 8 <= end) {
#pragma clang loop unroll(full)
          for (int i = 0; i < wt; i++)
#pragma clang loop unroll(full)
            for (int j = 0; j < wt; j++)
              d[i][j] = *(const tl_v8 *)(src + corner + ((long)i * w + j) * cin + c0);
        } else {
          // Border tiles (zero padding), missing tiles of the last block, the tensor's last pixels.
          for (int i = 0; i < wt; i++)
            for (int j = 0; j < wt; j++) {
              const long y = y0 + i, x = x0 + j;
              d[i][j] = (tl_v8){0};
              if (t < count && y >= 0 && y < h && x >= 0 && x < w) {
                const float *p = src + ((image * h + y) * w + x) * cin + c0;
                if (c0 + 8 <= cin)
                  d[i][j] = *(const tl_v8 *)p;
                else
                  for (int k = 0; k < cin - c0; k++)
                    d[i][j][k] = p[k];
              }
            }
        }
        tl_wino_in(m, d, vbuf + t * vs + c0, cinp);
      }
    }
    // One GEMM per tile point: panels of U (read in order, L1-resident) outside, tiles inside.
    for (int xi = 0; xi < wx; xi++) {
      const float *vb = vbuf + xi * cinp, *ub = u + (long)xi * cin * coutp;
      float *mb = mbuf + xi * coutp;
      for (long co0 = 0; co0 < coutp; co0 += panel) {
        const long width = coutp - co0 < panel ? coutp - co0 : panel;
        const float *up = ub + co0 * cin;
        long c = 0;
        if (width == 32)
          for (long t = 0; t < block; t += 6, c = 32)
            tl_gemm_6x32(vb + t * vs, vs, up, 32, cin, mb + t * ms + co0, ms);
        for (; c + 16 <= width; c += 16)
          for (long t = 0; t < block; t += 6)
            tl_gemm_6x16(vb + t * vs, vs, up + c, width, cin, mb + t * ms + co0 + c, ms);
        for (; c < width; c += 8)
          for (long t = 0; t < block; t += 6)
            tl_gemm_6x8(vb + t * vs, vs, up + c, width, cin, mb + t * ms + co0 + c, ms);
      }
    }
    // Output transform: Y = Aᵀ M A + bias, then PReLU; the tile's valid pixels and channels.
    for (long t = 0; t < count; t++) {
      const float *mt = mbuf + t * ms;
      const long tile = b0 + t;
      const long image = tile / ((long)th * tw), ty = tile / tw % th, tx = tile % tw;
      for (long c0 = 0; c0 < coutp; c0 += 8) {
        tl_v8 mm[TL_WT_MAX][TL_WT_MAX], r[TL_WT_MAX][TL_WT_MAX], col[TL_WT_MAX], out[TL_WT_MAX];
#pragma clang loop unroll(full)
        for (int xi = 0; xi < wx; xi++)
          mm[xi / wt][xi % wt] = *(const tl_v8 *)(mt + xi * coutp + c0);
#pragma clang loop unroll(full)
        for (int j = 0; j < wt; j++) {
#pragma clang loop unroll(full)
          for (int i = 0; i < wt; i++)
            col[i] = mm[i][j];
          tl_apply(at, m, wt, col, out);
#pragma clang loop unroll(full)
          for (int i = 0; i < m; i++)
            r[i][j] = out[i];
        }
        const tl_v8 bv = *(const tl_v8 *)(bias + c0);
        const tl_v8 sv = slope ? *(const tl_v8 *)(slope + c0) : bv;
        const int n8 = cout - c0 < 8 ? (int)(cout - c0) : 8;
        for (int i = 0; i < m; i++) {
          tl_apply(at, m, wt, r[i], out);
          const long y = ty * m + i;
          if (y >= h)
            break;
          for (int j = 0; j < m; j++) {
            const long x = tx * m + j;
            if (x >= w)
              break;
            tl_v8 v = out[j] + bv;
            if (slope) {
              const tl_i8 positive = v > 0;
              v = (tl_v8)(((tl_i8)v & positive) | ((tl_i8)(v * sv) & ~positive));
            }
            float *q = dst + ((image * h + y) * w + x) * cout + c0;
            if (n8 == 8)
              *(tl_v8 *)q = v;
            else
              for (int k = 0; k < n8; k++)
                q[k] = v[k];
          }
        }
      }
    }
  }
}

#define TL_WINO_PARAMS                                                                                      \
  (long t0, long t1, int n, int h, int w, int cin, int cout, const float *src, const float *u,              \
   const float *bias, const float *slope, float *dst, float *scratch)
#define TL_WINO_ARGS(M) (M, t0, t1, n, h, w, cin, cout, src, u, bias, slope, dst, scratch)
#define TL_WINO_VARIANTS(M)                                                                                 \
  TL_AVX512 static void tl_wino##M##_avx512 TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS(M); }                \
  TL_AVX2 static void tl_wino##M##_avx2 TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS(M); }                    \
  static void tl_wino##M##_base TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS(M); }
TL_WINO_VARIANTS(3)
TL_WINO_VARIANTS(4)

void tl_wino(int m, long t0, long t1, int n, int h, int w, int cin, int cout, const float *src,
             const float *u, const float *bias, const float *slope, float *dst, float *scratch) {
#define TL_WINO_CALL(M, ISA) tl_wino##M##_##ISA(t0, t1, n, h, w, cin, cout, src, u, bias, slope, dst, scratch)
  const int level = tl_kernel_level();
  if (m == 3) {
    if (level == 2)
      TL_WINO_CALL(3, avx512);
    else if (level == 1)
      TL_WINO_CALL(3, avx2);
    else
      TL_WINO_CALL(3, base);
  } else {
    if (level == 2)
      TL_WINO_CALL(4, avx512);
    else if (level == 1)
      TL_WINO_CALL(4, avx2);
    else
      TL_WINO_CALL(4, base);
  }
#undef TL_WINO_CALL
}
