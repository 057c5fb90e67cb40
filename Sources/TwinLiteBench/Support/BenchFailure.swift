import Foundation
import TwinLiteBackends
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN
import TwinLitePlugin

/// How `twinlite-bench` reports an error that ends a command: one sentence about the user's input,
/// and the exit status from the table both tools share (`ToolExitCode`).
public enum BenchFailure {
  public static func status(_ error: any Error) -> ToolExitCode {
    switch error {
    case let e as BenchError:
      switch e {
      case .cannotWrite, .nonFiniteLogits: return .failure
      case .invalidOption: return .usage
      case .framesUnusable(let count, let total): return count < total ? .partial : .unusableInput
      default: return .unusableInput
      }
    case let e as AccuracyError:
      if case .invalidOption = e { return .usage }
      return .unusableInput
    case let e as BackendError:
      if case .invalidOption = e { return .usage }
      return .failure
    case let e as ImageIOError:
      switch e {
      case .writeFailed, .encodeFailed, .invalidArgument: return .failure
      default: return .unusableInput
      }
    case let e as PluginError:
      switch e {
      case .inferFailed, .invalidInput: return .failure
      default: return .unusableInput
      }
    case is CheckpointError, is ExportError, is LayerTableError: return .unusableInput
    default: return .failure
    }
  }

  /// The error as a sentence: our own errors as they describe themselves, Foundation's errors as
  /// the file and the reason rather than an `NSCocoaErrorDomain` code.
  public static func message(_ error: any Error) -> String {
    if error is CocoaError || type(of: error) is NSError.Type { return foundation(error as NSError) }
    return String(describing: error)
  }

  static func foundation(_ error: NSError) -> String {
    let path =
      (error.userInfo[NSFilePathErrorKey] as? String)
      ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
    var reason: String
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      reason = RegularFile.errorText(Int32(underlying.code))
    } else if error.domain == NSPOSIXErrorDomain {
      reason = RegularFile.errorText(Int32(error.code))
    } else {
      reason = cocoaReason(error.code)
    }
    if reason.isEmpty { reason = "failed" }
    return path.map { "\($0): \(reason)" } ?? reason
  }

  static func cocoaReason(_ code: Int) -> String {
    switch CocoaError.Code(rawValue: code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file"
    case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
    case .fileReadCorruptFile: return "the content is not in the expected format"
    case .fileReadTooLarge: return "the file is too large"
    case .fileWriteOutOfSpace: return "no space left on the device"
    case .fileWriteVolumeReadOnly: return "the file system is read-only"
    case .fileWriteFileExists: return "a file is already there"
    case .fileReadUnknown, .fileReadInvalidFileName: return "cannot be read"
    case .fileWriteUnknown, .fileWriteInvalidFileName: return "cannot be written"
    default: return "failed (Foundation error \(code))"
    }
  }
}
