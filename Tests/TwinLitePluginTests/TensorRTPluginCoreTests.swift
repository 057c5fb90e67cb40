import Foundation
import Testing
import _TwinLiteTestSupport

/// The TensorRT plugin's TensorRT-free translation units (option parsing, engine-cache keys, the C ABI
/// glue with exception containment, JPEG calibration preprocessing) compile with -Werror and pass
/// their C++ checks; built by `backends/tensorrt/tests/run-core-tests.sh` with the system `c++`.
@Suite(.enabled(if: TensorRTCore.toolsAvailable, "needs c++ and libturbojpeg0-dev"))
struct TensorRTPluginCoreTests {
  @Test func coreChecksPass() throws {
    let build = try Fixtures.temporaryDirectory("trt-core")
    let images = Fixtures.path("reference/twinlitenet/images")
    var arguments = [TensorRTCore.script, build.path]
    if FileManager.default.fileExists(atPath: images) { arguments.append(images) }
    let output = try ToolProcess.output(of: "/bin/bash", arguments)
    #expect(output.contains("plugin_core_test: all checks passed"), "\(output)")
  }
}

enum TensorRTCore {
  static let script = Fixtures.packageRoot.appendingPathComponent("backends/tensorrt/tests/run-core-tests.sh")
    .path

  static var toolsAvailable: Bool {
    ToolProcess.which("c++") != nil && FileManager.default.fileExists(atPath: "/usr/include/turbojpeg.h")
  }
}
