import Testing
import TwinLiteModel
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct LayerTableTests {
  @Test func architectureCountsMatchTheSpecTable() throws {
    let table = try LayerTable.architecture()
    #expect(table.totalParameters == 439_633)
    let byModule = Dictionary(uniqueKeysWithValues: table.rows.map { ($0.module, $0) })
    let expected: [String: Int] = [
      "encoder.level1": 480, "encoder.b1": 3_306, "encoder.level2_0": 9_156, "encoder.level2.0": 7_872,
      "encoder.b2": 154_842, "encoder.level3_0": 58_659, "encoder.level3.2": 32_384, "encoder.b3": 73_824,
      "encoder.sa": 1_321, "encoder.conv_sa": 9_312, "encoder.sc": 1, "encoder.classifier": 1_120,
      "up_1_1": 2_096, "up_2_1": 536, "classifier_1": 70, "classifier_2": 70,
    ]
    for (module, params) in expected { #expect(byModule[module]?.parameters == params, "\(module)") }
    // Folding removes one value per output channel of each CBR (294) and UPx2 (2 × 26).
    #expect(table.totalFoldedParameters == 439_633 - 294 - 52)
  }

  @Test func countsFromTheCheckpointAgree() throws {
    let weights = try StateDict(contentsOf: Fixtures.path("reference/twinlitenet/best.pth"))
    let network = try TwinLiteNet(weights: weights)
    let parameters = weights.keys.map { (key: $0, shape: weights[$0]?.shape ?? []) }
    let fromFile = try LayerTable(network: network, parameters: parameters)
    #expect(fromFile.totalParameters == 439_633)
    #expect(try fromFile.rows == LayerTable.architecture().rows)
    let learnable = weights.keys.filter(LayerTable.isLearnable)
    #expect(learnable.count == 123)
  }

  @Test func macsAtTheNetworkResolution() throws {
    let table = try LayerTable.architecture()
    #expect(table.totalMACs == 4_192_614_000)
    #expect(table.totalMatmulMACs == 4 * 3600 * 3600 + 32 * 3600 * 3600 + 2 * 32 * 32 * 3600)
    let b2 = table.rows.first { $0.module == "encoder.b2" }
    #expect(b2?.macs == 131 * 131 * 9 * 90 * 160 && b2?.output == [131, 90, 160])
    #expect(table.rows.last?.output == [2, 360, 640])
    // Twice the resolution in each direction: four times the conv work, PAM's N² grows 16×.
    let large = try LayerTable.architecture(height: 720, width: 1280)
    #expect(large.totalMACs - large.totalMatmulMACs == 4 * (table.totalMACs - table.totalMatmulMACs))
    #expect(large.rows.first { $0.module == "encoder.sa" }?.matmulMACs == 16 * 36 * 3600 * 3600)
  }
}
