#include "network.h"

#include "fused_lstm.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
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

std::string number(double value)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

std::string numbers(const std::vector<double> &values)
{
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? " " : "") + number(values[i]);
    return out;
}

std::vector<double> parseNumbers(const std::string &text)
{
    std::vector<double> values;
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    double v = 0;
    while (in >> v)
        values.push_back(v);
    return values;
}

} // namespace

std::string writeArtifact(Net &net, const ArtifactInfo &info)
{
    std::ostringstream weights;
    {
        torch::serialize::OutputArchive archive;
        net->save(archive);
        archive.save_to(weights);
    }
    const std::string blob = weights.str();
    std::string out = std::string(kMagic) + "\n";
    const auto put = [&](const std::string &key, const std::string &value) {
        out += key + "=" + value + "\n";
    };
    put("architecture", architectureName(info.model.architecture));
    put("task", taskName(info.model.task));
    put("hidden", std::to_string(info.model.hidden));
    put("layers", std::to_string(info.model.layers));
    put("heads", std::to_string(info.model.heads));
    put("dropout", number(info.model.dropout));
    put("window", std::to_string(info.dataset.window));
    put("horizon", std::to_string(info.dataset.horizon));
    put("train_fraction", number(info.dataset.trainFraction));
    put("validation_fraction", number(info.dataset.validationFraction));
    put("embargo", std::to_string(info.dataset.embargo));
    for (const auto &feature : info.dataset.features)
        put("feature", feature); // features never hold a newline (checked by checkFeatures)
    put("mean", numbers(info.normaliser.mean));
    put("stddev", numbers(info.normaliser.stddev));
    put("target_mean", number(info.targetMean));
    put("target_std", number(info.targetStd));
    put("parameters", std::to_string(parameterCount(net)));
    put("weights", std::to_string(blob.size()));
    return out + blob;
}

Net readArtifact(const std::string &artifact, const torch::Device &device, ArtifactInfo &info)
{
    const auto fail = [](const std::string &why) -> Net {
        throw std::invalid_argument("model artifact: " + why);
    };
    std::size_t pos = 0;
    const auto line = [&](std::string &out) {
        const auto end = artifact.find('\n', pos);
        if (end == std::string::npos)
            return false;
        out = artifact.substr(pos, end - pos);
        pos = end + 1;
        return true;
    };
    std::string text;
    if (!line(text) || text != kMagic)
        return fail("not a BotCriptoFy2 model (or a newer format than " + std::string(kMagic)
                    + ")");
    std::map<std::string, std::string> fields;
    std::vector<std::string> features;
    std::size_t weightBytes = 0;
    while (line(text)) {
        const auto eq = text.find('=');
        if (eq == std::string::npos)
            return fail("malformed header line \"" + text + "\"");
        const std::string key = text.substr(0, eq);
        const std::string value = text.substr(eq + 1);
        if (key == "feature") {
            features.push_back(value);
        } else if (key == "weights") {
            weightBytes = std::stoull(value);
            break;
        } else {
            fields[key] = value;
        }
    }
    if (weightBytes == 0 || artifact.size() - pos != weightBytes)
        return fail("the weights are missing or cut short");
    const auto field = [&](const char *key) -> const std::string & {
        const auto it = fields.find(key);
        if (it == fields.end())
            throw std::invalid_argument(std::string("model artifact: no \"") + key + "\"");
        return it->second;
    };
    if (!parseArchitecture(field("architecture"), info.model.architecture))
        return fail("unknown architecture \"" + field("architecture") + "\"");
    if (!parseTask(field("task"), info.model.task))
        return fail("unknown task \"" + field("task") + "\"");
    info.model.hidden = std::stoi(field("hidden"));
    info.model.layers = std::stoi(field("layers"));
    info.model.heads = std::stoi(field("heads"));
    info.model.dropout = std::stod(field("dropout"));
    info.dataset.features = features;
    info.dataset.window = std::stoi(field("window"));
    info.dataset.horizon = std::stoi(field("horizon"));
    info.dataset.trainFraction = std::stod(field("train_fraction"));
    info.dataset.validationFraction = std::stod(field("validation_fraction"));
    info.dataset.embargo = std::stoi(field("embargo"));
    info.normaliser.mean = parseNumbers(field("mean"));
    info.normaliser.stddev = parseNumbers(field("stddev"));
    info.targetMean = std::stod(field("target_mean"));
    info.targetStd = std::stod(field("target_std"));
    if (features.empty() || info.normaliser.mean.size() != features.size()
        || info.normaliser.stddev.size() != features.size())
        return fail("one mean and one deviation per feature are needed");
    const std::string problem = checkModelSpec(info.model, info.dataset.window);
    if (!problem.empty())
        return fail(problem);

    Net net(info.model, int(features.size()), info.dataset.window);
    std::istringstream weights(artifact.substr(pos));
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
