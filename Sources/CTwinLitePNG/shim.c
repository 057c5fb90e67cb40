#include "twinlite_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// Per-call state reached from libpng's callbacks through the error/io pointers.
typedef struct tl_context {
  char *message;
  size_t message_capacity;
  int code;
  // Reading.
  const uint8_t *data;
  size_t size;
  size_t offset;
  // Writing.
  tl_png_buffer *out;
} tl_context;

static void tl_set_message(tl_context *ctx, const char *text) {
  if (ctx->message != NULL && ctx->message_capacity > 0) {
    strncpy(ctx->message, text, ctx->message_capacity - 1);
    ctx->message[ctx->message_capacity - 1] = '\0';
  }
}

static void tl_error(png_structp png, png_const_charp text) {
  tl_context *ctx = (tl_context *)png_get_error_ptr(png);
  if (ctx->code == TL_PNG_OK) ctx->code = TL_PNG_ERROR_LIBPNG;
  // A read callback that already described the problem keeps its own message.
  if (ctx->code == TL_PNG_ERROR_LIBPNG) tl_set_message(ctx, text);
  png_longjmp(png, 1);
}

static void tl_warning(png_structp png, png_const_charp text) {
  (void)png;
  (void)text;
}

static void tl_write_data(png_structp png, png_bytep bytes, size_t length) {
  tl_context *ctx = (tl_context *)png_get_io_ptr(png);
  tl_png_buffer *out = ctx->out;
  if (out->size + length > out->capacity) {
    size_t capacity = out->capacity ? out->capacity : 16384;
    while (capacity < out->size + length) capacity *= 2;
    uint8_t *grown = (uint8_t *)realloc(out->data, capacity);
    if (grown == NULL) {
      ctx->code = TL_PNG_ERROR_NO_MEMORY;
      tl_set_message(ctx, "out of memory growing the PNG buffer");
      png_error(png, "out of memory");
    }
    out->data = grown;
    out->capacity = capacity;
  }
  memcpy(out->data + out->size, bytes, length);
  out->size += length;
}

static void tl_flush(png_structp png) { (void)png; }

static void tl_read_data(png_structp png, png_bytep bytes, size_t length) {
  tl_context *ctx = (tl_context *)png_get_io_ptr(png);
  if (ctx->size - ctx->offset < length) {
    ctx->code = TL_PNG_ERROR_TRUNCATED;
    tl_set_message(ctx, "file ends before the image data does (truncated)");
    png_error(png, "truncated");
  }
  memcpy(bytes, ctx->data + ctx->offset, length);
  ctx->offset += length;
}

int tl_png_encode(tl_png_buffer *out, const uint8_t *pixels, uint32_t width, uint32_t height,
                  size_t stride, int color_type, const uint8_t *palette_rgb, int palette_count,
                  tl_png_write_options options, char *message, size_t message_capacity) {
  tl_context ctx = {0};
  ctx.message = message;
  ctx.message_capacity = message_capacity;
  ctx.out = out;
  if (message && message_capacity) message[0] = '\0';

  size_t channels;
  switch (color_type) {
    case TL_PNG_COLOR_GRAY: channels = 1; break;
    case TL_PNG_COLOR_PALETTE: channels = 1; break;
    case TL_PNG_COLOR_GRAY_ALPHA: channels = 2; break;
    case TL_PNG_COLOR_RGB: channels = 3; break;
    case TL_PNG_COLOR_RGBA: channels = 4; break;
    default:
      tl_set_message(&ctx, "unsupported colour type");
      return TL_PNG_ERROR_ARGUMENT;
  }
  if (out == NULL || pixels == NULL || width == 0 || height == 0 || stride < width * channels) {
    tl_set_message(&ctx, "invalid size, stride or buffer");
    return TL_PNG_ERROR_ARGUMENT;
  }
  if (color_type == TL_PNG_COLOR_PALETTE &&
      (palette_rgb == NULL || palette_count < 1 || palette_count > 256)) {
    tl_set_message(&ctx, "palette images need 1...256 palette entries");
    return TL_PNG_ERROR_ARGUMENT;
  }

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, tl_error, tl_warning);
  if (png == NULL) {
    tl_set_message(&ctx, "png_create_write_struct failed");
    return TL_PNG_ERROR_NO_MEMORY;
  }
  png_infop info = png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_write_struct(&png, NULL);
    tl_set_message(&ctx, "png_create_info_struct failed");
    return TL_PNG_ERROR_NO_MEMORY;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return ctx.code == TL_PNG_OK ? TL_PNG_ERROR_LIBPNG : ctx.code;
  }

  png_set_write_fn(png, &ctx, tl_write_data, tl_flush);
  png_set_IHDR(png, info, width, height, 8, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (color_type == TL_PNG_COLOR_PALETTE) {
    png_color colors[256];
    for (int i = 0; i < palette_count; i++) {
      colors[i].red = palette_rgb[3 * i];
      colors[i].green = palette_rgb[3 * i + 1];
      colors[i].blue = palette_rgb[3 * i + 2];
    }
    png_set_PLTE(png, info, colors, palette_count);
  }
  png_set_filter(png, PNG_FILTER_TYPE_BASE, options.filters & PNG_ALL_FILTERS);
  png_set_compression_level(png, options.level);
  png_set_compression_strategy(png, options.strategy);
  png_set_compression_buffer_size(png, 1 << 16);
  png_write_info(png, info);
  for (uint32_t y = 0; y < height; y++) {
    png_write_row(png, (png_const_bytep)(pixels + (size_t)y * stride));
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return TL_PNG_OK;
}

void tl_png_buffer_free(tl_png_buffer *buffer) {
  if (buffer == NULL) return;
  free(buffer->data);
  buffer->data = NULL;
  buffer->size = 0;
  buffer->capacity = 0;
}

int tl_png_decode(const uint8_t *data, size_t size, tl_png_info *info_out, uint8_t **pixels,
                  char *message, size_t message_capacity) {
  tl_context ctx = {0};
  ctx.message = message;
  ctx.message_capacity = message_capacity;
  ctx.data = data;
  ctx.size = size;
  if (message && message_capacity) message[0] = '\0';
  if (pixels == NULL || info_out == NULL) {
    tl_set_message(&ctx, "missing output arguments");
    return TL_PNG_ERROR_ARGUMENT;
  }
  *pixels = NULL;
  memset(info_out, 0, sizeof(*info_out));
  if (data == NULL || size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
    tl_set_message(&ctx, size < 8 ? "too short to be a PNG" : "not a PNG (bad signature)");
    return TL_PNG_ERROR_NOT_PNG;
  }

  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &ctx, tl_error, tl_warning);
  if (png == NULL) {
    tl_set_message(&ctx, "png_create_read_struct failed");
    return TL_PNG_ERROR_NO_MEMORY;
  }
  png_infop info = png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    tl_set_message(&ctx, "png_create_info_struct failed");
    return TL_PNG_ERROR_NO_MEMORY;
  }
  // Written after setjmp and read after longjmp: must be volatile.
  uint8_t *volatile output = NULL;
  if (setjmp(png_jmpbuf(png))) {
    free(output);
    png_destroy_read_struct(&png, &info, NULL);
    return ctx.code == TL_PNG_OK ? TL_PNG_ERROR_LIBPNG : ctx.code;
  }

  png_set_read_fn(png, &ctx, tl_read_data);
  // Masks are large; refuse absurd sizes before allocating (PNG allows 2^31-1).
  png_set_user_limits(png, 1 << 16, 1 << 16);
  png_read_info(png, info);
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0, interlace = 0;
  png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);

  info_out->color_type = color_type;
  info_out->bit_depth = bit_depth;
  info_out->interlaced = interlace != PNG_INTERLACE_NONE;
  if (color_type == PNG_COLOR_TYPE_PALETTE) {
    png_colorp colors = NULL;
    int count = 0;
    if (png_get_PLTE(png, info, &colors, &count) & PNG_INFO_PLTE) {
      info_out->palette_count = count;
      for (int i = 0; i < count && i < 256; i++) {
        info_out->palette[3 * i] = colors[i].red;
        info_out->palette[3 * i + 1] = colors[i].green;
        info_out->palette[3 * i + 2] = colors[i].blue;
      }
    }
  }

  if (bit_depth == 16) png_set_strip_16(png);
  if (bit_depth < 8) {
    if (color_type == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
    else png_set_packing(png);
  }
  if (interlace != PNG_INTERLACE_NONE) png_set_interlace_handling(png);
  png_read_update_info(png, info);

  size_t channels = png_get_channels(png, info);
  size_t rowbytes = png_get_rowbytes(png, info);
  // A corrupt or hostile header must not make us allocate gigabytes (masks are 0.9 MB).
  if ((double)rowbytes * (double)height > (double)TL_PNG_MAX_DECODED_BYTES) {
    png_error(png, "image too large (decoded size above 1 GiB)");
  }
  if (rowbytes != (size_t)width * channels) {
    png_error(png, "unexpected row layout after decoding transforms");
  }
  output = (uint8_t *)malloc(rowbytes * height);
  if (output == NULL) {
    ctx.code = TL_PNG_ERROR_NO_MEMORY;
    tl_set_message(&ctx, "out of memory for the decoded image");
    png_error(png, "out of memory");
  }
  int passes = interlace != PNG_INTERLACE_NONE ? png_set_interlace_handling(png) : 1;
  for (int pass = 0; pass < passes; pass++) {
    for (png_uint_32 y = 0; y < height; y++) {
      png_read_row(png, output + (size_t)y * rowbytes, NULL);
    }
  }
  png_read_end(png, NULL);
  png_destroy_read_struct(&png, &info, NULL);

  info_out->width = width;
  info_out->height = height;
  info_out->channels = (int)channels;
  *pixels = output;
  return TL_PNG_OK;
}

void tl_png_free(void *pointer) { free(pointer); }

const char *tl_png_version(void) { return PNG_LIBPNG_VER_STRING; }
