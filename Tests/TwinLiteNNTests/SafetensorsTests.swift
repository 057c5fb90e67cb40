import Foundation
import Testing
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct SafetensorsTests {
  /// A tiny safetensors writer: header JSON, then the payloads in order.
  func safetensors(
    _ entries: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])],
    corruptEnd: Int = 0
  ) -> [UInt8] {
    var header: [String] = ["\"__metadata__\":{\"format\":\"pt\"}"]
    var payload: [UInt8] = []
    for e in entries {
      let begin = payload.count
      payload += e.bytes
      header.append(
        "\"\(e.name)\":{\"dtype\":\"\(e.dtype)\",\"shape\":\(e.shape),"
          + "\"data_offsets\":[\(begin),\(payload.count + corruptEnd)]}")
    }
    var json = Array(("{" + header.joined(separator: ",") + "}").utf8)
    while json.count % 8 != 0 { json.append(0x20) }
    return CheckpointBytes.le(json.count, 8) + json + payload
  }

  @Test func roundTripsFloat32Float16AndInt64() throws {
    let w: [Float] = [0.5, -1, 3.25, 1e-3, 7, -8]
    let path = try temporaryFile(
      "t.safetensors",
      safetensors([
        ("module.conv.weight", "F32", [1, 2, 3, 1], CheckpointBytes.floats(w)),
        ("module.bn.bias", "F16", [2], [0x00, 0x3c, 0x00, 0xc0]),
        ("module.bn.num_batches_tracked", "I64", [], CheckpointBytes.le(12, 8)),
      ]))
    let loaded = try StateDict(contentsOf: path)
    #expect(loaded.keys == ["bn.bias", "conv.weight"])
    #expect(loaded["conv.weight"] == Tensor(shape: [1, 2, 3, 1], data: w))
    #expect(loaded["bn.bias"] == Tensor(shape: [2], data: [1, -2]))
    let verbatim = try Safetensors.load(contentsOf: path, options: .verbatim)
    #expect(verbatim["module.bn.num_batches_tracked"]?.data == [12])
  }

  @Test func offsetsThatDoNotFitAreRejected() throws {
    let path = try temporaryFile(
      "bad.safetensors", safetensors([("w", "F32", [2], CheckpointBytes.floats([1, 2]))], corruptEnd: 4))
    let error = checkpointError { _ = try Safetensors.load(contentsOf: path) }
    guard case .badTensorData(_, let key, _)? = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(key == "w")
  }

  @Test func absurdHeaderLengthIsRejected() throws {
    let path = try temporaryFile("huge.safetensors", CheckpointBytes.le(1 << 40, 8) + Array("{}".utf8))
    let error = checkpointError { _ = try Safetensors.load(contentsOf: path) }
    guard case .tooLarge? = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
  }

  @Test func unknownDTypeIsNamed() throws {
    let path = try temporaryFile("u8.safetensors", safetensors([("m", "U8", [2], [1, 2])]))
    #expect(
      checkpointError { _ = try Safetensors.load(contentsOf: path) }
        == .unsupportedDType(source: path, key: "m", dtype: "U8"))
  }
}
