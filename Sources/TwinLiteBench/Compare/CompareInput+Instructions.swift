import Foundation
import TwinLiteCore

extension CompareInput {
  /// `scripts/ci-perf --json` output: `{"<workload>": {"instructions": N, …}, …}`.
  struct InstructionSchema: Decodable {
    struct Workload: Decodable { let instructions: Int64 }
    let workloads: [String: Workload]

    init(from decoder: any Decoder) throws {
      workloads = try decoder.singleValueContainer().decode([String: Workload].self)
    }
  }

  /// Reads a result file: an `accuracy --format json` result, or `scripts/ci-perf --json` instruction
  /// counts (an object without `paper` whose members each hold `instructions`).
  public static func load(path: String) throws -> CompareInput {
    let bytes: [UInt8]
    do { bytes = try RegularFile.read(path, limit: JSONInput.maxBytes) } catch {
      throw BenchError.cannotRead(path: error.path, reason: error.reason)
    }
    let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    if let object, object["paper"] == nil, !object.isEmpty, object.values.allSatisfy({ $0 is [String: Any] })
    {
      let counts = try JSONInput.decode(
        InstructionSchema.self, bytes: bytes, source: path, what: "ci-perf instruction counts")
      return try instructions(counts, source: path)
    }
    return try validate(
      JSONInput.decode(Schema.self, bytes: bytes, source: path, what: "an accuracy result"), source: path)
  }

  static func instructions(_ s: InstructionSchema, source: String) throws -> CompareInput {
    let bad = s.workloads.filter { $0.value.instructions <= 0 }.keys.sorted()
    guard bad.isEmpty else {
      throw BenchError.unusableInput(
        "\(source): not usable instruction counts: "
          + bad.map { "\($0).instructions is not positive" }
          .joined(separator: "; "))
    }
    var values: [String: Double] = [:]
    for (name, workload) in s.workloads { values["instructions.\(name)"] = Double(workload.instructions) }
    return CompareInput(values: values, identity: nil)
  }
}
