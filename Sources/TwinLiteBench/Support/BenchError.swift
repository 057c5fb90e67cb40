/// Errors of the bench library (the loaders' own errors pass through unchanged).
public enum BenchError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A backend name that is not known, or known but not built into this binary.
  case backendUnavailable(name: String, reason: String)
  /// An output file or folder could not be created.
  case cannotWrite(path: String, reason: String)
  /// An output path that must not be replaced (a directory, device, FIFO or socket).
  case refusedOutput(path: String, reason: String)
  /// An input file that cannot be read (missing, not a regular file, too large, I/O error).
  case cannotRead(path: String, reason: String)
  /// The network produced NaN or infinite logits.
  case nonFiniteLogits(backend: String, frame: String, count: Int)
  /// A JPEG the decoder could read only in part (refused unless `--lenient-jpeg`).
  case damagedImage(path: String, message: String)
  /// Some `infer` frames could not be used (each was reported); the others were written.
  case framesUnusable(count: Int, total: Int)
  /// An option value that cannot be honoured, or options that do not make sense together.
  case invalidOption(name: String, reason: String)
  /// An input file or a pair of inputs that cannot be used as asked (the message names them).
  case unusableInput(String)

  public var description: String {
    switch self {
    case .backendUnavailable(let name, let reason): return "backend '\(name)' is not available: \(reason)"
    case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
    case .refusedOutput(let path, let reason): return "\(path): will not write there: \(reason)"
    case .cannotRead(let path, let reason): return "\(path): cannot read: \(reason)"
    case .nonFiniteLogits(let backend, let frame, let count):
      return "backend \(backend) produced \(count) NaN or infinite logits for \(frame) "
        + "(are the weights or the plugin sound?)"
    case .damagedImage(let path, let message):
      return "\(path): damaged JPEG: \(message); the decoder would fill the missing part with grey. "
        + "Pass --lenient-jpeg to use such frames anyway (they are counted in the summary)"
    case .framesUnusable(let count, let total):
      return "\(count) of \(total) frames could not be used (each is named above); the other "
        + "\(total - count) were written"
    case .invalidOption(let name, let reason): return "--\(name): \(reason)"
    case .unusableInput(let message): return message
    }
  }
}
