/// Index lists in `sbatch --array` syntax: `0-3,9,17`.
public enum ArraySyntax {
  /// Sorted, de-duplicated runs of consecutive indices; "" for none.
  public static func format(_ indices: [Int]) -> String {
    let sorted = Array(Set(indices)).sorted()
    var parts: [String] = []
    var start = 0
    while start < sorted.count {
      var end = start
      while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
      parts.append(end == start ? "\(sorted[start])" : "\(sorted[start])-\(sorted[end])")
      start = end + 1
    }
    return parts.joined(separator: ",")
  }

  /// Ranges, ascending and disjoint, in the same syntax (never expanded index by index).
  public static func format(ranges: [ClosedRange<Int>]) -> String {
    ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
      .joined(separator: ",")
  }

  /// Parses `0-3,9` back (tests, scripts); nil for malformed text.
  public static func parse(_ text: String) -> [Int]? {
    if text.isEmpty { return [] }
    var result: [Int] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
      guard (1...2).contains(bounds.count), let low = Int(bounds[0]), low >= 0 else { return nil }
      guard let high = bounds.count == 2 ? Int(bounds[1]) : low, high >= low else { return nil }
      result += Array(low...high)
    }
    return result
  }
}
