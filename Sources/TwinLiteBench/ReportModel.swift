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

/// A point of the FPS-versus-parameters chart.
public struct ReportPoint: Sendable, Equatable, Codable {
  public var label: String
  /// Millions of parameters.
  public var params: Double
  public var fps: Double
  public var measured: Bool

  public init(label: String, params: Double, fps: Double, measured: Bool) {
    self.label = label
    self.params = params
    self.fps = fps
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

  public init(
    title: String, metadata: [[String]], tables: [ReportTable], fpsVsParams: [ReportPoint] = [],
    laneIoUs: [Double] = []
  ) {
    self.title = title
    self.metadata = metadata
    self.tables = tables
    self.fpsVsParams = fpsVsParams
    self.laneIoUs = laneIoUs
  }
}

extension BenchReport {
  /// Reads a report written by `ReportRenderer.json`.
  public static func load(path: String) throws -> BenchReport {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BenchError.invalidArgument("\(path): cannot read report")
    }
    do {
      return try JSONDecoder().decode(BenchReport.self, from: data)
    } catch {
      throw BenchError.invalidArgument("\(path): not a twinlite-bench JSON report: \(error)")
    }
  }
}
