import ArgumentParser

/// `twinlite-prep`: BDD100K labels → TwinLiteNet/YOLOP drivable and lane masks.
struct TwinLitePrep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-prep",
    abstract: "Convert BDD100K labels into TwinLiteNet/YOLOP drivable-area and lane masks.",
    discussion: """
      Exit status: 0 all frames converted, 3 some frames failed (listed on stderr; 65 for a \
      distributed worker), 2 usage error, \
      1 internal error.
      Quick start: twinlite-prep sample bdd100k && twinlite-prep bdd100k --out prepared
      """,
    subcommands: [
      ConvertCommand.self, SampleCommand.self, StatusCommand.self, VerifyCommand.self, MergeCommand.self,
      MissingCommand.self, BenchPNGCommand.self, DiffCommand.self,
    ],
    defaultSubcommand: ConvertCommand.self)
}
