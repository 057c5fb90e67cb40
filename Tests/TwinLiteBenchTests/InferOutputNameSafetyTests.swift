import Foundation
import Testing
import TwinLiteBench
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import _TwinLiteTestSupport

/// `infer` names its outputs after the input images: those names obey the frame-name rule, two
/// images never share outputs, and a link planted in the output folder is replaced, not followed.
@Suite struct InferOutputNameSafetyTests {
  /// A 64×36 JPEG at `url`, and a forward pass that needs no weights (all-zero logits).
  static func jpeg(_ url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JPEGEncoder().writeRGB(
      width: 64, height: 36, pixels: [UInt8](repeating: 90, count: 64 * 36 * 3), to: url.path)
  }

  static func forward(_: Tensor) -> TwinLiteOutput {
    TwinLiteOutput(drivable: Tensor(zeros: [1, 2, 360, 640]), lane: Tensor(zeros: [1, 2, 360, 640]))
  }

  @Test func imagesSharingAStemAreRefusedBeforeAnythingIsWritten() throws {
    let folder = try Fixtures.temporaryDirectory("infer-names")
    let (a, b) = (folder.appendingPathComponent("a/x.jpg"), folder.appendingPathComponent("b/x.jpg"))
    let bell = folder.appendingPathComponent("bell\u{7}.jpg")
    for image in [a, b, bell] { try Self.jpeg(image) }
    let out = folder.appendingPathComponent("out")
    let options = InferOptions(
      weights: "unused", outputDirectory: out.path, images: [a.path, b.path, bell.path])
    let error = #expect(throws: BenchError.self) { try InferenceRunner.run(options, forward: Self.forward) }
    let message = error?.description ?? ""
    let shared = "\(b.path): same output name 'x' as \(a.path); rename one of them"
    #expect(message.contains(shared), "\(message)")
    #expect(message.contains("output name 'bell\\u{07}' rejected: contains control character U+0007"))
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }

  @Test func linksPlantedInTheOutputFolderAreReplacedNotFollowed() throws {
    let folder = try Fixtures.temporaryDirectory("infer-links")
    let image = folder.appendingPathComponent("frame.jpg")
    try Self.jpeg(image)
    let out = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let victim = folder.appendingPathComponent("victim")
    try Data("precious".utf8).write(to: victim)
    for name in ["frame_da.png", "frame.ll.npy"] {
      try FileManager.default.createSymbolicLink(
        atPath: out.appendingPathComponent(name).path, withDestinationPath: victim.path)
    }
    let options = InferOptions(
      weights: "unused", outputDirectory: out.path, saveLogits: true, images: [image.path])
    let results = try InferenceRunner.run(options, forward: Self.forward)
    #expect(results.first?.files.count == 5)
    #expect(try Data(contentsOf: victim) == Data("precious".utf8))
    for name in ["frame_da.png", "frame.ll.npy"] {
      let placed = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)
      #expect(placed[.type] as? FileAttributeType == .typeRegular, "\(name) is still a link")
    }
    let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
    #expect(hidden.isEmpty, "staging files left: \(hidden)")
  }

  @Test func accuracySplitIsOnePathComponent() throws {
    let error = #expect(throws: AccuracyError.self) {
      try AccuracyDataset.frames(data: "/nonexistent", split: "../../etc")
    }
    #expect(error?.description == "--split: '../../etc' contains '/' (a frame name is one path component)")
  }
}
