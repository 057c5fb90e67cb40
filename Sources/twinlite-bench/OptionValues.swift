import ArgumentParser
import TwinLiteBench

/// `--format` of the commands that print one result: a table for people, or JSON for scripts.
enum ResultFormat: String, CaseIterable, ExpressibleByArgument {
  case text, json
}

/// `compare --format`.
enum CompareFormat: String, CaseIterable, ExpressibleByArgument {
  case text
  case githubActionBenchmark = "github-action-benchmark"
}

/// `compare --direction`: which way is better for github-action-benchmark.
enum CompareDirection: String, CaseIterable, ExpressibleByArgument {
  case bigger, smaller
}

/// `--backend`: `reference`, `cpu` or `plugin:PATH`.
enum BackendChoice: Equatable, CustomStringConvertible, ExpressibleByArgument {
  case reference, cpu
  case plugin(path: String)

  init?(argument: String) {
    switch argument {
    case "reference": self = .reference
    case "cpu": self = .cpu
    default:
      guard argument.hasPrefix("plugin:"), argument.count > "plugin:".count else { return nil }
      self = .plugin(path: String(argument.dropFirst("plugin:".count)))
    }
  }

  /// The name the library's backend factory takes.
  var description: String {
    switch self {
    case .reference: return "reference"
    case .cpu: return "cpu"
    case .plugin(let path): return "plugin:\(path)"
    }
  }

  var defaultValueDescription: String { description }
  static var allValueStrings: [String] { ["reference", "cpu", "plugin:PATH"] }
  static var defaultCompletionKind: CompletionKind { .list(["reference", "cpu", "plugin:"]) }
}

/// `speed --pam`, in kebab-case like every other value; the older `skipWhenExact` still works,
/// with a note.
enum PAMChoice: String, CaseIterable, ExpressibleByArgument {
  case compute
  case skipWhenExact = "skip-when-exact"

  init?(argument: String) {
    if argument == "skipWhenExact" {
      StandardError.line("twinlite-bench: --pam skipWhenExact is deprecated; use --pam skip-when-exact")
      self = .skipWhenExact
    } else {
      self.init(rawValue: argument)
    }
  }

  var mode: PAMMode { self == .compute ? .compute : .skipWhenExact }
}

extension StepTimer.Measure: ExpressibleByArgument {}
extension ReportRenderer.Format: ExpressibleByArgument {}
