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
  var backend: [BackendChoice] = []

  @Option(help: "The file the --backend plugins load (default: --weights), e.g. a .safetensors export.")
  var pluginWeights: String?

  @Option(help: "Extra key=value option passed to the --backend plugins; repeatable (or a;b in one value).")
  var pluginOptions: [String] = []

  @Option(help: "Ablation checkpoint VARIANT=PATH (baseline, +attention, +two-heads, +reparam); repeatable.")
  var checkpoint: [String] = []

  @Option(
    help: """
      Write the report here (default: standard output; - is standard output). A symbolic link is \
      followed and its target replaced atomically; a folder, device or FIFO is refused.
      """)
  var out: String?

  /// The older name of `--out`, kept working for one release.
  @Option(name: .customLong("output"), help: .hidden)
  var deprecatedOutput: String?

  @Option(
    help: """
      What --data is, shown beside every measured accuracy figure and on the chart, e.g. \
      "synthetic sample (not BDD100K)" or "BDD100K val".
      """)
  var dataDescription: String?

  @Option(
    parsing: .unconditional,
    help: """
      Seconds each timing may wait for a quiet machine and retry a spread-out run; figures still \
      busy after that are marked "machine busy: unreliable".
      """)
  var maxWait: Double = 60

  @Option(help: "Render a report saved with --format json instead of measuring.")
  var from: String?

  @Option(
    help: """
      html only: draw trend charts per commit from this history, a .jsonl file or a folder of them \
      (e.g. reports/history), with the gate thresholds marked; repeatable.
      """)
  var history: [String] = []

  func validate() throws {
    if let problem = BenchLimits.problem(threads: threads, runs: runs) {
      throw ValidationError(problem.description)
    }
    guard maxWait.isFinite, (0...3600).contains(maxWait) else {
      throw ValidationError("--max-wait must be from 0 to 3600 seconds, not \(maxWait)")
    }
    _ = try AblationCommand.parse(checkpoint)
    if out != nil, deprecatedOutput != nil {
      throw ValidationError("give --out only (--output is its old name)")
    }
  }

  /// `--out`, or its older name.
  var output: String? { out ?? deprecatedOutput }

  /// Where the figures come from and where the report goes, in one line for standard error.
  func plan(format: ReportRenderer.Format) -> String {
    let destination = output.map { $0 == "-" ? "standard output" : $0 } ?? "standard output (--out FILE)"
    if let from { return "report: rendering \(from) as \(format.rawValue) to \(destination)" }
    let weightsSource = weights ?? "fixed-seed random weights (no --weights)"
    let accuracy =
      data.map { weights == nil ? "the newest accuracy run in \($0)/catalog.sqlite" : "measured on \($0)" }
      ?? "the paper's published rows only (no --data)"
    return "report: speed with \(weightsSource); accuracy: \(accuracy); \(format.rawValue) to \(destination)"
  }

  func run(format: ReportRenderer.Format) throws {
    if deprecatedOutput != nil { StandardError.line("twinlite-bench: --output is deprecated; use --out") }
    // Refuse a bad --out before measuring for minutes.
    if let output, output != "-" { _ = try OutputFile.finalTarget(of: output) }
    if !history.isEmpty, format != .html {
      throw BenchError.invalidOption(name: "history", reason: "draws trend charts: it needs --format html")
    }
    let trends = try history.flatMap { try HistoryFile.load($0) }
    StandardError.line(plan(format: format))
    let report = try from.map { try BenchReport.load(path: $0) } ?? measure()
    if format == .md, let output, output != "-" {
      // Markdown cannot hold inline SVG that renders everywhere: the charts go in files beside it.
      let url = URL(fileURLWithPath: output)
      let stem = url.deletingPathExtension().lastPathComponent
      for chart in ReportRenderer.charts(report) where chart.markup.hasPrefix("<svg") {
        let file = url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(chart.name).svg")
        try OutputFile.write(chart.markup + "\n", to: file.path)
      }
      try OutputFile.write(ReportRenderer.markdown(report, chartStem: stem), to: output)
      return
    }
    let text =
      format == .html
      ? ReportRenderer.html(report, history: trends) : try ReportRenderer.render(report, as: format)
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
    options.plugins = backend.map(\.description)
    options.pluginWeights = pluginWeights
    options.pluginOptions = pluginOptions.joined(separator: ";")
    options.dataDescription = dataDescription
    options.maxTimingWait = maxWait
    options.ablation.checkpoints = try AblationCommand.parse(checkpoint)
    options.command = (["twinlite-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    let inputs = try ReportBuilder.measure(options) { StandardError.line($0) }
    return ReportBuilder.assemble(inputs)
  }
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "Tables I–IV (params/FPS, DA mIoU, lane acc/IoU, ablation): measured rows beside published ones.")

  @Option(help: "Report format.")
  var format: ReportRenderer.Format = .md

  @OptionGroup var flags: ReportFlags

  func run() throws { try flags.run(format: format) }
}
