import TwinLiteCore

/// Deterministic inputs for the mask encoder tests (splitmix64), so a failure reproduces.
struct MaskTestRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  /// `count` bytes drawn from `values`.
  mutating func bytes(_ count: Int, from values: [UInt8]) -> [UInt8] {
    (0..<count).map { _ in values[Int(next() % UInt64(values.count))] }
  }

  /// `count` bytes in runs of random length (1...maxRun) of values drawn from `values`.
  mutating func runs(_ count: Int, from values: [UInt8], maxRun: Int) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(count)
    while result.count < count {
      let value = values[Int(next() % UInt64(values.count))]
      let run = min(count - result.count, Int(next() % UInt64(maxRun)) + 1)
      result += repeatElement(value, count: run)
    }
    return result
  }
}

enum MaskSamples {
  /// A lane-like mask: a few slanted bands of 255, repeated rows in places (the row-copy path).
  static func lanes(width: Int, height: Int) -> Mask {
    var mask = Mask(width: width, height: height)
    for y in 0..<height {
      let band = y / 7 * 7  // groups of 7 identical rows
      for lane in 0..<4 {
        let x0 = (lane * width / 4 + band * (lane - 2)) % max(width, 1)
        for x in max(0, x0)..<min(width, max(0, x0) + 9) { mask[x, y] = 255 }
      }
    }
    return mask
  }
}
