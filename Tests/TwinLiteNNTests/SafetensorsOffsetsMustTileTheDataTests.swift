import Foundation
import Testing
import TwinLiteNN
import _TwinLiteTestSupport

/// safetensors tensors must tile the data buffer exactly (the format's rule): overlapping offsets
/// (two tensors sharing bytes), a gap (bytes no tensor owns) or trailing bytes are refused, naming
/// the tensor; a checkpoint path that is a device or a folder is refused before it is read.
@Suite struct SafetensorsOffsetsMustTileTheDataTests {
  /// Header entries with explicit offsets over `payload`.
  func file(_ entries: [(name: String, begin: Int, end: Int)], payload: [UInt8]) -> [UInt8] {
    let header = entries.map {
      "\"\($0.name)\":{\"dtype\":\"F32\",\"shape\":[\(($0.end - $0.begin) / 4)],"
        + "\"data_offsets\":[\($0.begin),\($0.end)]}"
    }
    let json = Array(("{" + header.joined(separator: ",") + "}").utf8)
    return CheckpointBytes.le(json.count, 8) + json + payload
  }

  let payload = CheckpointBytes.floats([1, 2, 3, 4])

  @Test func overlapIsRefused() throws {
    let bytes = file([("a", 0, 8), ("b", 4, 12), ("c", 12, 16)], payload: payload)
    let error = #expect(throws: CheckpointError.self) { try Safetensors.load(bytes: bytes, source: "o.st") }
    let text = error?.description ?? ""
    #expect(text.contains("tensor 'b': data_offsets [4, 12] overlaps the tensor before it"), "\(text)")
  }

  @Test func gapIsRefused() throws {
    let bytes = file([("a", 0, 4), ("b", 8, 16)], payload: payload)
    let error = #expect(throws: CheckpointError.self) { try Safetensors.load(bytes: bytes, source: "g.st") }
    #expect(
      error?.description.contains("tensor 'b': data_offsets [8, 16] leaves a gap before it") == true,
      "\(String(describing: error))")
  }

  @Test func trailingBytesAreRefused() throws {
    let bytes = file([("a", 0, 8)], payload: payload)
    let short = CheckpointError.malformedSafetensors(
      source: "t.st", reason: "tensors cover 8 of the 16 data bytes")
    #expect(throws: short) {
      try Safetensors.load(bytes: bytes, source: "t.st")
    }
  }

  @Test func exactTilingInAnyKeyOrderLoads() throws {
    let bytes = file([("b", 8, 16), ("a", 0, 8)], payload: payload)
    let state = try Safetensors.load(bytes: bytes, source: "ok.st")
    #expect(state["a"]?.data == [1, 2] && state["b"]?.data == [3, 4])
  }

  @Test func deviceAndFolderAreNotRead() throws {
    let dir = try Fixtures.temporaryDirectory("nn-special")
    defer { try? FileManager.default.removeItem(at: dir) }
    let device = CheckpointError.unreadable(source: "/dev/zero", reason: "is a character device, not a file")
    #expect(throws: device) {
      try StateDict(contentsOf: "/dev/zero")
    }
    #expect(throws: CheckpointError.unreadable(source: dir.path, reason: "is a directory, not a file")) {
      try StateDict(contentsOf: dir.path)
    }
  }
}
