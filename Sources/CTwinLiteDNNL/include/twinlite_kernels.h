// Element-wise kernels of the oneDNN backend (implemented in kernels.c, compiled by clang with
// optimisation for baseline x86-64, AVX2+FMA and AVX-512; the variant is chosen at run time, see
// tl_kernel_level). Each kernel works on a pixel (or row) range [p0, p1) so the caller can split it
// across the OpenMP team.
#ifndef TWINLITE_KERNELS_H
#define TWINLITE_KERNELS_H

/// The instruction set the kernels run with: 0 baseline x86-64, 1 AVX2+FMA, 2 AVX-512 (F, VL, BW, DQ).
/// It is the highest level that both this CPU and oneDNN's dispatch allow: capping oneDNN with
/// ONEDNN_MAX_CPU_ISA / DNNL_MAX_CPU_ISA caps these kernels too. Fixed at the first call.
int tl_kernel_level(void);

/// Where a kernel writes channel `offset + k` of global pixel p (p = image*plane + hw):
/// channels-last (plane == 0): base[p*stride + offset + k];
/// blocked nChw<block>c (plane = H*W, blocks = ceil(C/block) per image):
///   base[((image*blocks + ch/block)*plane + hw)*block + ch%block] with ch = offset + k.
/// nhwc is the blocked layout with block = C and nchw the one with block = 1.
typedef struct {
  float *base;
  long stride;
  long plane;
  int blocks;
  int offset;
  int block;
} tl_dst;

/// ESP tail for pixels [p0, p1): y = cat[d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16] (+ x), then
/// prelu(scale*y + shift), written to out0 (dense channels-last, n1 + 4n per pixel) and/or out1.
/// `x` (residual, row stride xStride), `out0` and `out1.base` may be NULL; n1 + 4n ≤ 512.
void tl_esp_combine(long p0, long p1, int n1, int n, const float *d1, const float *d2, const float *d4,
                    const float *d8, const float *d16, const float *x, long xStride, const float *scale,
                    const float *shift, const float *slope, float *out0, long out0Stride, tl_dst out1);

/// Channel k of pixel p: dst ← prelu(src[p*c + k]) (plain copy when slope is NULL), p in [p0, p1), c ≤ 512.
void tl_copy_channels(long p0, long p1, int c, const float *src, tl_dst dst, const float *slope);

/// Last decoder layer: ConvTranspose2d(cin → 2, kernel 2, stride 2) + folded BN bias + PReLU on
/// channels-last input rows [i0, i1) of one h×w image, written to its 2 output planes (2 × 2h × 2w).
/// k[((a*2 + b)*2 + o)*cin + c] = weight[c][o][a][b]; scratch: cin*w + 2*w floats.
void tl_head_deconv(long i0, long i1, int h, int w, int cin, const float *src, const float *k,
                    const float *bias, const float *slope, float *out, float *scratch);

/// The last two UPx2 of a head fused (ConvTranspose 2×2/2 cin → mid, bias, PReLU, then mid → 2, bias,
/// PReLU) on channels-last input rows [i0, i1) of one h×w image, written to its 2 output planes of
/// 4h × 4w. k1[((a*2 + b)*cin + c)*mid + m] = W1[c][m][a][b]; k2[m*8 + (a*2 + b)*2 + o] = W2[m][o][a][b];
/// mid ≤ 64.
void tl_head_deconv2(long i0, long i1, int h, int w, int cin, int mid, const float *src, const float *k1,
                     const float *b1, const float *s1, const float *k2, const float *b2, const float *s2,
                     float *out);

/// nChw<block>c (c ≤ 512 channels, padded to whole blocks, `plane` pixels per image) → dense
/// channels-last with per-channel PReLU, global pixels [p0, p1); `slope` has a value (any) for
/// every padded channel too.
void tl_unblock_prelu(long p0, long p1, int c, int block, long plane, const float *src, float *dst,
                      const float *slope);

/// Rows [r0, r1) of an n-column matrix: e ← exp(e − row max) and sums[r] = row sum (the softmax
/// before its division, which the caller folds into a later, smaller product).
void tl_softmax_rows_unnormalised(long r0, long r1, long n, float *e, float *sums);

/// Direct 3×3 convolution, stride 1, padding = dilation (same-size output), channels-last, on output
/// rows [r0, r1) (row = image*h + y) of dst (n×h×w×cout, dense). weights[((ky*3 + kx)*cin + ci)*cp + co]
/// with cp = cout rounded up to a multiple of 8, zero padded; bias: cp values; zeros: cin zero floats.
/// cout ≤ 32.
void tl_conv3x3(long r0, long r1, int h, int w, int cin, int cout, int dilation, const float *src,
                const float *weights, const float *bias, const float *zeros, float *dst);

/// Winograd F(m×m, 3×3) convolution (m = 3 or 4), stride 1, padding 1, channels-last n×h×w×cin →
/// n×h×w×cout (dense), on m×m output tiles [t0, t1) of all ⌈h/m⌉·⌈w/m⌉·n tiles (image-major, then
/// rows), then PReLU with `slope` (cout rounded up to 8 values) unless it is NULL. u: the transformed
/// weights from tl_wino_weights; bias: cout rounded up to 8 values; scratch: tl_wino_scratch_floats
/// floats, one area per concurrent caller.
void tl_wino(int m, long t0, long t1, int n, int h, int w, int cin, int cout, const float *src,
             const float *u, const float *bias, const float *slope, float *dst, float *scratch);

/// Transforms OIHW 3×3 weights g (cout × cin) for tl_wino with tile m: tl_wino_weight_floats floats.
void tl_wino_weights(int m, int cout, int cin, const float *g, float *u);

/// Floats of tl_wino_weights' output.
long tl_wino_weight_floats(int m, int cin, int cout);

/// Scratch floats one tl_wino caller needs.
long tl_wino_scratch_floats(int m, int cin, int cout);

#endif
