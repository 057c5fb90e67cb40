import Foundation
import Testing
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct NPYTests {
  @Test func float32RoundTripWithAlignedHeader() throws {
    let t = Tensor(shape: [2, 3, 1], data: [1, -2, 3.5, 0, 1e-7, -0])
    let bytes = NPY.encode(t)
    #expect(Array(bytes[0..<8]) == [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
    #expect((bytes.count - 24) % 64 == 0)  // header block is 64-byte aligned
    let header = String(decoding: bytes[10..<(bytes.count - 24)], as: UTF8.self)
    #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 1), }"))
    #expect(try NPY.decode(bytes, source: "mem") == t)
    let path = try Fixtures.temporaryDirectory("npy").appendingPathComponent("t.npy").path
    try NPY.write(Tensor(shape: [4], data: [1, 2, 3, 4]), to: path)
    #expect(try NPY.read(contentsOf: path) == Tensor(shape: [4], data: [1, 2, 3, 4]))
  }

  @Test func readsTheDeflatedLogitsArchive() throws {
    let arrays = try NPY.readArchive(
      contentsOf: Fixtures.path("reference/twinlitenet/numpy_outputs/caeb782d-4a20b7c4_logits.npz"))
    #expect(Set(arrays.keys) == ["da", "ll"])
    #expect(arrays["da"]?.shape == [2, 360, 640])
    #expect(arrays["ll"]?.shape == [2, 360, 640])
    #expect(arrays["da"]?.data.allSatisfy(\.isFinite) == true)
  }

  @Test func malformedFilesAreRejected() {
    let bad: [[UInt8]] = [
      Array("not numpy".utf8),
      [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 200, 0] + Array("{'descr'".utf8),
      Array(NPY.encode(Tensor(shape: [3], data: [1, 2, 3])).dropLast(4)),
    ]
    for bytes in bad {
      let error = checkpointError { _ = try NPY.decode(bytes, source: "x.npy") }
      guard case .malformedNPY(let source, _)? = error else {
        Issue.record("got \(String(describing: error))")
        continue
      }
      #expect(source == "x.npy")
    }
  }
}
