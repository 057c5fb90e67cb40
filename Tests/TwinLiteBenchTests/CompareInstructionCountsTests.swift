import Foundation
import Testing
import TwinLiteBench

/// `compare` on `scripts/ci-perf --json` instruction counts: fewer is better, +2 % gates by default,
/// and the github-action-benchmark output carries them as customSmallerIsBetter entries.
@Suite struct CompareInstructionCountsTests {
  static func file(_ json: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "counts-\(UUID().uuidString).json")
    try json.write(to: path, atomically: true, encoding: .utf8)
    return path.path
  }

  static let baseline =
    #"{"prep-32": {"instructions": 1000000000}, "cpu-forward": {"instructions": 500000000}}"#

  @Test func readsCiPerfJSONAsInstructionMetrics() throws {
    let input = try CompareInput.load(path: Self.file(Self.baseline))
    #expect(input.values == ["instructions.prep-32": 1e9, "instructions.cpu-forward": 5e8])
    #expect(input.identity == nil)
  }

  @Test func moreThanTwoPercentMoreInstructionsRegresses() throws {
    let base = try CompareInput.load(path: Self.file(Self.baseline)).values
    var within = base
    within["instructions.prep-32"] = 1.019e9
    #expect(Compare.compare(baseline: base, current: within, options: CompareOptions()).exitCode == .success)
    var beyond = base
    beyond["instructions.cpu-forward"] = 5.11e8
    let result = Compare.compare(baseline: base, current: beyond, options: CompareOptions())
    #expect(result.exitCode == .failure)
    #expect(result.rows.first { $0.metric.key == "instructions.cpu-forward" }?.status == .regressed)
    let text = Compare.text(result, options: CompareOptions())
    #expect(
      text.contains("cpu-forward instructions") && text.contains("+2.200 %") && text.contains("REGRESSION"))
    let looser = CompareOptions(toleranceInstructions: 0.05)
    #expect(Compare.compare(baseline: base, current: beyond, options: looser).exitCode == .success)
  }

  @Test func aBaselineTenPercentCheaperFailsEveryWorkload() throws {
    let current = try CompareInput.load(path: Self.file(Self.baseline)).values
    let cheaper = current.mapValues { ($0 / 1.10).rounded(.down) }
    let result = Compare.compare(baseline: cheaper, current: current, options: CompareOptions())
    #expect(result.rows.count == 2 && result.rows.allSatisfy { $0.status == .regressed })
  }

  @Test func fewerInstructionsIsAnImprovement() {
    let result = Compare.compare(
      baseline: ["instructions.prep-32": 1e9], current: ["instructions.prep-32": 0.9e9],
      options: CompareOptions())
    #expect(result.rows.first?.status == .improved && result.exitCode == .success)
  }

  @Test func githubActionBenchmarkListsCountsAsSmallerIsBetter() throws {
    let base = try CompareInput.load(path: Self.file(Self.baseline)).values
    let json = try Compare.githubActionBenchmark(
      current: base, baseline: base, biggerIsBetter: false, options: CompareOptions())
    let entries = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    let prep = try #require(entries.first { $0["name"] as? String == "prep-32 instructions" })
    #expect(prep["unit"] as? String == "instructions")
    #expect(prep["value"] as? Double == 1e9)
    #expect(prep["range"] as? String == "+ 2.0 %")
    let bigger = try Compare.githubActionBenchmark(
      current: base, baseline: base, biggerIsBetter: true, options: CompareOptions())
    #expect(!bigger.contains("instructions"))
  }

  @Test func nonPositiveCountIsRefusedNamingTheWorkload() throws {
    let path = try Self.file(#"{"prep-32": {"instructions": 0}}"#)
    #expect {
      try CompareInput.load(path: path)
    } throws: { "\($0)".contains(path) && "\($0)".contains("prep-32.instructions is not positive") }
  }
}
