// The GPU side of the CUDA plugin: the plan of network.h on cuDNN convolutions (FMA math for fp32,
// tensor cores for fp16) and the kernels of ops.h, on two streams where branches are independent,
// captured once per batch size into a CUDA graph and replayed. Host memory in and out through
// pinned staging buffers; CUDA events time the upload, the forward pass and the download apart.
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>
#include <cudnn.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cuda_buffers.h"
#include "cuda_options.h"
#include "network.h"
#include "plugin_core.h"
#include "safetensors.h"
#include "step_ops.h"

#if CUDART_VERSION < 11040
#error "the CUDA plugin needs CUDA 11.4 or newer (cudaGraphInstantiateWithFlags)"
#endif
#if CUDNN_MAJOR < 8
#error "the CUDA plugin needs cuDNN 8 or 9"
#endif

namespace twinlite {
namespace {

template <typename F>
__global__ void each(int64_t count, F f) {
  const int64_t step = (int64_t)gridDim.x * blockDim.x;
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += step) f(i);
}

// Launches an ops.h functor over `count` work items on `stream` (grid-stride, capped grid).
struct Launcher {
  cudaStream_t stream;
  int max_blocks;
  template <typename F>
  void operator()(const F &f, int64_t count) const {
    if (count <= 0) return;
    const int threads = 256;
    const int64_t blocks = std::min<int64_t>((count + threads - 1) / threads, max_blocks);
    each<<<(unsigned)blocks, threads, 0, stream>>>(count, f);
  }
};

bool cudnn_check(cudnnStatus_t status, const char *what, std::string &error) {
  if (status == CUDNN_STATUS_SUCCESS) return true;
  error = std::string(what) + ": " + cudnnGetErrorString(status);
  return false;
}

template <typename T>
constexpr cudnnDataType_t cudnn_type() {
  return std::is_same<T, float>::value ? CUDNN_DATA_FLOAT : CUDNN_DATA_HALF;
}

// Descriptors and the chosen algorithm of one convolution step at one batch size.
struct ConvLayer {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  size_t workspace = 0;
  ConvLayer() = default;
  ConvLayer(const ConvLayer &) = delete;
  ConvLayer &operator=(const ConvLayer &) = delete;
  ~ConvLayer() {
    if (x) cudnnDestroyTensorDescriptor(x);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
  }
};

// Per batch size: the conv setup and, with graph=1, the instantiated graph.
struct BatchState {
  std::vector<std::unique_ptr<ConvLayer>> convs;  // one per conv step, in step order
  cudaGraphExec_t exec = nullptr;
  ~BatchState() {
    if (exec) cudaGraphExecDestroy(exec);
  }
};

class Event {
 public:
  Event() = default;
  Event(const Event &) = delete;
  Event &operator=(const Event &) = delete;
  ~Event() {
    if (e_) cudaEventDestroy(e_);
  }
  bool create(bool timing, std::string &error) {
    return cuda_check(cudaEventCreateWithFlags(&e_, timing ? cudaEventDefault : cudaEventDisableTiming),
                      "cudaEventCreate", error);
  }
  cudaEvent_t get() const { return e_; }

 private:
  cudaEvent_t e_ = nullptr;
};

template <typename T>
class CudaEngine final : public Engine {
 public:
  bool init(const std::string &model_path, const CudaOptions &options, int32_t &code, std::string &error) {
    options_ = options;
    model_path_ = model_path;
    bool unreadable = false;
    if (!read_safetensors(model_path, weights_, error, &unreadable)) {
      code = unreadable ? TWINLITE_ERROR_IO : TWINLITE_ERROR_MODEL;
      return false;
    }
    code = TWINLITE_ERROR_MODEL;
    Plan probe;  // the weights are checked now, not at the first infer
    if (!build_plan(weights_, 360, 640, probe, error)) {
      error = model_path + ": " + error;
      return false;
    }
    code = TWINLITE_ERROR_RUNTIME;
    int major = 0, minor = 0;
    if (!cuda_device_info(options.device, gpu_, major, minor, error)) return false;
    sm_ = std::to_string(major) + std::to_string(minor);
    cudaDeviceProp prop{};
    if (!cuda_check(cudaGetDeviceProperties(&prop, options.device), "cudaGetDeviceProperties", error))
      return false;
    max_blocks_ = std::max(1, prop.multiProcessorCount * 16);
    if (!cudnn_check(cudnnCreate(&cudnn_), "cudnnCreate", error)) return false;
    if (!streams_[0].create(error) || !streams_[1].create(error)) return false;
    for (Event *e : {&up0_, &up1_, &fwd1_, &down1_})
      if (!e->create(true, error)) return false;
    return prepare(options.batch, 360, 640, error);
  }

  ~CudaEngine() override {
    states_.clear();
    if (cudnn_) cudnnDestroy(cudnn_);
  }

  bool infer(const float *input, int64_t n, int64_t h, int64_t w, float *da, float *ll,
             std::string &error) override {
    if (n > kMaxBatch) {
      error = "batch " + std::to_string(n) + " exceeds the plugin's limit of " + std::to_string(kMaxBatch);
      return false;
    }
    if (h % 8 || w % 8 || h < 8 || w < 8 || h > 4096 || w > 4096) {
      error = "input " + std::to_string(h) + "x" + std::to_string(w) + " is not a multiple of 8 up to 4096";
      return false;
    }
    if (!cuda_check(cudaSetDevice(options_.device), "cudaSetDevice", error)) return false;
    if (!prepare((int)n, (int)h, (int)w, error)) return false;
    BatchState *state = nullptr;
    if (!batch_state((int)n, state, error)) return false;
    const cudaStream_t s0 = streams_[0].get();
    const size_t in_bytes = (size_t)n * plan_.buffers[plan_.input].per_image() * sizeof(float);
    const size_t out_bytes = (size_t)n * plan_.buffers[plan_.da].per_image() * sizeof(float);
    std::memcpy(in_host_.data(), input, in_bytes);
    if (!cuda_check(cudaEventRecord(up0_.get(), s0), "cudaEventRecord", error) ||
        !cuda_check(cudaMemcpyAsync(input_f32(), in_host_.data(), in_bytes, cudaMemcpyHostToDevice, s0),
                    "upload", error) ||
        !cuda_check(cudaEventRecord(up1_.get(), s0), "cudaEventRecord", error))
      return false;
    if (state->exec) {
      if (!cuda_check(cudaGraphLaunch(state->exec, s0), "cudaGraphLaunch", error)) return false;
    } else if (!enqueue((int)n, *state, error)) {
      return false;
    }
    float *heads[2] = {out_host_[0].data(), out_host_[1].data()};
    const int outs[2] = {plan_.da, plan_.ll};
    if (!cuda_check(cudaEventRecord(fwd1_.get(), s0), "cudaEventRecord", error)) return false;
    for (int i = 0; i < 2; i++)
      if (!cuda_check(cudaMemcpyAsync(heads[i], bufs_.base[outs[i]], out_bytes, cudaMemcpyDeviceToHost, s0),
                      "download", error))
        return false;
    if (!cuda_check(cudaEventRecord(down1_.get(), s0), "cudaEventRecord", error) ||
        !streams_[0].synchronize(error))
      return false;
    std::memcpy(da, heads[0], out_bytes);
    std::memcpy(ll, heads[1], out_bytes);
    float up = 0, fwd = 0, down = 0;
    if (!cuda_check(cudaEventElapsedTime(&up, up0_.get(), up1_.get()), "cudaEventElapsedTime", error) ||
        !cuda_check(cudaEventElapsedTime(&fwd, up1_.get(), fwd1_.get()), "cudaEventElapsedTime", error) ||
        !cuda_check(cudaEventElapsedTime(&down, fwd1_.get(), down1_.get()), "cudaEventElapsedTime", error))
      return false;
    timing_ = twinlite_timing{fwd, up, down};
    have_timing_ = true;
    return true;
  }

  bool timing(twinlite_timing &out) const override {
    if (have_timing_) out = timing_;
    return have_timing_;
  }

  std::string describe() const override {
    std::ostringstream s;
    // Version numbers: cuDNN 9 major·10000 + minor·100 + patch, cuDNN 8 major·1000 + minor·100 + patch.
    const size_t v = cudnnGetVersion(), nine = v >= 10000;
    const size_t major = nine ? v / 10000 : v / 1000, minor = nine ? (v % 10000) / 100 : (v % 1000) / 100;
    s << "twinlite CUDA plugin: cuDNN " << major << "." << minor << "." << v % 100
      << " convolutions + own kernels, "
      << (std::is_same<T, float>::value ? "fp32 (FMA, TF32 off)" : "fp16 (tensor cores, float accumulation)")
      << ", CUDA graph " << (options_.graph ? "on" : "off") << ", GPU " << gpu_ << " sm" << sm_
      << ", weights " << model_path_;
    return s.str();
  }

 private:
  float *input_f32() {
    return std::is_same<T, float>::value ? static_cast<float *>(bufs_.base[plan_.input])
                                         : static_cast<float *>(input_f32_.data());
  }

  // (Re)builds the plan for h×w and the buffers for at least n images.
  bool prepare(int n, int h, int w, std::string &error) {
    if (plan_.height == h && plan_.width == w && n <= capacity_) return true;
    states_.clear();
    if (plan_.height != h || plan_.width != w) {
      Plan plan;
      if (!build_plan(weights_, h, w, plan, error)) return false;
      plan_ = std::move(plan);
      if (!upload_params(error)) return false;
    }
    capacity_ = std::max({n, capacity_, options_.batch});
    buffers_.clear();
    bufs_.plan = &plan_;
    bufs_.base.assign(plan_.buffers.size(), nullptr);
    for (size_t i = 0; i < plan_.buffers.size(); i++) {
      const BufferSpec &b = plan_.buffers[i];
      const size_t elem = b.storage == Storage::f64 ? 8 : b.storage == Storage::f32 ? 4 : sizeof(T);
      buffers_.emplace_back(new DeviceBuffer);
      if (!buffers_.back()->allocate(b.per_image() * capacity_ * elem, error)) return false;
      bufs_.base[i] = buffers_.back()->data();
    }
    const size_t in_floats = plan_.buffers[plan_.input].per_image() * capacity_;
    const size_t out_floats = plan_.buffers[plan_.da].per_image() * capacity_;
    if (!std::is_same<T, float>::value && !input_f32_.allocate(in_floats * sizeof(float), error))
      return false;
    return in_host_.allocate(in_floats * sizeof(float), error) &&
           out_host_[0].allocate(out_floats * sizeof(float), error) &&
           out_host_[1].allocate(out_floats * sizeof(float), error);
  }

  // Plan::params as float (bias, slopes, BN, deconv and attention weights) and, for fp16, a half
  // copy that the cuDNN filters point into.
  bool upload_params(std::string &error) {
    const size_t count = plan_.params.size();
    if (!params_.allocate(count * sizeof(float), error) ||
        !cuda_check(
            cudaMemcpy(params_.data(), plan_.params.data(), count * sizeof(float), cudaMemcpyHostToDevice),
            "weights upload", error))
      return false;
    if (std::is_same<T, float>::value) return true;
    if (!filters_.allocate(count * sizeof(T), error)) return false;
    Launcher{streams_[0].get(), max_blocks_}(
        ops::ToStorage<T>{static_cast<const float *>(params_.data()), static_cast<T *>(filters_.data())},
        (int64_t)count);
    return cuda_check(cudaGetLastError(), "weights to fp16", error) && streams_[0].synchronize(error);
  }
  const T *filter(size_t offset) const {
    return static_cast<const T *>(std::is_same<T, float>::value ? params_.data() : filters_.data()) + offset;
  }

  bool batch_state(int n, BatchState *&out, std::string &error) {
    auto it = states_.find(n);
    if (it != states_.end()) {
      out = it->second.get();
      return true;
    }
    std::unique_ptr<BatchState> state(new BatchState);
    for (const Step &s : plan_.steps) {
      if (s.kind != StepKind::conv) continue;
      state->convs.emplace_back(new ConvLayer);
      if (!setup_conv(s, n, *state->convs.back(), error)) {
        error = s.name + ": " + error;
        return false;
      }
    }
    for (int i = 0; i < 2; i++) {
      size_t need = 0, k = 0;
      for (const Step &s : plan_.steps)
        if (s.kind == StepKind::conv) {
          if (s.stream == i) need = std::max(need, state->convs[k]->workspace);
          k++;
        }
      void *before = workspace_[i].data();
      if (need && !workspace_[i].allocate(need, error)) return false;
      if (workspace_[i].data() != before) states_.clear();  // their graphs hold the old workspace
    }
    // One eager pass first: every kernel is loaded and every step checked before a capture.
    if (!enqueue(n, *state, error) || !streams_[0].synchronize(error)) return false;
    if (options_.graph && !capture(n, *state, error)) return false;
    out = state.get();
    states_[n] = std::move(state);
    return true;
  }

  bool setup_conv(const Step &s, int n, ConvLayer &c, std::string &error) {
    if (!s.in.packed() || !s.out.packed()) {
      error = "internal: convolution tensors must be packed";
      return false;
    }
    const cudnnDataType_t type = cudnn_type<T>();
    if (!cudnn_check(cudnnCreateTensorDescriptor(&c.x), "cudnnCreateTensorDescriptor", error) ||
        !cudnn_check(cudnnCreateTensorDescriptor(&c.y), "cudnnCreateTensorDescriptor", error) ||
        !cudnn_check(cudnnCreateFilterDescriptor(&c.w), "cudnnCreateFilterDescriptor", error) ||
        !cudnn_check(cudnnCreateConvolutionDescriptor(&c.conv), "cudnnCreateConvolutionDescriptor", error) ||
        !cudnn_check(cudnnSetTensor4dDescriptor(c.x, CUDNN_TENSOR_NCHW, type, n, s.cin, s.in.h, s.in.w),
                     "input descriptor", error) ||
        !cudnn_check(cudnnSetTensor4dDescriptor(c.y, CUDNN_TENSOR_NCHW, type, n, s.cout, s.out.h, s.out.w),
                     "output descriptor", error) ||
        !cudnn_check(
            cudnnSetFilter4dDescriptor(c.w, type, CUDNN_TENSOR_NCHW, s.cout, s.cin, s.kernel, s.kernel),
            "filter descriptor", error) ||
        !cudnn_check(cudnnSetConvolution2dDescriptor(c.conv, s.pad, s.pad, s.stride, s.stride, s.dilation,
                                                     s.dilation, CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
                     "convolution descriptor", error))
      return false;
    // fp32: FMA only, so that no algorithm may round through TF32; fp16: tensor cores allowed.
    const bool fp32 = std::is_same<T, float>::value;
    if (!cudnn_check(cudnnSetConvolutionMathType(c.conv, fp32 ? CUDNN_FMA_MATH : CUDNN_TENSOR_OP_MATH),
                     "cudnnSetConvolutionMathType", error))
      return false;
    int on = 0, oc = 0, oh = 0, ow = 0;
    if (!cudnn_check(cudnnGetConvolution2dForwardOutputDim(c.conv, c.x, c.w, &on, &oc, &oh, &ow),
                     "cudnnGetConvolution2dForwardOutputDim", error))
      return false;
    if (on != n || oc != s.cout || oh != s.out.h || ow != s.out.w) {
      error = "internal: cuDNN output shape differs from the plan";
      return false;
    }
    // Measured choice on the real buffers, within the workspace limit.
    const size_t limit = (size_t)options_.workspace_mb << 20;
    if (limit && !search_ws_.allocate(limit, error)) return false;
    cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    int returned = 0;
    if (!cudnn_check(cudnnSetStream(cudnn_, streams_[0].get()), "cudnnSetStream", error) ||
        !cudnn_check(cudnnFindConvolutionForwardAlgorithmEx(
                         cudnn_, c.x, bufs_.base[s.in.buffer], c.w, filter(s.weight), c.conv, c.y,
                         bufs_.base[s.out.buffer], CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &returned, perf,
                         limit ? search_ws_.data() : nullptr, limit),
                     "cudnnFindConvolutionForwardAlgorithmEx", error))
      return false;
    for (int i = 0; i < returned; i++) {
      const cudnnConvolutionFwdAlgoPerf_t &p = perf[i];
      if (p.status != CUDNN_STATUS_SUCCESS || p.memory > limit) continue;
      if (fp32 && p.mathType == CUDNN_TENSOR_OP_MATH) continue;
      c.algo = p.algo;
      c.workspace = p.memory;
      return true;
    }
    error = "cuDNN found no usable forward algorithm (workspace limit " +
            std::to_string(options_.workspace_mb) + " MB)";
    return false;
  }

  // Every step of the plan on the two streams; what a graph captures, or what runs with graph=0.
  bool enqueue(int n, BatchState &state, std::string &error) {
    const cudaStream_t s0 = streams_[0].get(), s1 = streams_[1].get();
    if (!std::is_same<T, float>::value)
      Launcher{s0, max_blocks_}(ops::ToStorage<T>{input_f32(), static_cast<T *>(bufs_.base[plan_.input])},
                                (int64_t)n * (int64_t)plan_.buffers[plan_.input].per_image());
    const float one = 1.0f, zero = 0.0f;
    size_t conv = 0, sync = 0;
    for (const Step &s : plan_.steps) {
      const cudaStream_t stream = s.stream ? s1 : s0;
      if (s.kind == StepKind::fork || s.kind == StepKind::join) {
        if (sync >= sync_.size()) {
          sync_.emplace_back(new Event);
          if (!sync_.back()->create(false, error)) return false;
        }
        cudaEvent_t e = sync_[sync++]->get();
        const bool fork = s.kind == StepKind::fork;
        if (!cuda_check(cudaEventRecord(e, fork ? s0 : s1), "cudaEventRecord", error) ||
            !cuda_check(cudaStreamWaitEvent(fork ? s1 : s0, e, 0), "cudaStreamWaitEvent", error))
          return false;
      } else if (s.kind == StepKind::conv) {
        const ConvLayer &c = *state.convs[conv++];
        if (!cudnn_check(cudnnSetStream(cudnn_, stream), "cudnnSetStream", error) ||
            !cudnn_check(
                cudnnConvolutionForward(cudnn_, &one, c.x, bufs_.base[s.in.buffer], c.w, filter(s.weight),
                                        c.conv, c.algo, workspace_[s.stream].data(), c.workspace, &zero, c.y,
                                        bufs_.base[s.out.buffer]),
                s.name.c_str(), error))
          return false;
      } else {
        launch_step(s, bufs_, static_cast<const float *>(params_.data()), n, Launcher{stream, max_blocks_});
      }
    }
    return cuda_check(cudaGetLastError(), "kernel launch", error);
  }

  bool capture(int n, BatchState &state, std::string &error) {
    const cudaStream_t s0 = streams_[0].get();
    if (!cuda_check(cudaStreamBeginCapture(s0, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture",
                    error))
      return false;
    std::string enqueue_error;
    const bool enqueued = enqueue(n, state, enqueue_error);
    cudaGraph_t graph = nullptr;
    const cudaError_t ended = cudaStreamEndCapture(s0, &graph);
    if (!enqueued) {
      if (graph) cudaGraphDestroy(graph);
      error = "while capturing the CUDA graph: " + enqueue_error + " (graph=0 runs without a graph)";
      return false;
    }
    if (!cuda_check(ended, "cudaStreamEndCapture (graph=0 runs without a graph)", error)) return false;
    const cudaError_t made = cudaGraphInstantiateWithFlags(&state.exec, graph, 0);
    cudaGraphDestroy(graph);
    return cuda_check(made, "cudaGraphInstantiate", error);
  }

  CudaOptions options_;
  std::string model_path_, gpu_, sm_;
  TensorMap weights_;
  Plan plan_;
  int capacity_ = 0, max_blocks_ = 1;
  cudnnHandle_t cudnn_ = nullptr;
  CudaStream streams_[2];
  Event up0_, up1_, fwd1_, down1_;
  std::vector<std::unique_ptr<Event>> sync_;
  DeviceBuffer params_, filters_, input_f32_, workspace_[2], search_ws_;
  std::vector<std::unique_ptr<DeviceBuffer>> buffers_;
  BufferSet<T> bufs_;
  PinnedBuffer in_host_, out_host_[2];
  std::map<int, std::unique_ptr<BatchState>> states_;
  twinlite_timing timing_{-1, -1, -1};
  bool have_timing_ = false;
};

std::unique_ptr<Engine> make_cuda_engine(const std::string &model_path, const char *options_text,
                                         int32_t &code, std::string &error) {
  CudaOptions options;
  if (!parse_cuda_options(options_text, options, error)) {
    code = TWINLITE_ERROR_INVALID_ARGUMENT;
    return nullptr;
  }
  if (options.precision == CudaPrecision::fp32) {
    std::unique_ptr<CudaEngine<float>> engine(new CudaEngine<float>);
    if (!engine->init(model_path, options, code, error)) return nullptr;
    return engine;
  }
  std::unique_ptr<CudaEngine<__half>> engine(new CudaEngine<__half>);
  if (!engine->init(model_path, options, code, error)) return nullptr;
  return engine;
}

}  // namespace
}  // namespace twinlite

extern "C" __attribute__((visibility("default"))) const twinlite_backend_api *twinlite_backend_entry(void) {
  return twinlite::make_backend_api("cuda", twinlite::make_cuda_engine);
}
