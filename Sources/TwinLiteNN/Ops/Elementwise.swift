import TwinLiteCore

/// Shape-preserving tensor utilities: channel concatenation and element-wise sum.
public enum Elementwise {
  /// Concatenates NCHW tensors along channels, in argument order (the order the weights expect).
  public static func concatChannels(_ parts: [Tensor]) -> Tensor {
    precondition(!parts.isEmpty, "concat of nothing")
    let (n, _, h, w) = parts[0].nchw
    for p in parts { precondition(p.nchw.n == n && p.nchw.h == h && p.nchw.w == w, "concat size mismatch") }
    let total = parts.reduce(0) { $0 + $1.nchw.c }
    var out: [Float] = []
    out.reserveCapacity(n * total * h * w)
    for b in 0..<n {
      for p in parts {
        let size = p.nchw.c * h * w
        out += p.data[(b * size)..<((b + 1) * size)]
      }
    }
    return Tensor(shape: [n, total, h, w], data: out)
  }

  public static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.shape == b.shape, "add: shapes \(a.shape) and \(b.shape) differ")
    var out = a
    out.data.withUnsafeMutableBufferPointer { o in
      b.data.withUnsafeBufferPointer { r in for i in 0..<o.count { o[i] += r[i] } }
    }
    return out
  }
}
