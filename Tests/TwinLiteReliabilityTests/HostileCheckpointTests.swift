import Foundation
import Testing
import TwinLiteNN
import _TwinLiteTestSupport

/// Checkpoints from strangers: code-running pickles, zip bombs, escaping entry names and absurd
/// sizes are refused with a clear error and execute nothing. The size cases are refused before any
/// buffer of the declared size is allocated (a process-wide peak-RSS check would be meaningless
/// here: every test target shares one process).
@Suite struct HostileCheckpointTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: @Sendable (String) -> [UInt8]
    /// Fragments the error description must contain.
    let expect: [String]
    var safetensors = false
    var testDescription: String { name }
  }

  typealias P = CheckpointBytes.Pickle
  typealias Z = CheckpointBytes.ZipEntry

  static func pickleCase(
    _ name: String, _ expect: [String], _ pickle: @escaping @Sendable (String) -> [UInt8]
  )
    -> Case
  {
    Case(name: name, bytes: { HostileBytes.checkpoint(pickle($0)) }, expect: expect)
  }

  static let cases: [Case] = [
    pickleCase("os.system", ["'os.system'", "is not allowed"]) { P.call("os", "system", "touch \($0)") },
    pickleCase("posix.system", ["posix", "system"]) { P.call("posix", "system", "touch \($0)") },
    pickleCase("builtins.eval", ["builtins", "eval"]) { P.call("builtins", "eval", "open('\($0)','w')") },
    pickleCase("__builtin__.exec", ["__builtin__", "exec"]) {
      P.call("__builtin__", "exec", "open('\($0)','w')")
    },
    pickleCase("subprocess.Popen", ["subprocess", "Popen"]) { P.call("subprocess", "Popen", "touch \($0)") },
    pickleCase("REDUCE on a storage type", ["cannot be called"]) { P.call("torch", "FloatStorage", $0) },
    pickleCase("REDUCE on a string", ["REDUCE needs an allowed global"]) { _ in
      var p = P()
      p.string("os.system")
      p.op(0x29)
      p.op(0x52)
      p.op(0x2e)
      return p.bytes
    },
    pickleCase("STACK_GLOBAL (protocol 4)", ["opcode", "0x93"]) { _ in
      var p = P()
      p.string("os")
      p.string("system")
      p.op(0x93)
      p.op(0x2e)
      return p.bytes
    },
    pickleCase("INST os.system", ["opcode", "0x69"]) { _ in
      [0x80, 2, 0x28, 0x69] + Array("os\nsystem\n".utf8) + [0x2e]
    },
    pickleCase("OBJ", ["opcode", "0x6f"]) { _ in
      var p = P()
      p.op(0x28)
      p.global("collections", "OrderedDict")
      p.op(0x6f)
      p.op(0x2e)
      return p.bytes
    },
    pickleCase("BUILD on a global (__setstate__)", ["BUILD"]) { _ in
      var p = P()
      p.global("collections", "OrderedDict")
      p.op(0x7d)
      p.op(0x62)
      p.op(0x2e)
      return p.bytes
    },
    pickleCase("string declaring 4 GiB", ["ends early"]) { _ in
      [0x80, 2, 0x58, 0xFF, 0xFF, 0xFF, 0xFF, 0x41, 0x2e]
    },
    Case(
      name: "entry ../../etc/passwd",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(name: "archive/data.pkl", data: P.stateDict { _ in }), Z(name: "../../etc/passwd", data: [1]),
        ])
      }, expect: ["unsafe zip entry name '../../etc/passwd'"]),
    Case(
      name: "absolute entry name",
      bytes: { _ in
        CheckpointBytes.zip([Z(name: "/tmp/archive/data.pkl", data: P.stateDict { _ in })])
      }, expect: ["unsafe zip entry name '/tmp/archive/data.pkl'"]),
    Case(
      name: "entry archive/../../x",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(name: "archive/data.pkl", data: P.stateDict { _ in }), Z(name: "archive/../../x", data: [1]),
        ])
      }, expect: ["unsafe zip entry name"]),
    Case(
      name: "backslash traversal",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(name: "archive/data.pkl", data: P.stateDict { _ in }), Z(name: "..\\..\\x", data: [1]),
        ])
      }, expect: ["unsafe zip entry name"]),
    Case(
      name: "zip bomb: 4 GiB declared",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(
            name: "archive/data.pkl", data: HostileBytes.deflateZeros(10_000), method: 8,
            declaredSize: 0xFFFF_FFF0)
        ])
      }, expect: ["archive/data.pkl", "limit"]),
    Case(
      name: "zip bomb: 2 GiB declared from 40 bytes",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(
            name: "archive/data.pkl", data: HostileBytes.deflateZeros(10_000), method: 8,
            declaredSize: (2 << 30) - 1)
        ])
      }, expect: ["archive/data.pkl", "deflate expands at most 1032x"]),
    Case(
      name: "zip bomb: 64 MiB of zeros declared as 1000 bytes",
      bytes: { _ in
        CheckpointBytes.zip([
          Z(
            name: "archive/data.pkl", data: HostileBytes.deflateZeros(64 << 20), method: 8,
            declaredSize: 1000)
        ])
      }, expect: ["archive/data.pkl", "deflate stream ended badly"]),
    Case(
      name: "65535 entries declared",
      bytes: { _ in
        var bytes = CheckpointBytes.zip([Z(name: "archive/data.pkl", data: P.stateDict { _ in })])
        let eocd = bytes.count - 22
        bytes[eocd + 8] = 0xFF
        bytes[eocd + 9] = 0xFF
        bytes[eocd + 10] = 0xFF
        bytes[eocd + 11] = 0xFF
        return bytes
      }, expect: ["central directory"]),
    Case(
      name: "storage numel 2^62",
      bytes: { _ in
        HostileBytes.checkpoint(
          P.stateDict { $0.tensor("w", numel: 1 << 62, size: [2], stride: [1]) },
          storages: ["0": CheckpointBytes.floats([1, 2])])
      }, expect: ["tensor 'w'", "storage holds 8 bytes"]),
    Case(
      name: "shape 2^40 x 2^40",
      bytes: { _ in
        HostileBytes.checkpoint(
          P.stateDict { $0.tensor("w", numel: 2, size: [1 << 40, 1 << 40], stride: [1, 1]) },
          storages: ["0": CheckpointBytes.floats([1, 2])])
      }, expect: ["tensor 'w'", "out of range"]),
    Case(
      name: "stride-0 view of 2^28 elements over one float",
      bytes: { _ in
        HostileBytes.checkpoint(
          P.stateDict { $0.tensor("w", numel: 1, size: [1 << 28], stride: [0]) },
          storages: ["0": CheckpointBytes.floats([1])])
      }, expect: ["tensor 'w'", "more than the checkpoint stores"]),
    Case(
      name: "one storage under 64 keys of 1M elements",
      bytes: { _ in
        HostileBytes.checkpoint(
          P.stateDict { p in for i in 0..<64 { p.tensor("w\(i)", numel: 1, size: [1 << 20], stride: [0]) } },
          storages: ["0": CheckpointBytes.floats([1])])
      }, expect: ["more than the checkpoint stores"]),
    Case(
      name: "offset past the storage",
      bytes: { _ in
        HostileBytes.checkpoint(
          P.stateDict { $0.tensor("w", numel: 2, offset: 5, size: [2], stride: [1]) },
          storages: ["0": CheckpointBytes.floats([1, 2])])
      }, expect: ["tensor 'w'", "past its storage"]),
    Case(
      name: "safetensors header of 2^63 bytes",
      bytes: { _ in CheckpointBytes.le(Int.max, 8) + Array("{}".utf8) },
      expect: ["safetensors header", "limit"], safetensors: true),
    Case(
      name: "safetensors offsets past the end",
      bytes: { _ in
        let header = Array(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#.utf8)
        return CheckpointBytes.le(header.count, 8) + header + [0, 0, 0, 0]
      }, expect: ["'w'", "data_offsets"], safetensors: true),
    Case(
      name: "safetensors shape overflow",
      bytes: { _ in
        let header = Array(
          #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#.utf8)
        return CheckpointBytes.le(header.count, 8) + header + [0, 0, 0, 0]
      }, expect: ["'w'", "out-of-range shape"], safetensors: true),
  ]

  @Test(arguments: cases)
  func hostileCheckpointIsRefused(_ hostile: Case) throws {
    let folder = try Fixtures.temporaryDirectory("hostile-checkpoint")
    defer { try? FileManager.default.removeItem(at: folder) }
    let marker = folder.appendingPathComponent("executed").path
    let file = folder.appendingPathComponent(hostile.safetensors ? "model.safetensors" : "model.pth").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data(hostile.bytes(marker))))
    let error = #expect(throws: CheckpointError.self) {
      if hostile.safetensors {
        _ = try Safetensors.load(contentsOf: file)
      } else {
        _ = try TorchCheckpoint.load(contentsOf: file)
      }
    }
    let text = error.map(String.init(describing:)) ?? ""
    #expect(text.hasPrefix(file), "error does not name the file: \(text)")
    for fragment in hostile.expect {
      #expect(text.contains(fragment), "'\(fragment)' missing from: \(text)")
    }
    #expect(!FileManager.default.fileExists(atPath: marker), "the pickle ran code")
  }
}
