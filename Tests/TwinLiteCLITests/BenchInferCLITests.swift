import Foundation
import Testing
import _TwinLiteTestSupport

@Suite struct BenchInferCLITests {
  let weights = Fixtures.path("reference/twinlitenet/best.pth")
  let frame = Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg")

  /// Width and height from a PNG's IHDR chunk.
  func pngSize(_ path: String) throws -> (Int, Int, UInt8) {
    let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(Array(b[1..<4]) == Array("PNG".utf8))
    let be = { (i: Int) in Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
    return (be(16), be(20), b[25])  // colour type: 0 gray, 2 RGB
  }

  @Test func writesMasksOverlayAndLogits() throws {
    let out = try Fixtures.temporaryDirectory("infer")
    let result = try ToolProcess.run(
      "twinlite-bench", ["infer", "--weights", weights, "--out", out.path, "--save-logits", frame])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("caeb782d-4a20b7c4: drivable 0.2619, lane 0.0099"))
    let name = out.appendingPathComponent("caeb782d-4a20b7c4").path
    for (suffix, colour) in [("_da.png", UInt8(0)), ("_ll.png", 0), ("_overlay.png", 2)] {
      let (w, h, type) = try pngSize(name + suffix)
      #expect(w == 640 && h == 360 && type == colour, "\(suffix)")
    }
    // The numpy reference mask, byte for byte after decoding, is checked in TwinLiteModelTests;
    // here: the .npy files are float32 2×360×640 in C order.
    for suffix in [".da.npy", ".ll.npy"] {
      let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: name + suffix)))
      let header = String(decoding: bytes[10..<128], as: UTF8.self)
      #expect(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 360, 640)"))
      #expect(bytes.count == 128 + 2 * 360 * 640 * 4)
    }
  }

  @Test func cpuBackendWritesTheSameMasks() throws {
    let reference = try Fixtures.temporaryDirectory("infer-ref")
    let cpu = try Fixtures.temporaryDirectory("infer-cpu")
    for (backend, out) in [("reference", reference), ("cpu", cpu)] {
      let result = try ToolProcess.run(
        "twinlite-bench",
        [
          "infer", "--weights", weights, "--backend", backend, "--out", out.path, frame,
        ])
      #expect(result.status == 0, "\(backend): \(result.stderr)")
    }
    for suffix in ["_da.png", "_ll.png", "_overlay.png"] {
      let a = try Data(contentsOf: reference.appendingPathComponent("caeb782d-4a20b7c4" + suffix))
      let b = try Data(contentsOf: cpu.appendingPathComponent("caeb782d-4a20b7c4" + suffix))
      #expect(a == b, "\(suffix) differs between backends")
    }
  }

  @Test func badArgumentsFailWithAMessage() throws {
    let out = try Fixtures.temporaryDirectory("infer-bad").path
    let backend = try ToolProcess.run(
      "twinlite-bench", ["infer", "--weights", weights, "--backend", "gpu", "--out", out, frame])
    #expect(
      backend.status == 64 && backend.stderr.contains("'gpu' is invalid for '--backend"), "\(backend.stderr)")
    let missing = try ToolProcess.run(
      "twinlite-bench", ["infer", "--weights", "/nonexistent/w.pth", "--out", out, frame])
    #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/w.pth"))
  }
}
