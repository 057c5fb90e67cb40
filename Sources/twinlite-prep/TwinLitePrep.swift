import ArgumentParser
import TwinLitePrep

/// `twinlite-prep`: BDD100K labels → TwinLiteNet/YOLOP drivable and lane masks.
struct TwinLitePrep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-prep",
    abstract: "Convert BDD100K labels into TwinLiteNet/YOLOP drivable-area and lane masks.",
    discussion: """
      \(ToolExitCode.helpText) A local run with failed frames exits 3; a distributed worker \
      exits 65 instead.
      Quick start: twinlite-prep sample bdd100k && twinlite-prep bdd100k (writes bdd100k-twinlite/).
      """,
    subcommands: [
      ConvertCommand.self, SampleCommand.self, StatusCommand.self, VerifyCommand.self, RepairCommand.self,
      MergeCommand.self, MissingCommand.self, DiffCommand.self,
    ],
    defaultSubcommand: ConvertCommand.self)
}

extension TwinLitePrep {
  /// `--shard-size -5` reaches the parser as `--shard-size=-5`, so the option's own check says
  /// what is wrong ("must be at least 1") instead of "Missing value" (no option name starts
  /// with a digit, so a negative number is never an option).
  static func joiningNegativeValues(_ arguments: [String]) -> [String] {
    var result: [String] = []
    for argument in arguments {
      if let last = result.last, last.hasPrefix("--"), !last.contains("="), last != "--",
        argument.count > 1, argument.hasPrefix("-"), Double(argument) != nil
      {
        result[result.count - 1] = "\(last)=\(argument)"
      } else {
        result.append(argument)
      }
    }
    return result
  }
}
