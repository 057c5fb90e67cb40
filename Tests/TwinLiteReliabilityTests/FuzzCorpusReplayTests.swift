import Foundation
import Testing
import _TwinLiteTestSupport

/// Replays the regression corpus of every fuzz target (`Corpus/TARGET/`) through the same entry
/// code the libFuzzer binary runs: inputs that once crashed must now return, and the `seed-*`
/// inputs must still decode (so a decoder that starts rejecting everything fails here).
@Suite struct FuzzCorpusReplayTests {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Corpus")

  @Test(arguments: FuzzEntry.allCases)
  func corpusReplaysWithoutCrashing(_ target: FuzzEntry) throws {
    let folder = Self.corpus.appendingPathComponent(target.rawValue)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(files.contains { $0.hasPrefix("seed-") }, "no seeds in \(folder.path)")
    let scratch = try Fixtures.temporaryDirectory("fuzz-replay").appendingPathComponent("input.json").path
    for file in files {
      let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
      let accepted = target.run(bytes, scratch: scratch)
      if file.hasPrefix("seed-") {
        #expect(accepted, "\(target.rawValue)/\(file) should decode")
      }
    }
  }
}
