/// A pickle interpreter for PyTorch state dicts that executes nothing.
///
/// It implements only the data opcodes a `torch.save(state_dict)` pickle uses (protocol 2) and
/// treats the few allowed globals (`AllowedGlobal`) as tags; any other opcode or global throws.
struct RestrictedUnpickler {
  let source: String
  /// Bounds the memo and stack so a hostile pickle cannot exhaust memory cheaply.
  var maxItems = 10_000_000

  private var stack: [PickleValue] = []
  private var marks: [Int] = []
  private var memo: [Int: PickleValue] = [:]

  init(source: String) { self.source = source }

  enum Opcode: UInt8 {
    case proto = 0x80, global = 0x63, binput = 0x71, longBinput = 0x72, binget = 0x68, longBinget = 0x6a
    case mark = 0x28, tuple = 0x74, tuple1 = 0x85, tuple2 = 0x86, tuple3 = 0x87, emptyTuple = 0x29
    case emptyDict = 0x7d, emptyList = 0x5d, append = 0x61, appends = 0x65
    case binunicode = 0x58, binint = 0x4a, binint1 = 0x4b, binint2 = 0x4d, long1 = 0x8a
    case newfalse = 0x89, newtrue = 0x88, none = 0x4e
    case reduce = 0x52, binpersid = 0x51, setitem = 0x73, setitems = 0x75, build = 0x62, stop = 0x2e
  }

  /// Runs the pickle and returns the value left by STOP.
  mutating func load(_ bytes: [UInt8]) throws -> PickleValue {
    var reader = ByteReader(bytes) { [source] at in
      CheckpointError.malformedPickle(source: source, offset: at, reason: "stream ends early")
    }
    while true {
      let at = reader.offset
      let byte = try reader.u8()
      guard let op = Opcode(rawValue: byte) else {
        throw CheckpointError.unsupportedOpcode(source: source, opcode: byte, offset: at)
      }
      if op == .stop { return try pop(at) }
      try step(op, &reader, at)
      guard stack.count + memo.count <= maxItems else {
        throw bad(at, "more than \(maxItems) live values")
      }
    }
  }

  private func bad(_ at: Int, _ reason: String) -> CheckpointError {
    .malformedPickle(source: source, offset: at, reason: reason)
  }

  private mutating func pop(_ at: Int) throws -> PickleValue {
    if let floor = marks.last, stack.count <= floor { throw bad(at, "pop across a MARK") }
    guard let value = stack.popLast() else { throw bad(at, "stack underflow") }
    return value
  }

  private mutating func popToMark(_ at: Int) throws -> [PickleValue] {
    guard let floor = marks.popLast() else { throw bad(at, "no MARK on the stack") }
    let items = Array(stack[floor...])
    stack.removeSubrange(floor...)
    return items
  }

  private mutating func step(_ op: Opcode, _ reader: inout ByteReader, _ at: Int) throws {
    switch op {
    case .proto:
      let version = try reader.u8()
      guard version <= 2 else { throw bad(at, "pickle protocol \(version); only 2 is read") }
    case .global:
      let module = try line(&reader, at)
      let name = try line(&reader, at)
      guard let global = AllowedGlobal(module: module, name: name) else {
        throw CheckpointError.forbiddenGlobal(source: source, module: module, name: name, offset: at)
      }
      stack.append(.global(global))
    case .binput, .longBinput:
      let index = op == .binput ? Int(try reader.u8()) : try reader.u32()
      guard let top = stack.last else { throw bad(at, "PUT on an empty stack") }
      memo[index] = top
    case .binget, .longBinget:
      let index = op == .binget ? Int(try reader.u8()) : try reader.u32()
      guard let value = memo[index] else { throw bad(at, "GET of unknown memo slot \(index)") }
      stack.append(value)
    case .mark:
      marks.append(stack.count)
    case .tuple:
      stack.append(.tuple(try popToMark(at)))
    case .tuple1, .tuple2, .tuple3:
      let n = Int(op.rawValue - Opcode.tuple1.rawValue) + 1
      var items: [PickleValue] = []
      for _ in 0..<n { items.insert(try pop(at), at: 0) }
      stack.append(.tuple(items))
    case .emptyTuple: stack.append(.tuple([]))
    case .emptyDict: stack.append(.dict(PickleDict()))
    case .emptyList: stack.append(.list([]))
    case .append, .appends:
      let items = op == .append ? [try pop(at)] : try popToMark(at)
      guard case .list(var list) = try pop(at) else { throw bad(at, "APPEND to a non-list") }
      list += items
      stack.append(.list(list))
    case .binunicode:
      let length = try reader.u32()
      guard let text = String(validating: try reader.take(length), as: UTF8.self) else {
        throw bad(at, "string is not UTF-8")
      }
      stack.append(.string(text))
    case .binint: stack.append(.int(Int(Int32(truncatingIfNeeded: try reader.u32()))))
    case .binint1: stack.append(.int(Int(try reader.u8())))
    case .binint2: stack.append(.int(try reader.u16()))
    case .long1:
      let length = Int(try reader.u8())
      guard length <= 8 else { throw bad(at, "integer wider than 64 bits") }
      let raw = Array(try reader.take(length))
      var value: UInt64 = 0
      for (i, b) in raw.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
      if length > 0 && length < 8 && raw[length - 1] & 0x80 != 0 { value |= ~0 << (8 * UInt64(length)) }
      stack.append(.int(Int(Int64(bitPattern: value))))
    case .newfalse: stack.append(.bool(false))
    case .newtrue: stack.append(.bool(true))
    case .none: stack.append(.none)
    case .reduce:
      let args = try pop(at)
      let callable = try pop(at)
      stack.append(try reduce(callable, args, at))
    case .binpersid:
      stack.append(.storage(try persistentStorage(try pop(at), at)))
    case .setitem:
      let value = try pop(at)
      let key = try pop(at)
      try dictOnTop(at).pairs.append((key, value))
    case .setitems:
      let items = try popToMark(at)
      guard items.count % 2 == 0 else { throw bad(at, "SETITEMS with an odd number of items") }
      let dict = try dictOnTop(at)
      for i in stride(from: 0, to: items.count, by: 2) { dict.pairs.append((items[i], items[i + 1])) }
    case .build:
      // Only OrderedDict state (torch's `_metadata`) is accepted, and it is not needed: drop it.
      let state = try pop(at)
      guard case .dict = state, case .dict = stack.last else {
        throw bad(at, "BUILD is only accepted as dict state on a dict")
      }
    case .stop:
      break
    }
  }

  private func line(_ reader: inout ByteReader, _ at: Int) throws -> String {
    var bytes: [UInt8] = []
    while true {
      let b = try reader.u8()
      if b == 0x0a { break }
      bytes.append(b)
      guard bytes.count <= 256 else { throw bad(at, "GLOBAL name too long") }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw bad(at, "GLOBAL is not UTF-8") }
    return text
  }

  private func dictOnTop(_ at: Int) throws -> PickleDict {
    guard case .dict(let dict) = stack.last else { throw bad(at, "SETITEM(S) on a non-dict") }
    return dict
  }

  private func reduce(_ callable: PickleValue, _ args: PickleValue, _ at: Int) throws -> PickleValue {
    guard case .global(let global) = callable, case .tuple(let a) = args else {
      throw bad(at, "REDUCE needs an allowed global and an argument tuple, got \(callable.kind)")
    }
    switch global {
    case .orderedDict:
      guard a.isEmpty else { throw bad(at, "OrderedDict() with arguments") }
      return .dict(PickleDict())
    case .rebuildParameter:
      guard a.count == 3, case .tensor = a[0] else { throw bad(at, "bad _rebuild_parameter arguments") }
      return a[0]
    case .rebuildTensorV2:
      guard (6...7).contains(a.count), case .storage(let storage) = a[0], case .int(let offset) = a[1],
        case .tuple(let size) = a[2], case .tuple(let stride) = a[3]
      else { throw bad(at, "bad _rebuild_tensor_v2 arguments") }
      let shape = try ints(size, at)
      let strides = try ints(stride, at)
      guard shape.count == strides.count, offset >= 0, shape.allSatisfy({ $0 >= 0 }),
        strides.allSatisfy({ $0 >= 0 })
      else { throw bad(at, "inconsistent tensor size/stride") }
      return .tensor(TensorRecord(storage: storage, offset: offset, shape: shape, strides: strides))
    case .storageType:
      throw bad(at, "a storage type cannot be called")
    }
  }

  private func ints(_ values: [PickleValue], _ at: Int) throws -> [Int] {
    try values.map {
      guard case .int(let v) = $0 else { throw bad(at, "expected an int, got \($0.kind)") }
      return v
    }
  }

  private func persistentStorage(_ pid: PickleValue, _ at: Int) throws -> StorageRef {
    guard case .tuple(let t) = pid, t.count == 5, case .string("storage") = t[0],
      case .global(.storageType(let dtype)) = t[1], case .string(let key) = t[2],
      case .string = t[3], case .int(let count) = t[4], count >= 0
    else { throw bad(at, "persistent id is not ('storage', type, key, location, numel)") }
    return StorageRef(dtype: dtype, key: key, count: count)
  }
}
