import Testing
import TwinLiteBench

/// A plugin measured for Table I appears as its own rows, one per timing kind, each labelled with
/// the plugin's description and what the timing covers; without plugin rows the table is unchanged.
@Suite struct ReportPluginRowsTests {
  static let plugin = "twinlite CUDA plugin: cuDNN 9.28.1, fp16, GPU NVIDIA H100 sm90"

  static func tableI(_ speeds: [ReportSpeed]) -> ReportTable {
    let inputs = ReportInputs(
      environment: ReportMarkdownGoldenTests.environment, weightsSHA256: nil, params: 439_633,
      macs: 4_192_614_000, speeds: speeds, accuracy: nil, laneIoUs: [], ablation: [], command: "report")
    return ReportBuilder.assemble(inputs).tables[0]
  }

  @Test func deviceAndEndToEndRowsAreLabelled() throws {
    let table = Self.tableI([
      ReportSpeed(backend: "cpu", threads: 2, batch: 1, fps: 9.5, warmup: 3, runs: 10),
      ReportSpeed(
        backend: "plugin:/x/libtwinlite_cuda.so", threads: 2, batch: 1, fps: 400, warmup: 10, runs: 200,
        timing: "end-to-end", plugin: Self.plugin),
      ReportSpeed(
        backend: "plugin:/x/libtwinlite_cuda.so", threads: 2, batch: 1, fps: 2500, warmup: 10, runs: 200,
        timing: "device", plugin: Self.plugin),
    ])
    let rows = table.rows.filter { $0[0] == "TwinLiteNet (plugin)" }
    #expect(rows.count == 2)
    #expect(rows.map { $0[4] } == ["400.00", "2500.00"])
    #expect(rows[0][6].hasPrefix(Self.plugin + " · timing: end-to-end · 2026-01-02 · commit 0123456789"))
    #expect(rows[1][6].contains("timing: device") && rows[1][6].hasSuffix("warm-up 10, runs 200"))
    #expect(table.notes.first?.hasPrefix("Plugin rows: timing 'device'") == true)
    #expect(table.rows.contains { $0[0] == "TwinLiteNet (Swift)" })
  }

  @Test func withoutPluginsTheNotesAreTheCPUOnes() {
    let table = Self.tableI([ReportSpeed(backend: "cpu", threads: 2, batch: 1, fps: 9.5, warmup: 3, runs: 10)]
    )
    #expect(!table.notes.contains { $0.hasPrefix("Plugin rows") })
    #expect(!table.rows.contains { $0[0] == "TwinLiteNet (plugin)" })
  }
}
