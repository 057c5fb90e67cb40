// TensorRT-free glue of the TensorRT plugin; see plugin_core.h.
#include "plugin_core.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace twinlite {

const char *precision_name(Precision p) {
  switch (p) {
    case Precision::fp32:
      return "fp32";
    case Precision::fp16:
      return "fp16";
    case Precision::int8:
      return "int8";
  }
  return "?";
}

namespace {

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

bool split_options(const char *text, std::vector<std::pair<std::string, std::string>> &out,
                   std::string &error) {
  out.clear();
  std::string all = text ? text : "";
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find(';', start);
    if (end == std::string::npos) end = all.size();
    std::string item = trim(all.substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "option '" + item + "' is not key=value";
      return false;
    }
    out.emplace_back(trim(item.substr(0, eq)), trim(item.substr(eq + 1)));
  }
  return true;
}

bool parse_int(const std::string &key, const std::string &value, int lo, int hi, int &out,
               std::string &error) {
  errno = 0;
  char *end = nullptr;
  long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || errno != 0 || *end != '\0' || v < lo || v > hi) {
    error = "option " + key + "=" + value + ": expected an integer in " + std::to_string(lo) + "..." +
            std::to_string(hi);
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

bool parse_options(const char *text, Options &out, std::string &error) {
  Options o;
  std::vector<std::pair<std::string, std::string>> items;
  if (!split_options(text, items, error)) return false;
  for (const auto &[key, value] : items) {
    if (key == "precision") {
      if (value == "fp32")
        o.precision = Precision::fp32;
      else if (value == "fp16")
        o.precision = Precision::fp16;
      else if (value == "int8")
        o.precision = Precision::int8;
      else {
        error = "option precision=" + value + ": expected fp32, fp16 or int8";
        return false;
      }
    } else if (key == "batch") {
      if (!parse_int(key, value, 1, 64, o.batch, error)) return false;
    } else if (key == "cache_dir") {
      o.cache_dir = value;
    } else if (key == "calib_dir") {
      o.calib_dir = value;
    } else if (key == "calib_count") {
      if (!parse_int(key, value, 1, 10000, o.calib_count, error)) return false;
    } else if (key == "workspace_mb") {
      if (!parse_int(key, value, 16, 65536, o.workspace_mb, error)) return false;
    } else if (key == "device") {
      if (!parse_int(key, value, 0, 63, o.device, error)) return false;
    } else if (key == "rebuild") {
      int v = 0;
      if (!parse_int(key, value, 0, 1, v, error)) return false;
      o.rebuild = v == 1;
    } else if (key == "threads") {
      int ignored = 0;
      if (!parse_int(key, value, 1, 4096, ignored, error)) return false;
    } else {
      error = "unknown option '" + key +
              "' (known: precision, batch, cache_dir, calib_dir, calib_count, workspace_mb, device, rebuild, "
              "threads)";
      return false;
    }
  }
  if (o.precision == Precision::int8 && o.calib_dir.empty()) {
    error = "precision=int8 needs calib_dir=<folder of .jpg frames>";
    return false;
  }
  out = o;
  return true;
}

uint64_t fnv1a64(const void *data, size_t size, uint64_t seed) {
  const unsigned char *p = static_cast<const unsigned char *>(data);
  uint64_t h = seed;
  for (size_t i = 0; i < size; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

bool file_fingerprint(const std::string &path, uint64_t &out, std::string &error) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  uint64_t h = 0xcbf29ce484222325ull;
  unsigned char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) h = fnv1a64(buffer, n, h);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    error = path + ": read error";
    return false;
  }
  out = h;
  return true;
}

std::string sanitize(const std::string &text) {
  std::string out;
  bool dash = false;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
      dash = false;
    } else if (c == '.' && !out.empty() && std::isdigit(static_cast<unsigned char>(out.back()))) {
      out.push_back('.');  // keep version numbers readable: 10.3.0
      dash = false;
    } else if (!dash && !out.empty()) {
      out.push_back('-');
      dash = true;
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out.empty() ? "unknown" : out;
}

std::string engine_file_name(const EngineKey &key) {
  std::string base = key.model_path;
  size_t slash = base.find_last_of('/');
  if (slash != std::string::npos) base = base.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  char fingerprint[17];
  std::snprintf(fingerprint, sizeof fingerprint, "%016llx",
                static_cast<unsigned long long>(key.model_fingerprint));
  return sanitize(base) + "_" + fingerprint + "_trt" + sanitize(key.tensorrt_version) + "_" +
         sanitize(key.gpu_name) + "_sm" + std::to_string(key.compute_major) +
         std::to_string(key.compute_minor) + "_" + precision_name(key.precision) + "_b" +
         std::to_string(key.batch) + ".engine";
}

std::string engine_cache_path(const EngineKey &key, const std::string &cache_dir) {
  std::string dir = cache_dir;
  if (dir.empty()) {
    size_t slash = key.model_path.find_last_of('/');
    dir = slash == std::string::npos ? "." : key.model_path.substr(0, slash == 0 ? 1 : slash);
  }
  if (!dir.empty() && dir.back() != '/') dir.push_back('/');
  return dir + engine_file_name(key);
}

void set_error(twinlite_error *error, int32_t code, const std::string &message) {
  if (!error) return;
  error->code = code;
  size_t n = message.size() < sizeof error->message - 1 ? message.size() : sizeof error->message - 1;
  std::memcpy(error->message, message.data(), n);
  error->message[n] = '\0';
}

namespace {

struct Handle {
  std::unique_ptr<Engine> engine;
  std::string last_error;
  std::string description;
  bool has_run = false;
};

const char *g_name = "tensorrt";
EngineFactory g_factory = nullptr;
RawEngineFactory g_raw_factory = nullptr;

const char *api_name() { return g_name; }

// The plugin's own factory, or TensorRT's options parsed here first.
std::unique_ptr<Engine> build_engine(const char *model_path, const char *options, int32_t &code,
                                     std::string &message) {
  if (g_raw_factory) return g_raw_factory(model_path, options, code, message);
  Options parsed;
  if (!parse_options(options, parsed, message)) {
    code = TWINLITE_ERROR_INVALID_ARGUMENT;
    return nullptr;
  }
  if (!g_factory) {
    code = TWINLITE_ERROR_RUNTIME;
    message = "plugin has no engine factory";
    return nullptr;
  }
  return g_factory(model_path, parsed, code, message);
}

void *api_create(const char *model_path, const char *options, twinlite_error *error) {
  twinlite_error scratch;
  if (!error) error = &scratch;
  set_error(error, TWINLITE_OK, "");
  try {
    if (!model_path || !*model_path) {
      set_error(error, TWINLITE_ERROR_INVALID_ARGUMENT, "model path is empty");
      return nullptr;
    }
    std::string message;
    int32_t code = TWINLITE_ERROR_MODEL;
    std::unique_ptr<Engine> engine = build_engine(model_path, options, code, message);
    if (!engine) {
      set_error(error, code == TWINLITE_OK ? TWINLITE_ERROR_MODEL : code, message);
      return nullptr;
    }
    Handle *h = new Handle;
    h->description = engine->describe();
    h->engine = std::move(engine);
    return h;
  } catch (const std::bad_alloc &) {
    set_error(error, TWINLITE_ERROR_OUT_OF_MEMORY, "out of memory while creating the engine");
  } catch (const std::exception &e) {
    set_error(error, TWINLITE_ERROR_RUNTIME, std::string("create: ") + e.what());
  } catch (...) {
    set_error(error, TWINLITE_ERROR_RUNTIME, "create: unknown C++ exception");
  }
  return nullptr;
}

int32_t api_infer(void *handle, const float *input, int64_t n, int64_t h, int64_t w, float *da, float *ll) {
  if (!handle) return TWINLITE_ERROR_INVALID_ARGUMENT;
  Handle *ctx = static_cast<Handle *>(handle);
  try {
    ctx->last_error.clear();
    if (!input || !da || !ll) {
      ctx->last_error = "infer: NULL input or output pointer";
      return TWINLITE_ERROR_INVALID_ARGUMENT;
    }
    if (n < 1 || h < 1 || w < 1) {
      ctx->last_error = "infer: batch, height and width must be >= 1";
      return TWINLITE_ERROR_INVALID_ARGUMENT;
    }
    std::string message;
    if (!ctx->engine->infer(input, n, h, w, da, ll, message)) {
      ctx->last_error = message.empty() ? "infer failed" : message;
      return TWINLITE_ERROR_RUNTIME;
    }
    ctx->has_run = true;
    return TWINLITE_OK;
  } catch (const std::exception &e) {
    ctx->last_error = std::string("infer: ") + e.what();
  } catch (...) {
    ctx->last_error = "infer: unknown C++ exception";
  }
  return TWINLITE_ERROR_RUNTIME;
}

const char *api_last_error(void *handle) {
  return handle ? static_cast<Handle *>(handle)->last_error.c_str() : "";
}

const char *api_describe(void *handle) {
  return handle ? static_cast<Handle *>(handle)->description.c_str() : "";
}

void api_destroy(void *handle) {
  try {
    delete static_cast<Handle *>(handle);
  } catch (...) {
    // Destructors of CUDA/TensorRT objects must not unwind into the host.
  }
}

int32_t api_last_timing(void *handle, twinlite_timing *timing) {
  if (!handle || !timing) return TWINLITE_ERROR_INVALID_ARGUMENT;
  Handle *ctx = static_cast<Handle *>(handle);
  if (!ctx->has_run) {
    ctx->last_error = "last_timing: no successful infer yet";
    return TWINLITE_ERROR_INVALID_ARGUMENT;
  }
  twinlite_timing t{-1, -1, -1};
  if (ctx->engine->timing(t)) *timing = t;
  else *timing = twinlite_timing{-1, -1, -1};  // this engine measures nothing itself
  return TWINLITE_OK;
}

const twinlite_backend_api g_table = {
    TWINLITE_BACKEND_ABI_VERSION,
    sizeof(twinlite_backend_api),
    api_name,
    api_create,
    api_infer,
    api_last_error,
    api_describe,
    api_destroy,
    api_last_timing,
};

}  // namespace

const twinlite_backend_api *make_backend_api(const char *name, EngineFactory factory) {
  g_name = name;
  g_factory = factory;
  g_raw_factory = nullptr;
  return &g_table;
}

const twinlite_backend_api *make_backend_api(const char *name, RawEngineFactory factory) {
  g_name = name;
  g_factory = nullptr;
  g_raw_factory = factory;
  return &g_table;
}

}  // namespace twinlite
