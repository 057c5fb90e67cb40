// TwinLiteNet as a flat list of steps over named buffers, with BN folded where it follows a
// convolution (CBR, UPx2) and kept as a per-channel affine map in the ESP blocks (their
// hierarchical sums share branches, so it cannot be folded into the branch weights). CUDA-free:
// the GPU engine and the CPU check both execute this plan.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "safetensors.h"

namespace twinlite {

// What a buffer's elements are: the precision-dependent activations, or always float / double.
enum class Storage { activation, f32, f64 };

struct BufferSpec {
  std::string name;
  Storage storage = Storage::activation;
  int c = 0, h = 0, w = 0;  // per image; scratch buffers of the attention use c×h×w elements too
  size_t per_image() const { return (size_t)c * h * w; }
};

// Channels [channel, channel + channels) of h×w planes in buffer `buffer` (-1: none), images
// `batch_stride` elements apart. A scratch buffer reused at several sizes is viewed packed
// (batch_stride = channels·h·w), so every tensor a convolution sees is a plain NCHW tensor.
struct Slice {
  int buffer = -1;
  int channel = 0;
  int channels = 0;
  int h = 0, w = 0;
  size_t batch_stride = 0;
  bool none() const { return buffer < 0; }
  bool packed() const { return channel == 0 && batch_stride == (size_t)channels * h * w; }
};

enum class StepKind {
  conv,           // cuDNN / naive convolution, no bias: in → out (both whole buffers)
  bias_prelu,     // ops::BiasPReLU: in (raw) [+ add] → out [, out2]
  esp_combine,    // ops::ESPCombine: branch[0..4] [+ add as residual] → out [, out2]
  avgpool,        // ops::AvgPool3x3s2: in → out
  deconv,         // ops::Deconv2x2: in → out
  pam_partial,    // ops::PAMPartial: in (qkv) → out (partials)
  pam_combine,    // ops::PAMCombine: in (partials), add (x) → out
  cam_energy,     // ops::CAMEnergy: in (x) → out (partials)
  cam_attention,  // ops::CAMAttention: in (partials) → out (C×C)
  cam_apply,      // ops::CAMApply: in (attention), add (x) → out
  fork,           // the second stream starts here (waits for the first)
  join,           // the first stream waits for the second
};

struct Step {
  Step(StepKind k, std::string label) : kind(k), name(std::move(label)) {}
  StepKind kind;
  std::string name;
  int stream = 0;  // 0 or 1: independent branches run on a second stream
  Slice in, out, out2, add;
  Slice branch[5];  // ESP d1, d2, d4, d8, d16
  // conv: OIHW weights at params[weight]; deconv: (Cin, Cout, 2, 2)
  int cin = 0, cout = 0, kernel = 1, stride = 1, pad = 0, dilation = 1;
  size_t weight = 0, bias = 0, slope = 0, scale = 0, shift = 0;  // offsets into Plan::params
  int n = 0, n1 = 0;                                             // ESP widths
  int splits = 1;                                                // attention key/position chunks
  float gamma = 0;
};

struct Plan {
  int height = 0, width = 0;
  std::vector<BufferSpec> buffers;
  std::vector<Step> steps;
  std::vector<float> params;  // every weight, bias, slope, BN scale/shift; entries 64-byte aligned
  int input = -1, da = -1, ll = -1;
  int pam_channels = 32, pam_query = 4;

  int buffer(const std::string &name) const;
};

// Builds the plan for H×W inputs (positive multiples of 8) from a TwinLiteNet state dict (keys
// without "module."). Every tensor's presence and shape is checked; the error names the key.
bool build_plan(const TensorMap &weights, int height, int width, Plan &plan, std::string &error);

// Output size of a convolution step along one axis.
inline int conv_out(int in, const Step &s) {
  return (in + 2 * s.pad - s.dilation * (s.kernel - 1) - 1) / s.stride + 1;
}

}  // namespace twinlite
