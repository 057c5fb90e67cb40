// Turns a plan step into the functor of ops.h that computes it, over the buffers of one executor
// (device pointers on the GPU, host pointers in the CPU check). Shared by both, so that the
// offsets and strides the GPU uses are the ones the CPU test checks.
#pragma once

#include <cstdint>
#include <vector>

#include "network.h"
#include "ops.h"

namespace twinlite {

// Base pointers of a plan's buffers, each sized for `capacity` images; T is the activation type.
template <typename T>
struct BufferSet {
  const Plan *plan = nullptr;
  std::vector<void *> base;

  template <typename U = T>
  ops::View<U> view(const Slice &s) const {
    ops::View<U> v;
    if (s.none()) return v;
    v.base = static_cast<U *>(base[s.buffer]) + (int64_t)s.channel * s.h * s.w;
    v.batch_stride = (int64_t)s.batch_stride;
    v.channels = s.channels;
    v.h = s.h;
    v.w = s.w;
    return v;
  }
  template <typename U = T>
  ops::View<const U> cview(const Slice &s) const {
    ops::View<U> v = view<U>(s);
    return ops::View<const U>{v.base, v.batch_stride, v.channels, v.h, v.w};
  }
  float *f32(const Slice &s) const { return static_cast<float *>(base[s.buffer]); }
  double *f64(const Slice &s) const { return static_cast<double *>(base[s.buffer]); }
};

// Runs every step except conv, fork and join through `launch(functor, work_items)`; returns false
// for those three, which the executor does itself. `params` holds Plan::params where it executes.
template <typename T, typename Launch>
bool launch_step(const Step &s, const BufferSet<T> &b, const float *params, int64_t batch, Launch &&launch) {
  constexpr int C = 32, QC = 4;  // TwinLiteNet's attention width (checked by build_plan's shapes)
  switch (s.kind) {
    case StepKind::conv:
    case StepKind::fork:
    case StepKind::join:
      return false;
    case StepKind::avgpool: {
      ops::AvgPool3x3s2<T> f{b.cview(s.in), b.view(s.out)};
      launch(f, f.out.count(batch));
      return true;
    }
    case StepKind::bias_prelu: {
      ops::BiasPReLU<T> f{b.cview(s.in),  params + s.bias, params + s.slope,
                          b.cview(s.add), b.view(s.out),   b.view(s.out2)};
      launch(f, f.raw.count(batch));
      return true;
    }
    case StepKind::esp_combine: {
      ops::ESPCombine<T> f{b.cview(s.branch[0]),
                           b.cview(s.branch[1]),
                           b.cview(s.branch[2]),
                           b.cview(s.branch[3]),
                           b.cview(s.branch[4]),
                           b.cview(s.add),
                           params + s.scale,
                           params + s.shift,
                           params + s.slope,
                           s.n1,
                           s.n,
                           b.view(s.out),
                           b.view(s.out2)};
      launch(f, f.dst.count(batch));
      return true;
    }
    case StepKind::deconv: {
      if (s.out.buffer == b.plan->da || s.out.buffer == b.plan->ll) {
        ops::Deconv2x2<T, float> f{b.cview(s.in), params + s.weight, params + s.bias, params + s.slope,
                                   b.template view<float>(s.out)};
        launch(f, f.out.count(batch));
      } else {
        ops::Deconv2x2<T, T> f{b.cview(s.in), params + s.weight, params + s.bias, params + s.slope,
                               b.view(s.out)};
        launch(f, f.out.count(batch));
      }
      return true;
    }
    case StepKind::pam_partial: {
      ops::PAMPartial<T, C, QC> f{b.cview(s.in), params + s.bias, s.splits, b.f32(s.out)};
      launch(f, batch * s.splits * f.qkv.plane());
      return true;
    }
    case StepKind::pam_combine: {
      ops::PAMCombine<T, C> f{b.f32(s.in), s.splits, s.gamma, b.cview(s.add), b.view(s.out)};
      launch(f, f.dst.count(batch));
      return true;
    }
    case StepKind::cam_energy: {
      ops::CAMEnergy<T> f{b.cview(s.in), s.splits, b.f64(s.out)};
      launch(f, batch * s.splits * (int64_t)f.x.channels * f.x.channels);
      return true;
    }
    case StepKind::cam_attention: {
      ops::CAMAttention f{b.f64(s.in), s.splits, C, b.f32(s.out)};
      launch(f, batch * C);
      return true;
    }
    case StepKind::cam_apply: {
      ops::CAMApply<T> f{b.f32(s.in), s.gamma, b.cview(s.add), b.view(s.out)};
      launch(f, f.dst.count(batch));
      return true;
    }
  }
  return false;
}

}  // namespace twinlite
