// A specialised PNG encoder for 8-bit gray masks (few distinct values, long runs): filter NONE,
// one IDAT holding a zlib stream written directly (RFC 1950/1951): one DEFLATE block with a small
// dynamic Huffman code, or the fixed code when that is shorter.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "twinlite_png.h"

/// Widest image the mask encoder takes (its adler32 arithmetic stays exact in 64 bits per row).
enum { TL_PNG_MASK_MAX_WIDTH = 1 << 20 };

/// Encodes `width * height` 8-bit gray pixels (`stride` bytes per row) as a PNG appended to `out`.
/// Returns TL_PNG_OK, TL_PNG_ERROR_ARGUMENT (zero size, width over TL_PNG_MASK_MAX_WIDTH, image
/// over TL_PNG_MAX_DECODED_BYTES) or TL_PNG_ERROR_NO_MEMORY.
int tl_png_encode_gray_mask(tl_png_buffer *out, const uint8_t *pixels, uint32_t width,
                            uint32_t height, size_t stride);

/// The adler32 of `count` bytes continuing from `adler` (1 to start), computed from runs of equal
/// bytes in closed form as the encoder does; exposed so tests can compare it with a plain loop.
uint32_t tl_png_mask_adler32(uint32_t adler, const uint8_t *bytes, size_t count);
