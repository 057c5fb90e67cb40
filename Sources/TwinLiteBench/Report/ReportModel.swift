import Foundation

/// One table of a bench report: published rows and measured rows side by side.
public struct ReportTable: Sendable, Equatable, Codable {
  /// Roman numeral of the paper's table (`I` … `IV`).
  public var id: String
  public var title: String
  public var columns: [String]
  public var rows: [[String]]
  public var notes: [String]

  public init(id: String, title: String, columns: [String], rows: [[String]], notes: [String] = []) {
    precondition(rows.allSatisfy { $0.count == columns.count }, "report table \(id): row width != columns")
    self.id = id
    self.title = title
    self.columns = columns
    self.rows = rows
    self.notes = notes
  }
}

/// A bar of the speed chart (stored under `fpsVsParams`, the key older reports use).
public struct ReportPoint: Sendable, Equatable, Codable {
  /// Engine / device / threads / precision.
  public var label: String
  /// Millions of parameters.
  public var params: Double
  public var fps: Double
  public var measured: Bool
  /// Why the figure cannot be trusted (e.g. "machine busy: unreliable, load 5.4"), nil when it can.
  public var note: String?

  public init(label: String, params: Double, fps: Double, measured: Bool, note: String? = nil) {
    self.label = label
    self.params = params
    self.fps = fps
    self.measured = measured
    self.note = note
  }
}

/// A bar of the accuracy chart: one metric from one source, in percent.
public struct ReportBar: Sendable, Equatable, Codable {
  public var metric: String
  public var source: String
  public var value: Double
  public var measured: Bool

  public init(metric: String, source: String, value: Double, measured: Bool) {
    self.metric = metric
    self.source = source
    self.value = value
    self.measured = measured
  }
}

/// A whole report, ready to render as Markdown, JSON, CSV or HTML.
public struct BenchReport: Sendable, Equatable, Codable {
  public var title: String
  /// Ordered `key: value` lines of the header (date, commit, build, CPU, …).
  public var metadata: [[String]]
  public var tables: [ReportTable]
  public var fpsVsParams: [ReportPoint]
  /// Per-image lane IoU of the accuracy run shown (for the HTML histogram).
  public var laneIoUs: [Double]
  /// Published and measured accuracy for the chart (absent in older reports).
  public var accuracyBars: [ReportBar]?
  /// What the measured accuracy ran on, e.g. "synthetic sample (not BDD100K), 128 val frames".
  public var accuracyData: String?

  public init(
    title: String, metadata: [[String]], tables: [ReportTable], fpsVsParams: [ReportPoint] = [],
    laneIoUs: [Double] = [], accuracyBars: [ReportBar]? = nil, accuracyData: String? = nil
  ) {
    self.accuracyBars = accuracyBars
    self.accuracyData = accuracyData
    self.title = title
    self.metadata = metadata
    self.tables = tables
    self.fpsVsParams = fpsVsParams
    self.laneIoUs = laneIoUs
  }
}

extension BenchReport {
  /// Reads a report written by `ReportRenderer.json`, refusing one the renderers cannot show
  /// faithfully; every problem names its key.
  public static func load(path: String) throws -> BenchReport {
    let report = try JSONInput.decode(BenchReport.self, path: path, what: "a twinlite-bench JSON report")
    let problems = report.problems()
    guard problems.isEmpty else {
      let shown = problems.prefix(5).joined(separator: "; ")
      let more = problems.count > 5 ? " (and \(problems.count - 5) more)" : ""
      throw BenchError.unusableInput("\(path): not a usable twinlite-bench report: \(shown)\(more)")
    }
    return report
  }

  /// Shapes and values that decode but cannot be rendered: metadata entries that are not
  /// `[key, value]`, rows whose width differs from the columns, non-finite or absurd chart values.
  func problems() -> [String] {
    var problems: [String] = []
    for (i, field) in metadata.enumerated() where field.count != 2 {
      problems.append("metadata[\(i)]: expected a [key, value] pair, found \(field.count) string(s)")
    }
    for (t, table) in tables.enumerated() {
      for (r, row) in table.rows.enumerated() where row.count != table.columns.count {
        problems.append("tables[\(t)].rows[\(r)]: \(row.count) cells for \(table.columns.count) columns")
      }
    }
    for (i, point) in fpsVsParams.enumerated() {
      if !(point.fps.isFinite && (0...1e9).contains(point.fps)) {
        problems.append("fpsVsParams[\(i)].fps: \(point.fps) is not an FPS from 0 to 1e9")
      }
      if !(point.params.isFinite && (0...1e6).contains(point.params)) {
        problems.append(
          "fpsVsParams[\(i)].params: \(point.params) is not millions of parameters from 0 to 1e6")
      }
    }
    for (i, bar) in (accuracyBars ?? []).enumerated()
    where !(bar.value.isFinite && (0...100).contains(bar.value)) {
      problems.append("accuracyBars[\(i)].value: \(bar.value) is not a percentage from 0 to 100")
    }
    for (i, iou) in laneIoUs.enumerated() where !(iou.isFinite && (0...1).contains(iou)) {
      problems.append("laneIoUs[\(i)]: \(iou) is not an IoU in [0, 1]")
    }
    return problems
  }
}
