import Foundation
import Testing
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct MalformedCheckpointTests {
  typealias Z = CheckpointBytes.ZipEntry

  func pth(_ pickle: [UInt8], storages: [(String, [UInt8])] = []) throws -> String {
    let entries =
      [Z(name: "archive/data.pkl", data: pickle)]
      + storages.map { Z(name: "archive/data/\($0.0)", data: $0.1) }
    return try temporaryFile("bad.pth", CheckpointBytes.zip(entries))
  }

  @Test func truncatedZipIsRejected() throws {
    let full = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("reference/twinlitenet/best.pth"))))
    for cut in [full.count / 2, full.count - 10, 21] {
      let path = try temporaryFile("cut.pth", Array(full.prefix(cut)))
      let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
      guard case .malformedZip(let source, let reason)? = error else {
        Issue.record("cut at \(cut): expected malformedZip, got \(String(describing: error))")
        continue
      }
      #expect(source == path)
      #expect(reason.contains("truncated") || reason.contains("too short"), "\(reason)")
    }
  }

  @Test func pickleNamingOsSystemIsRefusedWithoutRunningIt() throws {
    var p = CheckpointBytes.Pickle()
    p.global("os", "system")
    p.string("touch /tmp/twinlite-pwned")
    p.op(0x85)
    p.op(0x52)
    p.op(0x2e)
    let path = try pth(p.bytes)
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    guard case .forbiddenGlobal(_, let module, let name, let offset)? = error else {
      Issue.record("expected forbiddenGlobal, got \(String(describing: error))")
      return
    }
    #expect(module == "os" && name == "system" && offset == 2)
    #expect(error?.description.contains("'os.system'") == true)
  }

  @Test func otherGlobalsAreRefused() throws {
    for (module, name) in [
      ("builtins", "eval"), ("torch", "load"), ("collections", "defaultdict"),
      ("torch._utils", "_rebuild_device_tensor_from_numpy"),
    ] {
      var p = CheckpointBytes.Pickle()
      p.global(module, name)
      p.op(0x2e)
      let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: try pth(p.bytes)) }
      #expect(error?.description.contains("'\(module).\(name)'") == true, "\(String(describing: error))")
    }
  }

  @Test func unknownOpcodesAreRefused() throws {
    // 0x93 STACK_GLOBAL (protocol 4), 0x69 INST, 0x6f OBJ, 0xff: nothing that builds objects by name.
    for opcode: UInt8 in [0x93, 0x69, 0x6f, 0xff] {
      let path = try pth([0x80, 2, 0x4e, opcode, 0x2e])
      let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
      #expect(error == .unsupportedOpcode(source: "\(path) (archive/data.pkl)", opcode: opcode, offset: 3))
      #expect(error?.description.contains("0x\(String(opcode, radix: 16))") == true)
    }
  }

  @Test func storageShorterThanDeclaredIsRejected() throws {
    let pickle = CheckpointBytes.Pickle.stateDict {
      $0.tensor("w", type: "FloatStorage", storage: "0", numel: 6, size: [2, 3], stride: [3, 1])
    }
    let path = try pth(pickle, storages: [("0", CheckpointBytes.floats([1, 2]))])
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    guard case .badTensorData(_, let key, _)? = error else {
      Issue.record("expected badTensorData, got \(String(describing: error))")
      return
    }
    #expect(key == "w")
  }

  @Test func viewPastItsStorageIsRejected() throws {
    let pickle = CheckpointBytes.Pickle.stateDict {
      $0.tensor(
        "w", type: "FloatStorage", storage: "0", numel: 4, offset: 2, size: [2, 2], stride: [2, 1])
    }
    let path = try pth(pickle, storages: [("0", CheckpointBytes.floats([1, 2, 3, 4]))])
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    #expect(error?.description.contains("past its storage") == true, "\(String(describing: error))")
  }

  @Test func unsafeEntryNamesAreRejected() throws {
    for name in ["../data.pkl", "/etc/data.pkl", "a\\..\\data.pkl"] {
      let path = try temporaryFile("evil.pth", CheckpointBytes.zip([Z(name: name, data: [0x80, 2, 0x2e])]))
      let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
      #expect(error == .unsafeEntryName(source: path, entry: name))
    }
  }

  @Test func corruptedStoredEntryFailsItsCRC() throws {
    let pickle = CheckpointBytes.Pickle.stateDict {
      $0.tensor("w", type: "FloatStorage", storage: "0", numel: 2, size: [2], stride: [1])
    }
    var zip = CheckpointBytes.zip([
      Z(name: "archive/data.pkl", data: pickle),
      Z(name: "archive/data/0", data: CheckpointBytes.floats([1, 2])),
    ])
    let dataStart = zip.count - 22 - (46 + 16 + 46 + 14) - 8  // last 8 bytes before the central directory
    zip[dataStart] ^= 0xff
    let path = try temporaryFile("crc.pth", zip)
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    #expect(error == .corruptEntry(source: path, entry: "archive/data/0", reason: "CRC-32 mismatch"))
  }

  @Test func integerTensorsNeedTheAllowList() throws {
    let pickle = CheckpointBytes.Pickle.stateDict {
      $0.tensor("counter", type: "LongStorage", storage: "0", numel: 1, size: [], stride: [])
    }
    let path = try pth(pickle, storages: [("0", CheckpointBytes.le(5, 8))])
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    #expect(error == .unsupportedDType(source: path, key: "counter", dtype: "LongStorage"))
    let kept = try TorchCheckpoint.load(
      contentsOf: path, options: LoadOptions(integers: .keepAsFloat(suffixes: ["counter"])))
    #expect(kept["counter"]?.data == [5] && kept["counter"]?.shape == [])
  }

  @Test func notAZipIsRejected() throws {
    let path = try temporaryFile("text.pth", Array("hello, this is not a checkpoint at all".utf8))
    let error = checkpointError { _ = try TorchCheckpoint.load(contentsOf: path) }
    guard case .malformedZip? = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
  }
}
