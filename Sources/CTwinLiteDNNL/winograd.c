// Winograd F(3×3, 3×3) convolution (stride 1, padding 1) on channels-last tensors, for b1/b2/b3
// where oneDNN 2.6 has no Winograd (below AVX-512): 25 multiplies per 3×3 output tile and channel
// pair instead of 81. F(3×3) rather than F(4×4): 20 % more multiplies, but its transforms (points
// 0, ±1, 2, ∞) have smaller coefficients, and its rounding error is less than half (b2: 2e-5
// against 5e-5 on unit-scale data) — F(4×4) pushed the lane logits past 1e-4 of the golden ones.
// Per block of 18 tiles: input transform V = Bᵀ d B (vectorised over 8 input channels), 25 small
// GEMMs M = V·U (6 tiles × 16 or 8 output channels per register block), output transform
// Y = Aᵀ M A + bias. Compiled for baseline x86-64, AVX2+FMA and AVX-512 (tl_kernel_level).
#include <string.h>

#include "twinlite_kernels.h"

#define TL_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
#define TL_INLINE static inline __attribute__((always_inline))

typedef float tl_v8 __attribute__((vector_size(32), aligned(4)));

// Output tile TL_WM × TL_WM, input tile TL_WT × TL_WT, TL_WX products per tile and channel pair.
enum { TL_WINO_BLOCK = 18, TL_WM = 3, TL_WT = TL_WM + 2, TL_WX = TL_WT * TL_WT };

long tl_wino_scratch_floats(int cin, int cout) {
  const long cinp = (cin + 7) / 8 * 8, coutp = (cout + 7) / 8 * 8;
  return (long)TL_WX * TL_WINO_BLOCK * (cinp + coutp);
}

void tl_wino_weights(int cout, int cin, const float *g, float *u) {
  // U = G g Gᵀ per (output, input) channel pair, stored u[(xi*cin + ci)*coutp + co].
  static const double G[5][3] = {
      {1.0 / 2, 0, 0}, {-1.0 / 2, -1.0 / 2, -1.0 / 2}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
      {1.0 / 6, 1.0 / 3, 2.0 / 3}, {0, 0, 1}};
  const long coutp = (cout + 7) / 8 * 8;
  memset(u, 0, sizeof(float) * TL_WX * (size_t)cin * (size_t)coutp);
  for (int co = 0; co < cout; co++)
    for (int ci = 0; ci < cin; ci++) {
      const float *k = g + ((long)co * cin + ci) * 9;
      double t[TL_WT][3];
      for (int i = 0; i < TL_WT; i++)
        for (int j = 0; j < 3; j++)
          t[i][j] = G[i][0] * k[j] + G[i][1] * k[3 + j] + G[i][2] * k[6 + j];
      for (int i = 0; i < TL_WT; i++)
        for (int j = 0; j < TL_WT; j++)
          u[((i * TL_WT + j) * (long)cin + ci) * coutp + co] =
              (float)(t[i][0] * G[j][0] + t[i][1] * G[j][1] + t[i][2] * G[j][2]);
    }
}

/// Bᵀ x (points 0, 1, −1, 2, ∞).
TL_INLINE void tl_bt(const tl_v8 d[5], tl_v8 r[5]) {
  r[0] = 2 * d[0] - d[1] - 2 * d[2] + d[3];
  r[1] = -2 * d[1] - d[2] + d[3];
  r[2] = 2 * d[1] - 3 * d[2] + d[3];
  r[3] = d[3] - d[1];
  r[4] = 2 * d[1] - d[2] - 2 * d[3] + d[4];
}

/// Aᵀ x.
TL_INLINE void tl_at(const tl_v8 m[5], tl_v8 r[3]) {
  r[0] = m[0] + m[1] + m[2] + m[3];
  r[1] = m[1] - m[2] + 2 * m[3];
  r[2] = m[1] + m[2] + 4 * m[3] + m[4];
}

/// m[j][0..8·NV) = Σ_k v[j·vs + k] · u[k·us + 0..8·NV) for the 6 rows j: one register block of the
/// small GEMMs, with named accumulators so they stay in registers.
#define TL_ROW(J) const float *restrict v##J = v + J * vs;
#define TL_FMA(J, V) a##J##V += v##J[k] * w##V;
#define TL_STORE(J, V) *(tl_v8 *)(m + J * ms + 8 * V) = a##J##V;
TL_INLINE void tl_gemm_6x16(const float *restrict v, long vs, const float *restrict u, long us, int kk,
                            float *restrict m, long ms) {
  TL_ROW(0) TL_ROW(1) TL_ROW(2) TL_ROW(3) TL_ROW(4) TL_ROW(5)
  tl_v8 a00 = {0}, a01 = {0}, a10 = {0}, a11 = {0}, a20 = {0}, a21 = {0};
  tl_v8 a30 = {0}, a31 = {0}, a40 = {0}, a41 = {0}, a50 = {0}, a51 = {0};
  for (int k = 0; k < kk; k++, u += us) {
    const tl_v8 w0 = *(const tl_v8 *)u, w1 = *(const tl_v8 *)(u + 8);
    TL_FMA(0, 0) TL_FMA(0, 1) TL_FMA(1, 0) TL_FMA(1, 1) TL_FMA(2, 0) TL_FMA(2, 1)
    TL_FMA(3, 0) TL_FMA(3, 1) TL_FMA(4, 0) TL_FMA(4, 1) TL_FMA(5, 0) TL_FMA(5, 1)
  }
  TL_STORE(0, 0) TL_STORE(0, 1) TL_STORE(1, 0) TL_STORE(1, 1) TL_STORE(2, 0) TL_STORE(2, 1)
  TL_STORE(3, 0) TL_STORE(3, 1) TL_STORE(4, 0) TL_STORE(4, 1) TL_STORE(5, 0) TL_STORE(5, 1)
}

TL_INLINE void tl_gemm_6x8(const float *restrict v, long vs, const float *restrict u, long us, int kk,
                           float *restrict m, long ms) {
  TL_ROW(0) TL_ROW(1) TL_ROW(2) TL_ROW(3) TL_ROW(4) TL_ROW(5)
  tl_v8 a00 = {0}, a10 = {0}, a20 = {0}, a30 = {0}, a40 = {0}, a50 = {0};
  for (int k = 0; k < kk; k++, u += us) {
    const tl_v8 w0 = *(const tl_v8 *)u;
    TL_FMA(0, 0) TL_FMA(1, 0) TL_FMA(2, 0) TL_FMA(3, 0) TL_FMA(4, 0) TL_FMA(5, 0)
  }
  TL_STORE(0, 0) TL_STORE(1, 0) TL_STORE(2, 0) TL_STORE(3, 0) TL_STORE(4, 0) TL_STORE(5, 0)
}

TL_INLINE void tl_wino_body(long t0, long t1, int n, int h, int w, int cin, int cout, const float *src,
                            const float *u, const float *bias, float *dst, float *scratch) {
  (void)n;
  const long cinp = (cin + 7) / 8 * 8, coutp = (cout + 7) / 8 * 8;
  const int th = (h + TL_WM - 1) / TL_WM, tw = (w + TL_WM - 1) / TL_WM;
  float *vbuf = scratch, *mbuf = scratch + (long)TL_WX * TL_WINO_BLOCK * cinp;
  for (long b0 = t0; b0 < t1; b0 += TL_WINO_BLOCK) {
    const int count = t1 - b0 < TL_WINO_BLOCK ? (int)(t1 - b0) : TL_WINO_BLOCK;
    // Input transform: vbuf[(xi*BLOCK + t)*cinp + ci]; missing tiles and channels are zeros.
    for (int t = 0; t < TL_WINO_BLOCK; t++) {
      const long tile = b0 + t;
      const long image = tile / ((long)th * tw), ty = tile / tw % th, tx = tile % tw;
      for (long c0 = 0; c0 < cinp; c0 += 8) {
        tl_v8 d[TL_WT][TL_WT];
        for (int i = 0; i < TL_WT; i++)
          for (int j = 0; j < TL_WT; j++) {
            const long y = ty * TL_WM - 1 + i, x = tx * TL_WM - 1 + j;
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
        tl_v8 r[TL_WT][TL_WT], col[TL_WT], out[TL_WT];
        for (int j = 0; j < TL_WT; j++) {
          for (int i = 0; i < TL_WT; i++)
            col[i] = d[i][j];
          tl_bt(col, out);
          for (int i = 0; i < TL_WT; i++)
            r[i][j] = out[i];
        }
        for (int i = 0; i < TL_WT; i++) {
          tl_bt(r[i], out);
          for (int j = 0; j < TL_WT; j++)
            *(tl_v8 *)(vbuf + ((i * TL_WT + j) * TL_WINO_BLOCK + t) * cinp + c0) = out[j];
        }
      }
    }
    // TL_WX GEMMs: mbuf[(xi*BLOCK + t)*coutp + co] = Σ_ci vbuf[xi][t][ci] · u[xi][ci][co].
    for (int xi = 0; xi < TL_WX; xi++) {
      const float *vb = vbuf + (long)xi * TL_WINO_BLOCK * cinp, *ub = u + (long)xi * cin * coutp;
      float *mb = mbuf + (long)xi * TL_WINO_BLOCK * coutp;
      // Output channels outside, tiles inside: a 16-column panel of U stays in L1 for the block.
      long co = 0;
      for (; co + 16 <= coutp; co += 16)
        for (int t = 0; t < TL_WINO_BLOCK; t += 6)
          tl_gemm_6x16(vb + t * cinp, cinp, ub + co, coutp, cin, mb + t * coutp + co, coutp);
      for (; co < coutp; co += 8)
        for (int t = 0; t < TL_WINO_BLOCK; t += 6)
          tl_gemm_6x8(vb + t * cinp, cinp, ub + co, coutp, cin, mb + t * coutp + co, coutp);
    }
    // Output transform: Y = Aᵀ M A + bias, the tile's valid pixels and channels.
    for (int t = 0; t < count; t++) {
      const long tile = b0 + t;
      const long image = tile / ((long)th * tw), ty = tile / tw % th, tx = tile % tw;
      for (long c0 = 0; c0 < coutp; c0 += 8) {
        tl_v8 m[TL_WT][TL_WT], r[TL_WM][TL_WT], col[TL_WT], out[TL_WM];
        for (int xi = 0; xi < TL_WX; xi++)
          m[xi / TL_WT][xi % TL_WT] = *(const tl_v8 *)(mbuf + (xi * TL_WINO_BLOCK + t) * coutp + c0);
        for (int j = 0; j < TL_WT; j++) {
          for (int i = 0; i < TL_WT; i++)
            col[i] = m[i][j];
          tl_at(col, out);
          for (int i = 0; i < TL_WM; i++)
            r[i][j] = out[i];
        }
        const tl_v8 bv = *(const tl_v8 *)(bias + c0);
        const int n8 = cout - c0 < 8 ? (int)(cout - c0) : 8;
        for (int i = 0; i < TL_WM; i++) {
          tl_at(r[i], out);
          const long y = ty * TL_WM + i;
          if (y >= h)
            break;
          for (int j = 0; j < TL_WM; j++) {
            const long x = tx * TL_WM + j;
            if (x >= w)
              break;
            const tl_v8 v = out[j] + bv;
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
   const float *bias, float *dst, float *scratch)
#define TL_WINO_ARGS (t0, t1, n, h, w, cin, cout, src, u, bias, dst, scratch)
TL_AVX512 static void tl_wino_avx512 TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS; }
TL_AVX2 static void tl_wino_avx2 TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS; }
static void tl_wino_base TL_WINO_PARAMS { tl_wino_body TL_WINO_ARGS; }

void tl_wino TL_WINO_PARAMS {
  switch (tl_kernel_level()) {
  case 2:
    tl_wino_avx512 TL_WINO_ARGS;
    break;
  case 1:
    tl_wino_avx2 TL_WINO_ARGS;
    break;
  default:
    tl_wino_base TL_WINO_ARGS;
  }
}
