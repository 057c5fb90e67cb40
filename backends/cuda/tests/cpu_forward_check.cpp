// Runs the CUDA plugin's plan on the CPU (naive convolutions, and for every other step the very
// functors of src/ops.h that the GPU kernels run) and compares the logits with reference logits.
//   cpu_forward_check WEIGHTS.safetensors INPUT.f32 DA.f32 LL.f32 BATCH [TOLERANCE]
// The .f32 files are raw little-endian float32: BATCH×3×360×640 input, BATCH×2×360×640 heads.
// Prints one line with the largest |Δ| per head and the differing mask pixels; exit 1 past TOLERANCE.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "network.h"
#include "safetensors.h"
#include "step_ops.h"

using namespace twinlite;

namespace {

bool read_floats(const char *path, size_t count, std::vector<float> &out) {
  FILE *f = std::fopen(path, "rb");
  if (!f) return false;
  out.resize(count);
  size_t got = std::fread(out.data(), sizeof(float), count, f);
  std::fclose(f);
  return got == count;
}

// out[n, o, y, x] = Σ_c Σ_ky Σ_kx w[o, c, ky, kx] · in[n, c, y·s − p + ky·d, x·s − p + kx·d]
void conv(const Step &s, const ops::View<const float> &in, const ops::View<float> &out, const float *w,
          int64_t batch) {
  for (int64_t n = 0; n < batch; n++)
    for (int o = 0; o < s.cout; o++) {
      for (int64_t i = 0; i < out.plane(); i++) out.at(n, o, i) = 0.0f;
      for (int c = 0; c < s.cin; c++)
        for (int ky = 0; ky < s.kernel; ky++)
          for (int kx = 0; kx < s.kernel; kx++) {
            const float wv = w[((o * s.cin + c) * s.kernel + ky) * s.kernel + kx];
            for (int y = 0; y < out.h; y++) {
              const int iy = y * s.stride - s.pad + ky * s.dilation;
              if (iy < 0 || iy >= in.h) continue;
              for (int x = 0; x < out.w; x++) {
                const int ix = x * s.stride - s.pad + kx * s.dilation;
                if (ix >= 0 && ix < in.w) out.at(n, o, y, x) += wv * in.at(n, c, iy, ix);
              }
            }
          }
    }
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s WEIGHTS INPUT.f32 DA.f32 LL.f32 BATCH [TOLERANCE]\n", argv[0]);
    return 2;
  }
  const int64_t batch = std::atoi(argv[5]);
  const double tolerance = argc > 6 ? std::atof(argv[6]) : 1e-3;
  TensorMap weights;
  Plan plan;
  std::string error;
  if (!read_safetensors(argv[1], weights, error) || !build_plan(weights, 360, 640, plan, error)) {
    std::fprintf(stderr, "cpu_forward_check: %s\n", error.c_str());
    return 2;
  }
  std::vector<std::vector<double>> storage(plan.buffers.size());  // double words: any element type fits
  BufferSet<float> b;
  b.plan = &plan;
  for (size_t i = 0; i < plan.buffers.size(); i++) {
    storage[i].assign(plan.buffers[i].per_image() * batch, 0.0);
    b.base.push_back(storage[i].data());
  }
  const size_t in_count = batch * plan.buffers[plan.input].per_image();
  const size_t out_count = batch * plan.buffers[plan.da].per_image();
  std::vector<float> input, da_ref, ll_ref;
  if (!read_floats(argv[2], in_count, input) || !read_floats(argv[3], out_count, da_ref) ||
      !read_floats(argv[4], out_count, ll_ref)) {
    std::fprintf(stderr, "cpu_forward_check: cannot read %zu input / %zu output floats\n", in_count,
                 out_count);
    return 2;
  }
  std::copy(input.begin(), input.end(), static_cast<float *>(b.base[plan.input]));
  auto cpu = [](const auto &f, int64_t count) {
    for (int64_t i = 0; i < count; i++) f(i);
  };
  for (const Step &s : plan.steps) {
    if (s.kind == StepKind::conv)
      conv(s, b.cview(s.in), b.view(s.out), plan.params.data() + s.weight, batch);
    else
      launch_step(s, b, plan.params.data(), batch, cpu);
  }
  const float *heads[2] = {static_cast<float *>(b.base[plan.da]), static_cast<float *>(b.base[plan.ll])};
  const std::vector<float> *refs[2] = {&da_ref, &ll_ref};
  double worst = 0;
  std::printf("cpu_forward_check:");
  for (int h = 0; h < 2; h++) {
    double max_abs = 0;
    size_t mask_diff = 0, plane = out_count / batch / 2;
    for (size_t i = 0; i < out_count; i++) {
      double d = std::fabs((double)heads[h][i] - (double)(*refs[h])[i]);
      if (!(d <= max_abs)) max_abs = d;  // NaN counts as the largest difference
    }
    for (int64_t n = 0; n < batch; n++)
      for (size_t p = 0; p < plane; p++) {
        const float *o = heads[h] + n * 2 * plane, *r = refs[h]->data() + n * 2 * plane;
        mask_diff += (o[plane + p] > o[p]) != (r[plane + p] > r[p]);
      }
    std::printf(" %s max_abs %.3g mask_px %zu;", h ? "ll" : "da", max_abs, mask_diff);
    if (!(max_abs <= worst)) worst = max_abs;
  }
  std::printf(" tolerance %.3g: %s\n", tolerance, worst <= tolerance ? "ok" : "FAILED");
  return worst <= tolerance ? 0 : 1;
}
