#include "frames.h"

#include <dirent.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace twinlite {

bool list_frames(const std::string &dir, size_t max_count, std::vector<std::string> &out,
                 std::string &error) {
  DIR *d = opendir(dir.c_str());
  if (!d) {
    error = "calibration folder " + dir + ": " + std::strerror(errno);
    return false;
  }
  std::vector<std::string> names;
  while (dirent *e = readdir(d)) {
    std::string n = e->d_name;
    std::string lower = n;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return (char)std::tolower(c); });
    auto ends = [&](const char *s) {
      size_t k = std::strlen(s);
      return lower.size() > k && lower.compare(lower.size() - k, k, s) == 0;
    };
    if (ends(".jpg") || ends(".jpeg")) names.push_back(n);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  if (names.empty()) {
    error = "calibration folder " + dir + ": no .jpg files";
    return false;
  }
  if (names.size() > max_count) names.resize(max_count);
  out.clear();
  for (const auto &n : names) out.push_back(dir + (dir.empty() || dir.back() == '/' ? "" : "/") + n);
  return true;
}

void resize_bgr_linear(const uint8_t *src, int sw, int sh, uint8_t *dst, int dw, int dh) {
  if (sw == 2 * dw && sh == 2 * dh) {
    for (int y = 0; y < dh; y++) {
      const uint8_t *r0 = src + (size_t)(2 * y) * sw * 3, *r1 = r0 + (size_t)sw * 3;
      for (int x = 0; x < dw; x++) {
        for (int c = 0; c < 3; c++) {
          int s = r0[6 * x + c] + r0[6 * x + 3 + c] + r1[6 * x + c] + r1[6 * x + 3 + c];
          dst[((size_t)y * dw + x) * 3 + c] = (uint8_t)((s + 2) >> 2);
        }
      }
    }
    return;
  }
  const float sx = (float)sw / dw, sy = (float)sh / dh;
  for (int y = 0; y < dh; y++) {
    float fy = (y + 0.5f) * sy - 0.5f;
    int y0 = (int)std::floor(fy);
    float wy = fy - y0;
    int ya = std::min(std::max(y0, 0), sh - 1), yb = std::min(std::max(y0 + 1, 0), sh - 1);
    for (int x = 0; x < dw; x++) {
      float fx = (x + 0.5f) * sx - 0.5f;
      int x0 = (int)std::floor(fx);
      float wx = fx - x0;
      int xa = std::min(std::max(x0, 0), sw - 1), xb = std::min(std::max(x0 + 1, 0), sw - 1);
      for (int c = 0; c < 3; c++) {
        auto at = [&](int yy, int xx) { return (float)src[((size_t)yy * sw + xx) * 3 + c]; };
        float v = (1 - wy) * ((1 - wx) * at(ya, xa) + wx * at(ya, xb)) +
                  wy * ((1 - wx) * at(yb, xa) + wx * at(yb, xb));
        dst[((size_t)y * dw + x) * 3 + c] = (uint8_t)std::min(255.0f, std::max(0.0f, std::nearbyint(v)));
      }
    }
  }
}

void bgr_to_rgb_planar(const uint8_t *bgr, int w, int h, float *out) {
  const size_t plane = (size_t)w * h;
  for (size_t i = 0; i < plane; i++) {
    out[i] = bgr[3 * i + 2] / 255.0f;
    out[plane + i] = bgr[3 * i + 1] / 255.0f;
    out[2 * plane + i] = bgr[3 * i] / 255.0f;
  }
}

bool load_frame(const std::string &path, int width, int height, std::vector<float> &out, std::string &error) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<unsigned char> jpeg;
  unsigned char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) jpeg.insert(jpeg.end(), buf, buf + n);
  std::fclose(f);
  tjhandle tj = tjInitDecompress();
  if (!tj) {
    error = "TurboJPEG: cannot create a decompressor";
    return false;
  }
  int w = 0, h = 0, subsampling = 0, colorspace = 0;
  bool ok = tjDecompressHeader3(tj, jpeg.data(), (unsigned long)jpeg.size(), &w, &h, &subsampling,
                                &colorspace) == 0;
  std::vector<uint8_t> bgr;
  if (ok && w > 0 && h > 0) {
    bgr.resize((size_t)w * h * 3);
    ok = tjDecompress2(tj, jpeg.data(), (unsigned long)jpeg.size(), bgr.data(), w, 0, h, TJPF_BGR, 0) == 0;
  } else {
    ok = false;
  }
  if (!ok) error = path + ": JPEG decode failed: " + tjGetErrorStr2(tj);
  tjDestroy(tj);
  if (!ok) return false;
  std::vector<uint8_t> small((size_t)width * height * 3);
  resize_bgr_linear(bgr.data(), w, h, small.data(), width, height);
  out.resize((size_t)3 * width * height);
  bgr_to_rgb_planar(small.data(), width, height, out.data());
  return true;
}

}  // namespace twinlite
