// Tests of the TensorRT-free plugin core (options, cache keys, ABI glue, frame preprocessing).
// Plain C++17, no framework: each CHECK prints the failing expression; exit status = failures.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef TWINLITE_NO_FRAMES
#include "frames.h"
#endif
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

static void test_options() {
  Options o;
  std::string e;
  CHECK(parse_options(nullptr, o, e) && o.precision == Precision::fp16 && o.batch == 1 && o.device == 0);
  CHECK(parse_options("precision=fp32; batch=4 ;cache_dir=/tmp/c;threads=2;;rebuild=1", o, e));
  CHECK(o.precision == Precision::fp32 && o.batch == 4 && o.cache_dir == "/tmp/c" && o.rebuild);
  CHECK(!parse_options("precision=fp64", o, e) && e == "option precision=fp64: expected fp32, fp16 or int8");
  CHECK(!parse_options("batch=0", o, e) && e == "option batch=0: expected an integer in 1...64");
  CHECK(!parse_options("batch=2x", o, e));
  CHECK(!parse_options("batch=99999999999999999999", o, e));
  CHECK(!parse_options("colour=red", o, e) && e.find("unknown option 'colour'") == 0);
  CHECK(!parse_options("fp16", o, e) && e == "option 'fp16' is not key=value");
  CHECK(!parse_options("precision=int8", o, e) && e.find("calib_dir") != std::string::npos);
  CHECK(parse_options("precision=int8;calib_dir=/data/frames;calib_count=64", o, e));
  CHECK(o.precision == Precision::int8 && o.calib_dir == "/data/frames" && o.calib_count == 64);
}

static void test_cache_keys() {
  CHECK(fnv1a64("", 0) == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull);  // published FNV-1a 64 test vector
  CHECK(sanitize("NVIDIA H100 80GB HBM3") == "nvidia-h100-80gb-hbm3");
  CHECK(sanitize("Orin (nvgpu)") == "orin-nvgpu");
  CHECK(sanitize("10.3.0") == "10.3.0");
  CHECK(sanitize("///") == "unknown");
  EngineKey k;
  k.model_path = "/models/TwinLite Net.onnx";
  k.model_fingerprint = 0x0123456789abcdefull;
  k.tensorrt_version = "8.5.2";
  k.gpu_name = "Orin (nvgpu)";
  k.compute_major = 8;
  k.compute_minor = 7;
  k.precision = Precision::int8;
  k.batch = 16;
  CHECK(engine_file_name(k) == "twinlite-net_0123456789abcdef_trt8.5.2_orin-nvgpu_sm87_int8_b16.engine");
  CHECK(engine_cache_path(k, "") == "/models/" + engine_file_name(k));
  CHECK(engine_cache_path(k, "/cache") == "/cache/" + engine_file_name(k));
  EngineKey other = k;
  other.tensorrt_version = "10.3.0";
  CHECK(engine_file_name(other) != engine_file_name(k));
  other = k;
  other.gpu_name = "Xavier";
  CHECK(engine_file_name(other) != engine_file_name(k));
  other = k;
  other.precision = Precision::fp16;
  CHECK(engine_file_name(other) != engine_file_name(k));
  other = k;
  other.batch = 1;
  CHECK(engine_file_name(other) != engine_file_name(k));
  k.model_path = "model.onnx";
  CHECK(engine_cache_path(k, "").rfind("./model_", 0) == 0);
  // The cache name is derived from the model's name and the GPU's: it must stay one file in the
  // cache folder whatever those say.
  for (const char *hostile : {"/m/...onnx", "/m/..", "/m/a\\..\\b.onnx", "/m/\x1b[2J.onnx", "/m/.onnx"}) {
    EngineKey h = k;
    h.model_path = hostile;
    h.gpu_name = "../../GPU/\n..";
    std::string name = engine_file_name(h);
    CHECK(name.find('/') == std::string::npos && name.find('\\') == std::string::npos);
    CHECK(name != "." && name != ".." && name.size() <= 255);
    CHECK(engine_cache_path(h, "/cache") == "/cache/" + name);
  }

  char path[] = "/tmp/twinlite-core-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd >= 0) {
    CHECK(write(fd, "a", 1) == 1);
    close(fd);
    uint64_t h = 0;
    std::string e;
    CHECK(file_fingerprint(path, h, e) && h == fnv1a64("a", 1));
    unlink(path);
    CHECK(!file_fingerprint(path, h, e) && e.find("No such file") != std::string::npos);
  }
}

// A CPU engine standing in for TensorRT: da = input channels 0/1, ll = channel 2 / -channel 0.
class FakeEngine : public Engine {
 public:
  explicit FakeEngine(int mode) : mode_(mode) {}
  bool infer(const float *in, int64_t n, int64_t h, int64_t w, float *da, float *ll,
             std::string &error) override {
    if (mode_ == 1) throw std::runtime_error("device lost");
    if (mode_ == 2) {
      error = "enqueueV3 failed: out of device memory";
      return false;
    }
    const int64_t plane = h * w;
    for (int64_t b = 0; b < n; b++)
      for (int64_t i = 0; i < plane; i++) {
        da[(2 * b) * plane + i] = in[(3 * b) * plane + i];
        da[(2 * b + 1) * plane + i] = in[(3 * b + 1) * plane + i];
        ll[(2 * b) * plane + i] = in[(3 * b + 2) * plane + i];
        ll[(2 * b + 1) * plane + i] = -in[(3 * b) * plane + i];
      }
    return true;
  }
  std::string describe() const override { return "fake engine mode " + std::to_string(mode_); }

 private:
  int mode_;
};

static std::unique_ptr<Engine> fake_factory(const std::string &model, const Options &o, int32_t &code,
                                            std::string &error) {
  if (model == "throw") throw std::runtime_error("parser exploded");
  if (model == "missing.onnx") {
    code = TWINLITE_ERROR_IO;
    error = "missing.onnx: No such file or directory";
    return nullptr;
  }
  return std::unique_ptr<Engine>(new FakeEngine(o.batch == 2 ? 1 : o.batch == 3 ? 2 : 0));
}

static void test_abi_glue() {
  const twinlite_backend_api *api = make_backend_api("tensorrt", fake_factory);
  CHECK(api->abi_version == TWINLITE_BACKEND_ABI_VERSION);
  CHECK(api->struct_size == sizeof(twinlite_backend_api));
  CHECK(std::strcmp(api->name(), "tensorrt") == 0);
  twinlite_error err;
  CHECK(api->create("m.onnx", "precision=fp99", &err) == nullptr &&
        err.code == TWINLITE_ERROR_INVALID_ARGUMENT);
  CHECK(std::strcmp(err.message, "option precision=fp99: expected fp32, fp16 or int8") == 0);
  CHECK(api->create("missing.onnx", "", &err) == nullptr && err.code == TWINLITE_ERROR_IO);
  CHECK(api->create("throw", "", &err) == nullptr && err.code == TWINLITE_ERROR_RUNTIME);
  CHECK(std::strcmp(err.message, "create: parser exploded") == 0);
  CHECK(api->create("", "", &err) == nullptr && err.code == TWINLITE_ERROR_INVALID_ARGUMENT);
  std::string long_key = "k" + std::string(2000, 'x') + "=1";  // message longer than the buffer: truncated
  CHECK(api->create("m.onnx", long_key.c_str(), &err) == nullptr);
  CHECK(std::strlen(err.message) == TWINLITE_ERROR_MESSAGE_CAPACITY - 1);

  void *h = api->create("m.onnx", "threads=2", &err);
  CHECK(h != nullptr);
  if (h) {
    CHECK(std::strcmp(api->describe(h), "fake engine mode 0") == 0);
    const int64_t n = 2, hh = 2, w = 3, plane = hh * w;
    std::vector<float> in(n * 3 * plane), da(n * 2 * plane), ll(n * 2 * plane);
    for (size_t i = 0; i < in.size(); i++) in[i] = (float)i;
    twinlite_timing timing{1, 1, 1};
    CHECK(api->last_timing(h, &timing) == TWINLITE_ERROR_INVALID_ARGUMENT);  // nothing ran yet
    CHECK(std::strcmp(api->last_error(h), "last_timing: no successful infer yet") == 0);
    CHECK(api->infer(h, in.data(), n, hh, w, da.data(), ll.data()) == TWINLITE_OK);
    // An engine that measures nothing itself reports every field as not measured.
    CHECK(api->last_timing(h, &timing) == TWINLITE_OK && timing.device_ms < 0 && timing.upload_ms < 0);
    CHECK(da[plane] == in[plane] && ll[2 * plane + 1] == in[5 * plane + 1]);
    CHECK(ll[3 * plane + 1] == -in[3 * plane + 1]);
    CHECK(std::strcmp(api->last_error(h), "") == 0);
    CHECK(api->infer(h, nullptr, n, hh, w, da.data(), ll.data()) == TWINLITE_ERROR_INVALID_ARGUMENT);
    CHECK(std::strcmp(api->last_error(h), "infer: NULL input or output pointer") == 0);
    CHECK(api->infer(h, in.data(), 0, hh, w, da.data(), ll.data()) == TWINLITE_ERROR_INVALID_ARGUMENT);
    api->destroy(h);
  }
  void *throwing = api->create("m.onnx", "batch=2", &err);
  CHECK(throwing != nullptr);
  if (throwing) {
    float x[3] = {0, 0, 0}, y[2], z[2];
    CHECK(api->infer(throwing, x, 1, 1, 1, y, z) == TWINLITE_ERROR_RUNTIME);
    CHECK(std::strcmp(api->last_error(throwing), "infer: device lost") == 0);
    api->destroy(throwing);
  }
  void *failing = api->create("m.onnx", "batch=3", &err);
  CHECK(failing != nullptr);
  if (failing) {
    float x[3] = {0, 0, 0}, y[2], z[2];
    CHECK(api->infer(failing, x, 1, 1, 1, y, z) == TWINLITE_ERROR_RUNTIME);
    CHECK(std::strcmp(api->last_error(failing), "enqueueV3 failed: out of device memory") == 0);
    api->destroy(failing);
  }
  api->destroy(nullptr);
  CHECK(std::strcmp(api->last_error(nullptr), "") == 0);
}

#ifndef TWINLITE_NO_FRAMES
static void test_frames(const char *sample_dir) {
  // Exact 2x reduction: (a+b+c+d+2)>>2 per channel, as OpenCV INTER_LINEAR gives for 1280x720 -> 640x360.
  const int sw = 4, sh = 2;
  std::vector<uint8_t> src(sw * sh * 3);
  for (size_t i = 0; i < src.size(); i++) src[i] = (uint8_t)(i * 37 % 256);
  std::vector<uint8_t> dst(2 * 1 * 3);
  resize_bgr_linear(src.data(), sw, sh, dst.data(), 2, 1);
  for (int x = 0; x < 2; x++)
    for (int c = 0; c < 3; c++) {
      int s = src[(2 * x) * 3 + c] + src[(2 * x + 1) * 3 + c] + src[(sw + 2 * x) * 3 + c] +
              src[(sw + 2 * x + 1) * 3 + c];
      CHECK(dst[x * 3 + c] == (s + 2) >> 2);
    }
  // A constant image stays constant under any bilinear resize.
  std::vector<uint8_t> flat(7 * 5 * 3, 200), out(3 * 2 * 3);
  resize_bgr_linear(flat.data(), 7, 5, out.data(), 3, 2);
  for (uint8_t v : out) CHECK(v == 200);
  // BGR interleaved -> RGB planar / 255.
  uint8_t bgr[6] = {10, 20, 30, 40, 50, 60};
  float planar[6];
  bgr_to_rgb_planar(bgr, 2, 1, planar);
  CHECK(planar[0] == 30 / 255.0f && planar[1] == 60 / 255.0f && planar[2] == 20 / 255.0f);
  CHECK(planar[4] == 10 / 255.0f && planar[5] == 40 / 255.0f);

  std::vector<std::string> frames;
  std::string e;
  CHECK(!list_frames("/nonexistent-twinlite", 10, frames, e) && e.find("No such file") != std::string::npos);
  if (sample_dir) {
    CHECK(list_frames(sample_dir, 2, frames, e) && frames.size() == 2);
    std::vector<float> chw;
    if (!frames.empty()) {
      CHECK(load_frame(frames[0], 640, 360, chw, e));
      CHECK(chw.size() == 3u * 360 * 640);
      double sum = 0;
      for (float v : chw) {
        CHECK(v >= 0.0f && v <= 1.0f);
        sum += v;
        if (!(v >= 0.0f && v <= 1.0f)) break;
      }
      CHECK(sum > 0);
    }
    CHECK(!load_frame(std::string(sample_dir) + "/missing.jpg", 640, 360, chw, e));
  }
}

#endif

int main(int argc, char **argv) {
  test_options();
  test_cache_keys();
  test_abi_glue();
#ifndef TWINLITE_NO_FRAMES
  test_frames(argc > 1 ? argv[1] : nullptr);
#else
  (void)argc;
  (void)argv;
  std::printf("plugin_core_test: frame tests skipped (built without libturbojpeg)\n");
#endif
  if (failures) {
    std::fprintf(stderr, "plugin_core_test: %d check(s) failed\n", failures);
    return 1;
  }
  std::printf("plugin_core_test: all checks passed\n");
  return 0;
}
