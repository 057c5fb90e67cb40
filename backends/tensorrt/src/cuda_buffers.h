// CUDA runtime helpers of the TensorRT plugin (no TensorRT headers): a stream, pinned host
// buffers and device buffers, each failure reported as text instead of thrown or asserted.
#pragma once

#include <cuda_runtime_api.h>

#include <cstddef>
#include <string>

namespace twinlite {

// "what: cudaErrorX (message)" when `status` is not cudaSuccess.
bool cuda_check(cudaError_t status, const char *what, std::string &error);

class CudaStream {
 public:
  CudaStream() = default;
  CudaStream(const CudaStream &) = delete;
  CudaStream &operator=(const CudaStream &) = delete;
  ~CudaStream();
  bool create(std::string &error);
  bool synchronize(std::string &error);
  cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

// Page-locked host memory (cudaMallocHost) so host↔device copies are asynchronous DMA.
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  PinnedBuffer(const PinnedBuffer &) = delete;
  PinnedBuffer &operator=(const PinnedBuffer &) = delete;
  ~PinnedBuffer();
  bool allocate(size_t bytes, std::string &error);
  float *data() const { return static_cast<float *>(ptr_); }
  size_t bytes() const { return bytes_; }

 private:
  void *ptr_ = nullptr;
  size_t bytes_ = 0;
};

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
  ~DeviceBuffer();
  bool allocate(size_t bytes, std::string &error);
  void *data() const { return ptr_; }
  size_t bytes() const { return bytes_; }

 private:
  void *ptr_ = nullptr;
  size_t bytes_ = 0;
};

// Selects `device` and reports its name and compute capability (for the engine-cache key).
bool cuda_device_info(int device, std::string &name, int &major, int &minor, std::string &error);

}  // namespace twinlite
