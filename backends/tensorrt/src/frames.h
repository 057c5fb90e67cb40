// TensorRT-free frame loading for INT8 calibration: the official TwinLiteNet preprocessing
// (cv2.imread BGR → resize to 640×360 INTER_LINEAR → RGB → /255, no mean/std), with TurboJPEG.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace twinlite {

// Sorted paths of the *.jpg / *.jpeg files in `dir` (at most `max_count`); false if unreadable or empty.
bool list_frames(const std::string &dir, size_t max_count, std::vector<std::string> &out, std::string &error);

// Resizes interleaved BGR. An exact 2× reduction (BDD100K 1280×720 → 640×360) is OpenCV's result
// exactly, (a+b+c+d+2)>>2; other sizes use OpenCV's half-pixel bilinear rule in float (may differ by 1).
void resize_bgr_linear(const uint8_t *src, int sw, int sh, uint8_t *dst, int dw, int dh);

// Interleaved BGR u8 → planar RGB float in [0, 1] (3×h×w).
void bgr_to_rgb_planar(const uint8_t *bgr, int w, int h, float *out);

// Decodes `path` and writes 3×height×width floats into `out`.
bool load_frame(const std::string &path, int width, int height, std::vector<float> &out, std::string &error);

}  // namespace twinlite
