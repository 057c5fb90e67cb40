import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel

/// b1, b2 and b3 run whichever candidate (oneDNN's Winograd, the own Winograd F(4,3) or F(3,3),
/// direct convolution) measured fastest for that layer's shape when the plan was built, and the plan
/// keeps every candidate's time, so `speed --profile` shows why.
@Suite struct CPUPlanMeasuresConcatConvsTests {
  /// `chosen (fastest of a 1.234 ms, b 4.567 ms, …)` → the chosen name and each candidate's time.
  static func parse(_ implementation: String) -> (chosen: String, timed: [(String, Double)])? {
    guard let open = implementation.range(of: " (fastest of "), implementation.hasSuffix(")") else {
      return nil
    }
    let list = implementation[open.upperBound..<implementation.index(before: implementation.endIndex)]
    var timed: [(String, Double)] = []
    for entry in list.components(separatedBy: ", ") {
      let words = entry.split(separator: " ")
      guard words.count == 3, words[2] == "ms", let ms = Double(words[1]) else { return nil }
      timed.append((String(words[0]), ms))
    }
    return (String(implementation[..<open.lowerBound]), timed)
  }

  @Test func eachConcatConvKeepsItsFastestCandidate() throws {
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 1)
    try cpu.prepare(shape: [1, 3, 360, 640])
    for layer in ["encoder.b1", "encoder.b2", "encoder.b3"] {
      let step = try #require(cpu.planSteps.first { $0.name == layer })
      let record = try #require(Self.parse(step.implementation), "\(step.implementation)")
      // At every ISA at least the own Winograd and one direct convolution build.
      #expect(record.timed.count >= 2, "\(step.implementation)")
      let fastest = record.timed.map(\.1).min() ?? 0
      #expect(record.timed.allSatisfy { $0.1 > 0 && !$0.0.hasPrefix("ref") })
      // Ties (within 2 %) go to the earlier candidate.
      let first = record.timed.first { $0.1 <= fastest * (1 + 0.02) }
      #expect(record.chosen == first?.0, "\(layer): \(step.implementation)")
    }
  }

  @Test func excludedCandidatesAreNeitherBuiltNorTimed() throws {
    let options = CPUBackendOptions(excludedImplementations: ["twinlite_wino"])
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 1, options: options)
    try cpu.prepare(shape: [1, 3, 48, 64])
    for layer in ["encoder.b1", "encoder.b2", "encoder.b3"] {
      let step = try #require(cpu.planSteps.first { $0.name == layer })
      let record = try #require(Self.parse(step.implementation), "\(step.implementation)")
      #expect(!record.timed.isEmpty && record.timed.allSatisfy { !$0.0.hasPrefix("twinlite_wino") })
    }
    for tile in ["4x3", "3x3"] {
      #expect(cpu.planFallbacks.filter { $0.contains("own winograd \(tile): excluded") }.count == 3)
    }
  }
}
