import ArgumentParser
import Foundation
import TwinLiteBench

/// Options shared by `report` and the root command's `--report FORMAT`.
struct ReportFlags: ParsableArguments {
  @Option(help: "Checkpoint for speed and accuracy (default: fixed-seed random weights for speed).")
  var weights: String?

  @Option(
    help: "twinlite-prep output folder: accuracy is run there with --weights, else read from its catalog.")
  var data: String?

  @Option(help: "Split for accuracy.")
  var split: String = "val"

  @Option(parsing: .unconditional, help: "Threads for the cpu backend.")
  var threads: Int = 2

  @Option(
    parsing: .unconditional,
    help: "Timed passes of the cpu backend (the reference path runs a third of them, at least 3).")
  var runs: Int = 10

  @Option(
    help: "Also time this plugin:PATH backend for Table I (end-to-end and, if offered, device); repeatable.")
  var backend: [String] = []

  @Option(help: "The file the --backend plugins load (default: --weights), e.g. a .safetensors export.")
  var pluginWeights: String?

  @Option(help: "Extra key=value;… options passed to the --backend plugins.")
  var pluginOptions: String = ""

  @Option(help: "Ablation checkpoint VARIANT=PATH (baseline, +attention, +two-heads, +reparam); repeatable.")
  var checkpoint: [String] = []

  @Option(
    help: """
      Write the report here instead of standard output (- is standard output). A symbolic link is \
      followed and its target replaced atomically; a folder, device or FIFO is refused.
      """)
  var output: String?

  @Option(help: "Render a report saved with --format json instead of measuring.")
  var from: String?

  func validate() throws {
    if let problem = BenchLimits.problem(threads: threads, runs: runs) { throw ValidationError(problem) }
    _ = try AblationCommand.parse(checkpoint)
  }

  func run(format: ReportRenderer.Format) throws {
    // Refuse a bad --output before measuring for minutes.
    if let output, output != "-" { _ = try OutputFile.finalTarget(of: output) }
    let report = try from.map { try BenchReport.load(path: $0) } ?? measure()
    let text = try ReportRenderer.render(report, as: format)
    if let output {
      try OutputFile.write(text, to: output)
    } else {
      StandardOutput.write(text)
    }
  }

  func measure() throws -> BenchReport {
    var options = ReportOptions()
    options.weights = weights
    options.data = data
    options.split = split
    options.threads = threads
    options.speedRuns = runs
    options.plugins = backend
    options.pluginWeights = pluginWeights
    options.pluginOptions = pluginOptions
    options.ablation.checkpoints = try AblationCommand.parse(checkpoint)
    options.command = (["twinlite-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    let inputs = try ReportBuilder.measure(options) { StandardError.line($0) }
    return ReportBuilder.assemble(inputs)
  }
}

extension ReportRenderer.Format: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Tables I–IV (params/FPS, DA mIoU, lane acc/IoU, ablation): measured rows beside published ones.")

  @Option(help: "md, json, csv or html.")
  var format: ReportRenderer.Format = .md

  @OptionGroup var flags: ReportFlags

  func run() throws { try flags.run(format: format) }
}
