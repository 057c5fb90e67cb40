import Foundation
import Testing
import TwinLiteBench
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

private let checkpoint = Fixtures.path("reference/twinlitenet/best.pth")

/// `export-safetensors` writes every tensor of the checkpoint bit for bit (keys without `module.`,
/// no `num_batches_tracked`), readable back by the Swift loader, and refuses a file that is not a
/// complete TwinLiteNet, naming the missing tensor.
@Suite(
  .enabled(
    if: FileManager.default.fileExists(atPath: checkpoint), "needs the official checkpoint in ../shared"))
struct SafetensorsExportRoundTripTests {
  @Test func exportReadsBackToTheSameTensors() throws {
    let dir = try Fixtures.temporaryDirectory("safetensors")
    let out = dir.appendingPathComponent("sub/model.safetensors").path
    let size = try SafetensorsExporter.export(weightsPath: checkpoint, to: out)
    let original = try StateDict(contentsOf: checkpoint)
    let exported = try StateDict(contentsOf: out)
    #expect(size == (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int))
    #expect(exported.keys == original.keys && exported.keys.count == 163)
    for key in original.keys {
      let (a, b) = (original[key]!, exported[key]!)
      #expect(a.shape == b.shape && a.data.map(\.bitPattern) == b.data.map(\.bitPattern), "\(key)")
    }
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    let headerEnd = 8 + Int(bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    #expect(headerEnd % 8 == 0)
    let header = String(decoding: bytes[8..<headerEnd], as: UTF8.self)
    #expect(header.contains("\"producer\":\"twinlite-bench export-safetensors\""))
  }

  @Test func incompleteCheckpointIsRefusedByName() throws {
    let dir = try Fixtures.temporaryDirectory("safetensors")
    var dict = try StateDict(contentsOf: checkpoint)
    dict["encoder.b2.conv.weight"] = nil
    let partial = dir.appendingPathComponent("partial.safetensors").path
    try Data(Safetensors.serialise(dict)).write(to: URL(fileURLWithPath: partial))
    let error = #expect(throws: (any Error).self) {
      let out = dir.appendingPathComponent("o.safetensors").path
      return try SafetensorsExporter.export(weightsPath: partial, to: out)
    }
    #expect("\(error.map { "\($0)" } ?? "")".contains("encoder.b2.conv.weight"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.safetensors").path))
  }
}
