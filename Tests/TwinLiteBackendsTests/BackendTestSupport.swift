import Foundation
import TwinLiteBackends
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN
import _TwinLiteTestSupport

/// Shared inputs of the backend tests: the official checkpoint and the sample frames, read in place.
enum BackendFixtures {
  static let checkpoint = Fixtures.path("reference/twinlitenet/best.pth")
  static let imageDirectory = Fixtures.path("reference/twinlitenet/images")

  static var available: Bool { FileManager.default.fileExists(atPath: checkpoint) }

  static func stateDict() throws -> StateDict { try StateDict(contentsOf: checkpoint) }

  /// The official preprocessing: decode to BGR, resize to 640×360, RGB planes / 255.
  static func input(_ path: String) throws -> Tensor {
    let decoder = try JPEGDecoder()
    let frame = Resize.linear(try decoder.decode(contentsOf: path, order: .bgr),
                              width: TwinLiteInput.width, height: TwinLiteInput.height)
    return TwinLiteInput.tensor(pixels: frame.pixels, width: frame.width, height: frame.height, bgr: true)
  }

  static func sampleImages() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: imageDirectory).filter { $0.hasSuffix(".jpg") }.sorted()
      .map { imageDirectory + "/" + $0 }
  }

  static func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count)
    var m: Float = 0
    for i in 0..<a.count { m = max(m, abs(a.data[i] - b.data[i])) }
    return m
  }

  /// `logit[1] > logit[0]` per pixel of every image (N×2×H×W).
  static func mask(_ t: Tensor) -> [Bool] {
    let (n, plane) = (t.shape[0], t.shape[2] * t.shape[3])
    var out: [Bool] = []
    out.reserveCapacity(n * plane)
    for b in 0..<n {
      for p in 0..<plane { out.append(t.data[(2 * b + 1) * plane + p] > t.data[2 * b * plane + p]) }
    }
    return out
  }
}
