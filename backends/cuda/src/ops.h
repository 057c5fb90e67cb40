// The per-element math of every non-convolution step of the TwinLiteNet forward pass, as functors
// with `operator()(index)`. The CUDA kernels call them from a grid-stride loop; the CPU check in
// tests/ calls the same code in a plain loop, so the arithmetic that runs on the GPU is the
// arithmetic the CPU test compares with the Swift reference. No shared memory, no warp intrinsics.
#pragma once

#include <cmath>
#include <cstdint>

#ifdef __CUDACC__
#include <cuda_fp16.h>
#define TL_HD __host__ __device__ __forceinline__
#else
#define TL_HD inline
#endif

namespace twinlite {
namespace ops {

TL_HD float load(float v) { return v; }
TL_HD void store(float v, float &out) { out = v; }
#ifdef __CUDACC__
TL_HD float load(__half v) { return __half2float(v); }
TL_HD void store(float v, __half &out) { out = __float2half_rn(v); }
#endif

TL_HD float prelu(float v, float slope) { return v > 0.0f ? v : slope * v; }

// `channels` planes of h×w inside a buffer of images `batch_stride` elements apart; `base` points
// at the view's first channel of image 0 (a channel slice of a concatenation buffer is a view).
template <typename T>
struct View {
  T *base = nullptr;
  int64_t batch_stride = 0;
  int channels = 0, h = 0, w = 0;

  TL_HD int64_t plane() const { return (int64_t)h * w; }
  TL_HD int64_t count(int64_t batch) const { return batch * channels * plane(); }
  TL_HD T &at(int64_t n, int64_t c, int64_t y, int64_t x) const {
    return base[n * batch_stride + (c * h + y) * w + x];
  }
  TL_HD T &at(int64_t n, int64_t c, int64_t p) const { return base[n * batch_stride + c * plane() + p]; }
};

// Splits a flat index over N×C×H×W of `v` into its coordinates.
template <typename T>
TL_HD void coords(const View<T> &v, int64_t idx, int64_t &n, int64_t &c, int64_t &y, int64_t &x) {
  x = idx % v.w;
  idx /= v.w;
  y = idx % v.h;
  idx /= v.h;
  c = idx % v.channels;
  n = idx / v.channels;
}

// The input converted to the storage type (fp16 path), index over N×3×H×W.
template <typename T>
struct ToStorage {
  const float *in;
  T *out;
  TL_HD void operator()(int64_t i) const { store(in[i], out[i]); }
};

// AvgPool2d(3, stride 2, padding 1), count_include_pad=True: the window sum over 9.
template <typename T>
struct AvgPool3x3s2 {
  View<const T> in;
  View<T> out;
  TL_HD void operator()(int64_t idx) const {
    int64_t n, c, y, x;
    coords(out, idx, n, c, y, x);
    float s = 0.0f;
    for (int a = -1; a <= 1; a++) {
      int64_t yy = 2 * y + a;
      if (yy < 0 || yy >= in.h) continue;
      for (int b = -1; b <= 1; b++) {
        int64_t xx = 2 * x + b;
        if (xx >= 0 && xx < in.w) s += load(in.at(n, c, yy, xx));
      }
    }
    store(s / 9.0f, out.at(n, c, y, x));
  }
};

// After a BN-folded convolution: prelu(raw + bias) [+ add], written to `dst` and, when its base is
// set, also to `dst2` (a concatenation buffer that needs the same channels).
template <typename T>
struct BiasPReLU {
  View<const T> raw;
  const float *bias, *slope;
  View<const T> add;
  View<T> dst, dst2;
  TL_HD void operator()(int64_t idx) const {
    int64_t n, c, y, x;
    coords(raw, idx, n, c, y, x);
    float v = prelu(load(raw.at(n, c, y, x)) + bias[c], slope[c]);
    if (add.base) v += load(add.at(n, c, y, x));
    store(v, dst.at(n, c, y, x));
    if (dst2.base) store(v, dst2.at(n, c, y, x));
  }
};

// ESP block output: concat(d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16) [+ residual], then BN (scale,
// shift) and PReLU, to `dst` and optionally `dst2`. `n1` channels come from d1, `n` from each sum.
template <typename T>
struct ESPCombine {
  View<const T> d1, d2, d4, d8, d16, residual;
  const float *scale, *shift, *slope;
  int n1, n;
  View<T> dst, dst2;
  TL_HD void operator()(int64_t idx) const {
    int64_t b, c, y, x;
    coords(dst, idx, b, c, y, x);
    float v;
    if (c < n1) {
      v = load(d1.at(b, c, y, x));
    } else {
      int64_t k = (c - n1) / n, j = (c - n1) % n;
      v = load(d2.at(b, j, y, x));
      if (k >= 1) v += load(d4.at(b, j, y, x));
      if (k >= 2) v += load(d8.at(b, j, y, x));
      if (k >= 3) v += load(d16.at(b, j, y, x));
    }
    if (residual.base) v += load(residual.at(b, c, y, x));
    v = prelu(scale[c] * v + shift[c], slope[c]);
    store(v, dst.at(b, c, y, x));
    if (dst2.base) store(v, dst2.at(b, c, y, x));
  }
};

// ConvTranspose2d(k 2, s 2) with BN folded into `weight` (Cin, Cout, 2, 2) and `bias`, then PReLU.
// Outputs never overlap: out[o, 2i+a, 2j+b] = Σ_c in[c, i, j]·W[c, o, a, b].
template <typename T, typename TOut>
struct Deconv2x2 {
  View<const T> in;
  const float *weight, *bias, *slope;
  View<TOut> out;
  TL_HD void operator()(int64_t idx) const {
    int64_t n, o, y, x;
    coords(out, idx, n, o, y, x);
    const int64_t i = y / 2, j = x / 2, ab = (y % 2) * 2 + (x % 2), cout = out.channels;
    float v = bias[o];
    for (int64_t c = 0; c < in.channels; c++) v += load(in.at(n, c, i, j)) * weight[(c * cout + o) * 4 + ab];
    store(prelu(v, slope[o]), out.at(n, o, y, x));
  }
};

// Position attention (PAM), part 1 of 2, with the N×N matrix never stored. `qkv` holds the raw
// 1×1-conv outputs: QC query channels, QC key channels, C value channels; `bias` their biases.
// Work item (image, query i, key chunk s) runs a stable online softmax over its keys and writes
// (running max, running sum, C weighted value sums) to `part`, laid out [n][s][2 + C][N].
template <typename T, int C, int QC>
struct PAMPartial {
  View<const T> qkv;
  const float *bias;
  int splits;
  float *part;
  TL_HD void operator()(int64_t idx) const {
    const int64_t N = qkv.plane(), i = idx % N, s = (idx / N) % splits, n = idx / (N * splits);
    float q[QC];
    for (int c = 0; c < QC; c++) q[c] = load(qkv.at(n, c, i)) + bias[c];
    const int64_t begin = s * N / splits, end = (s + 1) * N / splits;
    float m = -INFINITY, l = 0.0f, acc[C];
    for (int c = 0; c < C; c++) acc[c] = 0.0f;
    for (int64_t j = begin; j < end; j++) {
      float e = 0.0f;
      for (int c = 0; c < QC; c++) e += q[c] * (load(qkv.at(n, QC + c, j)) + bias[QC + c]);
      if (e > m) {  // rescale what was accumulated under the old maximum
        float r = expf(m - e);
        l *= r;
        for (int c = 0; c < C; c++) acc[c] *= r;
        m = e;
      }
      float p = expf(e - m);
      l += p;
      for (int c = 0; c < C; c++) acc[c] += p * (load(qkv.at(n, 2 * QC + c, j)) + bias[2 * QC + c]);
    }
    float *dst = part + ((n * splits + s) * (2 + C)) * N + i;
    dst[0] = m;
    dst[N] = l;
    for (int c = 0; c < C; c++) dst[(2 + c) * N] = acc[c];
  }
};

// PAM part 2: merges the key chunks of query i for channel c and writes γ·O + x.
template <typename T, int C>
struct PAMCombine {
  const float *part;
  int splits;
  float gamma;
  View<const T> x;
  View<T> dst;
  TL_HD void operator()(int64_t idx) const {
    int64_t n, c, y, xx;
    coords(dst, idx, n, c, y, xx);
    const int64_t N = dst.plane(), i = y * dst.w + xx;
    const float *base = part + n * splits * (2 + C) * N;
    float m = -INFINITY;
    for (int s = 0; s < splits; s++) m = fmaxf(m, base[s * (2 + C) * N + i]);
    float l = 0.0f, o = 0.0f;
    for (int s = 0; s < splits; s++) {
      const float *p = base + s * (2 + C) * N;
      float r = p[i] == -INFINITY ? 0.0f : expf(p[i] - m);  // an empty chunk adds nothing
      l += p[N + i] * r;
      o += p[(2 + c) * N + i] * r;
    }
    store(gamma * (o / l) + load(x.at(n, c, i)), dst.at(n, c, i));
  }
};

// Channel attention (CAM), part 1 of 3: partial energies E[i][j] = Σ_p x[i, p]·x[j, p] over the
// chunk s of the N positions, in double (sums of N products), laid out [n][s][C][C].
template <typename T>
struct CAMEnergy {
  View<const T> x;
  int splits;
  double *part;
  TL_HD void operator()(int64_t idx) const {
    const int64_t C = x.channels, N = x.plane();
    const int64_t j = idx % C, i = (idx / C) % C, s = (idx / (C * C)) % splits, n = idx / (C * C * splits);
    const int64_t begin = s * N / splits, end = (s + 1) * N / splits;
    double acc = 0.0;
    for (int64_t p = begin; p < end; p++) acc += (double)load(x.at(n, i, p)) * (double)load(x.at(n, j, p));
    part[((n * splits + s) * C + i) * C + j] = acc;
  }
};

// CAM part 2, one work item per (image, row i): E' = rowmax(E) − E, A = softmax(E') as float.
struct CAMAttention {
  const double *part;
  int splits, channels;
  float *attention;
  TL_HD void operator()(int64_t idx) const {
    const int64_t C = channels, i = idx % C, n = idx / C;
    float e[64];  // C ≤ 64 (TwinLiteNet: 32), checked when the plan is built
    float row_max = -INFINITY;
    for (int64_t j = 0; j < C; j++) {
      double s = 0.0;
      for (int k = 0; k < splits; k++) s += part[((n * splits + k) * C + i) * C + j];
      e[j] = (float)s;
      row_max = fmaxf(row_max, e[j]);
    }
    float flipped_max = -INFINITY;
    for (int64_t j = 0; j < C; j++) {
      e[j] = row_max - e[j];
      flipped_max = fmaxf(flipped_max, e[j]);
    }
    float sum = 0.0f;
    for (int64_t j = 0; j < C; j++) {
      e[j] = expf(e[j] - flipped_max);
      sum += e[j];
    }
    for (int64_t j = 0; j < C; j++) attention[(n * C + i) * C + j] = e[j] / sum;
  }
};

// CAM part 3: γ·(A·X) + x.
template <typename T>
struct CAMApply {
  const float *attention;
  float gamma;
  View<const T> x;
  View<T> dst;
  TL_HD void operator()(int64_t idx) const {
    int64_t n, c, y, xx;
    coords(dst, idx, n, c, y, xx);
    const int64_t C = x.channels, p = y * dst.w + xx;
    const float *a = attention + (n * C + c) * C;
    float acc = 0.0f;
    for (int64_t j = 0; j < C; j++) acc += a[j] * load(x.at(n, j, p));
    store(gamma * acc + load(x.at(n, c, p)), dst.at(n, c, p));
  }
};

}  // namespace ops
}  // namespace twinlite
