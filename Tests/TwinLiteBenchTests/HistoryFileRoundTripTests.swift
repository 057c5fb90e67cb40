import Foundation
import Testing
import TwinLiteBench

/// History files: appended entries read back in order, from a file or a folder of them, and a bad
/// line is an error naming the file and line.
@Suite struct HistoryFileRoundTripTests {
  static func entry(_ commit: String, _ value: Double, threshold: Double? = nil) -> HistoryEntry {
    HistoryEntry(
      commit: commit, date: "2026-12-0\(commit.count)T00:00:00Z", machine: "test CPU", isa: "AVX2",
      metric: "instructions.prep-32", value: value, unit: "instructions", threshold: threshold)
  }

  @Test func appendedEntriesReadBackFromFileAndFolder() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("ci.jsonl").path
    let first = [Self.entry("a", 1e9, threshold: 1.02e9)]
    let second = [Self.entry("bb", 1.01e9), Self.entry("ccc", 0.99e9)]
    try HistoryFile.append(first, to: file)
    try HistoryFile.append(second, to: file)
    #expect(try HistoryFile.load(file) == first + second)
    #expect(try HistoryFile.load(dir.path) == first + second)
    let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3 && lines[0].hasPrefix("{\"commit\":\"a\""))
  }

  @Test func badLineIsNamedWithFileAndLine() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: file) }
    try HistoryFile.append([Self.entry("a", 1)], to: file.path)
    let handle = try FileHandle(forWritingTo: file)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"commit\": \"b\"}\n".utf8))
    try handle.close()
    #expect {
      try HistoryFile.load(file.path)
    } throws: { "\($0)".contains("\(file.path):2") && "\($0)".contains("date") }
  }

  @Test func folderWithoutHistoryIsRefused() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect { try HistoryFile.load(dir.path) } throws: { "\($0)".contains("no *.jsonl history file") }
  }
}
