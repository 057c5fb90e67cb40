/// Little-endian raw element decoding to Float32 (all conversions are exact except f64 → f32
/// rounding and large int64 values).
enum ElementConversion {
  static func float32(_ bytes: ArraySlice<UInt8>, at index: Int, dtype: StorageDType) -> Float {
    let base = bytes.startIndex + index * dtype.byteSize
    func raw(_ size: Int) -> UInt64 {
      var value: UInt64 = 0
      for i in 0..<size { value |= UInt64(bytes[base + i]) << (8 * UInt64(i)) }
      return value
    }
    switch dtype {
    case .float32: return Float(bitPattern: UInt32(raw(4)))
    case .float64: return Float(Double(bitPattern: raw(8)))
    case .float16: return halfToFloat(UInt16(raw(2)))
    case .bfloat16: return Float(bitPattern: UInt32(raw(2)) << 16)
    case .int64: return Float(Int64(bitPattern: raw(8)))
    case .int32: return Float(Int32(bitPattern: UInt32(raw(4))))
    }
  }

  /// IEEE half → single, including subnormals, infinities and NaN.
  static func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h & 0x8000) << 16
    let exponent = Int((h >> 10) & 0x1f)
    let mantissa = UInt32(h & 0x3ff)
    if exponent == 0 {
      let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
      return sign != 0 ? -magnitude : magnitude
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13)) }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
  }
}
