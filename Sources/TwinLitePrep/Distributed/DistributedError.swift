/// Errors of distributed runs (workers, `merge`, `missing`).
public enum DistributedError: Error, CustomStringConvertible, Sendable {
  /// Bad `--worker-index` / `--worker-count` or environment values (usage).
  case invalidWorker(String)
  /// `merge`/`missing` found no fragment folder or no fragments at all (usage, exit 2).
  case noFragments(out: String)
  /// Fragments in OUT disagree (plan, options or worker count): they come from different runs.
  case mismatch(out: String, reason: String)
  /// Workers not complete yet; `merge` refuses to run (exit 3). Reasons name each problem.
  case incomplete(out: String, workers: [ClosedRange<Int>], reasons: [String])
  /// A fragment file cannot be read.
  case badFragment(path: String, reason: String)
  /// A file in `catalog.d/` named like a fragment that this tool never writes (usage, exit 2).
  case strayFragment(path: String, reason: String)
  /// A worker's plan or options differ from what OUT already holds (usage, exit 2).
  case planDrift(out: String, reason: String)

  public var isUsage: Bool {
    switch self {
    case .invalidWorker, .noFragments, .mismatch, .strayFragment, .planDrift: return true
    case .incomplete, .badFragment: return false
    }
  }

  public var description: String {
    switch self {
    case .invalidWorker(let reason): return reason
    case .noFragments(let out): return "\(out): no worker fragments in catalog.d/ (did any worker finish?)"
    case .mismatch(let out, let reason): return "\(out): fragments disagree: \(reason)"
    case .incomplete(let out, let workers, let reasons):
      return "\(out): workers not complete: \(ArraySyntax.format(ranges: workers)) ("
        + reasons.prefix(5).joined(separator: "; ") + (reasons.count > 5 ? "; …" : "") + ")"
    case .badFragment(let path, let reason): return "\(path): bad catalog fragment: \(reason)"
    case .strayFragment(let path, let reason):
      return "\(path): not a fragment of this tool (\(reason)); remove it, then rerun"
    case .planDrift(let out, let reason):
      return "\(out): this worker's plan or options differ from what OUT holds (\(reason)); every "
        + "worker and rerun must use the same convert flags and inputs: use them, or another --out. "
        + "Nothing was changed"
    }
  }
}
