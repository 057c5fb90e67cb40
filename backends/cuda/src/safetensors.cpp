#include "safetensors.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace twinlite {
namespace {

constexpr uint64_t kMaxHeader = 100000000;  // the format's own reference limit
constexpr int kMaxDepth = 16;

// The subset of JSON a safetensors header uses: objects, arrays, strings, numbers, literals.
struct Json {
  enum Kind { null, boolean, number, string, array, object } kind = null;
  double num = 0;
  bool is_integer = false;
  int64_t integer = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json *find(const char *key) const {
    for (const auto &m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

class Parser {
 public:
  Parser(const char *p, const char *end) : p_(p), end_(end) {}

  bool document(Json &out, std::string &error) {
    if (!value(out, 0)) {
      error = "header is not valid JSON (" + problem_ + ")";
      return false;
    }
    skip();
    if (p_ != end_) {
      error = "header has bytes after the JSON object";
      return false;
    }
    return true;
  }

 private:
  void skip() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) p_++;
  }
  bool fail(const char *what) {
    problem_ = what;
    return false;
  }
  bool literal(const char *word) {
    size_t n = std::strlen(word);
    if ((size_t)(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return fail("unknown literal");
    p_ += n;
    return true;
  }
  static void utf8(uint32_t cp, std::string &out) {
    if (cp < 0x80) {
      out += (char)cp;
    } else if (cp < 0x800) {
      out += (char)(0xC0 | (cp >> 6));
      out += (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += (char)(0xE0 | (cp >> 12));
      out += (char)(0x80 | ((cp >> 6) & 0x3F));
      out += (char)(0x80 | (cp & 0x3F));
    } else {
      out += (char)(0xF0 | (cp >> 18));
      out += (char)(0x80 | ((cp >> 12) & 0x3F));
      out += (char)(0x80 | ((cp >> 6) & 0x3F));
      out += (char)(0x80 | (cp & 0x3F));
    }
  }
  bool hex4(uint32_t &cp) {
    if (end_ - p_ < 4) return fail("short \\u escape");
    cp = 0;
    for (int i = 0; i < 4; i++) {
      char c = *p_++;
      cp <<= 4;
      if (c >= '0' && c <= '9')
        cp |= (uint32_t)(c - '0');
      else if (c >= 'a' && c <= 'f')
        cp |= (uint32_t)(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        cp |= (uint32_t)(c - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return true;
  }
  bool string(std::string &out) {
    p_++;  // opening quote
    while (p_ < end_ && *p_ != '"') {
      unsigned char c = (unsigned char)*p_++;
      if (c < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out += (char)c;
        continue;
      }
      if (p_ >= end_) return fail("unterminated escape");
      char e = *p_++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            p_ += 2;
            uint32_t low;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8(cp, out);
          break;
        }
        default:
          return fail("unknown escape");
      }
    }
    if (p_ >= end_) return fail("unterminated string");
    p_++;
    return true;
  }
  bool number(Json &out) {
    const char *start = p_;
    bool integral = true;
    if (p_ < end_ && *p_ == '-') p_++;
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' || *p_ == '+' ||
                         *p_ == '-')) {
      if (*p_ == '.' || *p_ == 'e' || *p_ == 'E') integral = false;
      p_++;
    }
    std::string text(start, p_);
    if (text.empty() || text == "-") return fail("bad number");
    char *end = nullptr;
    errno = 0;
    out.kind = Json::number;
    out.num = std::strtod(text.c_str(), &end);
    if (*end != '\0') return fail("bad number");
    if (integral) {
      errno = 0;
      long long v = std::strtoll(text.c_str(), &end, 10);
      out.is_integer = errno == 0 && *end == '\0';
      out.integer = v;
    }
    return true;
  }
  bool value(Json &out, int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    skip();
    if (p_ >= end_) return fail("unexpected end");
    char c = *p_;
    if (c == '"') {
      out.kind = Json::string;
      return string(out.str);
    }
    if (c == '{' || c == '[') {
      bool object = c == '{';
      out.kind = object ? Json::object : Json::array;
      p_++;
      skip();
      if (p_ < end_ && *p_ == (object ? '}' : ']')) {
        p_++;
        return true;
      }
      while (true) {
        skip();
        if (object) {
          if (p_ >= end_ || *p_ != '"') return fail("expected a key");
          std::string key;
          if (!string(key)) return false;
          skip();
          if (p_ >= end_ || *p_ != ':') return fail("expected ':'");
          p_++;
          out.members.emplace_back(std::move(key), Json());
          if (!value(out.members.back().second, depth + 1)) return false;
        } else {
          out.items.emplace_back();
          if (!value(out.items.back(), depth + 1)) return false;
        }
        skip();
        if (p_ < end_ && *p_ == ',') {
          p_++;
          continue;
        }
        if (p_ < end_ && *p_ == (object ? '}' : ']')) {
          p_++;
          return true;
        }
        return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
    if (c == 't') return out.kind = Json::boolean, literal("true");
    if (c == 'f') return out.kind = Json::boolean, literal("false");
    if (c == 'n') return out.kind = Json::null, literal("null");
    return number(out);
  }

  const char *p_, *end_;
  std::string problem_;
};

float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  float v;
  if (exp == 0)
    v = std::ldexp((float)mant, -24);
  else if (exp == 31)
    v = mant ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  else
    v = std::ldexp((float)(mant | 0x400), (int)exp - 25);
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits |= sign;
  std::memcpy(&v, &bits, 4);
  return v;
}

uint64_t le(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

int dtype_size(const std::string &dtype, bool &is_float) {
  is_float = dtype == "F32" || dtype == "F16" || dtype == "BF16" || dtype == "F64";
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
  return 0;
}

float element(const uint8_t *p, const std::string &dtype) {
  if (dtype == "F32") {
    uint32_t bits = (uint32_t)le(p, 4);
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  if (dtype == "F64") {
    uint64_t bits = le(p, 8);
    double v;
    std::memcpy(&v, &bits, 8);
    return (float)v;
  }
  if (dtype == "BF16") {
    uint32_t bits = (uint32_t)le(p, 2) << 16;
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  return half_to_float((uint16_t)le(p, 2));
}

}  // namespace

bool parse_safetensors(const uint8_t *bytes, size_t size, const std::string &source, TensorMap &out,
                       std::string &error) {
  auto bad = [&](const std::string &what) {
    error = source + ": not a usable safetensors file: " + what;
    return false;
  };
  if (size < 8) return bad("shorter than the 8-byte header length");
  uint64_t header = le(bytes, 8);
  if (header > kMaxHeader) return bad("header length " + std::to_string(header) + " exceeds 100 MB");
  if (8 + header > size) return bad("header length " + std::to_string(header) + " runs past the end");
  Json root;
  std::string json_error;
  Parser parser(reinterpret_cast<const char *>(bytes + 8),
                reinterpret_cast<const char *>(bytes + 8 + header));
  if (!parser.document(root, json_error)) return bad(json_error);
  if (root.kind != Json::object) return bad("header is not a JSON object");
  const uint8_t *payload = bytes + 8 + header;
  const uint64_t payload_size = size - 8 - header;
  TensorMap result;
  for (const auto &[stored, info] : root.members) {
    if (stored == "__metadata__") continue;
    const Json *dtype = info.find("dtype"), *shape = info.find("shape"), *offsets = info.find("data_offsets");
    if (info.kind != Json::object || !dtype || dtype->kind != Json::string || !shape ||
        shape->kind != Json::array || !offsets || offsets->kind != Json::array || offsets->items.size() != 2)
      return bad("entry '" + stored + "' lacks dtype/shape/data_offsets");
    bool is_float = false;
    int elem = dtype_size(dtype->str, is_float);
    if (elem == 0) return bad("entry '" + stored + "' has unknown dtype " + dtype->str);
    uint64_t count = 1;
    std::vector<int64_t> dims;
    for (const Json &d : shape->items) {
      if (d.kind != Json::number || !d.is_integer || d.integer < 0 || d.integer > (1LL << 31))
        return bad("entry '" + stored + "' has an out-of-range shape");
      dims.push_back(d.integer);
      count *= (uint64_t)d.integer;
      if (count > (1ULL << 31)) return bad("entry '" + stored + "' has more than 2^31 elements");
    }
    const Json &b = offsets->items[0], &e = offsets->items[1];
    if (b.kind != Json::number || e.kind != Json::number || !b.is_integer || !e.is_integer || b.integer < 0 ||
        b.integer > e.integer || (uint64_t)e.integer > payload_size ||
        (uint64_t)(e.integer - b.integer) != count * (uint64_t)elem)
      return bad("entry '" + stored + "': data_offsets do not fit its shape and dtype " + dtype->str +
                 " within the " + std::to_string(payload_size) + "-byte data section");
    if (!is_float) {
      if (stored.size() >= 19 && stored.compare(stored.size() - 19, 19, "num_batches_tracked") == 0) continue;
      return bad("entry '" + stored + "' has dtype " + dtype->str + "; weights must be floating point");
    }
    std::string key = stored.compare(0, 7, "module.") == 0 ? stored.substr(7) : stored;
    if (result.count(key)) return bad("two entries map to the key '" + key + "'");
    HostTensor t;
    t.shape = dims;
    t.data.resize(count);
    const uint8_t *p = payload + b.integer;
    for (uint64_t i = 0; i < count; i++) t.data[i] = element(p + i * (uint64_t)elem, dtype->str);
    result.emplace(std::move(key), std::move(t));
  }
  out = std::move(result);
  return true;
}

bool read_safetensors(const std::string &path, TensorMap &out, std::string &error, bool *unreadable) {
  if (unreadable) *unreadable = true;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<uint8_t> bytes;
  uint8_t buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.insert(bytes.end(), buffer, buffer + n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    error = path + ": read error";
    return false;
  }
  if (unreadable) *unreadable = false;
  if (bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
    error = path +
            " is a PyTorch zip checkpoint; the CUDA plugin reads safetensors: convert it with "
            "`twinlite-bench export-safetensors --weights " +
            path + " --out model.safetensors`";
    return false;
  }
  return parse_safetensors(bytes.data(), bytes.size(), path, out, error);
}

}  // namespace twinlite
