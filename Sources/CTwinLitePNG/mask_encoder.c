// The mask encoder: PNG (filter NONE on every row) with a zlib stream written directly as one
// fixed-Huffman DEFLATE block (RFC 1950, RFC 1951 3.2.6). Runs of equal bytes become a literal
// and distance-1 matches; a row equal to the one above may become matches at distance rowBytes+1.
// adler32 comes from the runs in closed form, so no pass over the raw bytes besides the run scan.
#include "twinlite_png_mask.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the mask encoder's bit writer and word compares assume a little-endian host"
#endif

enum { ADLER_MOD = 65521, MIN_MATCH = 3, MAX_MATCH = 258, MAX_DISTANCE = 32768 };

/// A Huffman code (already bit-reversed for the LSB-first bit writer) plus extra bits.
typedef struct tl_code {
  uint32_t bits;
  uint32_t count;
} tl_code;

static tl_code literal_codes[256];
static tl_code length_codes[MAX_MATCH + 1];  // symbol and extra bits for each length 3...258
static tl_code end_of_block;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t reverse_bits(uint32_t code, uint32_t count) {
  uint32_t reversed = 0;
  for (uint32_t i = 0; i < count; i++) {
    reversed = (reversed << 1) | (code & 1);
    code >>= 1;
  }
  return reversed;
}

/// The fixed literal/length code of RFC 1951 3.2.6.
static tl_code fixed_symbol(uint32_t symbol) {
  uint32_t code, count;
  if (symbol < 144) {
    code = 0x30 + symbol, count = 8;
  } else if (symbol < 256) {
    code = 0x190 + symbol - 144, count = 9;
  } else if (symbol < 280) {
    code = symbol - 256, count = 7;
  } else {
    code = 0xc0 + symbol - 280, count = 8;
  }
  return (tl_code){reverse_bits(code, count), count};
}

static void build_tables(void) {
  for (uint32_t v = 0; v < 256; v++) literal_codes[v] = fixed_symbol(v);
  end_of_block = fixed_symbol(256);
  // Length symbols 257...284 (index s = symbol - 257): base lengths and extra-bit counts.
  uint32_t base = 3;
  for (uint32_t s = 0; s < 28; s++) {
    uint32_t extra = s < 8 ? 0 : s / 4 - 1;
    tl_code symbol = fixed_symbol(257 + s);
    for (uint32_t offset = 0; offset < (1u << extra) && base + offset < MAX_MATCH; offset++) {
      length_codes[base + offset] =
          (tl_code){symbol.bits | (offset << symbol.count), symbol.count + extra};
    }
    base += 1u << extra;
  }
  length_codes[MAX_MATCH] = fixed_symbol(285);
}

/// The fixed 5-bit distance code for `distance` (1...32768) with its extra bits.
static tl_code distance_code(uint32_t distance) {
  for (uint32_t code = 29;; code--) {
    uint32_t extra = code < 4 ? 0 : code / 2 - 1;
    uint32_t base = code < 4 ? code + 1 : ((2u + (code & 1)) << extra) + 1;
    if (base <= distance) {
      return (tl_code){reverse_bits(code, 5) | ((distance - base) << 5), 5 + extra};
    }
  }
}

/// LSB-first bit writer plus the pending run of the byte last emitted.
typedef struct tl_deflater {
  uint8_t *out;
  uint64_t bits;
  uint32_t count;
  int has_last;
  uint8_t last;
  size_t pending;  // bytes equal to `last` that follow it and are not yet emitted
} tl_deflater;

/// Appends `count` (at most 32) bits.
static inline void put_bits(tl_deflater *d, uint64_t bits, uint32_t count) {
  d->bits |= bits << d->count;
  d->count += count;
  if (d->count >= 32) {
    memcpy(d->out, &d->bits, 4);
    d->out += 4;
    d->bits >>= 32;
    d->count -= 32;
  }
}

static inline void put_match(tl_deflater *d, size_t length, tl_code distance) {
  tl_code len = length_codes[length];
  put_bits(d, len.bits | ((uint64_t)distance.bits << len.count), len.count + distance.count);
}

/// Splits `length` (>= 3) into match lengths 3...258, none shorter than 3.
static inline size_t next_chunk(size_t remaining) {
  size_t chunk = remaining > MAX_MATCH ? MAX_MATCH : remaining;
  if (remaining - chunk != 0 && remaining - chunk < MIN_MATCH) chunk = remaining - MIN_MATCH;
  return chunk;
}

static void flush_run(tl_deflater *d) {
  static const tl_code distance_one = {0, 5};
  size_t remaining = d->pending;
  while (remaining >= MIN_MATCH) {
    size_t chunk = next_chunk(remaining);
    put_match(d, chunk, distance_one);
    remaining -= chunk;
  }
  tl_code literal = literal_codes[d->last];
  while (remaining-- > 0) put_bits(d, literal.bits, literal.count);
  d->pending = 0;
}

static inline void add_run(tl_deflater *d, uint8_t value, size_t count) {
  if (d->has_last && value == d->last) {
    d->pending += count;
    return;
  }
  flush_run(d);
  put_bits(d, literal_codes[value].bits, literal_codes[value].count);
  d->last = value;
  d->has_last = 1;
  d->pending = count - 1;
}

/// Length of the run of bytes equal to p[0] within `available` (>= 1) bytes, 8 bytes per step.
static inline size_t run_length(const uint8_t *p, size_t available) {
  uint64_t pattern = (uint64_t)p[0] * 0x0101010101010101ull;
  size_t i = 1;
  while (i + 8 <= available) {
    uint64_t word;
    memcpy(&word, p + i, 8);
    uint64_t diff = word ^ pattern;
    if (diff != 0) return i + ((size_t)__builtin_ctzll(diff) >> 3);
    i += 8;
  }
  while (i < available && p[i] == p[0]) i++;
  return i;
}

/// Row-local adler sums from zero: `sum` of the bytes and `weighted` = sum of the running sums.
/// Exact in 64 bits for up to TL_PNG_MASK_MAX_WIDTH + 1 bytes.
typedef struct tl_sums {
  uint64_t sum;
  uint64_t weighted;
} tl_sums;

static inline void sums_add_run(tl_sums *s, uint64_t value, uint64_t count) {
  s->weighted += count * s->sum + value * (count * (count + 1) / 2);
  s->sum += count * value;
}

/// adler32 (a, b) after appending `length` bytes whose row-local sums are `s`.
static inline void adler_combine(uint32_t *a, uint32_t *b, tl_sums s, uint64_t length) {
  uint64_t aa = *a, bb = *b;
  bb = (bb + (length % ADLER_MOD) * aa + s.weighted % ADLER_MOD) % ADLER_MOD;
  aa = (aa + s.sum % ADLER_MOD) % ADLER_MOD;
  *a = (uint32_t)aa, *b = (uint32_t)bb;
}

uint32_t tl_png_mask_adler32(uint32_t adler, const uint8_t *bytes, size_t count) {
  uint32_t a = adler & 0xffff, b = adler >> 16;
  while (count > 0) {
    size_t segment = count < TL_PNG_MASK_MAX_WIDTH ? count : TL_PNG_MASK_MAX_WIDTH;
    tl_sums s = {0, 0};
    for (size_t i = 0; i < segment;) {
      size_t n = run_length(bytes + i, segment - i);
      sums_add_run(&s, bytes[i], n);
      i += n;
    }
    adler_combine(&a, &b, s, segment);
    bytes += segment;
    count -= segment;
  }
  return (b << 16) | a;
}

static inline void put_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static int reserve(tl_png_buffer *out, size_t extra) {
  if (out->capacity - out->size >= extra) return 1;
  size_t capacity = out->capacity * 2 > out->size + extra ? out->capacity * 2 : out->size + extra;
  uint8_t *grown = (uint8_t *)realloc(out->data, capacity);
  if (!grown) return 0;
  out->data = grown;
  out->capacity = capacity;
  return 1;
}

static uint64_t bits_written(const tl_deflater *d, const uint8_t *start) {
  return (uint64_t)(d->out - start) * 8 + d->count;
}

int tl_png_encode_gray_mask(tl_png_buffer *out, const uint8_t *pixels, uint32_t width,
                            uint32_t height, size_t stride) {
  if (!out || !pixels || width == 0 || height == 0 || width > TL_PNG_MASK_MAX_WIDTH || stride < width ||
      (uint64_t)width * height > TL_PNG_MAX_DECODED_BYTES) {
    return TL_PNG_ERROR_ARGUMENT;
  }
  const size_t row_bytes = (size_t)width + 1;  // filter byte + pixels
  const size_t raw = row_bytes * height;
  // Literals cost at most 9 bits a byte, matches less, row copies at most 16 (see the copy rule).
  if (!reserve(out, 2 * raw + 1024)) return TL_PNG_ERROR_NO_MEMORY;
  pthread_once(&tables_once, build_tables);

  uint8_t *p = out->data + out->size;
  static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  memcpy(p, signature, 8);
  p += 8;
  put_be32(p, 13);
  memcpy(p + 4, "IHDR", 4);
  put_be32(p + 8, width);
  put_be32(p + 12, height);
  const uint8_t ihdr_tail[5] = {8, 0, 0, 0, 0};  // 8 bits, gray, deflate, adaptive, no interlace
  memcpy(p + 16, ihdr_tail, 5);
  put_be32(p + 21, (uint32_t)crc32(0, p + 4, 17));
  p += 25;

  uint8_t *idat = p;
  uint8_t *zlib = idat + 8;
  zlib[0] = 0x78, zlib[1] = 0x01;  // deflate, 32K window, "fastest"; (0x7801 % 31 == 0)
  tl_deflater d = {.out = zlib + 2};
  put_bits(&d, 3, 3);  // BFINAL = 1, BTYPE = 01 (fixed Huffman)
  const uint8_t *stream_start = zlib + 2;

  // Copying a whole row from the row above: matches at distance row_bytes, chosen only when they
  // cost fewer bits than the runs of that row did.
  const int can_copy = row_bytes >= MIN_MATCH && row_bytes <= MAX_DISTANCE;
  tl_code copy_distance = can_copy ? distance_code((uint32_t)row_bytes) : (tl_code){0, 0};
  uint64_t copy_bits = 0;
  if (can_copy) {
    for (size_t r = row_bytes; r > 0;) {
      size_t chunk = next_chunk(r);
      copy_bits += length_codes[chunk].count + copy_distance.count;
      r -= chunk;
    }
  }

  uint32_t a = 1, b = 0;
  tl_sums row_sums = {0, 0};
  uint64_t row_run_bits = 0;
  const uint8_t *previous = NULL;
  for (uint32_t y = 0; y < height; y++) {
    const uint8_t *row = pixels + (size_t)y * stride;
    if (previous && can_copy && copy_bits < row_run_bits && memcmp(row, previous, width) == 0) {
      flush_run(&d);
      for (size_t r = row_bytes; r > 0;) {
        size_t chunk = next_chunk(r);
        put_match(&d, chunk, copy_distance);
        r -= chunk;
      }
      d.last = row[width - 1];
      d.has_last = 1;
      // row_sums and row_run_bits still describe this content.
    } else {
      uint64_t before = bits_written(&d, stream_start);
      row_sums = (tl_sums){0, 0};
      add_run(&d, 0, 1);  // filter byte NONE; adds nothing to the sums
      for (size_t x = 0; x < width;) {
        size_t n = run_length(row + x, width - x);
        sums_add_run(&row_sums, row[x], n);
        add_run(&d, row[x], n);
        x += n;
      }
      row_run_bits = bits_written(&d, stream_start) - before;
    }
    adler_combine(&a, &b, row_sums, row_bytes);
    previous = row;
  }
  flush_run(&d);
  put_bits(&d, end_of_block.bits, end_of_block.count);
  while (d.count > 0) {
    *d.out++ = (uint8_t)d.bits;
    d.bits >>= 8;
    d.count = d.count > 8 ? d.count - 8 : 0;
  }
  put_be32(d.out, (b << 16) | a);
  uint8_t *zlib_end = d.out + 4;

  size_t zlib_size = (size_t)(zlib_end - zlib);
  put_be32(idat, (uint32_t)zlib_size);
  memcpy(idat + 4, "IDAT", 4);
  put_be32(zlib_end, (uint32_t)crc32(0, idat + 4, (uInt)(zlib_size + 4)));
  p = zlib_end + 4;
  static const uint8_t iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
  memcpy(p, iend, 12);
  p += 12;
  out->size = (size_t)(p - out->data);
  return TL_PNG_OK;
}
