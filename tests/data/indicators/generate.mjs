// Reference values for shared/indicators, computed by independent JavaScript implementations.
// Writes ohlcv.csv (the input), one <name>.csv per indicator and manifest.json (name -> params).
// How to run it and which reference each indicator uses: README.md next to this file.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.INDREF_NODE_MODULES ?? path.join(process.cwd(), 'node_modules');
const require = createRequire(path.join(modules, 'noop.js'));
const ti = require('technicalindicators');
const ts = await import(pathToFileURL(path.join(modules, 'trading-signals/dist/index.js')).href);

// ---------------------------------------------------------------------------------------------
// Input: a deterministic crypto-like series (trends, ranges, gaps), prices to 2 decimals.
function mulberry32(seed) {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const rnd = mulberry32(20240313);
const gauss = () => {
    const u = Math.max(rnd(), 1e-12), v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};
const r2 = (x) => Math.round(x * 100) / 100;

const N = 520;
const bars = [];
let price = 30000;
for (let i = 0; i < N; i++) {
    // Regimes: up, range, down, range with high volatility, up again.
    const drift = i < 120 ? 0.0025 : i < 200 ? 0 : i < 320 ? -0.003 : i < 420 ? 0.0002 : 0.002;
    const vol = i >= 320 && i < 420 ? 0.012 : 0.007;
    const gap = i > 0 && i % 47 === 0 ? (rnd() < 0.5 ? -1 : 1) * 0.01 * price : 0;
    const open = r2(price + gap);
    const close = r2(open * (1 + drift + vol * gauss()));
    const high = r2(Math.max(open, close) * (1 + Math.abs(gauss()) * vol * 0.4) + 0.01);
    const low = r2(Math.min(open, close) * (1 - Math.abs(gauss()) * vol * 0.4) - 0.01);
    const volume = Math.round(Math.exp(3 + 0.6 * gauss()) * 1000) / 1000;
    bars.push({ open, high, low, close, volume });
    price = close;
}

// Hand-placed candles so that every pattern fires at least once. Each sets bar i (and maybe i-1,
// i-2) relative to the close before it; the series continues from the new close.
function setBar(i, o, h, l, c) {
    Object.assign(bars[i], { open: r2(o), high: r2(h), low: r2(l), close: r2(c) });
}
function place(i, shape) {
    const p = bars[i - 1].close;
    const s = p * 0.01; // one "unit" of move
    shape(p, s);
}
// doji
place(60, (p, s) => setBar(60, p, p + s, p - s, p + s * 0.02));
// bullish engulfing at 250 (in the down leg): bearish 249, bullish 250 engulfing it
place(249, (p, s) => setBar(249, p, p + 0.2 * s, p - 1.2 * s, p - s));
place(250, (p, s) => setBar(250, p - 0.1 * s, p + 1.6 * s, p - 0.3 * s, p + 1.4 * s));
// bearish engulfing at 100 (in the up leg)
place(99, (p, s) => setBar(99, p, p + 1.2 * s, p - 0.2 * s, p + s));
place(100, (p, s) => setBar(100, p + 0.1 * s, p + 0.3 * s, p - 1.6 * s, p - 1.4 * s));
// hammer at 270 after a decline
place(268, (p, s) => setBar(268, p, p + 0.1 * s, p - 1.1 * s, p - s));
place(269, (p, s) => setBar(269, p, p + 0.1 * s, p - 1.1 * s, p - s));
place(270, (p, s) => setBar(270, p, p + 0.3 * s, p - 2 * s, p + 0.25 * s));
// hanging man at 110 after an advance
place(108, (p, s) => setBar(108, p, p + 1.1 * s, p - 0.1 * s, p + s));
place(109, (p, s) => setBar(109, p, p + 1.1 * s, p - 0.1 * s, p + s));
place(110, (p, s) => setBar(110, p, p + 0.05 * s, p - 2 * s, p - 0.3 * s));
// shooting star at 115 after an advance
place(113, (p, s) => setBar(113, p, p + 1.1 * s, p - 0.1 * s, p + s));
place(114, (p, s) => setBar(114, p, p + 1.1 * s, p - 0.1 * s, p + s));
place(115, (p, s) => setBar(115, p, p + 2.2 * s, p - 0.05 * s, p + 0.3 * s));
// morning star 280..282
place(280, (p, s) => setBar(280, p, p + 0.1 * s, p - 2.2 * s, p - 2 * s));
place(281, (p, s) => setBar(281, p - 0.2 * s, p + 0.1 * s, p - 0.6 * s, p - 0.3 * s));
place(282, (p, s) => setBar(282, p, p + 2.6 * s, p - 0.1 * s, p + 2.4 * s));
// evening star 140..142
place(140, (p, s) => setBar(140, p, p + 2.2 * s, p - 0.1 * s, p + 2 * s));
place(141, (p, s) => setBar(141, p + 0.2 * s, p + 0.6 * s, p - 0.1 * s, p + 0.3 * s));
place(142, (p, s) => setBar(142, p, p + 0.1 * s, p - 2.6 * s, p - 2.4 * s));
// bullish harami 290..291, bearish harami 150..151
place(290, (p, s) => setBar(290, p, p + 0.1 * s, p - 2.1 * s, p - 2 * s));
place(291, (p, s) => setBar(291, p, p + 0.9 * s, p - 0.1 * s, p + 0.8 * s));
place(150, (p, s) => setBar(150, p, p + 2.1 * s, p - 0.1 * s, p + 2 * s));
place(151, (p, s) => setBar(151, p, p + 0.1 * s, p - 0.9 * s, p - 0.8 * s));
// three white soldiers 440..442, three black crows 300..302
for (const i of [440, 441, 442])
    place(i, (p, s) => setBar(i, p - 0.2 * s, p + 1.3 * s, p - 0.3 * s, p + 1.2 * s));
for (const i of [300, 301, 302])
    place(i, (p, s) => setBar(i, p + 0.2 * s, p + 0.3 * s, p - 1.3 * s, p - 1.2 * s));
// piercing line 310..311 (gap down open), dark cloud cover 160..161 (gap up open)
place(310, (p, s) => setBar(310, p, p + 0.1 * s, p - 2.1 * s, p - 2 * s));
place(311, (p, s) => setBar(311, p - 0.5 * s, p + 1.3 * s, p - 0.6 * s, p + 1.2 * s));
place(160, (p, s) => setBar(160, p, p + 2.1 * s, p - 0.1 * s, p + 2 * s));
place(161, (p, s) => setBar(161, p + 0.5 * s, p + 0.6 * s, p - 1.3 * s, p - 1.2 * s));
// Keep every bar consistent (low <= open, close <= high).
for (let i = 0; i < N; i++) {
    const b = bars[i];
    b.high = Math.max(b.high, b.open, b.close);
    b.low = Math.min(b.low, b.open, b.close);
}

const ohlcvLines = ['open,high,low,close,volume'];
for (const b of bars) ohlcvLines.push(`${b.open},${b.high},${b.low},${b.close},${b.volume}`);
fs.writeFileSync(path.join(here, 'ohlcv.csv'), ohlcvLines.join('\n') + '\n');

const open = bars.map((b) => b.open), high = bars.map((b) => b.high), low = bars.map((b) => b.low);
const close = bars.map((b) => b.close), volume = bars.map((b) => b.volume);
const hl2 = bars.map((b) => (b.high + b.low) / 2);
const candles = bars;

// ---------------------------------------------------------------------------------------------
// Helpers: align library results to bars, write CSVs.
const identity = (v) => v;
const NaNs = () => new Array(N).fill(NaN);
// technicalindicators returns only the ready values; they end at the last bar.
function tail(result, n = N) {
    const out = new Array(n).fill(NaN);
    const offset = n - result.length;
    result.forEach((v, i) => (out[offset + i] = v === undefined || v === null ? NaN : v));
    return out;
}
function tailField(result, field) {
    return tail(result.map((r) => (r === undefined ? undefined : r[field])));
}
// trading-signals is streaming: add() returns null until ready.
function stream(indicator, inputs, pick = identity) {
    return inputs.map((x) => {
        const r = indicator.add(x);
        return r === null || r === undefined ? NaN : pick(r);
    });
}
// A technicalindicators moving average over a series that starts with NaNs.
function overValid(series, fn) {
    const first = series.findIndex((v) => !Number.isNaN(v));
    if (first < 0) return NaNs();
    const result = fn(series.slice(first));
    return tail(result, series.length - first).reduce((out, v, i) => ((out[first + i] = v), out), NaNs());
}
const tiEma = (values, period) => ti.EMA.calculate({ period, values, format: identity });
const tiWma = (values, period) => ti.WMA.calculate({ period, values, format: identity });
const tiSma = (values, period) => ti.SMA.calculate({ period, values, format: identity });

const manifest = {};
const references = {};
function emit(name, params, reference, columns) {
    manifest[name] = params;
    references[name] = reference;
    const names = Object.keys(columns);
    const lines = [names.join(',')];
    for (let i = 0; i < N; i++)
        lines.push(names.map((c) => {
            const v = columns[c][i];
            return Number.isNaN(v) || v === undefined ? 'NaN' : Number(v).toPrecision(17);
        }).join(','));
    fs.writeFileSync(path.join(here, `${name}.csv`), lines.join('\n') + '\n');
}

// Naive window helpers (O(n*k) textbook formulas).
function windowed(series, period, fn) {
    return series.map((_, i) => (i + 1 < period ? NaN : fn(series.slice(i + 1 - period, i + 1), i)));
}
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const pvariance = (a) => { const m = mean(a); return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length; };

// ---------------------------------------------------------------------------------------------
// Moving averages
emit('sma', { period: 20 }, 'technicalindicators SMA', { value: tail(tiSma(close, 20)) });
emit('ema', { period: 20 }, 'technicalindicators EMA', { value: tail(tiEma(close, 20)) });
emit('wma', { period: 20 }, 'technicalindicators WMA', { value: tail(tiWma(close, 20)) });
emit('rma', { period: 14 }, 'technicalindicators WEMA', {
    value: tail(ti.WEMA.calculate({ period: 14, values: close, format: identity })) });
{
    const p = 10;
    const e1 = tail(tiEma(close, p));
    const e2 = overValid(e1, (s) => tiEma(s, p));
    const e3 = overValid(e2, (s) => tiEma(s, p));
    emit('dema', { period: p }, 'technicalindicators EMA (composed: 2*EMA - EMA(EMA))',
         { value: e1.map((v, i) => 2 * v - e2[i]) });
    emit('tema', { period: p }, 'technicalindicators EMA (composed: 3*E1 - 3*E2 + E3)',
         { value: e1.map((v, i) => 3 * v - 3 * e2[i] + e3[i]) });
}
{
    const p = 16, half = Math.floor(p / 2), root = Math.floor(Math.sqrt(p));
    const wHalf = tail(tiWma(close, half)), wFull = tail(tiWma(close, p));
    const diff = wHalf.map((v, i) => 2 * v - wFull[i]);
    emit('hma', { period: p }, 'technicalindicators WMA (composed: WMA(2*WMA(n/2) - WMA(n), sqrt n))',
         { value: overValid(diff, (s) => tiWma(s, root)) });
}
emit('kama', { period: 10, fast: 2, slow: 30 }, 'trading-signals KAMA (fast 2 and slow 30 are fixed there)', { value: stream(new ts.KAMA(10), close) });
emit('vwma', { period: 20 }, 'trading-signals VWMA', { value: stream(new ts.VWMA(20), candles) });
emit('vwap', {}, 'technicalindicators VWAP', {
    value: tail(ti.VWAP.calculate({ high, low, close, volume, format: identity })) });

// Momentum
emit('rsi', { period: 14 }, 'trading-signals RSI', { value: stream(new ts.RSI(14), close) });
{
    const r = ti.Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3, format: identity });
    emit('stoch', { k_period: 14, d_period: 3 }, 'technicalindicators Stochastic',
         { k: tailField(r, 'k'), d: tailField(r, 'd') });
}
{
    // technicalindicators' StochasticRSI runs on its RSI, which rounds to 2 decimals; compose
    // trading-signals RSI with the textbook stochastic and SMA instead.
    const rsiP = 14, stochP = 14, kP = 3, dP = 3;
    const rsi = stream(new ts.RSI(rsiP), close);
    const raw = rsi.map((v, i) => {
        if (i < rsiP + stochP - 1) return NaN;
        const w = rsi.slice(i + 1 - stochP, i + 1);
        const lo = Math.min(...w), hi = Math.max(...w);
        return hi === lo ? 0 : (100 * (v - lo)) / (hi - lo);
    });
    const k = overValid(raw, (s) => tiSma(s, kP));
    const d = overValid(k, (s) => tiSma(s, dP));
    emit('stochrsi', { rsi_period: rsiP, stoch_period: stochP, k_period: kP, d_period: dP },
         'trading-signals RSI + naive stochastic + technicalindicators SMA', { k, d });
}
{
    const r = ti.MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9,
                                  SimpleMAOscillator: false, SimpleMASignal: false, format: identity });
    emit('macd', { fast: 12, slow: 26, signal: 9 }, 'technicalindicators MACD',
         { macd: tailField(r, 'MACD'), signal: tailField(r, 'signal'), histogram: tailField(r, 'histogram') });
}
{
    const fast = tail(tiEma(close, 12)), slow = tail(tiEma(close, 26));
    const ppo = fast.map((f, i) => (100 * (f - slow[i])) / slow[i]);
    const signal = overValid(ppo, (s) => tiEma(s, 9));
    emit('ppo', { fast: 12, slow: 26, signal: 9 },
         'technicalindicators EMA (composed; trading-signals PPO seeds its EMA with the first price)',
         { ppo, signal, histogram: ppo.map((v, i) => v - signal[i]) });
}
emit('roc', { period: 10 }, 'technicalindicators ROC', {
    value: tail(ti.ROC.calculate({ period: 10, values: close, format: identity })) });
emit('mom', { period: 10 }, 'trading-signals MOM', { value: stream(new ts.MOM(10), close) });
emit('cci', { period: 20 }, 'technicalindicators CCI', {
    value: tail(ti.CCI.calculate({ high, low, close, period: 20, format: identity })) });
emit('willr', { period: 14 }, 'technicalindicators WilliamsR', {
    value: tail(ti.WilliamsR.calculate({ high, low, close, period: 14, format: identity })) });
emit('mfi', { period: 14 }, 'trading-signals MFI', { value: stream(new ts.MFI(14), candles) });
{
    const r = ti.ADX.calculate({ high, low, close, period: 14, format: identity });
    emit('adx', { period: 14 }, 'technicalindicators ADX',
         { adx: tailField(r, 'adx'), plus_di: tailField(r, 'pdi'), minus_di: tailField(r, 'mdi') });
}
{
    const r = stream(new ts.Aroon(25), candles, (v) => v);
    const up = r.map((v) => (typeof v === 'object' ? v.aroonUp : NaN));
    const down = r.map((v) => (typeof v === 'object' ? v.aroonDown : NaN));
    emit('aroon', { period: 25 }, 'trading-signals Aroon',
         { up, down, oscillator: up.map((u, i) => u - down[i]) });
}
emit('trix', { period: 15 }, 'technicalindicators TRIX', {
    value: tail(ti.TRIX.calculate({ period: 15, values: close, format: identity })) });
emit('ao', { fast: 5, slow: 34 }, 'technicalindicators AwesomeOscillator', {
    value: tail(ti.AwesomeOscillator.calculate({ high, low, fastPeriod: 5, slowPeriod: 34, format: identity })) });
emit('uo', { short: 7, medium: 14, long: 28 }, 'trading-signals UltimateOscillator', {
    value: stream(new ts.UltimateOscillator({ shortPeriod: 7, mediumPeriod: 14, longPeriod: 28 }), candles) });

// Volatility
emit('atr', { period: 14 }, 'technicalindicators ATR', {
    value: tail(ti.ATR.calculate({ high, low, close, period: 14, format: identity })) });
{
    // trading-signals' NATR counts the first bar's high - low in its ATR seed; keep the ATR
    // convention of technicalindicators / TA-Lib (first true range on the second bar).
    const atr = tail(ti.ATR.calculate({ high, low, close, period: 14, format: identity }));
    emit('natr', { period: 14 }, 'technicalindicators ATR (composed: 100 * ATR / close)', {
        value: atr.map((v, i) => (100 * v) / close[i]) });
}
emit('tr', {}, 'technicalindicators TrueRange', {
    value: tail(ti.TrueRange.calculate({ high, low, close, format: identity })) });
{
    const r = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: close, format: identity });
    const upper = tailField(r, 'upper'), middle = tailField(r, 'middle'), lower = tailField(r, 'lower');
    emit('bbands', { period: 20, mult: 2 }, 'technicalindicators BollingerBands (bandwidth composed)', {
        upper, middle, lower, percent_b: tailField(r, 'pb'),
        bandwidth: upper.map((u, i) => (u - lower[i]) / middle[i]) });
}
{
    const r = ti.KeltnerChannels.calculate({ high, low, close, maPeriod: 20, atrPeriod: 10,
                                             multiplier: 2, useSMA: false, format: identity });
    emit('keltner', { period: 20, atr_period: 10, mult: 2 }, 'technicalindicators KeltnerChannels',
         { upper: tailField(r, 'upper'), middle: tailField(r, 'middle'), lower: tailField(r, 'lower') });
}
{
    const r = stream(new ts.DonchianChannels(20), candles, (v) => v);
    const pick = (f) => r.map((v) => (typeof v === 'object' ? v[f] : NaN));
    emit('donchian', { period: 20 }, 'trading-signals DonchianChannels',
         { upper: pick('upper'), middle: pick('middle'), lower: pick('lower') });
}
emit('psar', { step: 0.02, max: 0.2 }, 'technicalindicators PSAR', {
    value: tail(ti.PSAR.calculate({ high, low, step: 0.02, max: 0.2, format: identity })) });
{
    const r = stream(new ts.SuperTrend({ interval: 10, multiplier: 3 }), candles, (v) => v);
    emit('supertrend', { period: 10, mult: 3 }, 'trading-signals SuperTrend', {
        value: r.map((v) => (typeof v === 'object' ? v.supertrend : NaN)),
        direction: r.map((v) => (typeof v === 'object' ? (v.trend === 'BULLISH' ? 1 : -1) : NaN)) });
}
{
    const r = ti.IchimokuCloud.calculate({ high, low, conversionPeriod: 9, basePeriod: 26,
                                           spanPeriod: 52, displacement: 26 });
    emit('ichimoku', { conversion: 9, base: 26, span: 52 }, 'technicalindicators IchimokuCloud', {
        conversion: tailField(r, 'conversion'), base: tailField(r, 'base'),
        span_a: tailField(r, 'spanA'), span_b: tailField(r, 'spanB') });
}
emit('stddev', { period: 20 }, 'technicalindicators SD', {
    value: tail(ti.SD.calculate({ period: 20, values: close, format: identity })) });
emit('variance', { period: 20 }, 'naive population variance', { value: windowed(close, 20, pvariance) });
emit('zscore', { period: 20 }, 'naive (x - mean) / population stddev', {
    value: windowed(close, 20, (w) => { const sd = Math.sqrt(pvariance(w)); return sd === 0 ? 0 : (w[w.length - 1] - mean(w)) / sd; }) });
{
    const r = stream(new ts.LinearRegression(20), close, (v) => v);
    emit('linreg', { period: 20 }, 'trading-signals LinearRegression (value at the last bar)', {
        value: r.map((v) => (typeof v === 'object' ? v.intercept + v.slope * 19 : NaN)) });
    emit('linreg_slope', { period: 20 }, 'trading-signals LinearRegression', {
        value: r.map((v) => (typeof v === 'object' ? v.slope : NaN)) });
}
emit('highest', { period: 20 }, 'technicalindicators Highest', {
    value: tail(ti.Highest.calculate({ period: 20, values: close, format: identity })) });
emit('lowest', { period: 20 }, 'technicalindicators Lowest', {
    value: tail(ti.Lowest.calculate({ period: 20, values: close, format: identity })) });
emit('sum', { period: 20 }, 'technicalindicators Sum', {
    value: tail(ti.Sum.calculate({ period: 20, values: close, format: identity })) });
{
    const cols = { pp: NaNs(), r1: NaNs(), r2: NaNs(), r3: NaNs(), s1: NaNs(), s2: NaNs(), s3: NaNs() };
    for (let i = 1; i < N; i++) {
        const h = high[i - 1], l = low[i - 1], c = close[i - 1], pp = (h + l + c) / 3;
        cols.pp[i] = pp; cols.r1[i] = 2 * pp - l; cols.s1[i] = 2 * pp - h;
        cols.r2[i] = pp + (h - l); cols.s2[i] = pp - (h - l);
        cols.r3[i] = h + 2 * (pp - l); cols.s3[i] = l - 2 * (h - pp);
    }
    emit('pivots', {}, 'naive classic floor pivots of the previous bar', cols);
}

// Volume
emit('obv', {}, 'technicalindicators OBV', { value: tail(ti.OBV.calculate({ close, volume, format: identity })) });
// technicalindicators' ADL rounds every value to a whole number (Math.round), so trading-signals.
emit('ad', {}, 'trading-signals AD', { value: stream(new ts.AD(), candles) });
emit('chaikin_osc', { fast: 3, slow: 10 }, 'trading-signals ADOSC', {
    value: stream(new ts.ADOSC({ fastPeriod: 3, slowPeriod: 10 }), candles) });
emit('cmf', { period: 20 }, 'trading-signals CMF', { value: stream(new ts.CMF(20), candles) });
emit('force_index', { period: 13 }, 'technicalindicators ForceIndex', {
    value: tail(ti.ForceIndex.calculate({ close, volume, period: 13, format: identity })) });

// ---------------------------------------------------------------------------------------------
// Candlestick patterns: naive textbook definitions (see README for why not the library's).
const body = (b) => Math.abs(b.close - b.open);
const range = (b) => b.high - b.low;
const upperShadow = (b) => b.high - Math.max(b.open, b.close);
const lowerShadow = (b) => Math.min(b.open, b.close) - b.low;
const bull = (b) => b.close > b.open, bear = (b) => b.close < b.open;
const hammerShape = (b) => range(b) > 0 && lowerShadow(b) >= 2 * body(b) && upperShadow(b) <= 0.1 * range(b);
const starShape = (b) => range(b) > 0 && upperShadow(b) >= 2 * body(b) && lowerShadow(b) <= 0.1 * range(b);
const patterns = {
    doji: [1, (b) => range(b[0]) > 0 && body(b[0]) <= 0.1 * range(b[0])],
    engulfing_bull: [2, ([p, c]) => bear(p) && bull(c) && c.open <= p.close && c.close >= p.open && body(c) > body(p)],
    engulfing_bear: [2, ([p, c]) => bull(p) && bear(c) && c.open >= p.close && c.close <= p.open && body(c) > body(p)],
    harami_bull: [2, ([p, c]) => bear(p) && bull(c) && c.close <= p.open && c.open >= p.close && body(c) < body(p)],
    harami_bear: [2, ([p, c]) => bull(p) && bear(c) && c.close >= p.open && c.open <= p.close && body(c) < body(p)],
    piercing: [2, ([p, c]) => bear(p) && bull(c) && c.open < p.close && c.close > (p.open + p.close) / 2 && c.close < p.open],
    dark_cloud: [2, ([p, c]) => bull(p) && bear(c) && c.open > p.close && c.close < (p.open + p.close) / 2 && c.close > p.open],
    morning_star: [3, ([a, b, c]) => bear(a) && body(a) >= 0.5 * range(a) && body(b) <= 0.3 * body(a)
        && Math.max(b.open, b.close) <= a.close && bull(c) && c.close > (a.open + a.close) / 2],
    evening_star: [3, ([a, b, c]) => bull(a) && body(a) >= 0.5 * range(a) && body(b) <= 0.3 * body(a)
        && Math.min(b.open, b.close) >= a.close && bear(c) && c.close < (a.open + a.close) / 2],
    three_white_soldiers: [3, ([a, b, c]) => bull(a) && bull(b) && bull(c) && b.close > a.close && c.close > b.close
        && b.open >= a.open && b.open <= a.close && c.open >= b.open && c.open <= b.close],
    three_black_crows: [3, ([a, b, c]) => bear(a) && bear(b) && bear(c) && b.close < a.close && c.close < b.close
        && b.open <= a.open && b.open >= a.close && c.open <= b.open && c.open >= b.close],
    // Trend context: the close before the candle against the close three bars before it.
    hammer: [4, (w) => hammerShape(w[3]) && w[2].close < w[0].close],
    hanging_man: [4, (w) => hammerShape(w[3]) && w[2].close > w[0].close],
    shooting_star: [4, (w) => starShape(w[3]) && w[2].close > w[0].close],
};
const fired = {};
for (const [name, [len, test]] of Object.entries(patterns)) {
    const value = bars.map((_, i) => (i + 1 < len ? NaN : test(bars.slice(i + 1 - len, i + 1)) ? 1 : 0));
    fired[name] = value.filter((v) => v === 1).length;
    emit(name, {}, 'naive textbook definition (generate.mjs)', { value });
}

const sorted = Object.fromEntries(Object.keys(manifest).sort().map((k) => [k, manifest[k]]));
fs.writeFileSync(path.join(here, 'manifest.json'), JSON.stringify(sorted, null, 2) + '\n');
fs.writeFileSync(path.join(here, 'references.json'),
                 JSON.stringify(Object.fromEntries(Object.keys(sorted).map((k) => [k, references[k]])), null, 2) + '\n');
console.log(`${Object.keys(manifest).length} indicators; pattern hits:`, JSON.stringify(fired));
const missing = Object.entries(fired).filter(([, n]) => n === 0).map(([k]) => k);
if (missing.length) {
    console.error('patterns that never fire:', missing.join(', '));
    process.exit(1);
}
