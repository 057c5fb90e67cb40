// Options of the CUDA plugin's `create`, from "key=value;key=value". CUDA-free. Keys:
//   precision  fp32 | fp16: fp32 runs cuDNN with FMA math only (no TF32), fp16 stores activations
//              and conv weights in half with float accumulation (tensor cores)       (default fp16)
//   batch      images to allocate for at create, 1..64; a larger batch (up to 64) reallocates (default 1)
//   graph      1: capture the forward pass once per batch size in a CUDA graph and replay it;
//              0: launch every step each call (for comparison, or where capture fails)  (default 1)
//   device     CUDA device index, 0..63                                              (default 0)
//   workspace_mb  cuDNN workspace limit per convolution, 0..4096                     (default 256)
//   threads    accepted and ignored (the host always passes it)
#pragma once

#include <string>

namespace twinlite {

enum class CudaPrecision { fp32, fp16 };

struct CudaOptions {
  CudaPrecision precision = CudaPrecision::fp16;
  int batch = 1;
  bool graph = true;
  int device = 0;
  int workspace_mb = 256;
};

constexpr int kMaxBatch = 64;

const char *precision_name(CudaPrecision p);

// Parses `text` (NULL or "" gives the defaults); false and `error` naming the option otherwise.
bool parse_cuda_options(const char *text, CudaOptions &out, std::string &error);

}  // namespace twinlite
