#!/usr/bin/env python3
"""A Python host of the twinlite backend plugin ABI (Sources/CTwinLiteBackendABI/include/
twinlite_backend.h), versions 1 and 2, with ctypes and numpy only: what scripts/bench-gpu uses to
drive a plugin on a machine without the Swift toolchain.

  scripts/plugin_host.py selftest PLUGIN.so   checks the binding against the test fake plugin
                                              (Tests/TwinLitePluginTests/Fakes/fake_plugin.c)
"""

import ctypes as C
import sys

import numpy as np

ENTRY = b"twinlite_backend_entry"
MIN_VERSION, VERSION = 1, 2


class Error(C.Structure):
    _fields_ = [("code", C.c_int32), ("message", C.c_char * 512)]


class Timing(C.Structure):
    _fields_ = [("device_ms", C.c_double), ("upload_ms", C.c_double), ("download_ms", C.c_double)]


_NAME = C.CFUNCTYPE(C.c_char_p)
_CREATE = C.CFUNCTYPE(C.c_void_p, C.c_char_p, C.c_char_p, C.POINTER(Error))
_FLOATS = C.POINTER(C.c_float)
_INFER = C.CFUNCTYPE(C.c_int32, C.c_void_p, _FLOATS, C.c_int64, C.c_int64, C.c_int64, _FLOATS, _FLOATS)
_MESSAGE = C.CFUNCTYPE(C.c_char_p, C.c_void_p)
_DESTROY = C.CFUNCTYPE(None, C.c_void_p)
_TIMING = C.CFUNCTYPE(C.c_int32, C.c_void_p, C.POINTER(Timing))


class _Table(C.Structure):
    _fields_ = [
        ("abi_version", C.c_uint32),
        ("struct_size", C.c_uint32),
        ("name", _NAME),
        ("create", _CREATE),
        ("infer", _INFER),
        ("last_error", _MESSAGE),
        ("describe", _MESSAGE),
        ("destroy", _DESTROY),
        ("last_timing", _TIMING),
    ]


_V1_SIZE = _Table.last_timing.offset


class PluginError(RuntimeError):
    pass


class Plugin:
    """A loaded plugin library whose function table passed the same checks as the Swift host's."""

    def __init__(self, path):
        self.path = path
        try:
            lib = C.CDLL(path, mode=C.RTLD_LOCAL)
        except OSError as e:
            raise PluginError(f"plugin {path}: cannot be loaded: {e}") from None
        try:
            entry = getattr(lib, ENTRY.decode())
        except AttributeError:
            raise PluginError(f"plugin {path}: symbol '{ENTRY.decode()}' is missing") from None
        entry.restype = C.c_void_p
        address = entry()
        if not address:
            raise PluginError(f"plugin {path}: entry point returned no function table")
        version, size = C.c_uint32.from_address(address).value, C.c_uint32.from_address(address + 4).value
        if not MIN_VERSION <= version <= VERSION:
            raise PluginError(
                f"plugin {path}: ABI version {version}, this host loads {MIN_VERSION}...{VERSION}"
            )
        needed = _V1_SIZE if version == 1 else C.sizeof(_Table)
        if size < needed:
            raise PluginError(f"plugin {path}: incomplete function table: struct_size {size} < {needed}")
        table = _Table()  # only the plugin version's fields are copied; later ones stay NULL
        C.memmove(C.addressof(table), address, needed)
        self._lib, self._t, self.abi_version = lib, table, version
        self.name = table.name().decode()

    @property
    def offers_timing(self):
        return self.abi_version >= 2 and bool(self._t.last_timing)

    def create(self, model_path, options=""):
        error = Error()
        handle = self._t.create(model_path.encode(), options.encode(), C.byref(error))
        if not handle:
            raise PluginError(
                f"plugin {self.path}: create failed (code {error.code}): "
                f"{error.message.decode(errors='replace')}"
            )
        return Handle(self, handle)


class Handle:
    def __init__(self, plugin, handle):
        self._p, self._h = plugin, handle

    @property
    def description(self):
        return self._p._t.describe(self._h).decode(errors="replace")

    def _error(self, what, code):
        message = self._p._t.last_error(self._h).decode(errors="replace")
        return PluginError(f"plugin {self._p.path}: {what} failed (code {code}): {message}")

    def infer(self, batch):
        """N×3×H×W float32 in, (da, ll) N×2×H×W float32 out."""
        x = np.ascontiguousarray(batch, dtype=np.float32)
        if x.ndim != 4 or x.shape[1] != 3:
            raise PluginError(f"plugin {self._p.path}: input of shape {list(x.shape)} is not N×3×H×W")
        n, _, h, w = x.shape
        da = np.empty((n, 2, h, w), np.float32)
        ll = np.empty_like(da)
        status = self._p._t.infer(
            self._h,
            x.ctypes.data_as(_FLOATS),
            n,
            h,
            w,
            da.ctypes.data_as(_FLOATS),
            ll.ctypes.data_as(_FLOATS),
        )
        if status:
            raise self._error("infer", status)
        return da, ll

    def timing(self):
        """The plugin's own timings of the last infer as a dict (None: not offered / not measured)."""
        if not self._p.offers_timing:
            return None
        t = Timing(-1, -1, -1)
        status = self._p._t.last_timing(self._h, C.byref(t))
        if status:
            raise self._error("last_timing", status)
        values = {"device_ms": t.device_ms, "upload_ms": t.upload_ms, "download_ms": t.download_ms}
        return {k: (v if v >= 0 else None) for k, v in values.items()} if t.device_ms >= 0 else None

    def close(self):
        if self._h:
            self._p._t.destroy(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


def _selftest(path):
    """The fake plugin's contract: da = channels 0, 1; ll = 2·channel 2, −channel 0; batch ≤ 2."""
    plugin = Plugin(path)
    with plugin.create("m.onnx", "threads=3") as h:
        assert plugin.name == "fake" and h.description == "fake model=m.onnx options=threads=3", h.description
        x = (np.arange(2 * 3 * 2 * 4, dtype=np.float32) * 0.5 - 7).reshape(2, 3, 2, 4)
        da, ll = h.infer(x)
        assert np.array_equal(da, x[:, :2]) and np.array_equal(ll[:, 0], 2 * x[:, 2])
        assert np.array_equal(ll[:, 1], -x[:, 0])
        timing = h.timing()
        if plugin.offers_timing:
            assert timing == {"device_ms": 0.5, "upload_ms": 0.25, "download_ms": None}, timing
        else:
            assert timing is None
        try:
            h.infer(np.zeros((3, 3, 2, 2), np.float32))
            raise AssertionError("batch 3 was accepted")
        except PluginError as e:
            assert str(e).endswith("infer failed (code 1): batch 3 exceeds the fake's limit 2"), str(e)
    print(f"plugin_host selftest: ABI version {plugin.abi_version}, timing {plugin.offers_timing}: ok")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "selftest":
        _selftest(sys.argv[2])
    else:
        sys.exit(__doc__)
