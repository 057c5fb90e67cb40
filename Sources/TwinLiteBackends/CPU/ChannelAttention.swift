internal import CTwinLiteDNNL
import Foundation

/// CAM on channels-last activations, per image with X the C×N matrix (M = Xᵀ in memory):
/// `E = X·Xᵀ` (sgemm), `A = softmax(rowmax(E) − E)` (C×C, in Swift), `out = γ·A·X + x` (sgemm).
final class ChannelAttention {
  let name: String
  let input: DNNLMemory, output: DNNLMemory
  let gamma: Float
  let n: Int, plane: Int, channels: Int
  private var energy: [Float]
  private var attention: [Float]

  init(_ name: String, input: DNNLMemory, output: DNNLMemory, gamma: Float, n: Int, plane: Int, channels: Int) {
    self.name = name
    self.input = input
    self.output = output
    self.gamma = gamma
    self.n = n
    self.plane = plane
    self.channels = channels
    energy = [Float](repeating: 0, count: channels * channels)
    attention = energy
  }

  func run() throws(BackendError) {
    let c = channels, size = plane * channels
    output.floats.update(from: input.floats, count: n * size)
    let no = CChar(UInt8(ascii: "N")), transposed = CChar(UInt8(ascii: "T"))
    for b in 0..<n {
      let m = input.floats + b * size
      let status = energy.withUnsafeMutableBufferPointer {
        dnnl_sgemm(transposed, no, dnnl_dim_t(c), dnnl_dim_t(c), dnnl_dim_t(plane), 1, m, dnnl_dim_t(c), m,
                   dnnl_dim_t(c), 0, $0.baseAddress, dnnl_dim_t(c))
      }
      try dnnlCheck(status, name, "dnnl_sgemm(X·Xᵀ)")
      for i in 0..<c {
        var rowMax = -Float.infinity
        for j in 0..<c { rowMax = max(rowMax, energy[i * c + j]) }
        var flippedMax = -Float.infinity
        for j in 0..<c { flippedMax = max(flippedMax, rowMax - energy[i * c + j]) }
        var sum: Float = 0
        for j in 0..<c {
          let e = Foundation.exp((rowMax - energy[i * c + j]) - flippedMax)
          attention[i * c + j] = e
          sum += e
        }
        for j in 0..<c { attention[i * c + j] /= sum }
      }
      let status2 = attention.withUnsafeBufferPointer {
        dnnl_sgemm(no, transposed, dnnl_dim_t(plane), dnnl_dim_t(c), dnnl_dim_t(c), gamma, m, dnnl_dim_t(c),
                   $0.baseAddress, dnnl_dim_t(c), 1, output.floats + b * size, dnnl_dim_t(c))
      }
      try dnnlCheck(status2, name, "dnnl_sgemm(A·X)")
    }
  }
}
