/// The exit statuses of `twinlite-prep` and `twinlite-bench`: one table for both tools, so a
/// script or a scheduler reads any command's status the same way. The README lists it.
public enum ToolExitCode: Int32, Sendable, CaseIterable, CustomStringConvertible {
  /// Everything asked for was done (`compare`: no regression; `verify`: every output matches).
  case success = 0
  /// The run failed (an I/O error, the catalog, a backend, a bug), or `compare` found a
  /// regression. A retry may help where the cause was transient.
  case failure = 1
  /// An input cannot be used (a missing or malformed file, a folder without labels or catalog,
  /// an OUT that holds another plan) or an output path was refused. Nothing was written.
  case unusableInput = 2
  /// Some items failed, each listed with its file and reason; all the others were done
  /// (frames converted or written, outputs verified, masks compared).
  case partial = 3
  /// The command line is wrong: an unknown option, a value out of range, options that exclude
  /// each other (sysexits' EX_USAGE, which the argument parser uses for its own errors too).
  case usage = 64
  /// A distributed prep worker whose frames failed on bad input (EX_DATAERR): its shards are
  /// complete and a retry cannot help, so schedulers are told not to retry.
  case dataError = 65
  /// Another run holds the output folder's lock (EX_TEMPFAIL): try again later or pass `--wait`.
  case busy = 75

  public var description: String {
    switch self {
    case .success: return "success"
    case .failure: return "the run failed, or compare found a regression"
    case .unusableInput: return "an input cannot be used or an output path was refused"
    case .partial: return "some items failed (listed), the rest were done"
    case .usage: return "the command line is wrong"
    case .dataError: return "a distributed worker's frames failed on bad input: do not retry"
    case .busy: return "another run holds the output folder: retry later"
    }
  }
}

extension ToolExitCode {
  /// The table as one paragraph, for a tool's `--help`.
  public static var helpText: String {
    "Exit status: " + allCases.map { "\($0.rawValue) \($0)" }.joined(separator: "; ") + "."
  }
}
