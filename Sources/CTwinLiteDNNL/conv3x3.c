// Direct 3×3 convolution (stride 1, padding = dilation) on channels-last tensors, for the small
// dilated convs of the ESP blocks where oneDNN below AVX-512 only has its im2col + sgemm path.
// Output channels are vectorised 8 at a time (GCC/Clang vector extensions), several pixels share
// each weight load; compiled for baseline x86-64, AVX2+FMA and AVX-512, chosen by tl_kernel_level().
#include <string.h>

#include "twinlite_kernels.h"

#define TL_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
#define TL_AVX2 __attribute__((target("avx2,fma")))
#define TL_INLINE static inline __attribute__((always_inline))

typedef float tl_v8 __attribute__((vector_size(32), aligned(4)));

/// Rows [r0, r1) of the output (row r = image*h + y), all columns. XB output pixels at a time
/// keep XB*NV vector accumulators; a tap that falls outside the image reads `zeros`.
#define TL_CONV_BODY(NV, XB)                                                                                 \
  const long cp = 8L * (NV);                                                                                 \
  for (long r = r0; r < r1; r++) {                                                                           \
    const long image = r / h, y = r % h;                                                                     \
    const float *in = src + image * (long)h * w * cin;                                                       \
    float *out = dst + r * (long)w * cout;                                                                   \
    for (int x0 = 0; x0 < w; x0 += (XB)) {                                                                   \
      const int xn = w - x0 < (XB) ? w - x0 : (XB);                                                          \
      tl_v8 acc[XB][NV];                                                                                     \
      for (int j = 0; j < (XB); j++)                                                                         \
        for (int v = 0; v < (NV); v++)                                                                       \
          acc[j][v] = *(const tl_v8 *)(bias + 8 * v);                                                        \
      for (int ky = 0; ky < 3; ky++) {                                                                       \
        const long iy = y + (long)(ky - 1) * dilation;                                                       \
        if (iy < 0 || iy >= h)                                                                               \
          continue;                                                                                          \
        for (int kx = 0; kx < 3; kx++) {                                                                     \
          const float *p[XB];                                                                                \
          for (int j = 0; j < (XB); j++) {                                                                   \
            const long ix = x0 + j + (long)(kx - 1) * dilation;                                              \
            p[j] = j < xn && ix >= 0 && ix < w ? in + (iy * w + ix) * cin : zeros;                           \
          }                                                                                                  \
          const float *k = weights + (ky * 3 + kx) * (long)cin * cp;                                         \
          for (int c = 0; c < cin; c++, k += cp) {                                                           \
            for (int v = 0; v < (NV); v++) {                                                                 \
              const tl_v8 wv = *(const tl_v8 *)(k + 8 * v);                                                  \
              for (int j = 0; j < (XB); j++)                                                                 \
                acc[j][v] += p[j][c] * wv;                                                                   \
            }                                                                                                \
          }                                                                                                  \
        }                                                                                                    \
      }                                                                                                      \
      for (int j = 0; j < xn; j++) {                                                                         \
        float row[8 * (NV)];                                                                                 \
        memcpy(row, acc[j], sizeof row);                                                                     \
        memcpy(out + (long)(x0 + j) * cout, row, sizeof(float) * (size_t)cout);                              \
      }                                                                                                      \
    }                                                                                                        \
  }

#define TL_CONV_PARAMS                                                                                       \
  (long r0, long r1, int h, int w, int cin, int cout, int dilation, const float *src, const float *weights,  \
   const float *bias, const float *zeros, float *dst)
#define TL_CONV_ARGS (r0, r1, h, w, cin, cout, dilation, src, weights, bias, zeros, dst)

TL_INLINE void tl_conv_nv1 TL_CONV_PARAMS { TL_CONV_BODY(1, 8) }
TL_INLINE void tl_conv_nv2 TL_CONV_PARAMS { TL_CONV_BODY(2, 4) }
TL_INLINE void tl_conv_nv3 TL_CONV_PARAMS { TL_CONV_BODY(3, 3) }
TL_INLINE void tl_conv_nv4 TL_CONV_PARAMS { TL_CONV_BODY(4, 2) }

#define TL_CONV_VARIANTS(nv)                                                                                 \
  TL_AVX512 static void tl_conv_##nv##_avx512 TL_CONV_PARAMS { tl_conv_##nv TL_CONV_ARGS; }                  \
  TL_AVX2 static void tl_conv_##nv##_avx2 TL_CONV_PARAMS { tl_conv_##nv TL_CONV_ARGS; }                      \
  static void tl_conv_##nv##_base TL_CONV_PARAMS { tl_conv_##nv TL_CONV_ARGS; }
TL_CONV_VARIANTS(nv1)
TL_CONV_VARIANTS(nv2)
TL_CONV_VARIANTS(nv3)
TL_CONV_VARIANTS(nv4)

#define TL_CONV_DISPATCH(nv)                                                                                 \
  switch (level) {                                                                                           \
  case 2:                                                                                                    \
    tl_conv_##nv##_avx512 TL_CONV_ARGS;                                                                      \
    break;                                                                                                   \
  case 1:                                                                                                    \
    tl_conv_##nv##_avx2 TL_CONV_ARGS;                                                                        \
    break;                                                                                                   \
  default:                                                                                                   \
    tl_conv_##nv##_base TL_CONV_ARGS;                                                                        \
  }

void tl_conv3x3 TL_CONV_PARAMS {
  const int level = tl_kernel_level();
  switch ((cout + 7) / 8) {
  case 1:
    TL_CONV_DISPATCH(nv1)
    break;
  case 2:
    TL_CONV_DISPATCH(nv2)
    break;
  case 3:
    TL_CONV_DISPATCH(nv3)
    break;
  default:
    TL_CONV_DISPATCH(nv4)
  }
}
