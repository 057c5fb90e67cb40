// Checks of the CUDA plugin's CUDA-free core: option parsing, the safetensors reader on good and
// damaged bytes, and the network plan built from a real export (argv[1], optional): a missing or
// misshapen tensor is named, every convolution sees packed tensors, and every view stays inside
// its buffer. Run by tests/run-core-tests.sh (TwinLitePluginTests on CI).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cuda_options.h"
#include "network.h"
#include "safetensors.h"

using namespace twinlite;

static int failures = 0;
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

static bool contains(const std::string &text, const char *part) {
  return text.find(part) != std::string::npos;
}

static void test_options() {
  CudaOptions o;
  std::string e;
  CHECK(parse_cuda_options(nullptr, o, e) && o.precision == CudaPrecision::fp16 && o.batch == 1 && o.graph);
  CHECK(parse_cuda_options(" precision = fp32 ; batch=32;graph=0;device=1;workspace_mb=0;threads=2;", o, e));
  CHECK(o.precision == CudaPrecision::fp32 && o.batch == 32 && !o.graph && o.device == 1 &&
        o.workspace_mb == 0);
  CHECK(!parse_cuda_options("precision=int8", o, e) && e == "option precision=int8: expected fp32 or fp16");
  CHECK(!parse_cuda_options("batch=65", o, e) && e == "option batch=65: expected an integer in 1...64");
  CHECK(!parse_cuda_options("graph=yes", o, e) && contains(e, "option graph=yes"));
  CHECK(!parse_cuda_options("cache_dir=/tmp", o, e) &&
        e == "unknown option 'cache_dir' (known: precision, batch, graph, device, workspace_mb, threads)");
  CHECK(!parse_cuda_options("fp16", o, e) && e == "option 'fp16' is not key=value");
  CHECK(std::strcmp(precision_name(CudaPrecision::fp32), "fp32") == 0);
}

// A safetensors file from a header and a data section.
static std::vector<uint8_t> file(const std::string &header, const std::vector<uint8_t> &data) {
  std::string bytes;
  for (int i = 0; i < 8; i++) bytes.push_back((char)(uint8_t)((uint64_t)header.size() >> (8 * i)));
  bytes += header;
  bytes.append(data.begin(), data.end());
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

static void test_safetensors() {
  // F32 1.5 and -2, F16 1.0 and -0.5, BF16 3.0, an I64 counter that is skipped, "module." removed.
  std::vector<uint8_t> data = {0,    0,    0xC0, 0x3F, 0, 0, 0, 0xC0, 0x00, 0x3C, 0x00,
                               0xB8, 0x40, 0x40, 1,    0, 0, 0, 0,    0,    0,    0};
  std::string header =
      "{\"__metadata__\":{\"format\":\"pt\"},\"module.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":["
      "0,8]},"
      "\"b\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
      "\"c\\u00e9\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[12,14]},"
      "\"x.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[14,22]}}   ";
  std::vector<uint8_t> good = file(header, data);
  TensorMap m;
  std::string e;
  CHECK(parse_safetensors(good.data(), good.size(), "t.safetensors", m, e));
  CHECK(m.size() == 3 && m.count("a") && m.count("b") && m.count("c\xc3\xa9"));
  if (m.size() == 3) {
    CHECK(m["a"].data == std::vector<float>({1.5f, -2.0f}) && m["a"].shape == std::vector<int64_t>({2}));
    CHECK(m["b"].data == std::vector<float>({1.0f, -0.5f}) && m["b"].shape == std::vector<int64_t>({1, 2}));
    CHECK(m["c\xc3\xa9"].data == std::vector<float>({3.0f}) && m["c\xc3\xa9"].shape.empty());
  }
  auto fails = [&](const std::vector<uint8_t> &bytes, const char *part) {
    TensorMap t;
    std::string err;
    bool ok = parse_safetensors(bytes.data(), bytes.size(), "bad.safetensors", t, err);
    if (ok || !contains(err, "bad.safetensors: not a usable safetensors file: ") || !contains(err, part)) {
      std::fprintf(stderr, "expected an error with '%s', got '%s'\n", part, err.c_str());
      failures++;
    }
  };
  fails(std::vector<uint8_t>(good.begin(), good.begin() + 5), "shorter than the 8-byte header length");
  fails(std::vector<uint8_t>(good.begin(), good.begin() + 40), "runs past the end");
  fails(std::vector<uint8_t>(good.begin(), good.end() - 1), "'x.num_batches_tracked': data_offsets");
  fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data), "'a': data_offsets");
  fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,0]}}", data), "'a': data_offsets");
  fails(file("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", data), "unknown dtype Q4");
  fails(file("{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data),
        "dtype I32; weights must be floating point");
  fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data),
        "out-of-range shape");
  fails(file("{\"a\":{\"shape\":[2]}}", data), "lacks dtype/shape/data_offsets");
  fails(file("{\"a\": [1, 2", data), "header is not valid JSON");
  fails(file("[1]", data), "header is not a JSON object");
  fails(file("{\"module.a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
             "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
             data),
        "two entries map to the key 'a'");
  std::string deep(40, '[');
  fails(file(deep, data), "nested too deeply");
  std::vector<uint8_t> huge(16, 0);
  huge[5] = 1;  // header length 2^40
  fails(huge, "exceeds 100 MB");

  CHECK(!read_safetensors("/nonexistent/w.safetensors", m, e) &&
        contains(e, "/nonexistent/w.safetensors: No such"));
}

static void test_plan(const char *weights) {
  TensorMap m;
  std::string e;
  if (!read_safetensors(weights, m, e)) {
    std::fprintf(stderr, "cannot read %s: %s\n", weights, e.c_str());
    failures++;
    return;
  }
  Plan p;
  CHECK(build_plan(m, 360, 640, p, e));
  CHECK(!build_plan(m, 360, 644, p, e) &&
        e == "input 360x644 is not a positive multiple of 8 in both dimensions");
  CHECK(build_plan(m, 360, 640, p, e));
  size_t convs = 0;
  auto inside = [&](const Slice &s) {
    return s.none() || ((size_t)(s.channel + s.channels) * s.h * s.w <= s.batch_stride &&
                        s.batch_stride <= p.buffers[s.buffer].per_image());
  };
  for (const Step &s : p.steps) {
    CHECK(inside(s.in) && inside(s.out) && inside(s.out2) && inside(s.add));
    for (const Slice &b : s.branch) CHECK(inside(b));
    if (s.kind == StepKind::conv) {
      convs++;
      CHECK(s.in.packed() && s.out.packed());
      CHECK(s.weight % 16 == 0);  // 64-byte aligned filters
    }
  }
  CHECK(convs == 4 + 7 * 6 + 1 + 3);  // 4 CBRs, 7 ESP blocks of 6, PAM q|k|v, conv_sa, conv_sc, classifier
  CHECK(p.buffers[p.da].per_image() == 2u * 360 * 640 && p.buffers[p.ll].storage == Storage::f32);

  TensorMap missing = m;
  missing.erase("encoder.level3.1.d8.conv.weight");
  CHECK(!build_plan(missing, 360, 640, p, e) &&
        e == "state dict has no tensor 'encoder.level3.1.d8.conv.weight'");
  TensorMap reshaped = m;
  reshaped["up_2_2.act.weight"].shape = {4, 2};
  CHECK(!build_plan(reshaped, 360, 640, p, e) && e == "'up_2_2.act.weight' has shape [4, 2], expected [8]");
}

int main(int argc, char **argv) {
  test_options();
  test_safetensors();
  if (argc > 1)
    test_plan(argv[1]);
  else
    std::printf("cuda_core_test: plan checks skipped (no weights file given)\n");
  if (failures) {
    std::fprintf(stderr, "cuda_core_test: %d check(s) failed\n", failures);
    return 1;
  }
  std::printf("cuda_core_test: all checks passed\n");
  return 0;
}
