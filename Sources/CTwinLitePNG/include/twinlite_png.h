// PNG encode/decode through libpng's full API. libpng reports errors with longjmp, which Swift
// cannot survive, so every setjmp lives in shim.c and errors come back as a code and a message.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// PNG colour types (the values of the PNG IHDR field).
enum {
  TL_PNG_COLOR_GRAY = 0,
  TL_PNG_COLOR_RGB = 2,
  TL_PNG_COLOR_PALETTE = 3,
  TL_PNG_COLOR_GRAY_ALPHA = 4,
  TL_PNG_COLOR_RGBA = 6,
};

/// Result codes.
enum {
  TL_PNG_OK = 0,
  TL_PNG_ERROR_LIBPNG = 1,     // libpng's error callback fired; see message
  TL_PNG_ERROR_NO_MEMORY = 2,
  TL_PNG_ERROR_ARGUMENT = 3,
  TL_PNG_ERROR_NOT_PNG = 4,    // signature mismatch
  TL_PNG_ERROR_TRUNCATED = 5,  // data ended before the image did
};

/// Filter masks for `filters` (PNG_FILTER_* values of libpng).
enum {
  TL_PNG_FILTER_NONE = 0x08,
  TL_PNG_FILTER_SUB = 0x10,
  TL_PNG_FILTER_UP = 0x20,
  TL_PNG_FILTER_AVG = 0x40,
  TL_PNG_FILTER_PAETH = 0x80,
  TL_PNG_FILTER_ALL = 0xf8,
};

/// A growable output buffer; reuse it across calls (set `size` to 0) to avoid reallocations.
typedef struct tl_png_buffer {
  uint8_t *data;
  size_t size;
  size_t capacity;
} tl_png_buffer;

/// Encoder settings. `strategy` is a zlib strategy (0 default, 1 filtered, 2 huffman only, 3 RLE).
typedef struct tl_png_write_options {
  int level;
  int strategy;
  int filters;
} tl_png_write_options;

/// Encodes 8-bit pixels (`stride` bytes per row) as PNG into `out` (appending from `out->size`).
/// `palette_rgb` holds `palette_count` RGB triples, used only for TL_PNG_COLOR_PALETTE.
int tl_png_encode(tl_png_buffer *out, const uint8_t *pixels, uint32_t width, uint32_t height,
                  size_t stride, int color_type, const uint8_t *palette_rgb, int palette_count,
                  tl_png_write_options options, char *message, size_t message_capacity);

/// Frees a buffer's storage and zeroes it.
void tl_png_buffer_free(tl_png_buffer *buffer);

/// Largest decoded image tl_png_decode accepts (bytes); larger headers are reported as corrupt.
#define TL_PNG_MAX_DECODED_BYTES (1u << 30)

/// What a decoded image holds. `channels` is per pixel after decoding (8-bit samples):
/// gray and palette give 1 (palette gives indices), gray+alpha 2, RGB 3, RGBA 4.
typedef struct tl_png_info {
  uint32_t width;
  uint32_t height;
  int color_type;
  int bit_depth;
  int channels;
  int interlaced;
  int palette_count;
  uint8_t palette[256 * 3];
} tl_png_info;

/// Decodes a PNG held in memory. On success `*pixels` is a malloc'd `width*height*channels` buffer
/// (free it with tl_png_free). 16-bit samples are reduced to 8 bits, gray below 8 bits is scaled
/// to 8 bits, palette indices below 8 bits are unpacked to one byte each.
int tl_png_decode(const uint8_t *data, size_t size, tl_png_info *info, uint8_t **pixels,
                  char *message, size_t message_capacity);

void tl_png_free(void *pointer);

/// libpng's version string, for reports.
const char *tl_png_version(void);
