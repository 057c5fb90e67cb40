// Reads the weight file of the CUDA plugin: safetensors (8-byte little-endian header length, JSON
// header, raw little-endian data), as `twinlite-bench export-safetensors` writes it. CUDA-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace twinlite {

struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// Keyed by the stored name with a leading "module." removed (DataParallel checkpoints).
using TensorMap = std::map<std::string, HostTensor>;

// F32, F16, BF16 and F64 tensors become float; integer tensors (BN `num_batches_tracked`) are
// skipped; any other dtype, a malformed header or data outside the file is an error that names
// `source` and the entry.
bool parse_safetensors(const uint8_t *bytes, size_t size, const std::string &source, TensorMap &out,
                       std::string &error);

// Reads `path` whole and parses it; a zip (.pth) file gets a hint to convert it first.
// `unreadable` tells a file that could not be read from one that is not usable.
bool read_safetensors(const std::string &path, TensorMap &out, std::string &error,
                      bool *unreadable = nullptr);

}  // namespace twinlite
