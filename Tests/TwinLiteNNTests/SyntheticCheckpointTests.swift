import Testing
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// A small checkpoint built byte by byte: the reader must rebuild exactly what was written.
@Suite struct SyntheticCheckpointTests {
  typealias Z = CheckpointBytes.ZipEntry

  func write() throws -> String {
    let pickle = CheckpointBytes.Pickle.stateDict {
      $0.tensor(
        "module.a.weight", type: "FloatStorage", storage: "0", numel: 6, size: [2, 3], stride: [3, 1])
      // A transposed view of the same storage: strides (1, 3).
      $0.tensor(
        "module.a.t", type: "FloatStorage", storage: "0", numel: 6, size: [3, 2], stride: [1, 3])
      $0.tensor("module.h", type: "HalfStorage", storage: "1", numel: 3, size: [3], stride: [1])
      $0.tensor(
        "module.d", type: "DoubleStorage", storage: "2", numel: 2, offset: 1, size: [1], stride: [1])
      $0.tensor(
        "module.bn.num_batches_tracked", type: "LongStorage", storage: "3", numel: 1, size: [],
        stride: [])
    }
    let half: [UInt8] = [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x35]  // 1.0, -2.0, 0.3125
    let double =
      CheckpointBytes.le(Int(bitPattern: UInt(Double(0.5).bitPattern)), 8)
      + CheckpointBytes.le(Int(bitPattern: UInt(Double(-1.25).bitPattern)), 8)
    return try temporaryFile(
      "small.pth",
      CheckpointBytes.zip([
        Z(name: "small/data.pkl", data: pickle),
        Z(name: "small/data/0", data: CheckpointBytes.floats([1, 2, 3, 4, 5, 6])),
        Z(name: "small/data/1", data: half), Z(name: "small/data/2", data: double),
        Z(name: "small/data/3", data: CheckpointBytes.le(437_500, 8)),
        Z(name: "small/version", data: Array("3\n".utf8)),
      ]))
  }

  @Test func rebuildsEveryTensorAndAppliesKeyRules() throws {
    let weights = try TorchCheckpoint.load(contentsOf: try write())
    #expect(weights.keys == ["a.t", "a.weight", "d", "h"])
    #expect(weights["a.weight"] == Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]))
    #expect(weights["a.t"] == Tensor(shape: [3, 2], data: [1, 4, 2, 5, 3, 6]))
    #expect(weights["h"] == Tensor(shape: [3], data: [1, -2, 0.3125]))
    #expect(weights["d"] == Tensor(shape: [1], data: [-1.25]))
  }

  @Test func integerBookkeepingFollowsThePolicy() throws {
    let path = try write()
    let kept = try TorchCheckpoint.load(contentsOf: path, options: .verbatim)
    #expect(kept["module.bn.num_batches_tracked"]?.data == [437_500])
    let renamed = try TorchCheckpoint.load(
      contentsOf: path, options: LoadOptions(keyRules: [.replacePrefix("module.", with: "net.")]))
    #expect(renamed.keys == ["net.a.t", "net.a.weight", "net.d", "net.h"])
  }

  @Test func keyRulesAreData() {
    #expect(KeyRule.dropPrefix("module.").apply("module.encoder.b1") == "encoder.b1")
    #expect(KeyRule.dropPrefix("module.").apply("encoder.module.x") == "encoder.module.x")
    #expect(KeyRule.replacePrefix("a.", with: "b.").apply("a.c") == "b.c")
    #expect(KeyRule.dropPrefix("module.").description == "dropPrefix(\"module.\")")
  }
}
