import Dispatch
import TwinLiteCore

/// A raw pointer that parallel loops may share because each iteration writes a disjoint range.
struct SharedPointer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
}

/// Runs `body(i)` for `i in 0..<count` across the CPU cores (serially when `count` is 1).
func parallelFor(_ count: Int, _ body: @Sendable (Int) -> Void) {
  if count == 1 {
    body(0)
    return
  }
  DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

extension Tensor {
  /// Batch, channels, height, width of a rank-4 tensor (programmer error otherwise).
  var nchw: (n: Int, c: Int, h: Int, w: Int) {
    precondition(shape.count == 4, "expected an NCHW tensor, got shape \(shape)")
    return (shape[0], shape[1], shape[2], shape[3])
  }
}
