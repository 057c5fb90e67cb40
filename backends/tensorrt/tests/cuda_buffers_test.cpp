// Checks of the CUDA runtime helpers (no TensorRT): device info feeds the engine-cache key, pinned
// and device buffers round-trip data on a stream, and failures come back as text.
// Built and run by scripts/device-check on a CUDA machine.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cuda_buffers.h"
#include "plugin_core.h"

static int failures = 0;
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

using namespace twinlite;

int main(int argc, char **argv) {
  std::string error, name;
  int major = 0, minor = 0;
  if (!cuda_device_info(0, name, major, minor, error)) {
    std::fprintf(stderr, "cuda_buffers_test: no usable CUDA device: %s\n", error.c_str());
    return 1;
  }
  std::printf("device 0: %s, sm%d%d\n", name.c_str(), major, minor);
  CHECK(!name.empty() && major >= 5);

  EngineKey key;
  key.model_path = argc > 1 ? argv[1] : "twinlitenet.onnx";
  std::string fp_error;
  if (!file_fingerprint(key.model_path, key.model_fingerprint, fp_error)) key.model_fingerprint = 0;
  key.tensorrt_version = "10.3.0";
  key.gpu_name = name;
  key.compute_major = major;
  key.compute_minor = minor;
  std::printf("engine cache name (for TensorRT 10.3.0, fp16, batch 1): %s\n", engine_file_name(key).c_str());

  CudaStream stream;
  CHECK(stream.create(error));
  const size_t n = 3 * 360 * 640;
  PinnedBuffer in, out;
  DeviceBuffer dev;
  CHECK(in.allocate(n * sizeof(float), error) && out.allocate(n * sizeof(float), error));
  CHECK(dev.allocate(n * sizeof(float), error));
  CHECK(in.bytes() >= n * sizeof(float));
  for (size_t i = 0; i < n; i++) in.data()[i] = (float)i * 0.25f;
  std::memset(out.data(), 0, n * sizeof(float));
  CHECK(cuda_check(
      cudaMemcpyAsync(dev.data(), in.data(), n * sizeof(float), cudaMemcpyHostToDevice, stream.get()),
      "upload", error));
  CHECK(cuda_check(
      cudaMemcpyAsync(out.data(), dev.data(), n * sizeof(float), cudaMemcpyDeviceToHost, stream.get()),
      "download", error));
  CHECK(stream.synchronize(error));
  CHECK(std::memcmp(in.data(), out.data(), n * sizeof(float)) == 0);

  // Growing keeps working; an impossible size is an error message, not a crash.
  CHECK(dev.allocate(2 * n * sizeof(float), error) && dev.bytes() >= 2 * n * sizeof(float));
  DeviceBuffer huge;
  std::string huge_error;
  CHECK(!huge.allocate((size_t)1 << 50, huge_error));
  CHECK(huge_error.rfind("cudaMalloc: cudaErrorMemoryAllocation", 0) == 0);
  CHECK(huge.data() == nullptr);
  std::printf("impossible allocation reported as: %s\n", huge_error.c_str());
  CHECK(!cuda_device_info(999, name, major, minor, error) && error.rfind("cudaSetDevice: ", 0) == 0);

  if (failures) {
    std::fprintf(stderr, "cuda_buffers_test: %d check(s) failed (last error: %s)\n", failures, error.c_str());
    return 1;
  }
  std::printf("cuda_buffers_test: all checks passed\n");
  return 0;
}
