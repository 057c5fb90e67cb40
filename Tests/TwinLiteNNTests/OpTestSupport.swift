import TwinLiteCore

/// Deterministic pseudo-random tensors for op tests.
struct TestRandom {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> Float {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Float(state >> 40) / Float(1 << 24) * 2 - 1
  }
  mutating func tensor(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in next() })
  }
}

func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
  precondition(a.shape == b.shape, "shapes \(a.shape) vs \(b.shape)")
  return zip(a.data, b.data).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
