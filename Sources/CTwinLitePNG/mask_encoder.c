// The mask encoder: PNG (filter NONE on every row) with a zlib stream written directly as one
// DEFLATE block (RFC 1950, RFC 1951). Runs of equal bytes become a literal and distance-1 matches;
// a row equal to the one above may become matches at distance rowBytes+1. The symbols go to a
// token buffer first, then out with a small dynamic Huffman code built from their counts, or the
// fixed code when that is shorter (noise). adler32 comes from the runs in closed form.
#include "twinlite_png_mask.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the mask encoder's bit writer and word compares assume a little-endian host"
#endif

enum {
  ADLER_MOD = 65521,
  MIN_MATCH = 3,
  MAX_MATCH = 258,
  MAX_DISTANCE = 32768,
  LITLEN_SYMBOLS = 286,
  DIST_SYMBOLS = 30,
  END_OF_BLOCK = 256,
  // Tokens (uint16): a literal is its byte; a match is TOKEN_RUN or TOKEN_COPY plus its length.
  TOKEN_RUN = 512,   // distance 1
  TOKEN_COPY = 1024  // distance rowBytes + 1
};

/// A code (already bit-reversed for the LSB-first bit writer) plus extra bits, or extra bits alone.
typedef struct tl_code {
  uint32_t bits;
  uint32_t count;
} tl_code;

static uint16_t length_symbol[MAX_MATCH + 1];  // 257...285 for each length 3...258
static tl_code length_extra[MAX_MATCH + 1];    // extra bits of each length
static uint8_t fixed_litlen_bits[LITLEN_SYMBOLS];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static uint32_t reverse_bits(uint32_t code, uint32_t count) {
  uint32_t reversed = 0;
  for (uint32_t i = 0; i < count; i++) {
    reversed = (reversed << 1) | (code & 1);
    code >>= 1;
  }
  return reversed;
}

static void build_tables(void) {
  for (uint32_t s = 0; s < LITLEN_SYMBOLS; s++) {  // RFC 1951 3.2.6
    fixed_litlen_bits[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  }
  uint32_t base = 3;
  for (uint32_t s = 0; s < 28; s++) {  // length symbols 257...284
    uint32_t extra = s < 8 ? 0 : s / 4 - 1;
    for (uint32_t offset = 0; offset < (1u << extra) && base + offset < MAX_MATCH; offset++) {
      length_symbol[base + offset] = (uint16_t)(257 + s);
      length_extra[base + offset] = (tl_code){offset, extra};
    }
    base += 1u << extra;
  }
  length_symbol[MAX_MATCH] = 285;
  length_extra[MAX_MATCH] = (tl_code){0, 0};
}

/// The distance symbol (0...29) for `distance` and its extra bits.
static uint32_t distance_symbol(uint32_t distance, tl_code *extra_bits) {
  for (uint32_t code = 29;; code--) {
    uint32_t extra = code < 4 ? 0 : code / 2 - 1;
    uint32_t base = code < 4 ? code + 1 : ((2u + (code & 1)) << extra) + 1;
    if (base <= distance) {
      *extra_bits = (tl_code){distance - base, extra};
      return code;
    }
  }
}

// MARK: - Tokens

/// The symbols of the stream, their counts, and the pending run of the byte last emitted.
typedef struct tl_tokens {
  uint16_t *tokens;
  size_t count;
  uint32_t litlen_freq[LITLEN_SYMBOLS];
  uint32_t dist_freq[DIST_SYMBOLS];
  uint64_t fixed_bits;  // cost in the fixed code, for the row-copy choice
  uint32_t copy_symbol;
  uint32_t copy_extra_bits;
  int has_last;
  uint8_t last;
  size_t pending;  // bytes equal to `last` that follow it and are not yet tokens
} tl_tokens;

static inline void add_literal(tl_tokens *t, uint8_t value) {
  t->tokens[t->count++] = value;
  t->litlen_freq[value]++;
  t->fixed_bits += fixed_litlen_bits[value];
}

static inline void add_match(tl_tokens *t, size_t length, int copy) {
  uint32_t symbol = length_symbol[length];
  t->tokens[t->count++] = (uint16_t)((copy ? TOKEN_COPY : TOKEN_RUN) + length);
  t->litlen_freq[symbol]++;
  t->dist_freq[copy ? t->copy_symbol : 0]++;
  t->fixed_bits += fixed_litlen_bits[symbol] + length_extra[length].count + 5;
  if (copy) t->fixed_bits += t->copy_extra_bits;
}

/// Splits `length` (>= 3) into match lengths 3...258, none shorter than 3.
static inline size_t next_chunk(size_t remaining) {
  size_t chunk = remaining > MAX_MATCH ? MAX_MATCH : remaining;
  if (remaining - chunk != 0 && remaining - chunk < MIN_MATCH) chunk = remaining - MIN_MATCH;
  return chunk;
}

static void flush_run(tl_tokens *t) {
  size_t remaining = t->pending;
  while (remaining >= MIN_MATCH) {
    size_t chunk = next_chunk(remaining);
    add_match(t, chunk, 0);
    remaining -= chunk;
  }
  while (remaining-- > 0) add_literal(t, t->last);
  t->pending = 0;
}

static inline void add_run(tl_tokens *t, uint8_t value, size_t count) {
  if (t->has_last && value == t->last) {
    t->pending += count;
    return;
  }
  flush_run(t);
  add_literal(t, value);
  t->last = value;
  t->has_last = 1;
  t->pending = count - 1;
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

// MARK: - adler32

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

// MARK: - Huffman codes

/// Huffman code lengths for `freq` (n <= 286 symbols), none longer than `limit`: when the plain
/// Huffman tree is too deep, the counts are halved (keeping them non-zero) and it is built again.
static void huffman_lengths(const uint32_t *freq, int n, int limit, uint8_t *lengths) {
  uint64_t weight[2 * LITLEN_SYMBOLS];
  int parent[2 * LITLEN_SYMBOLS], symbol[LITLEN_SYMBOLS];
  uint8_t depth[2 * LITLEN_SYMBOLS], alive[2 * LITLEN_SYMBOLS];
  memset(lengths, 0, (size_t)n);
  int leaves = 0;
  for (int s = 0; s < n; s++) {
    if (freq[s]) symbol[leaves++] = s;
  }
  if (leaves == 1) lengths[symbol[0]] = 1;
  if (leaves <= 1) return;
  for (int shift = 0;; shift++) {
    for (int i = 0; i < leaves; i++) {
      uint64_t w = (uint64_t)freq[symbol[i]] >> shift;
      weight[i] = w ? w : 1;
      alive[i] = 1;
    }
    int nodes = leaves;
    for (int merges = 0; merges < leaves - 1; merges++) {
      int lo = -1, lo2 = -1;
      for (int i = 0; i < nodes; i++) {
        if (!alive[i]) continue;
        if (lo < 0 || weight[i] < weight[lo]) {
          lo2 = lo, lo = i;
        } else if (lo2 < 0 || weight[i] < weight[lo2]) {
          lo2 = i;
        }
      }
      weight[nodes] = weight[lo] + weight[lo2];
      alive[nodes] = 1, alive[lo] = 0, alive[lo2] = 0;
      parent[lo] = nodes, parent[lo2] = nodes;
      nodes++;
    }
    depth[nodes - 1] = 0;
    int deepest = 0;
    for (int i = nodes - 2; i >= 0; i--) {
      depth[i] = depth[parent[i]] + 1;
      if (depth[i] > deepest) deepest = depth[i];
    }
    if (deepest <= limit) {
      for (int i = 0; i < leaves; i++) lengths[symbol[i]] = depth[i];
      return;
    }
  }
}

/// Canonical codes (RFC 1951 3.2.2), bit-reversed, from code lengths.
static void canonical_codes(const uint8_t *lengths, int n, tl_code *codes) {
  uint32_t count[16] = {0}, next[16] = {0};
  for (int s = 0; s < n; s++) count[lengths[s]]++;
  count[0] = 0;
  uint32_t code = 0;
  for (int bits = 1; bits < 16; bits++) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  for (int s = 0; s < n; s++) {
    uint32_t len = lengths[s];
    codes[s] = len ? (tl_code){reverse_bits(next[len]++, len), len} : (tl_code){0, 0};
  }
}

// MARK: - Bit writer

typedef struct tl_bits {
  uint8_t *out;
  uint64_t bits;
  uint32_t count;
} tl_bits;

/// Appends `count` (at most 32) bits.
static inline void put_bits(tl_bits *w, uint64_t bits, uint32_t count) {
  w->bits |= bits << w->count;
  w->count += count;
  if (w->count >= 32) {
    memcpy(w->out, &w->bits, 4);
    w->out += 4;
    w->bits >>= 32;
    w->count -= 32;
  }
}

static inline void put_code(tl_bits *w, tl_code code) { put_bits(w, code.bits, code.count); }

/// A dynamic block's header: the code lengths, run-length coded (RFC 1951 3.2.7).
typedef struct tl_header {
  int hlit, hdist, hclen;
  uint8_t symbols[LITLEN_SYMBOLS + DIST_SYMBOLS];  // code-length symbols 0...18
  uint8_t extras[LITLEN_SYMBOLS + DIST_SYMBOLS];
  int count;
  uint8_t cl_lengths[19];
  tl_code cl_codes[19];
  uint64_t bits;
} tl_header;

static const uint8_t code_length_order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                              11, 4,  12, 3, 13, 2, 14, 1, 15};

static void header_emit(tl_header *h, uint32_t *freq, uint8_t symbol, uint8_t extra) {
  h->symbols[h->count] = symbol;
  h->extras[h->count++] = extra;
  freq[symbol]++;
}

static void build_header(tl_header *h, const uint8_t *litlen, const uint8_t *dist) {
  h->hlit = LITLEN_SYMBOLS;
  while (h->hlit > 257 && litlen[h->hlit - 1] == 0) h->hlit--;
  h->hdist = DIST_SYMBOLS;
  while (h->hdist > 1 && dist[h->hdist - 1] == 0) h->hdist--;
  uint8_t all[LITLEN_SYMBOLS + DIST_SYMBOLS];
  memcpy(all, litlen, (size_t)h->hlit);
  memcpy(all + h->hlit, dist, (size_t)h->hdist);
  int n = h->hlit + h->hdist;
  uint32_t freq[19] = {0};
  h->count = 0;
  for (int i = 0; i < n;) {
    int run = 1;
    while (i + run < n && all[i + run] == all[i]) run++;
    int left = run;
    if (all[i] == 0) {
      while (left >= 11) {
        int chunk = left < 138 ? left : 138;
        header_emit(h, freq, 18, (uint8_t)(chunk - 11));
        left -= chunk;
      }
      if (left >= 3) header_emit(h, freq, 17, (uint8_t)(left - 3)), left = 0;
    } else {
      header_emit(h, freq, all[i], 0), left--;
      while (left >= 3) {
        int chunk = left < 6 ? left : 6;
        header_emit(h, freq, 16, (uint8_t)(chunk - 3));
        left -= chunk;
      }
    }
    while (left-- > 0) header_emit(h, freq, all[i], 0);
    i += run;
  }
  // zlib rejects an incomplete code-length code: make sure it has two symbols.
  int used = 0;
  for (int s = 0; s < 19; s++) used += freq[s] != 0;
  if (used < 2) freq[freq[0] ? 1 : 0] = 1;
  huffman_lengths(freq, 19, 7, h->cl_lengths);
  canonical_codes(h->cl_lengths, 19, h->cl_codes);
  h->hclen = 19;
  while (h->hclen > 4 && h->cl_lengths[code_length_order[h->hclen - 1]] == 0) h->hclen--;
  static const uint8_t extra_bits[19] = {[16] = 2, [17] = 3, [18] = 7};
  h->bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)h->hclen;
  for (int i = 0; i < h->count; i++) {
    h->bits += h->cl_lengths[h->symbols[i]] + extra_bits[h->symbols[i]];
  }
}

static void put_header(tl_bits *w, const tl_header *h) {
  static const uint8_t extra_bits[19] = {[16] = 2, [17] = 3, [18] = 7};
  put_bits(w, 1 | (2 << 1), 3);  // BFINAL = 1, BTYPE = 10 (dynamic)
  uint64_t counts = (uint64_t)(h->hlit - 257) | (uint64_t)(h->hdist - 1) << 5;
  put_bits(w, counts | (uint64_t)(h->hclen - 4) << 10, 14);
  for (int i = 0; i < h->hclen; i++) put_bits(w, h->cl_lengths[code_length_order[i]], 3);
  for (int i = 0; i < h->count; i++) {
    put_code(w, h->cl_codes[h->symbols[i]]);
    put_bits(w, h->extras[i], extra_bits[h->symbols[i]]);
  }
}

/// Writes the tokens as one final block (dynamic or fixed, whichever is shorter); returns the end.
static uint8_t *write_block(tl_tokens *t, uint8_t *out, tl_code copy_extra) {
  t->litlen_freq[END_OF_BLOCK] = 1;
  // Two distance codes at least, so the distance code is complete (RFC-strict decoders).
  if (!t->dist_freq[0]) t->dist_freq[0] = 1;
  if (!t->dist_freq[1]) t->dist_freq[1] = 1;
  // 288 entries: the fixed code's canonical order counts the two unused symbols 286 and 287.
  uint8_t litlen_len[LITLEN_SYMBOLS + 2] = {0}, dist_len[DIST_SYMBOLS];
  huffman_lengths(t->litlen_freq, LITLEN_SYMBOLS, 15, litlen_len);
  huffman_lengths(t->dist_freq, DIST_SYMBOLS, 15, dist_len);
  tl_header header;
  build_header(&header, litlen_len, dist_len);
  uint64_t fixed = 3, dynamic = header.bits;
  for (int s = 0; s < LITLEN_SYMBOLS; s++) {
    fixed += (uint64_t)t->litlen_freq[s] * fixed_litlen_bits[s];
    dynamic += (uint64_t)t->litlen_freq[s] * litlen_len[s];
  }
  for (int s = 0; s < DIST_SYMBOLS; s++) {
    fixed += (uint64_t)t->dist_freq[s] * 5;
    dynamic += (uint64_t)t->dist_freq[s] * dist_len[s];
  }
  tl_bits w = {.out = out};
  if (dynamic < fixed) {
    put_header(&w, &header);
  } else {
    put_bits(&w, 1 | (1 << 1), 3);  // BFINAL = 1, BTYPE = 01 (fixed)
    for (int s = 0; s < LITLEN_SYMBOLS; s++) litlen_len[s] = fixed_litlen_bits[s];
    litlen_len[286] = litlen_len[287] = 8;
    for (int s = 0; s < DIST_SYMBOLS; s++) dist_len[s] = 5;
  }
  tl_code litlen[LITLEN_SYMBOLS + 2], dist[DIST_SYMBOLS];
  canonical_codes(litlen_len, LITLEN_SYMBOLS + 2, litlen);
  canonical_codes(dist_len, DIST_SYMBOLS, dist);
  // Each match length's symbol code followed by its extra bits (at most 15 + 5 bits).
  tl_code lengths[MAX_MATCH + 1];
  for (int len = MIN_MATCH; len <= MAX_MATCH; len++) {
    tl_code code = litlen[length_symbol[len]], extra = length_extra[len];
    lengths[len] = (tl_code){code.bits | extra.bits << code.count, code.count + extra.count};
  }
  tl_code run = dist[0];
  tl_code copy = {dist[t->copy_symbol].bits | copy_extra.bits << dist[t->copy_symbol].count,
                  dist[t->copy_symbol].count + copy_extra.count};  // at most 15 + 13 bits
  for (size_t i = 0; i < t->count; i++) {
    uint32_t token = t->tokens[i];
    if (token < 256) {
      put_code(&w, litlen[token]);
    } else if (token < TOKEN_COPY) {
      put_code(&w, lengths[token - TOKEN_RUN]);
      put_code(&w, run);
    } else {
      put_code(&w, lengths[token - TOKEN_COPY]);
      put_code(&w, copy);
    }
  }
  put_code(&w, litlen[END_OF_BLOCK]);
  while (w.count > 0) {
    *w.out++ = (uint8_t)w.bits;
    w.bits >>= 8;
    w.count = w.count > 8 ? w.count - 8 : 0;
  }
  return w.out;
}

// MARK: - PNG

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

int tl_png_encode_gray_mask(tl_png_buffer *out, const uint8_t *pixels, uint32_t width,
                            uint32_t height, size_t stride) {
  if (!out || !pixels || width == 0 || height == 0 || width > TL_PNG_MASK_MAX_WIDTH || stride < width ||
      (uint64_t)width * height > TL_PNG_MAX_DECODED_BYTES) {
    return TL_PNG_ERROR_ARGUMENT;
  }
  const size_t row_bytes = (size_t)width + 1;  // filter byte + pixels
  const size_t raw = row_bytes * height;
  // The PNG: at most 2 bytes per raw byte (literals cost at most 9 bits, a match of 3 or more bytes
  // at most 48); after it, 2-byte tokens, at most one per raw byte.
  const size_t png_room = 2 * raw + 1024;
  if (!reserve(out, png_room + 2 * raw + 16)) return TL_PNG_ERROR_NO_MEMORY;
  pthread_once(&tables_once, build_tables);

  uint8_t *p = out->data + out->size;
  tl_tokens tokens;
  memset(&tokens, 0, sizeof tokens);
  tokens.tokens = (uint16_t *)(void *)(((uintptr_t)(p + png_room) + 1) & ~(uintptr_t)1);

  // Copying a whole row from the row above: matches at distance row_bytes, chosen only when they
  // cost fewer (fixed-code) bits than the runs of that row did.
  const int can_copy = row_bytes >= MIN_MATCH && row_bytes <= MAX_DISTANCE;
  tl_code copy_extra = {0, 0};
  tokens.copy_symbol = can_copy ? distance_symbol((uint32_t)row_bytes, &copy_extra) : 0;
  tokens.copy_extra_bits = copy_extra.count;
  uint64_t copy_bits = 0;
  if (can_copy) {
    for (size_t r = row_bytes; r > 0;) {
      size_t chunk = next_chunk(r);
      copy_bits += fixed_litlen_bits[length_symbol[chunk]] + length_extra[chunk].count;
      copy_bits += 5 + copy_extra.count;
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
      flush_run(&tokens);
      for (size_t r = row_bytes; r > 0;) {
        size_t chunk = next_chunk(r);
        add_match(&tokens, chunk, 1);
        r -= chunk;
      }
      tokens.last = row[width - 1];
      tokens.has_last = 1;
      // row_sums and row_run_bits still describe this content.
    } else {
      uint64_t before = tokens.fixed_bits;
      row_sums = (tl_sums){0, 0};
      add_run(&tokens, 0, 1);  // filter byte NONE; adds nothing to the sums
      for (size_t x = 0; x < width;) {
        size_t n = run_length(row + x, width - x);
        sums_add_run(&row_sums, row[x], n);
        add_run(&tokens, row[x], n);
        x += n;
      }
      row_run_bits = tokens.fixed_bits - before;
    }
    adler_combine(&a, &b, row_sums, row_bytes);
    previous = row;
  }
  flush_run(&tokens);

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
  uint8_t *end = write_block(&tokens, zlib + 2, copy_extra);
  put_be32(end, (b << 16) | a);
  uint8_t *zlib_end = end + 4;

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
