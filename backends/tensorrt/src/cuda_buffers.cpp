#include "cuda_buffers.h"

namespace twinlite {

bool cuda_check(cudaError_t status, const char *what, std::string &error) {
  if (status == cudaSuccess) return true;
  error = std::string(what) + ": " + cudaGetErrorName(status) + " (" + cudaGetErrorString(status) + ")";
  return false;
}

CudaStream::~CudaStream() {
  if (stream_) cudaStreamDestroy(stream_);
}

bool CudaStream::create(std::string &error) {
  return cuda_check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate", error);
}

bool CudaStream::synchronize(std::string &error) {
  return cuda_check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize", error);
}

PinnedBuffer::~PinnedBuffer() {
  if (ptr_) cudaFreeHost(ptr_);
}

bool PinnedBuffer::allocate(size_t bytes, std::string &error) {
  if (ptr_ && bytes_ >= bytes) return true;
  if (ptr_) cudaFreeHost(ptr_);
  ptr_ = nullptr;
  bytes_ = 0;
  if (!cuda_check(cudaMallocHost(&ptr_, bytes), "cudaMallocHost", error)) {
    ptr_ = nullptr;
    return false;
  }
  bytes_ = bytes;
  return true;
}

DeviceBuffer::~DeviceBuffer() {
  if (ptr_) cudaFree(ptr_);
}

bool DeviceBuffer::allocate(size_t bytes, std::string &error) {
  if (ptr_ && bytes_ >= bytes) return true;
  if (ptr_) cudaFree(ptr_);
  ptr_ = nullptr;
  bytes_ = 0;
  if (!cuda_check(cudaMalloc(&ptr_, bytes), "cudaMalloc", error)) {
    ptr_ = nullptr;
    return false;
  }
  bytes_ = bytes;
  return true;
}

bool cuda_device_info(int device, std::string &name, int &major, int &minor, std::string &error) {
  if (!cuda_check(cudaSetDevice(device), "cudaSetDevice", error)) return false;
  cudaDeviceProp prop{};
  if (!cuda_check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties", error)) return false;
  name = prop.name;
  major = prop.major;
  minor = prop.minor;
  return true;
}

}  // namespace twinlite
