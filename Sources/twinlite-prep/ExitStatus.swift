import ArgumentParser
import TwinLitePrep

extension ToolExitCode {
  /// The status of an error that ends a prep command, from the table both tools share.
  static func of(_ error: any Error) -> ToolExitCode {
    switch error {
    case let e as DatasetError:
      switch e {
      case .invalidOption: return .usage
      case .rootNotFound, .noInputs: return .unusableInput
      default: return .failure
      }
    case let e as PipelineError:
      if case .invalidOption = e { return .usage }
      if case .busy = e { return .busy }
      return e.isUsage ? .unusableInput : .failure
    case let e as DistributedError:
      if case .invalidWorker = e { return .usage }
      if case .incomplete = e { return .partial }
      return e.isUsage ? .unusableInput : .failure
    case let e as DiffError:
      if case .invalidOption = e { return .usage }
      return e.isUsage ? .unusableInput : .failure
    case let e as CatalogError:
      if case .missing = e { return .unusableInput }
      return .failure
    default:
      return .failure
    }
  }
}

extension ExitCode {
  init(_ code: ToolExitCode) { self.init(code.rawValue) }
}
