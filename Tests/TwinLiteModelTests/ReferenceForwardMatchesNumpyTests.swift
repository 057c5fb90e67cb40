import Foundation
import Testing
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN
import _TwinLiteTestSupport

extension Tag {
  @Tag static var slow: Self
}

/// The whole official pipeline on one sample frame against the numpy restatement's outputs.
@Suite(.tags(.slow)) struct ReferenceForwardMatchesNumpyTests {
  let name = "caeb782d-4a20b7c4"

  @Test func logitsMasksAndActivationsMatch() throws {
    let frame = Resize.linear(
      try JPEGDecoder().decode(
        contentsOf: Fixtures.path("reference/twinlitenet/images/\(name).jpg"), order: .bgr),
      width: 640, height: 360)
    let input = TwinLiteInput.tensor(pixels: frame.pixels, width: 640, height: 360, bgr: true)
    let network = try TwinLiteNet(contentsOf: Fixtures.path("reference/twinlitenet/best.pth"))
    var traced: [String: Tensor] = [:]
    let output = network(input) { traced[$0] = $1 }

    let expected = try NPY.readArchive(
      contentsOf: Fixtures.path("reference/twinlitenet/numpy_outputs/\(name)_logits.npz"))
    for (key, logits) in [("da", output.drivable), ("ll", output.lane)] {
      let reference = try #require(expected[key])
      #expect(logits.shape == [1, 2, 360, 640])
      let worst = zip(logits.data, reference.data).reduce(0) { max($0, abs($1.0 - $1.1)) }
      #expect(worst <= 1e-4, "\(key): max |Δ| = \(worst)")
      let mask = SegmentationMask.argmax(logits)
      let referenceMask = SegmentationMask.argmax(reference.reshaped([1, 2, 360, 640]))
      #expect(mask == referenceMask, "\(key) masks differ")
      let png = try PNGDecoder.readMask(
        path: Fixtures.path("reference/twinlitenet/numpy_outputs/\(name)_\(key).png"))
      #expect(mask == png, "\(key) mask differs from the reference PNG")
    }

    // Per-module statistics of the numpy restatement (mean and first 8 values).
    let json =
      try JSONSerialization.jsonObject(
        with: Data(
          contentsOf: URL(
            fileURLWithPath:
              Fixtures.path("reference/twinlitenet/numpy_outputs/\(name)_activations.json"))))
      as? [String: Any]
    let modules = try #require(json?["modules"] as? [[String: Any]])
    var compared = 0
    for module in modules {
      guard let key = module["name"] as? String, let tensor = traced[key],
        let mean = module["mean"] as? Double, let first = module["first8"] as? [Double]
      else { continue }
      let ours = tensor.data.reduce(0.0) { $0 + Double($1) } / Double(tensor.count)
      #expect(abs(ours - mean) < 1e-5, "\(key) mean \(ours) vs \(mean)")
      for (a, b) in zip(tensor.data.prefix(8), first) { #expect(abs(Double(a) - b) < 1e-4, "\(key) first8") }
      compared += 1
    }
    #expect(compared >= 20)
  }
}
