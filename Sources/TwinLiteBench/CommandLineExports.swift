// twinlite-bench is built on this module alone: the types its options, output and exit statuses
// name are re-exported from the modules that define them.
@_exported import enum TwinLiteBackends.PAMMode
@_exported import class TwinLiteBackends.StepTimer
@_exported import enum TwinLiteCore.StandardError
@_exported import enum TwinLiteCore.StandardOutput
@_exported import enum TwinLiteCore.ToolExitCode
@_exported import struct TwinLiteModel.LayerTable
