// The TensorRT part of the plugin: builds (or loads from the cache) an engine from the exported
// ONNX file and runs it on a CUDA stream with pinned host buffers. TensorRT 8.5 – 10.x.
// Everything that does not need NvInfer.h lives in plugin_core.cpp, frames.cpp and cuda_buffers.cpp.
#include <NvInfer.h>
#include <NvInferVersion.h>
#include <NvOnnxParser.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "cuda_buffers.h"
#include "frames.h"
#include "plugin_core.h"

#if NV_TENSORRT_MAJOR < 8 || (NV_TENSORRT_MAJOR == 8 && NV_TENSORRT_MINOR < 5)
#error "twinlite_tensorrt needs TensorRT 8.5 or newer (named I/O tensors, enqueueV3)"
#endif
#if NV_TENSORRT_MAJOR >= 11
#error "TensorRT 11 removed BuilderFlag::kFP16/kINT8 and INT8 calibrators (weak typing); use 8.5-10.x"
#endif

namespace twinlite {
namespace {

constexpr int kHeight = 360, kWidth = 640;
const char *const kInput = "image";
const char *const kOutputs[2] = {"da", "ll"};

std::string tensorrt_version() {
  return std::to_string(NV_TENSORRT_MAJOR) + "." + std::to_string(NV_TENSORRT_MINOR) + "." +
         std::to_string(NV_TENSORRT_PATCH);
}

// Collects TensorRT's errors so that they reach `last_error` instead of stderr only.
class Logger : public nvinfer1::ILogger {
 public:
  void log(Severity severity, const char *msg) noexcept override {
    if (severity > Severity::kWARNING) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (severity <= Severity::kERROR) {
      if (!errors_.empty()) errors_ += "; ";
      errors_ += msg;
    }
    std::fprintf(stderr, "[twinlite_tensorrt] %s\n", msg);
  }
  std::string take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string out;
    out.swap(errors_);
    return out;
  }

 private:
  std::mutex mutex_;
  std::string errors_;
};

Logger &logger() {
  static Logger instance;
  return instance;
}

std::string with_trt_errors(const std::string &what) {
  std::string detail = logger().take();
  return detail.empty() ? what : what + ": " + detail;
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // the INT8 calibrator API is deprecated in 10.x
#endif
// Entropy calibration over the JPEG frames of `calib_dir`, preprocessed like the official code.
class Calibrator : public nvinfer1::IInt8EntropyCalibrator2 {
 public:
  Calibrator(std::vector<std::string> frames, std::string cache_path, int batch)
      : frames_(std::move(frames)), cache_path_(std::move(cache_path)), batch_(batch) {}

  bool init(std::string &error) {
    size_t floats = (size_t)batch_ * 3 * kHeight * kWidth;
    host_.resize(floats);
    return device_.allocate(floats * sizeof(float), error);
  }

  int32_t getBatchSize() const noexcept override { return batch_; }

  bool getBatch(void *bindings[], char const *names[], int32_t nbBindings) noexcept override {
    (void)names;
    if (next_ + batch_ > frames_.size() || nbBindings < 1) return false;
    const size_t per = (size_t)3 * kHeight * kWidth;
    std::vector<float> frame;
    for (int b = 0; b < batch_; b++) {
      std::string error;
      if (!load_frame(frames_[next_ + b], kWidth, kHeight, frame, error)) {
        std::fprintf(stderr, "[twinlite_tensorrt] calibration: %s\n", error.c_str());
        return false;
      }
      std::memcpy(host_.data() + b * per, frame.data(), per * sizeof(float));
    }
    next_ += batch_;
    std::string error;
    if (!cuda_check(
            cudaMemcpy(device_.data(), host_.data(), host_.size() * sizeof(float), cudaMemcpyHostToDevice),
            "calibration upload", error)) {
      std::fprintf(stderr, "[twinlite_tensorrt] %s\n", error.c_str());
      return false;
    }
    bindings[0] = device_.data();
    return true;
  }

  void const *readCalibrationCache(std::size_t &length) noexcept override {
    cache_.clear();
    std::ifstream in(cache_path_, std::ios::binary);
    if (in) cache_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    length = cache_.size();
    return cache_.empty() ? nullptr : cache_.data();
  }

  void writeCalibrationCache(void const *cache, std::size_t length) noexcept override {
    std::ofstream out(cache_path_, std::ios::binary);
    out.write(static_cast<const char *>(cache), (std::streamsize)length);
  }

 private:
  std::vector<std::string> frames_;
  std::string cache_path_;
  int batch_;
  size_t next_ = 0;
  std::vector<float> host_;
  DeviceBuffer device_;
  std::vector<char> cache_;
};
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

template <typename T>
struct TrtDelete {
  void operator()(T *p) const { delete p; }  // TensorRT 8+: objects are deleted, not destroy()ed
};
template <typename T>
using TrtPtr = std::unique_ptr<T, TrtDelete<T>>;

bool read_file(const std::string &path, std::vector<char> &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !out.empty();
}

bool write_file_atomically(const std::string &path, const void *data, size_t size, std::string &error) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write the engine cache " + tmp;
      return false;
    }
    out.write(static_cast<const char *>(data), (std::streamsize)size);
    if (!out) {
      error = "short write to the engine cache " + tmp;
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + tmp + " to " + path;
    return false;
  }
  return true;
}

class TrtEngine final : public Engine {
 public:
  bool init(const std::string &model_path, const Options &options, int32_t &code, std::string &error) {
    options_ = options;
    EngineKey key;
    key.model_path = model_path;
    key.tensorrt_version = tensorrt_version();
    key.precision = options.precision;
    key.batch = options.batch;
    code = TWINLITE_ERROR_IO;
    if (!file_fingerprint(model_path, key.model_fingerprint, error)) return false;
    code = TWINLITE_ERROR_RUNTIME;
    if (!cuda_device_info(options.device, key.gpu_name, key.compute_major, key.compute_minor, error))
      return false;
    gpu_ = key.gpu_name;
    cache_path_ = engine_cache_path(key, options.cache_dir);

    runtime_.reset(nvinfer1::createInferRuntime(logger()));
    if (!runtime_) {
      error = with_trt_errors("createInferRuntime failed");
      return false;
    }
    std::vector<char> plan;
    if (!options.rebuild && read_file(cache_path_, plan)) {
      engine_.reset(runtime_->deserializeCudaEngine(plan.data(), plan.size()));
      if (engine_)
        from_cache_ = true;
      else
        logger().take();  // stale or foreign cache: rebuild below
    }
    if (!engine_) {
      code = TWINLITE_ERROR_MODEL;
      if (!build(model_path, plan, error)) return false;
      engine_.reset(runtime_->deserializeCudaEngine(plan.data(), plan.size()));
      if (!engine_) {
        error = with_trt_errors("deserializing the freshly built engine failed");
        return false;
      }
      std::string write_error;
      if (!write_file_atomically(cache_path_, plan.data(), plan.size(), write_error))
        std::fprintf(stderr, "[twinlite_tensorrt] %s (engine not cached)\n", write_error.c_str());
    }
    code = TWINLITE_ERROR_RUNTIME;
    context_.reset(engine_->createExecutionContext());
    if (!context_) {
      error = with_trt_errors("createExecutionContext failed");
      return false;
    }
    return stream_.create(error);
  }

  bool infer(const float *input, int64_t n, int64_t h, int64_t w, float *da, float *ll,
             std::string &error) override {
    if (h != kHeight || w != kWidth) {
      error = "the engine takes 360x640 frames, got " + std::to_string(h) + "x" + std::to_string(w);
      return false;
    }
    if (n > options_.batch) {
      error = "batch " + std::to_string(n) + " exceeds the engine's max batch " +
              std::to_string(options_.batch) + " (create with batch=N from an --dynamic-batch export)";
      return false;
    }
    const size_t in_floats = (size_t)n * 3 * h * w, out_floats = (size_t)n * 2 * h * w;
    if (!in_host_.allocate(in_floats * sizeof(float), error) ||
        !in_dev_.allocate(in_floats * sizeof(float), error))
      return false;
    for (int i = 0; i < 2; i++) {
      if (!out_host_[i].allocate(out_floats * sizeof(float), error) ||
          !out_dev_[i].allocate(out_floats * sizeof(float), error))
        return false;
    }
    std::memcpy(in_host_.data(), input, in_floats * sizeof(float));
    if (!cuda_check(cudaMemcpyAsync(in_dev_.data(), in_host_.data(), in_floats * sizeof(float),
                                    cudaMemcpyHostToDevice, stream_.get()),
                    "upload", error))
      return false;
    if (!context_->setInputShape(kInput, nvinfer1::Dims4{(int32_t)n, 3, (int32_t)h, (int32_t)w})) {
      error = with_trt_errors("setInputShape(image) failed");
      return false;
    }
    bool bound = context_->setTensorAddress(kInput, in_dev_.data());
    for (int i = 0; i < 2; i++) bound = bound && context_->setTensorAddress(kOutputs[i], out_dev_[i].data());
    if (!bound) {
      error = with_trt_errors("setTensorAddress failed (engine I/O must be image, da, ll)");
      return false;
    }
    if (!context_->enqueueV3(stream_.get())) {
      error = with_trt_errors("enqueueV3 failed");
      return false;
    }
    for (int i = 0; i < 2; i++) {
      if (!cuda_check(cudaMemcpyAsync(out_host_[i].data(), out_dev_[i].data(), out_floats * sizeof(float),
                                      cudaMemcpyDeviceToHost, stream_.get()),
                      "download", error))
        return false;
    }
    if (!stream_.synchronize(error)) return false;
    std::memcpy(da, out_host_[0].data(), out_floats * sizeof(float));
    std::memcpy(ll, out_host_[1].data(), out_floats * sizeof(float));
    return true;
  }

  std::string describe() const override {
    std::ostringstream s;
    s << "TensorRT " << tensorrt_version() << ", " << precision_name(options_.precision) << ", max batch "
      << options_.batch << ", GPU " << gpu_ << ", engine " << cache_path_
      << (from_cache_ ? " (cached)" : " (built)");
    return s.str();
  }

 private:
  bool build(const std::string &model_path, std::vector<char> &plan, std::string &error) {
    logger().take();
    TrtPtr<nvinfer1::IBuilder> builder(nvinfer1::createInferBuilder(logger()));
    if (!builder) {
      error = with_trt_errors("createInferBuilder failed");
      return false;
    }
#if NV_TENSORRT_MAJOR >= 10
    const uint32_t flags = 0;  // explicit batch is the only mode in TensorRT 10
#else
    const uint32_t flags =
        1U << static_cast<uint32_t>(nvinfer1::NetworkDefinitionCreationFlag::kEXPLICIT_BATCH);
#endif
    TrtPtr<nvinfer1::INetworkDefinition> network(builder->createNetworkV2(flags));
    TrtPtr<nvonnxparser::IParser> parser(nvonnxparser::createParser(*network, logger()));
    if (!network || !parser) {
      error = with_trt_errors("creating the network or the ONNX parser failed");
      return false;
    }
    if (!parser->parseFromFile(model_path.c_str(), static_cast<int>(nvinfer1::ILogger::Severity::kWARNING))) {
      std::string details;
      for (int32_t i = 0; i < parser->getNbErrors(); i++)
        details += std::string("; ") + parser->getError(i)->desc();
      error = with_trt_errors("ONNX parser rejected " + model_path + details);
      return false;
    }
    TrtPtr<nvinfer1::IBuilderConfig> config(builder->createBuilderConfig());
    config->setMemoryPoolLimit(nvinfer1::MemoryPoolType::kWORKSPACE, (size_t)options_.workspace_mb << 20);
    nvinfer1::Dims in = network->getInput(0)->getDimensions();
    const bool dynamic = in.nbDims == 4 && in.d[0] == -1;
    if (!dynamic && options_.batch != 1) {
      error = "batch=" + std::to_string(options_.batch) + " needs an ONNX file exported with --dynamic-batch";
      return false;
    }
    nvinfer1::IOptimizationProfile *profile = nullptr;
    if (dynamic) {
      profile = builder->createOptimizationProfile();
      profile->setDimensions(kInput, nvinfer1::OptProfileSelector::kMIN,
                             nvinfer1::Dims4{1, 3, kHeight, kWidth});
      profile->setDimensions(kInput, nvinfer1::OptProfileSelector::kOPT,
                             nvinfer1::Dims4{options_.batch, 3, kHeight, kWidth});
      profile->setDimensions(kInput, nvinfer1::OptProfileSelector::kMAX,
                             nvinfer1::Dims4{options_.batch, 3, kHeight, kWidth});
      config->addOptimizationProfile(profile);
    }
    std::unique_ptr<Calibrator> calibrator;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // 10.x deprecates weak typing (kFP16, kINT8)
#endif
    switch (options_.precision) {
      case Precision::fp32:
        break;
      case Precision::fp16:
        if (!builder->platformHasFastFp16())
          std::fprintf(stderr, "[twinlite_tensorrt] this GPU has no fast FP16; building FP16 anyway\n");
        config->setFlag(nvinfer1::BuilderFlag::kFP16);
        break;
      case Precision::int8: {
        std::vector<std::string> frames;
        if (!list_frames(options_.calib_dir, (size_t)options_.calib_count, frames, error)) return false;
        calibrator.reset(new Calibrator(frames, cache_path_ + ".calib", 1));
        if (!calibrator->init(error)) return false;
        config->setFlag(nvinfer1::BuilderFlag::kINT8);
        config->setFlag(nvinfer1::BuilderFlag::kFP16);  // layers INT8 cannot take fall back to FP16
        config->setInt8Calibrator(calibrator.get());
        if (profile) config->setCalibrationProfile(profile);
        break;
      }
    }
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    TrtPtr<nvinfer1::IHostMemory> serialized(builder->buildSerializedNetwork(*network, *config));
    if (!serialized || serialized->size() == 0) {
      error = with_trt_errors("buildSerializedNetwork failed");
      return false;
    }
    const char *bytes = static_cast<const char *>(serialized->data());
    plan.assign(bytes, bytes + serialized->size());
    return true;
  }

  Options options_;
  std::string gpu_, cache_path_;
  bool from_cache_ = false;
  TrtPtr<nvinfer1::IRuntime> runtime_;
  TrtPtr<nvinfer1::ICudaEngine> engine_;
  TrtPtr<nvinfer1::IExecutionContext> context_;
  CudaStream stream_;
  PinnedBuffer in_host_, out_host_[2];
  DeviceBuffer in_dev_, out_dev_[2];
};

std::unique_ptr<Engine> make_trt_engine(const std::string &model_path, const Options &options, int32_t &code,
                                        std::string &error) {
  std::unique_ptr<TrtEngine> engine(new TrtEngine);
  if (!engine->init(model_path, options, code, error)) return nullptr;
  return engine;
}

}  // namespace
}  // namespace twinlite

extern "C" __attribute__((visibility("default"))) const twinlite_backend_api *twinlite_backend_entry(void) {
  return twinlite::make_backend_api("tensorrt", twinlite::make_trt_engine);
}
