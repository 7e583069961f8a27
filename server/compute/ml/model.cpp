#include "network.h"

#include "artifact_text.h"
#include "fused_lstm.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace bcf::ml {

namespace detail {

NetImpl::NetImpl(const ModelSpec &modelSpec, int featureCount, int windowBars)
    : spec(modelSpec), features(featureCount), window(windowBars)
{
    const double recurrentDropout = spec.layers > 1 ? spec.dropout : 0.0;
    switch (spec.architecture) {
    case Architecture::Lstm:
        lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(features, spec.hidden)
                                                           .num_layers(spec.layers)
                                                           .batch_first(true)
                                                           .dropout(recurrentDropout)));
        break;
    case Architecture::Gru:
        gru = register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(features, spec.hidden)
                                                        .num_layers(spec.layers)
                                                        .batch_first(true)
                                                        .dropout(recurrentDropout)));
        break;
    case Architecture::Transformer: {
        input = register_module("input", torch::nn::Linear(features, spec.hidden));
        position = register_parameter("position", torch::randn({window, spec.hidden}) * 0.02);
        torch::nn::TransformerEncoderLayer layer(
            torch::nn::TransformerEncoderLayerOptions(spec.hidden, spec.heads)
                .dim_feedforward(spec.hidden * 2)
                .dropout(spec.dropout));
        encoder = register_module("encoder", torch::nn::TransformerEncoder(
                                                 torch::nn::TransformerEncoderOptions(
                                                     layer, spec.layers)));
        break;
    }
    case Architecture::Mlp: {
        torch::nn::Sequential layers;
        int width = features * window;
        for (int i = 0; i < spec.layers; ++i) {
            layers->push_back(torch::nn::Linear(width, spec.hidden));
            layers->push_back(torch::nn::ReLU());
            if (spec.dropout > 0)
                layers->push_back(torch::nn::Dropout(spec.dropout));
            width = spec.hidden;
        }
        mlp = register_module("mlp", layers);
        break;
    }
    }
    head = register_module("head", torch::nn::Linear(spec.hidden, 1));
}

torch::Tensor NetImpl::forward(torch::Tensor x)
{
    torch::Tensor last;
    switch (spec.architecture) {
    case Architecture::Lstm:
        last = std::get<0>(lstm->forward(x)).select(1, window - 1);
        break;
    case Architecture::Gru:
        last = std::get<0>(gru->forward(x)).select(1, window - 1);
        break;
    case Architecture::Transformer: {
        // The encoder takes [sequence, batch, width].
        const torch::Tensor h = (input->forward(x) + position).transpose(0, 1);
        last = encoder->forward(h).select(0, window - 1);
        break;
    }
    case Architecture::Mlp:
        last = mlp->forward(x.flatten(1));
        break;
    }
    return head->forward(last).squeeze(1);
}

std::int64_t parameterCount(Net &net)
{
    std::int64_t count = 0;
    for (const auto &p : net->parameters())
        count += p.numel();
    return count;
}

namespace {

constexpr const char *kMagic = "BCF-MODEL 1";

} // namespace

std::string writeArtifact(Net &net, const ArtifactInfo &info)
{
    std::ostringstream weights;
    {
        torch::serialize::OutputArchive archive;
        net->save(archive);
        archive.save_to(weights);
    }
    ArtifactWriter out(kMagic);
    out.put("architecture", architectureName(info.model.architecture));
    out.put("task", taskName(info.model.task));
    out.put("hidden", std::to_string(info.model.hidden));
    out.put("layers", std::to_string(info.model.layers));
    out.put("heads", std::to_string(info.model.heads));
    out.put("dropout", artifactNumber(info.model.dropout));
    out.putDataset(info.dataset, info.normaliser);
    out.put("target_mean", artifactNumber(info.targetMean));
    out.put("target_std", artifactNumber(info.targetStd));
    out.put("parameters", std::to_string(parameterCount(net)));
    return out.finish(weights.str());
}

Net readArtifact(const std::string &artifact, const torch::Device &device, ArtifactInfo &info)
{
    const ArtifactReader in(artifact, kMagic, "model artifact");
    if (!parseArchitecture(in.field("architecture"), info.model.architecture))
        in.fail("unknown architecture \"" + in.field("architecture") + "\"");
    if (!parseTask(in.field("task"), info.model.task))
        in.fail("unknown task \"" + in.field("task") + "\"");
    info.model.hidden = in.integer("hidden");
    info.model.layers = in.integer("layers");
    info.model.heads = in.integer("heads");
    info.model.dropout = in.real("dropout");
    in.dataset(info.dataset, info.normaliser);
    info.targetMean = in.real("target_mean");
    info.targetStd = in.real("target_std");
    const std::string problem = checkModelSpec(info.model, info.dataset.window);
    if (!problem.empty())
        in.fail(problem);

    Net net(info.model, int(info.dataset.features.size()), info.dataset.window);
    std::istringstream weights(in.body());
    torch::serialize::InputArchive archive;
    archive.load_from(weights, device);
    net->load(archive);
    net->to(device);
    net->eval();
    info.parameters = parameterCount(net);
    return net;
}

} // namespace detail

namespace {

// A hand-written LSTM forward pass for CPU inference at small batches. LibTorch runs an LSTM as a
// dozen operator calls per time step and layer, each with dispatch overhead that dominates at
// batch 1; this runs the same arithmetic in plain loops (checked equal to LibTorch in the tests).
class FusedLstm {
public:
    explicit FusedLstm(detail::Net &net)
    {
        const auto &spec = net->spec;
        m_hidden = spec.hidden;
        m_window = net->window;
        m_features = net->features;
        const auto params = net->lstm->named_parameters();
        for (int layer = 0; layer < spec.layers; ++layer) {
            const std::string k = std::to_string(layer);
            Layer l;
            l.inputs = layer == 0 ? m_features : m_hidden;
            l.inputWeightsT = transposed(params["weight_ih_l" + k]);
            l.recurrentWeightsT = transposed(params["weight_hh_l" + k]);
            const torch::Tensor bias =
                (params["bias_ih_l" + k] + params["bias_hh_l" + k]).to(torch::kCPU).contiguous();
            l.bias.assign(bias.data_ptr<float>(), bias.data_ptr<float>() + bias.numel());
            m_layers.push_back(std::move(l));
        }
        const torch::Tensor w = net->head->weight.to(torch::kCPU).contiguous();
        m_headWeights.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
        m_headBias = net->head->bias.to(torch::kCPU).item<float>();
        const std::size_t gates = std::size_t(4 * m_hidden);
        m_sequence.resize(std::size_t(m_window) * std::size_t(std::max(m_hidden, m_features)));
        m_next.resize(m_sequence.size());
        m_gates.resize(std::size_t(m_window) * gates);
        m_h.resize(std::size_t(m_hidden));
        m_c.resize(std::size_t(m_hidden));
    }

    // One sample: window × features floats → the head's output.
    float forward(const float *x)
    {
        const std::size_t H = std::size_t(m_hidden);
        const std::size_t G = 4 * H;
        const float *input = x;
        for (std::size_t layer = 0; layer < m_layers.size(); ++layer) {
            const Layer &l = m_layers[layer];
            // Input projections of every step at once: gates[t] = b + W_ih x[t].
            for (int t = 0; t < m_window; ++t) {
                float *g = &m_gates[std::size_t(t) * G];
                std::memcpy(g, l.bias.data(), G * sizeof(float));
                kernels::addProduct(l.inputWeightsT.data(), input + std::size_t(t) * std::size_t(l.inputs),
                                    std::size_t(l.inputs), g, G);
            }
            std::fill(m_h.begin(), m_h.end(), 0.0f);
            std::fill(m_c.begin(), m_c.end(), 0.0f);
            const bool lastLayer = layer + 1 == m_layers.size();
            for (int t = 0; t < m_window; ++t) {
                float *g = &m_gates[std::size_t(t) * G];
                kernels::addProduct(l.recurrentWeightsT.data(), m_h.data(), H, g, G);
                kernels::lstmCell(g, m_c.data(), m_h.data(), H);
                if (!lastLayer)
                    std::memcpy(&m_next[std::size_t(t) * H], m_h.data(), H * sizeof(float));
            }
            if (!lastLayer) {
                m_sequence.swap(m_next);
                input = m_sequence.data();
            }
        }
        float out = m_headBias;
        for (std::size_t j = 0; j < H; ++j)
            out += m_headWeights[j] * m_h[j];
        return out;
    }

private:
    struct Layer {
        int inputs = 0;
        std::vector<float> inputWeightsT;     // [inputs][4H]
        std::vector<float> recurrentWeightsT; // [H][4H]
        std::vector<float> bias;              // b_ih + b_hh, [4H]
    };

    static std::vector<float> transposed(const torch::Tensor &w)
    {
        const torch::Tensor t = w.detach().to(torch::kCPU).t().contiguous();
        return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    }

    int m_hidden = 0;
    int m_window = 0;
    int m_features = 0;
    std::vector<Layer> m_layers;
    std::vector<float> m_headWeights;
    float m_headBias = 0;
    std::vector<float> m_sequence;
    std::vector<float> m_next;
    std::vector<float> m_gates;
    std::vector<float> m_h;
    std::vector<float> m_c;
};

constexpr int kFusedMaxBatch = 16;

} // namespace

struct Predictor::Impl {
    ArtifactInfo info;
    DeviceInfo device;
    torch::Device torchDevice{torch::kCPU};
    detail::Net net{nullptr};
    std::unique_ptr<FusedLstm> fused;
    bool fusedEnabled = true;

    double output(float raw) const
    {
        if (info.model.task == Task::Direction)
            return 1.0 / (1.0 + std::exp(-double(raw)));
        return double(raw) * info.targetStd + info.targetMean;
    }
};

Predictor::Predictor(const std::string &artifact, const DeviceRequest &device)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->device = configureDevice(device);
    if (!m_impl->device.ok)
        throw std::invalid_argument(m_impl->device.error);
    m_impl->torchDevice = torch::Device(m_impl->device.device);
    m_impl->net = detail::readArtifact(artifact, m_impl->torchDevice, m_impl->info);
    if (m_impl->info.model.architecture == Architecture::Lstm && m_impl->torchDevice.is_cpu()) {
        m_impl->fused = std::make_unique<FusedLstm>(m_impl->net);
        // Which is faster at batch 1 depends on the processor and on the LibTorch build (newer
        // ones run the LSTM through oneDNN): time both on this machine and keep the faster.
        const std::vector<float> probe(std::size_t(m_impl->info.dataset.window)
                                           * m_impl->info.dataset.features.size(),
                                       0.1f);
        const auto fastest = [&](bool fused) {
            m_impl->fusedEnabled = fused;
            double best = std::numeric_limits<double>::infinity();
            for (int i = 0; i < 10; ++i) {
                const auto start = std::chrono::steady_clock::now();
                predict(probe.data(), 1);
                const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
                best = std::min(best, took.count());
            }
            return best;
        };
        const double libtorch = fastest(false);
        m_impl->fusedEnabled = fastest(true) < libtorch;
    }
}

bool Predictor::fusedLstm() const { return m_impl->fused && m_impl->fusedEnabled; }

Predictor::~Predictor() = default;

const ArtifactInfo &Predictor::info() const { return m_impl->info; }

const std::string &Predictor::device() const { return m_impl->device.device; }

void Predictor::setFusedLstm(bool enabled) { m_impl->fusedEnabled = enabled; }

std::vector<double> Predictor::predict(const float *windows, int batch)
{
    std::vector<double> out;
    if (batch <= 0)
        return out;
    out.reserve(std::size_t(batch));
    const int window = m_impl->info.dataset.window;
    const int features = int(m_impl->info.dataset.features.size());
    if (m_impl->fused && m_impl->fusedEnabled && batch <= kFusedMaxBatch) {
        const std::size_t stride = std::size_t(window) * std::size_t(features);
        for (int b = 0; b < batch; ++b)
            out.push_back(m_impl->output(m_impl->fused->forward(windows + std::size_t(b) * stride)));
        return out;
    }
    c10::InferenceMode guard;
    const torch::Tensor x =
        torch::from_blob(const_cast<float *>(windows), {batch, window, features}, torch::kFloat)
            .to(m_impl->torchDevice);
    const torch::Tensor y = m_impl->net->forward(x).to(torch::kCPU).contiguous();
    const float *raw = y.data_ptr<float>();
    for (int b = 0; b < batch; ++b)
        out.push_back(m_impl->output(raw[b]));
    return out;
}

std::vector<double> Predictor::predictBars(const std::vector<Bar> &bars)
{
    const ArtifactInfo &info = m_impl->info;
    std::vector<char> ready;
    const std::vector<float> rows =
        normalisedRows(info.dataset.features, info.normaliser, bars, ready);
    const int window = info.dataset.window;
    const std::size_t width = info.dataset.features.size();
    std::vector<double> out(bars.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<int> pending;
    int readyRun = 0; // consecutive warmed-up bars ending at t
    for (int t = 0; t < int(bars.size()); ++t) {
        readyRun = ready[std::size_t(t)] ? readyRun + 1 : 0;
        if (readyRun >= window)
            pending.push_back(t);
    }
    constexpr std::size_t kBatch = 256;
    std::vector<float> batch;
    for (std::size_t first = 0; first < pending.size(); first += kBatch) {
        const std::size_t count = std::min(kBatch, pending.size() - first);
        batch.resize(count * std::size_t(window) * width);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t start = std::size_t(pending[first + i] - window + 1) * width;
            std::copy_n(rows.begin() + std::ptrdiff_t(start), std::size_t(window) * width,
                        batch.begin() + std::ptrdiff_t(i * std::size_t(window) * width));
        }
        const std::vector<double> values = predict(batch.data(), int(count));
        for (std::size_t i = 0; i < count; ++i)
            out[std::size_t(pending[first + i])] = values[i];
    }
    return out;
}

} // namespace bcf::ml
