import Foundation
import Testing
import TwinLiteBench
import TwinLiteImageIO
import _TwinLiteTestSupport

/// A plugin that returns NaN logits ends `infer` with an error naming the backend and the frame,
/// instead of masks of zeros that look like a prediction ("drivable 0.0000").
@Suite(.enabled(if: PluginFixtures.compilerAvailable, "needs cc to build the fake plugins"))
struct PluginNonFiniteLogitsTests {
  @Test func nanLogitsAreAnErrorNamingBackendAndFrame() throws {
    let dir = try Fixtures.temporaryDirectory("plugin-nan")
    defer { try? FileManager.default.removeItem(at: dir) }
    let plugin = try PluginFixtures.buildFake(["FAKE_NAN_OUTPUT"], in: dir, name: "nan")
    let image = dir.appendingPathComponent("frame.jpg").path
    try JPEGEncoder().writeRGB(
      width: 64, height: 36, pixels: [UInt8](repeating: 128, count: 64 * 36 * 3), to: image)
    let options = InferOptions(
      weights: "/models/any", backend: "plugin:" + plugin,
      outputDirectory: dir.appendingPathComponent("out").path, images: [image])
    let error = #expect(throws: BenchError.self) { try InferenceRunner.run(options) }
    guard case .nonFiniteLogits(let backend, let frame, let count)? = error else {
      Issue.record("expected nonFiniteLogits, got \(String(describing: error))")
      return
    }
    #expect(backend == "plugin:fake")
    #expect(frame == image)
    #expect(count == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/frame_da.png").path))
  }
}
