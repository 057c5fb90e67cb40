#include "network.h"

#include <cmath>
#include <sstream>

namespace twinlite {

int Plan::buffer(const std::string &name) const {
  for (size_t i = 0; i < buffers.size(); i++)
    if (buffers[i].name == name) return (int)i;
  return -1;
}

namespace {

constexpr double kEps = 1e-3;  // every BN of TwinLiteNet

std::string shape_text(const std::vector<int64_t> &s) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < s.size(); i++) o << (i ? ", " : "") << s[i];
  o << "]";
  return o.str();
}

class Builder {
 public:
  Builder(const TensorMap &weights, Plan &plan) : w_(weights), p_(plan) {}
  std::string error;

  // --- buffers and slices ---
  int buffer(const std::string &name, int c, int h, int w, Storage storage = Storage::activation) {
    p_.buffers.push_back({name, storage, c, h, w});
    return (int)p_.buffers.size() - 1;
  }
  Slice whole(int b) const { return part(b, 0, p_.buffers[b].c); }
  Slice part(int b, int channel, int channels) const {
    const BufferSpec &s = p_.buffers[b];
    return {b, channel, channels, s.h, s.w, s.per_image()};
  }
  // A scratch buffer viewed as a packed channels×h×w tensor.
  Slice packed(int b, int channels, int h, int w) {
    if ((size_t)channels * h * w > p_.buffers[b].per_image() && error.empty())
      error = "internal: scratch buffer '" + p_.buffers[b].name + "' too small";
    return {b, 0, channels, h, w, (size_t)channels * h * w};
  }

  // --- parameters ---
  size_t push(const std::vector<float> &values) {
    while (p_.params.size() % 16) p_.params.push_back(0.0f);  // 64-byte aligned entries
    size_t at = p_.params.size();
    p_.params.insert(p_.params.end(), values.begin(), values.end());
    return at;
  }
  const HostTensor *tensor(const std::string &key, std::vector<int64_t> shape) {
    if (!error.empty()) return nullptr;
    auto it = w_.find(key);
    if (it == w_.end()) {
      error = "state dict has no tensor '" + key + "'";
      return nullptr;
    }
    if (it->second.shape != shape) {
      error = "'" + key + "' has shape " + shape_text(it->second.shape) + ", expected " + shape_text(shape);
      return nullptr;
    }
    return &it->second;
  }
  std::vector<float> values(const std::string &key, std::vector<int64_t> shape) {
    const HostTensor *t = tensor(key, shape);
    return t ? t->data : std::vector<float>(shape.empty() ? 1 : (size_t)shape[0], 0.0f);
  }
  // BN as scale = γ/√(var+eps), shift = β − mean·scale (in double, like the CPU backend).
  void affine(const std::string &bn, int c, std::vector<float> &scale, std::vector<float> &shift) {
    auto g = values(bn + ".weight", {c}), b = values(bn + ".bias", {c});
    auto m = values(bn + ".running_mean", {c}), v = values(bn + ".running_var", {c});
    scale.assign(c, 0.0f);
    shift.assign(c, 0.0f);
    for (int i = 0; i < c && error.empty(); i++) {
      double s = (double)g[i] / std::sqrt((double)v[i] + kEps);
      scale[i] = (float)s;
      shift[i] = (float)((double)b[i] - (double)m[i] * s);
    }
  }

  // --- steps ---
  Step &add(StepKind kind, const std::string &name) {
    p_.steps.emplace_back(kind, name);
    p_.steps.back().stream = stream_;
    return p_.steps.back();
  }
  void set_stream(int s) { stream_ = s; }

  // A convolution from `in` into the packed scratch `out_buffer`; returns the output slice.
  Slice conv(const std::string &name, Slice in, int out_buffer, int cout, int k, int stride, int dilation,
             size_t weight) {
    Step &s = add(StepKind::conv, name);
    s.in = in;
    s.cin = in.channels;
    s.cout = cout;
    s.kernel = k;
    s.stride = stride;
    s.dilation = dilation;
    s.pad = (k - 1) / 2 * dilation;
    s.weight = weight;
    s.out = packed(out_buffer, cout, conv_out(in.h, s), conv_out(in.w, s));
    return s.out;
  }

  // CBR at `prefix`: conv k×k → BN → PReLU, BN folded; `raw` takes the conv's output. The
  // epilogue (bias, PReLU, optional add after the activation) is a step of its own, returned
  // unplaced so that a caller can put it after a join.
  Step cbr_conv(const std::string &prefix, Slice in, int cout, int k, int stride, int raw) {
    const int cin = in.channels;
    auto w = values(prefix + ".conv.weight", {cout, cin, k, k});
    std::vector<float> scale, shift;
    affine(prefix + ".bn", cout, scale, shift);
    auto slope = values(prefix + ".act.weight", {cout});
    const size_t per = (size_t)cin * k * k;
    for (int o = 0; o < cout && error.empty(); o++)
      for (size_t i = 0; i < per; i++) w[o * per + i] *= scale[o];
    const Slice out = conv(prefix, in, raw, cout, k, stride, 1, push(w));
    Step e(StepKind::bias_prelu, prefix + " bias+prelu");
    e.in = out;
    e.bias = push(shift);
    e.slope = push(slope);
    return e;
  }
  void place(Step e, Slice out, Slice out2 = {}, Slice add_after = {}) {
    e.out = out;
    e.out2 = out2;
    e.add = add_after;
    e.stream = stream_;
    p_.steps.push_back(e);
  }
  void cbr(const std::string &prefix, Slice in, int cout, int k, int stride, int raw, Slice out,
           Slice out2 = {}) {
    place(cbr_conv(prefix, in, cout, k, stride, raw), out, out2);
  }

  // ESP block at `prefix` (DownSamplerB when `strided`, else the residual block).
  void esp(const std::string &prefix, Slice in, int cout, bool strided, Slice out, Slice out2 = {}) {
    const int cin = in.channels, n = cout / 5, n1 = cout - 4 * n, k = strided ? 3 : 1;
    const std::string bn = strided ? prefix + ".bn" : prefix + ".bn.bn";
    const std::string act = strided ? prefix + ".act" : prefix + ".bn.act";
    const Slice o1 = conv(prefix + ".c1", in, p_.buffer("esp.o1"), n, k, strided ? 2 : 1, 1,
                          push(values(prefix + ".c1.conv.weight", {n, cin, k, k})));
    const char *names[5] = {"d1", "d2", "d4", "d8", "d16"};
    const int dilations[5] = {1, 2, 4, 8, 16};
    Slice branch[5];
    for (int i = 0; i < 5; i++) {
      const int width = i == 0 ? n1 : n;
      branch[i] =
          conv(prefix + "." + names[i], o1, p_.buffer(std::string("esp.") + names[i]), width, 3, 1,
               dilations[i], push(values(prefix + "." + names[i] + ".conv.weight", {width, n, 3, 3})));
    }
    std::vector<float> scale, shift;
    affine(bn, cout, scale, shift);
    Step &c = add(StepKind::esp_combine, prefix + " combine");
    for (int i = 0; i < 5; i++) c.branch[i] = branch[i];
    if (!strided) c.add = in;  // the residual
    c.out = out;
    c.out2 = out2;
    c.n = n;
    c.n1 = n1;
    c.scale = push(scale);
    c.shift = push(shift);
    c.slope = push(values(act + ".weight", {cout}));
  }

  // UPx2 at `prefix`: ConvTranspose2d 2×2/2 → BN → PReLU, BN folded into the (Cin, Cout, 2, 2) weights.
  void up(const std::string &prefix, Slice in, int cout, Slice out) {
    const int cin = in.channels;
    auto w = values(prefix + ".deconv.weight", {cin, cout, 2, 2});
    std::vector<float> scale, shift;
    affine(prefix + ".bn", cout, scale, shift);
    for (int c = 0; c < cin && error.empty(); c++)
      for (int o = 0; o < cout; o++)
        for (int i = 0; i < 4; i++) w[(c * cout + o) * 4 + i] *= scale[o];
    Step &s = add(StepKind::deconv, prefix);
    s.in = in;
    s.out = out;
    s.cin = cin;
    s.cout = cout;
    s.weight = push(w);
    s.bias = push(shift);
    s.slope = push(values(prefix + ".act.weight", {cout}));
  }

 private:
  const TensorMap &w_;
  Plan &p_;
  int stream_ = 0;
};

}  // namespace

bool build_plan(const TensorMap &weights, int height, int width, Plan &plan, std::string &error) {
  if (height < 8 || width < 8 || height % 8 || width % 8) {
    error = "input " + std::to_string(height) + "x" + std::to_string(width) +
            " is not a positive multiple of 8 in both dimensions";
    return false;
  }
  Plan p;
  p.height = height;
  p.width = width;
  Builder b(weights, p);
  const int H = height, W = width, H2 = H / 2, W2 = W / 2, H4 = H / 4, W4 = W / 4, H8 = H / 8, W8 = W / 8;
  const int pam_splits = 8, cam_splits = 8, C = 32, QC = 4;

  p.input = b.buffer("input", 3, H, W);
  const int cat1 = b.buffer("cat1 [level1 | sample1]", 19, H2, W2);
  const int cat2 = b.buffer("cat2 [level2 | level2_0 | sample2]", 131, H4, W4);
  const int cat3 = b.buffer("cat3 [level3_0 | level3]", 256, H8, W8);
  // One scratch for the raw output of every CBR conv: the largest is b2's.
  const int raw = b.buffer("raw", 131, H4, W4);
  b.buffer("esp.o1", 12, H4, W4);
  b.buffer("esp.d1", 16, H4, W4);
  for (const char *d : {"esp.d2", "esp.d4", "esp.d8", "esp.d16"}) b.buffer(d, 12, H4, W4);
  const int c1 = b.buffer("c1", 19, H2, W2), o20 = b.buffer("level2_0", 64, H4, W4);
  const int a2 = b.buffer("level2.0", 64, H4, W4), c2 = b.buffer("c2", 131, H4, W4);
  const int o30 = b.buffer("level3_0", 128, H8, W8), a3a = b.buffer("level3.0", 128, H8, W8);
  const int a3b = b.buffer("level3.1", 128, H8, W8), c3 = b.buffer("c3", C, H8, W8);
  const int qkv = b.buffer("qkv", 2 * QC + C, H8, W8);
  const int pam_part = b.buffer("pam partials", pam_splits * (2 + C), H8, W8, Storage::f32);
  const int pam = b.buffer("pam", C, H8, W8);
  const int cam_part = b.buffer("cam partials", cam_splits * C, C, 1, Storage::f64);
  const int cam_attention = b.buffer("cam attention", C, C, 1, Storage::f32);
  const int cam = b.buffer("cam", C, H8, W8), sa = b.buffer("conv_sa", C, H8, W8);
  const int raw2 = b.buffer("raw (second stream)", C, H8, W8);
  const int e0 = b.buffer("conv_sa + conv_sc", C, H8, W8), e = b.buffer("encoder", C, H8, W8);
  const int da1 = b.buffer("up_1_1", 16, H4, W4), da2 = b.buffer("up_2_1", 8, H2, W2);
  const int ll1 = b.buffer("up_1_2", 16, H4, W4), ll2 = b.buffer("up_2_2", 8, H2, W2);
  p.da = b.buffer("da", 2, H, W, Storage::f32);
  p.ll = b.buffer("ll", 2, H, W, Storage::f32);

  // Encoder (docs/twinlitenet-model.md §4).
  Step &s1 = b.add(StepKind::avgpool, "sample1");
  s1.in = b.whole(p.input);
  s1.out = b.part(cat1, 16, 3);
  Step &s2 = b.add(StepKind::avgpool, "sample2");
  s2.in = b.part(cat1, 16, 3);
  s2.out = b.part(cat2, 128, 3);
  b.cbr("encoder.level1", b.whole(p.input), 16, 3, 2, raw, b.part(cat1, 0, 16));
  b.cbr("encoder.b1", b.whole(cat1), 19, 3, 1, raw, b.whole(c1));
  b.esp("encoder.level2_0", b.whole(c1), 64, true, b.whole(o20), b.part(cat2, 64, 64));
  b.esp("encoder.level2.0", b.whole(o20), 64, false, b.whole(a2));
  b.esp("encoder.level2.1", b.whole(a2), 64, false, b.part(cat2, 0, 64));
  b.cbr("encoder.b2", b.whole(cat2), 131, 3, 1, raw, b.whole(c2));
  b.esp("encoder.level3_0", b.whole(c2), 128, true, b.whole(o30), b.part(cat3, 0, 128));
  b.esp("encoder.level3.0", b.whole(o30), 128, false, b.whole(a3a));
  b.esp("encoder.level3.1", b.whole(a3a), 128, false, b.whole(a3b));
  b.esp("encoder.level3.2", b.whole(a3b), 128, false, b.part(cat3, 128, 128));
  b.cbr("encoder.b3", b.whole(cat3), C, 3, 1, raw, b.whole(c3));

  // Channel attention on the second stream while position attention runs on the first.
  b.add(StepKind::fork, "fork: CAM on stream 1");
  b.set_stream(1);
  {
    Step &en = b.add(StepKind::cam_energy, "encoder.sc energy");
    en.in = b.whole(c3);
    en.out = b.whole(cam_part);
    en.splits = cam_splits;
    Step &at = b.add(StepKind::cam_attention, "encoder.sc attention");
    at.in = b.whole(cam_part);
    at.out = b.whole(cam_attention);
    at.splits = cam_splits;
    Step &ap = b.add(StepKind::cam_apply, "encoder.sc apply");
    ap.in = b.whole(cam_attention);
    ap.add = b.whole(c3);
    ap.out = b.whole(cam);
    ap.gamma = b.values("encoder.sc.gamma", {1})[0];
  }
  b.set_stream(0);
  {
    std::vector<float> wq = b.values("encoder.sa.query_conv.weight", {QC, C, 1, 1});
    std::vector<float> wk = b.values("encoder.sa.key_conv.weight", {QC, C, 1, 1});
    std::vector<float> wv = b.values("encoder.sa.value_conv.weight", {C, C, 1, 1});
    std::vector<float> w = wq, bias = b.values("encoder.sa.query_conv.bias", {QC});
    w.insert(w.end(), wk.begin(), wk.end());
    w.insert(w.end(), wv.begin(), wv.end());
    for (const char *k : {"encoder.sa.key_conv.bias", "encoder.sa.value_conv.bias"}) {
      auto v = b.values(k, {std::string(k).find("key") != std::string::npos ? QC : C});
      bias.insert(bias.end(), v.begin(), v.end());
    }
    const Slice q = b.conv("encoder.sa q|k|v", b.whole(c3), qkv, 2 * QC + C, 1, 1, 1, b.push(w));
    const size_t bias_at = b.push(bias);
    Step &pp = b.add(StepKind::pam_partial, "encoder.sa attention");
    pp.in = q;
    pp.out = b.whole(pam_part);
    pp.bias = bias_at;
    pp.splits = pam_splits;
    Step &pc = b.add(StepKind::pam_combine, "encoder.sa combine");
    pc.in = b.whole(pam_part);
    pc.add = b.whole(c3);
    pc.out = b.whole(pam);
    pc.splits = pam_splits;
    pc.gamma = b.values("encoder.sa.gamma", {1})[0];
  }
  b.cbr("encoder.conv_sa", b.whole(pam), C, 3, 1, raw, b.whole(sa));
  b.set_stream(1);
  Step sc = b.cbr_conv("encoder.conv_sc", b.whole(cam), C, 3, 1, raw2);
  b.set_stream(0);
  b.add(StepKind::join, "join: CAM done");
  b.place(sc, b.whole(e0), {}, b.whole(sa));  // e0 = CBR_sc(cam) + CBR_sa(pam)
  b.cbr("encoder.classifier", b.whole(e0), C, 1, 1, raw, b.whole(e));

  // The two heads share only the encoder output: the lane head runs on the second stream.
  b.add(StepKind::fork, "fork: lane head on stream 1");
  const char *heads[2][3] = {{"up_1_1", "up_2_1", "classifier_1"}, {"up_1_2", "up_2_2", "classifier_2"}};
  const int mids[2][2] = {{da1, da2}, {ll1, ll2}}, outs[2] = {p.da, p.ll};
  for (int h = 1; h >= 0; h--) {
    b.set_stream(h);
    b.up(heads[h][0], b.whole(e), 16, b.whole(mids[h][0]));
    b.up(heads[h][1], b.whole(mids[h][0]), 8, b.whole(mids[h][1]));
    b.up(heads[h][2], b.whole(mids[h][1]), 2, b.whole(outs[h]));
  }
  b.set_stream(0);
  b.add(StepKind::join, "join: lane head done");

  if (!b.error.empty()) {
    error = b.error;
    return false;
  }
  plan = std::move(p);
  return true;
}

}  // namespace twinlite
