import Foundation

/// Pure renderers of a `BenchReport`: same report, same bytes.
public enum ReportRenderer {
  public enum Format: String, Sendable, CaseIterable { case md, json, csv, html }

  public static func render(_ report: BenchReport, as format: Format) throws -> String {
    switch format {
    case .md: return markdown(report)
    case .json: return try json(report)
    case .csv: return csv(report)
    case .html: return html(report)
    }
  }

  /// A metadata entry's key and value (`BenchReport.load` refuses entries that are not pairs).
  static func key(_ field: [String]) -> String { field.first ?? "" }
  static func value(_ field: [String]) -> String { field.dropFirst().joined(separator: ", ") }

  static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

  /// GitHub-flavoured Markdown: a metadata list, then one pipe table per paper table with notes.
  public static func markdown(_ report: BenchReport) -> String {
    var lines = ["# \(report.title)", ""]
    for field in report.metadata { lines.append("- \(key(field)): \(value(field))") }
    for table in report.tables {
      lines += ["", "## Table \(table.id): \(table.title)", ""]
      lines.append("| " + table.columns.map(cell).joined(separator: " | ") + " |")
      lines.append("|" + table.columns.map { _ in "---" }.joined(separator: "|") + "|")
      for row in table.rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
      if !table.notes.isEmpty {
        lines.append("")
        for note in table.notes { lines.append("- \(note)") }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public static func json(_ report: BenchReport) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
  }

  static func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  /// One CSV: `table,<columns…>` header per table, rows prefixed with the table id.
  public static func csv(_ report: BenchReport) -> String {
    var lines: [String] = []
    for table in report.tables {
      lines.append((["table"] + table.columns).map(csvField).joined(separator: ","))
      for row in table.rows { lines.append(([table.id] + row).map(csvField).joined(separator: ",")) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// The report's charts: file-name suffix, title, and inline SVG (or a sentence when there is no data).
  public static func charts(_ report: BenchReport) -> [(name: String, title: String, markup: String)] {
    [
      ("speed", "Forward-pass speed", ReportCharts.speedBars(report.fpsVsParams)),
      (
        "accuracy", "Accuracy: published and measured",
        ReportCharts.accuracyBars(report.accuracyBars ?? [], data: report.accuracyData)
      ),
      ("lane-iou", "Per-image lane IoU", ReportCharts.histogram(report.laneIoUs)),
    ]
  }

  /// Markdown with the charts as SVG files beside it: `<stem>-<name>.svg` (written by the caller).
  public static func markdown(_ report: BenchReport, chartStem: String) -> String {
    let drawn = charts(report).filter { $0.markup.hasPrefix("<svg") }
    guard !drawn.isEmpty else { return markdown(report) }
    var lines = [markdown(report), "## Charts", ""]
    for chart in drawn {
      lines += ["### \(chart.title)", "", "![\(chart.title)](\(chartStem)-\(chart.name).svg)", ""]
    }
    return lines.joined(separator: "\n")
  }

  /// A self-contained page: tables, inline SVG charts, then trend charts of `history` per commit.
  /// No JavaScript.
  public static func html(_ report: BenchReport, history: [HistoryEntry] = []) -> String {
    var out = [
      "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
      "<title>\(escape(report.title))</title>",
      "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #999;padding:3px 6px;font-size:13px}th{background:#eee}"
        + "tr.published td{color:#555}</style>",
      "</head><body>", "<h1>\(escape(report.title))</h1>", "<ul>",
    ]
    for field in report.metadata { out.append("<li>\(escape(key(field))): \(escape(value(field)))</li>") }
    out.append("</ul>")
    for table in report.tables {
      out.append("<h2>Table \(escape(table.id)): \(escape(table.title))</h2><table>")
      out.append("<tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>")
      for row in table.rows {
        let published = row.contains("published")
        out.append(
          "<tr\(published ? " class=\"published\"" : "")>" + row.map { "<td>\(escape($0))</td>" }.joined()
            + "</tr>")
      }
      out.append("</table>")
      if !table.notes.isEmpty {
        out.append("<ul>" + table.notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
      }
    }
    for chart in charts(report) { out += ["<h2>\(escape(chart.title))</h2>", chart.markup] }
    out += trendSection(history)
    out.append("</body></html>")
    return out.joined(separator: "\n") + "\n"
  }
}
