// TensorRT-free part of the twinlite TensorRT plugin: option parsing, engine-cache keys and the
// glue that turns a C++ `Engine` into the C table of twinlite_backend.h. CI compiles and tests this
// file on machines without CUDA or TensorRT (backends/tensorrt/tests/run-core-tests.sh).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "twinlite_backend.h"

namespace twinlite {

enum class Precision { fp32, fp16, int8 };

const char *precision_name(Precision p);

// Options of `create`, from "key=value;key=value". Keys:
//   precision   fp32 | fp16 | int8                      (default fp16)
//   batch       max batch the engine is built for, 1..64 (default 1; >1 builds a dynamic-batch profile)
//   cache_dir   folder for serialized engines            (default: the model file's folder)
//   calib_dir   folder of .jpg frames for INT8           (required for int8)
//   calib_count frames used for calibration, 1..10000    (default 500)
//   workspace_mb builder workspace limit, 16..65536      (default 1024)
//   device      CUDA device index, 0..63                 (default 0)
//   rebuild     0 | 1: ignore a cached engine             (default 0)
//   threads     accepted and ignored (the host always passes it)
struct Options {
  Precision precision = Precision::fp16;
  int batch = 1;
  std::string cache_dir;
  std::string calib_dir;
  int calib_count = 500;
  int workspace_mb = 1024;
  int device = 0;
  bool rebuild = false;
};

// Parses `text` (NULL or "" gives the defaults). On failure returns false and sets `error`.
bool parse_options(const char *text, Options &out, std::string &error);

// Splits "key=value;key=value" (NULL or "" gives none) into trimmed pairs; false and `error` on an
// item that is not key=value. Shared by every C++ plugin's own option parser.
bool split_options(const char *text, std::vector<std::pair<std::string, std::string>> &out,
                   std::string &error);
// `value` as an integer in lo..hi, else false and an error naming `key`.
bool parse_int(const std::string &key, const std::string &value, int lo, int hi, int &out,
               std::string &error);

// What the serialized-engine file name depends on: an engine is only valid for the same TensorRT
// version, GPU (name + compute capability), precision, max batch and model bytes.
struct EngineKey {
  std::string model_path;
  uint64_t model_fingerprint = 0;  // fnv1a64 of the ONNX file
  std::string tensorrt_version;    // "10.3.0"
  std::string gpu_name;            // "Orin (nvgpu)"
  int compute_major = 0, compute_minor = 0;
  Precision precision = Precision::fp16;
  int batch = 1;
};

uint64_t fnv1a64(const void *data, size_t size, uint64_t seed = 0xcbf29ce484222325ull);
// Fingerprint of a file's bytes; false (and `error`) when unreadable.
bool file_fingerprint(const std::string &path, uint64_t &out, std::string &error);
// Lower-case [a-z0-9] with other runs collapsed to '-': safe in any file system.
std::string sanitize(const std::string &text);
// "<stem>_<fingerprint>_trt<version>_<gpu>_sm<cc>_<precision>_b<batch>.engine"
std::string engine_file_name(const EngineKey &key);
// `cache_dir` (or the model's folder) joined with engine_file_name.
std::string engine_cache_path(const EngineKey &key, const std::string &cache_dir);

// One loaded network. Implementations report failures through `error` and return false; exceptions
// that escape are caught by the glue and reported as TWINLITE_ERROR_RUNTIME.
class Engine {
 public:
  virtual ~Engine() = default;
  // input N×3×H×W, outputs N×2×H×W each, all contiguous float32 in host memory.
  virtual bool infer(const float *input, int64_t n, int64_t h, int64_t w, float *da, float *ll,
                     std::string &error) = 0;
  virtual std::string describe() const = 0;
  // Timings of the last successful `infer` (ABI version 2); false when this engine measures none.
  virtual bool timing(twinlite_timing &out) const {
    (void)out;
    return false;
  }
};

// Builds an engine; returns nullptr with `code` (TWINLITE_ERROR_*) and `error` set on failure.
using EngineFactory = std::unique_ptr<Engine> (*)(const std::string &model_path, const Options &options,
                                                  int32_t &code, std::string &error);
// The same for a plugin that parses its own options (`options_text` as the host passed it).
using RawEngineFactory = std::unique_ptr<Engine> (*)(const std::string &model_path,
                                                     const char *options_text, int32_t &code,
                                                     std::string &error);

// The C table for a plugin named `name` whose engines come from `factory`. The table and the
// factory are process-wide; call once from the plugin's `twinlite_backend_entry`.
const twinlite_backend_api *make_backend_api(const char *name, EngineFactory factory);
const twinlite_backend_api *make_backend_api(const char *name, RawEngineFactory factory);

// Copies `message` into `error` (truncated, NUL-terminated) with `code`.
void set_error(twinlite_error *error, int32_t code, const std::string &message);

}  // namespace twinlite
