#include "cuda_options.h"

#include <utility>
#include <vector>

#include "plugin_core.h"

namespace twinlite {

const char *precision_name(CudaPrecision p) { return p == CudaPrecision::fp32 ? "fp32" : "fp16"; }

bool parse_cuda_options(const char *text, CudaOptions &out, std::string &error) {
  std::vector<std::pair<std::string, std::string>> items;
  if (!split_options(text, items, error)) return false;
  CudaOptions o;
  for (const auto &[key, value] : items) {
    if (key == "precision") {
      if (value == "fp32") {
        o.precision = CudaPrecision::fp32;
      } else if (value == "fp16") {
        o.precision = CudaPrecision::fp16;
      } else {
        error = "option precision=" + value + ": expected fp32 or fp16";
        return false;
      }
    } else if (key == "batch") {
      if (!parse_int(key, value, 1, kMaxBatch, o.batch, error)) return false;
    } else if (key == "graph") {
      int v = 1;
      if (!parse_int(key, value, 0, 1, v, error)) return false;
      o.graph = v == 1;
    } else if (key == "device") {
      if (!parse_int(key, value, 0, 63, o.device, error)) return false;
    } else if (key == "workspace_mb") {
      if (!parse_int(key, value, 0, 4096, o.workspace_mb, error)) return false;
    } else if (key == "threads") {
      int ignored = 0;
      if (!parse_int(key, value, 1, 4096, ignored, error)) return false;
    } else {
      error = "unknown option '" + key + "' (known: precision, batch, graph, device, workspace_mb, threads)";
      return false;
    }
  }
  out = o;
  return true;
}

}  // namespace twinlite
